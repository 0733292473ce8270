/**
 * Response shapes of the routes whose OpenAPI entry has no response schema yet (catalogue,
 * order lists and details, audit, payments); they mirror api/orders/order-views.ts. Follow-up:
 * give those routes response schemas and these types come from ./schema.ts.
 */
export type OrderStatus = 'DRAFT' | 'CONFIRMED' | 'AWAITING_PAYMENT' | 'READY_TO_SHIP' | 'SHIPPED' | 'DELIVERED' | 'COMPLETED' | 'CANCELLED' | 'EXPIRED';
export type PaymentMethod = 'COD' | 'BANK_TRANSFER';

export interface Product {
  sku: string;
  nameCs: string;
  nameEn: string;
  kind: 'COMPONENT' | 'SERVICE';
  unitPriceHalere: number;
  vatRatePercent: number;
}

export interface OrderSummary {
  orderNumber: string;
  organizationId: string;
  status: OrderStatus;
  paymentMethod: PaymentMethod;
  grossHalere: number;
  paidHalere: number;
  refundDueHalere: number;
  createdAt: string;
  confirmedAt: string | null;
  expiresAt: string | null;
}

export interface DocumentSummary {
  id: string;
  kind: 'ORDER_CONFIRMATION' | 'PROFORMA_INVOICE' | 'TAX_INVOICE' | 'CREDIT_NOTE';
  status: 'ISSUED' | 'VOID';
  number: string | null;
  issueDate: string | null;
  dueDate: string | null;
  variableSymbol: string | null;
  grossHalere: number;
  paidHalere: number;
  pdfUrl: string | null;
}

export interface OrderDetail extends OrderSummary {
  lines: {
    position: number;
    sku: string;
    name: { cs: string; en: string };
    kind: 'COMPONENT' | 'SERVICE';
    quantity: number;
    unitPriceHalere: number;
    vatRatePercent: number;
    netHalere: number;
    vatHalere: number;
    grossHalere: number;
    billedMonthlyByUse: boolean;
  }[];
  vatSummary: { ratePercent: number; baseHalere: number; vatHalere: number; grossHalere: number }[];
  netHalere: number;
  vatHalere: number;
  variableSymbol: string | null;
  dueDate: string | null;
  deliveryAddress: { name: string | null; street: string | null; city: string | null; postalCode: string | null; country: string | null };
  shipment: { carrier: string; trackingNumber: string | null; codAmountHalere: number | null; shippedAt: string | null } | null;
  deliveredAt: string | null;
  cancelledAt: string | null;
  cancelReason: string | null;
  documents: DocumentSummary[];
  tickets: { code: string; status: string; expiresAt: string | null }[];
  payments: { source: 'BANK_IMPORT' | 'MANUAL' | 'COD'; amountHalere: number; receivedOn: string | null; recordedBy: string }[];
}

export interface Page<T> {
  items: T[];
  page: number;
  pageSize: number;
  total: number;
}

export interface AuditEvent {
  id: string;
  at: string;
  actor: { name: string; role: string };
  action: string;
  fromState: string | null;
  toState: string | null;
  details: Record<string, unknown> | null;
}
