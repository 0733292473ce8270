import { renderEmail, type EmailSpec, type OrderCancelReason, type RenderedEmail } from '../emails';
import { fromDateColumn } from '../domain/prague-calendar';
import type { Config } from '../infra/config';
import type { Document } from '../infra/db';
import type { OrderWithLines } from './order-document-content';

/** What the order workflow asks to tell the customer; the rest is looked up when sending. */
export type OrderEmailMessage =
  | { kind: 'orderConfirmed'; ticketCodes: string[] }
  | { kind: 'paymentReminder'; onDueDate: boolean; remainingHalere: number }
  | { kind: 'paymentReceived'; amountReceivedHalere: number; remainingHalere: number }
  | { kind: 'overpaymentRecorded'; overpaidHalere: number }
  | { kind: 'orderCancelled'; reasonCode: OrderCancelReason; reason: string; proformaVoided: boolean; refundDueHalere: number }
  | { kind: 'orderShipped'; carrier: string; trackingNumber: string; codAmountHalere?: number | undefined };

const latest = (documents: Document[], type: Document['type']) =>
  documents.filter((d) => d.type === type).sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())[0];

function toSpec(message: OrderEmailMessage, order: OrderWithLines, documents: Document[], config: Config): EmailSpec {
  const bank = { bankAccount: config.SUPPLIER_BANK_ACCOUNT, iban: config.SUPPLIER_IBAN };
  const proforma = latest(documents, 'PROFORMA_INVOICE');
  const taxInvoice = latest(documents, 'TAX_INVOICE');
  const payable = proforma ?? taxInvoice;
  const dueDate = fromDateColumn(order.dueDate) ?? undefined;
  switch (message.kind) {
    case 'orderConfirmed':
      return {
        type: 'orderConfirmed',
        ...bank,
        orderNumber: order.number,
        paymentMethod: order.paymentMethod,
        totals: { netHalere: order.netHalere, vatHalere: order.vatHalere, grossHalere: order.grossHalere },
        ...(payable ? { amountDueHalere: payable.grossHalere } : {}),
        ...(dueDate ? { dueDate } : {}),
        ...(proforma?.variableSymbol ? { variableSymbol: proforma.variableSymbol } : {}),
        ticketCodes: message.ticketCodes,
        includesServices: order.lines.some((l) => l.kind === 'SERVICE'),
      };
    case 'paymentReminder':
      return {
        type: 'paymentReminder',
        ...bank,
        stage: message.onDueDate ? 'DUE_TODAY' : 'BEFORE_DUE',
        documentNumber: proforma?.number ?? order.number,
        amountDueHalere: message.remainingHalere,
        dueDate: dueDate ?? '',
        variableSymbol: proforma?.variableSymbol ?? '',
      };
    case 'paymentReceived':
      return {
        type: 'paymentReceived',
        documentNumber: payable?.number ?? order.number,
        amountReceivedHalere: message.amountReceivedHalere,
        ...(message.remainingHalere > 0 ? { remainingHalere: message.remainingHalere } : { goodsWillShip: true }),
        ...(message.remainingHalere === 0 && taxInvoice ? { taxInvoiceNumber: taxInvoice.number } : {}),
      };
    case 'overpaymentRecorded':
      return { type: 'overpaymentRecorded', documentNumber: payable?.number ?? order.number, overpaidHalere: message.overpaidHalere };
    case 'orderCancelled': {
      const creditNote = latest(documents, 'CREDIT_NOTE');
      return {
        type: 'orderCancelled',
        orderNumber: order.number,
        reason: message.reasonCode,
        reasonText: message.reason,
        ...(message.proformaVoided && proforma ? { voidedProformaNumber: proforma.number } : {}),
        ...(creditNote ? { creditNoteNumber: creditNote.number } : {}),
        ...(message.refundDueHalere > 0 ? { refundDueHalere: message.refundDueHalere } : {}),
      };
    }
    case 'orderShipped':
      return {
        type: 'orderShipped',
        orderNumber: order.number,
        carrier: message.carrier,
        trackingNumber: message.trackingNumber,
        ...(message.codAmountHalere ? { codAmountHalere: message.codAmountHalere } : {}),
      };
  }
}

export function composeOrderEmail(message: OrderEmailMessage, order: OrderWithLines, documents: Document[], config: Config): RenderedEmail {
  return renderEmail(
    { language: order.organization.language, portalUrl: config.API_PUBLIC_URL, supportEmail: config.SUPPORT_MAILBOX },
    toSpec(message, order, documents, config),
  );
}
