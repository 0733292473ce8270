/**
 * Staff record a payment on a month's support invoice (`POST /support/invoices/:number/payments`):
 * through the billing workflow's payment update, counted once per external id.
 */
import { NotFound, Refused } from '../domain/errors';
import { halereFromBigInt } from '../domain/money';
import type { PaymentSource } from '../domain/payments';
import { recordSupportPaymentUpdate, supportBillingWorkflowId, type SupportPaymentResult } from '../workflows/support-billing/contract';
import { type Bounded, updateWithinBound } from '../infra/bounded-wait';
import type { UseCaseDeps } from './deps';

export interface SupportPaymentRequest {
  invoiceNumber: string;
  /** The caller's key for this payment (e.g. `manual:support:<invoice number>:<Idempotency-Key>`). */
  externalId: string;
  source: Extract<PaymentSource, 'MANUAL' | 'BANK_IMPORT'>;
  amountHalere: number;
  /** YYYY-MM-DD */
  receivedOn: string;
  actor: string;
}

/**
 * @throws NotFound (no such support invoice), Refused `InvoiceSettled` (its billing has ended and
 * this payment was not recorded before)
 */
export async function recordSupportPayment(deps: UseCaseDeps, request: SupportPaymentRequest): Promise<Bounded<SupportPaymentResult>> {
  const { db, temporal } = deps;
  const document = await db.document.findFirst({ where: { number: request.invoiceNumber, supportMonth: { not: null } } });
  if (!document?.supportMonth) throw new NotFound('Support invoice');
  const handle = temporal.workflow.getHandle(supportBillingWorkflowId(document.organizationId, document.supportMonth));
  const { status } = await handle.describe();
  if (status.name !== 'RUNNING') {
    // The month's billing ended once everything was paid: a repeated request still gets its answer.
    const earlier = await db.payment.findUnique({ where: { externalId: request.externalId } });
    if (earlier?.documentId !== document.id) throw new Refused('InvoiceSettled', `Support invoice ${document.number} is paid; its billing has ended.`);
    const paidHalere = halereFromBigInt(document.paidHalere, 'paidHalere');
    return {
      done: true,
      value: {
        counted: false,
        invoiceNumber: document.number,
        paidHalere,
        remainingHalere: Math.max(0, document.grossHalere - paidHalere),
        overpaidHalere: Math.max(0, paidHalere - document.grossHalere),
        status: 'PAID',
      },
    };
  }
  const { invoiceNumber: _number, ...payment } = request;
  return updateWithinBound(temporal, handle, recordSupportPaymentUpdate, [{ ...payment, invoiceNumber: document.number }], deps.config.ACTION_WAIT_SECONDS * 1000);
}
