import { renderEmail, type EmailSpec, type RenderedEmail } from '../emails';
import { fromDateColumn } from '../domain/prague-calendar';
import type { Document } from '../infra/db';
import type { OrderEmailMessage } from '../workflows/order/contract';
import { bankDetails, emailContext, overpaymentSpec, paymentReminderSpec, type Attachment, type EmailConfig } from './emails';
import type { OrderWithLines } from './order-document-content';

const latest = (documents: Document[], type: Document['type']) =>
  documents.filter((d) => d.type === type).sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())[0];

function toSpec(message: OrderEmailMessage, order: OrderWithLines, documents: Document[], config: EmailConfig): EmailSpec {
  const proforma = latest(documents, 'PROFORMA_INVOICE');
  const taxInvoice = latest(documents, 'TAX_INVOICE');
  const payable = proforma ?? taxInvoice;
  const dueDate = fromDateColumn(order.dueDate) ?? undefined;
  switch (message.kind) {
    case 'orderConfirmed':
      return {
        type: 'orderConfirmed',
        ...bankDetails(config),
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
      return paymentReminderSpec(
        config,
        { number: proforma?.number ?? order.number, dueDate: dueDate ?? '', variableSymbol: proforma?.variableSymbol ?? '' },
        message.onDueDate,
        message.remainingHalere,
        { orderNumber: order.number },
      );
    case 'paymentReceived':
      return {
        type: 'paymentReceived',
        documentNumber: payable?.number ?? order.number,
        amountReceivedHalere: message.amountReceivedHalere,
        ...(message.remainingHalere > 0 ? { remainingHalere: message.remainingHalere } : { goodsWillShip: true }),
        ...(message.remainingHalere === 0 && taxInvoice ? { taxInvoiceNumber: taxInvoice.number } : {}),
        page: { orderNumber: order.number },
      };
    case 'overpaymentRecorded':
      return overpaymentSpec(payable?.number ?? order.number, message.overpaidHalere);
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
        ...(message.voidedTicketCodes?.length ? { voidedTicketCodes: message.voidedTicketCodes } : {}),
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

/** What the order workflow asked to tell the customer, rendered in the customer's language. */
export function composeOrderEmail(message: OrderEmailMessage, order: OrderWithLines, documents: Document[], config: EmailConfig, attachments: Attachment[]): RenderedEmail {
  return renderEmail(emailContext(config, order.organization.language, attachments), toSpec(message, order, documents, config));
}
