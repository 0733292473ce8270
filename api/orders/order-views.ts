import { DOCUMENT_KINDS } from '../../documents/document-content';
import { fromDateColumn } from '../../domain/prague-calendar';
import { documentTotals } from '../../domain/vat';
import type { Document, Order, OrderLine, Payment, SupportTicket } from '../../infra/db';

export function toOrderSummary(order: Order) {
  return {
    orderNumber: order.number,
    organizationId: order.organizationId,
    status: order.status,
    paymentMethod: order.paymentMethod,
    grossHalere: order.grossHalere,
    paidHalere: order.paidHalere,
    refundDueHalere: order.refundDueHalere,
    createdAt: order.createdAt,
    confirmedAt: order.confirmedAt,
    expiresAt: order.expiresAt,
    // What stopped the order, for customer and staff alike (staff cancel it).
    problem: order.documentProblem ? { kind: 'DOCUMENTS_FAILED' as const, reason: order.documentProblem, since: order.documentProblemAt } : null,
  };
}

export function toDocumentSummary(document: Document) {
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
    paidHalere: document.paidHalere,
    sha256: document.sha256,
    pdfUrl: document.sha256 ? `/documents/${document.id}/pdf` : null,
  };
}

/** What the customer reviews before confirming, and everything that happened since. */
export function toOrderDetail(order: Order & { lines: OrderLine[]; documents: Document[]; tickets: SupportTicket[]; payments: Payment[] }) {
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
    payments: order.payments.map((p) => ({ source: p.source, amountHalere: p.amountHalere, receivedOn: fromDateColumn(p.receivedOn), recordedBy: p.recordedBy })),
  };
}
