import { DOCUMENT_KINDS } from '../../documents/document-content';
import { halereFromBigInt } from '../../domain/money';
import { isOverdue } from '../../domain/order-rules';
import { fromDateColumn, pragueDate } from '../../domain/prague-calendar';
import { documentTotals } from '../../domain/vat';
import type { Order, OrderLine, Prisma } from '../../infra/db';

/**
 * The columns each view shows, and no more: reads select these, so a page of orders or an order's
 * documents never drag their PDFs, ISDOC files or frozen content out of the database.
 */
export const orderSummarySelect = {
  number: true,
  organizationId: true,
  status: true,
  paymentMethod: true,
  grossHalere: true,
  paidHalere: true,
  refundDueHalere: true,
  refundedHalere: true,
  createdAt: true,
  confirmedAt: true,
  expiresAt: true,
  dueDate: true,
  documentProblem: true,
  documentProblemAt: true,
} as const satisfies Prisma.OrderSelect;

export const documentSummarySelect = {
  id: true,
  type: true,
  status: true,
  number: true,
  issueDate: true,
  taxableSupplyDate: true,
  dueDate: true,
  variableSymbol: true,
  grossHalere: true,
  paidHalere: true,
  sha256: true,
  isdocSha256: true,
} as const satisfies Prisma.DocumentSelect;

/** What `toOrderDetail` needs besides the order's own columns. */
export const orderDetailInclude = {
  lines: { orderBy: { position: 'asc' } },
  documents: { select: documentSummarySelect, orderBy: { createdAt: 'asc' } },
  tickets: { select: { code: true, status: true, expiresAt: true } },
  payments: { select: { source: true, amountHalere: true, receivedOn: true, recordedBy: true } },
} as const satisfies Prisma.OrderInclude;

type OrderSummaryRow = Prisma.OrderGetPayload<{ select: typeof orderSummarySelect }>;
type DocumentSummaryRow = Prisma.DocumentGetPayload<{ select: typeof documentSummarySelect }>;
type OrderDetailRow = Order & Omit<Prisma.OrderGetPayload<{ include: typeof orderDetailInclude }>, keyof Order | 'lines'> & { lines: OrderLine[] };

/** `today`: the Prague day the overdue rule is judged on; a list computes it once for all its orders. */
export function toOrderSummary(order: OrderSummaryRow, today = pragueDate(new Date())) {
  return {
    orderNumber: order.number,
    organizationId: order.organizationId,
    status: order.status,
    paymentMethod: order.paymentMethod,
    grossHalere: order.grossHalere,
    paidHalere: halereFromBigInt(order.paidHalere, 'paidHalere'),
    refundDueHalere: halereFromBigInt(order.refundDueHalere, 'refundDueHalere'),
    refundedHalere: halereFromBigInt(order.refundedHalere, 'refundedHalere'),
    createdAt: order.createdAt,
    confirmedAt: order.confirmedAt,
    expiresAt: order.expiresAt,
    // What stopped the order, for customer and staff alike (staff cancel it).
    problem: order.documentProblem ? { kind: 'DOCUMENTS_FAILED' as const, reason: order.documentProblem, since: order.documentProblemAt } : null,
    /** Still awaiting payment after its due date (the domain's rule, today in Prague). */
    overdue: isOverdue({ status: order.status, dueDate: fromDateColumn(order.dueDate) }, today),
  };
}

export function toDocumentSummary(document: DocumentSummaryRow) {
  return {
    id: document.id,
    kind: document.type,
    status: document.status,
    number: document.number,
    issueDate: fromDateColumn(document.issueDate),
    taxableSupplyDate: fromDateColumn(document.taxableSupplyDate),
    dueDate: fromDateColumn(document.dueDate),
    variableSymbol: document.variableSymbol,
    grossHalere: document.grossHalere,
    paidHalere: halereFromBigInt(document.paidHalere, 'paidHalere'),
    sha256: document.sha256,
    pdfUrl: document.sha256 ? `/documents/${document.id}/pdf` : null,
    /** The same document as ISDOC 6.0.2 (invoices, proformas and credit notes), once stored. */
    isdocUrl: document.isdocSha256 ? `/documents/${document.id}/isdoc` : null,
  };
}

/** What the customer reviews before confirming, and everything that happened since. */
export function toOrderDetail(order: OrderDetailRow) {
  const components = order.lines.filter((l) => l.kind === 'COMPONENT');
  return {
    ...toOrderSummary(order),
    lines: order.lines.map((l) => ({
      position: l.position,
      sku: l.sku,
      name: { cs: l.nameCs, en: l.nameEn },
      kind: l.kind,
      quantity: l.quantity,
      unitPriceHalere: l.unitPriceHalere,
      vatRatePercent: l.vatRatePercent,
      netHalere: l.netHalere,
      vatHalere: l.vatHalere,
      grossHalere: l.grossHalere,
      // Support is billed after the month of use, not with this order.
      billedMonthlyByUse: l.kind === 'SERVICE',
    })),
    vatSummary: documentTotals(components).vatSummary,
    netHalere: order.netHalere,
    vatHalere: order.vatHalere,
    invoicedHalere: order.invoicedHalere,
    variableSymbol: order.variableSymbol,
    dueDate: fromDateColumn(order.dueDate),
    deliveryAddress: {
      name: order.deliveryName,
      street: order.deliveryStreet,
      city: order.deliveryCity,
      postalCode: order.deliveryPostalCode,
      country: order.deliveryCountry,
    },
    shipment: order.carrier ? { carrier: order.carrier, trackingNumber: order.trackingNumber, codAmountHalere: order.codAmountHalere, shippedAt: order.shippedAt } : null,
    deliveredAt: order.deliveredAt,
    cancelledAt: order.cancelledAt,
    cancelReason: order.cancelReason,
    termsVersion: order.termsVersion,
    documents: [...order.documents].sort((a, b) => DOCUMENT_KINDS.indexOf(a.type) - DOCUMENT_KINDS.indexOf(b.type)).map(toDocumentSummary),
    tickets: order.tickets.map((t) => ({ code: t.code, status: t.status, expiresAt: t.expiresAt })),
    payments: order.payments.map((p) => ({ source: p.source, amountHalere: halereFromBigInt(p.amountHalere, 'amountHalere'), receivedOn: fromDateColumn(p.receivedOn), recordedBy: p.recordedBy })),
  };
}
