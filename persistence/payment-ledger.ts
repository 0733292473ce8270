import { ApplicationFailure } from '@temporalio/common';
import { paymentAmountProblem, type PaymentSource } from '../domain/payments';
import { halereFromBigInt } from '../domain/money';
import { toDateColumn } from '../domain/prague-calendar';
import type { Prisma } from '../infra/db';
import { recordAudit, type AuditEntry } from './audit';
import { linkBankPayment } from './bank-movements';

export interface LedgerPayment {
  /** Bank movement id, or the caller's key for a manual or COD payment. */
  externalId: string;
  source: PaymentSource;
  organizationId: string;
  orderId?: string | null;
  documentId?: string | null;
  amountHalere: number;
  /** YYYY-MM-DD */
  receivedOn: string;
  variableSymbol: string | null;
  actor: string;
  /** What the audit entry is about (the order, or the support invoice). */
  audit: Pick<AuditEntry, 'entityType' | 'entityId'> & { details?: Record<string, unknown> };
}

/** What a caller says about a payment it records (the rest comes from the order or document). */
export type IncomingPayment = Pick<LedgerPayment, 'externalId' | 'source' | 'amountHalere' | 'receivedOn' | 'actor'>;

function assertPaymentAmount(amountHalere: number): void {
  const problem = paymentAmountProblem(amountHalere);
  if (problem) throw ApplicationFailure.create({ type: 'ValidationError', message: problem, nonRetryable: true });
}

/**
 * Writes a payment into the ledger once: the same externalId (a bank movement imported twice,
 * a retried activity, a repeated manual entry) is not counted again. Returns whether it counted.
 * A bank movement's payment is linked from its movement in the same transaction.
 */
export async function recordLedgerPayment(tx: Prisma.TransactionClient, payment: LedgerPayment): Promise<boolean> {
  assertPaymentAmount(payment.amountHalere);
  if (await tx.payment.findUnique({ where: { externalId: payment.externalId }, select: { id: true } })) return false;
  const created = await tx.payment.create({
    data: {
      externalId: payment.externalId,
      source: payment.source,
      organizationId: payment.organizationId,
      orderId: payment.orderId ?? null,
      documentId: payment.documentId ?? null,
      amountHalere: payment.amountHalere,
      receivedOn: toDateColumn(payment.receivedOn),
      variableSymbol: payment.variableSymbol,
      recordedBy: payment.actor,
    },
  });
  // A bank movement's payment: the movement (externalId = its movement id) points at it from now on.
  if (payment.source === 'BANK_IMPORT') await linkBankPayment(tx, payment.externalId, created.id);
  await recordAudit(tx, {
    key: `payment:${payment.externalId}`,
    actor: payment.actor,
    organizationId: payment.organizationId,
    ...payment.audit,
    action: 'PAYMENT_RECORDED',
    details: { source: payment.source, amountHalere: payment.amountHalere, receivedOn: payment.receivedOn, externalId: payment.externalId, ...payment.audit.details } as Prisma.InputJsonValue,
  });
  return true;
}

/** What the ledger holds for an order or a document: summed in SQL, as a JS number. */
export async function paidTotalHalere(tx: Prisma.TransactionClient, where: { orderId: string } | { documentId: string }): Promise<number> {
  const { _sum } = await tx.payment.aggregate({ where, _sum: { amountHalere: true } });
  return halereFromBigInt(_sum.amountHalere, 'paidHalere');
}
