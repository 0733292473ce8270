/**
 * Staff assign an unmatched bank credit (or one flagged for refund, when it was meant for
 * another document) to a document by hand; it then drives the document's workflow exactly as an
 * automatic match would (same update, externalId = movement id).
 */
import { bankReason } from '../domain/bank-reasons';
import { NotFound, Refused, Unavailable } from '../domain/errors';
import { NOT_ACCEPTED_RETRY_AFTER_SECONDS } from '../infra/bounded-wait';
import { Prisma } from '../infra/db';
import type { UseCaseDeps } from './deps';
import { settleCodPayout } from './cod-payouts';
import { reasonColumns } from '../persistence/bank-movements';
import { dueOf, findTargetByNumber, recordAssignedPayment } from './payment-matching';

export interface AssignmentResult {
  transactionId: string;
  movementId: string;
  status: 'ASSIGNED';
  documentNumber: string;
  orderNumber?: string;
  amountHalere: number;
  /** FULL, PARTIAL or OVERPAID (against what was due before it). */
  reason: string;
  counted: boolean;
  remainingHalere: number;
}

export async function assignTransaction(deps: UseCaseDeps, transactionId: string, documentNumber: string, actor: string): Promise<AssignmentResult> {
  const { db } = deps;
  const tx = await db.bankTransaction.findUnique({ where: { id: transactionId } });
  if (!tx) throw new NotFound('Bank transaction');
  if (tx.status !== 'UNMATCHED' && tx.status !== 'REFUND_DUE') {
    throw new Refused('TransactionNotUnmatched', `The bank transaction is ${tx.status}${tx.reason ? ` (${tx.reason})` : ''}; only an unmatched credit or one flagged for refund can be assigned.`);
  }
  const target = await findTargetByNumber(db, documentNumber);
  if (!target) throw new NotFound(`Proforma or invoice ${documentNumber}`);

  // Claim it, so that two staff assigning the same credit at once cannot both record it.
  const claimed = await db.bankTransaction.updateMany({ where: { id: tx.id, status: tx.status }, data: { status: 'PENDING', ...reasonColumns(bankReason('BEING_ASSIGNED', { actor })) } });
  if (claimed.count !== 1) throw new Refused('TransactionNotUnmatched', 'The bank transaction is being assigned by someone else.');

  // A carrier's payout assigned to its COD invoice settles the receivable, as an automatic match would.
  const outcome =
    (await settleCodPayout(db, target, tx)) ??
    (await recordAssignedPayment(deps, target, { movementId: tx.movementId, bookedOn: tx.bookedOn, amountHalere: Number(tx.amountHalere) }, { actor, dueHalere: dueOf(target), allowSettled: true }));
  if (outcome.status !== 'MATCHED') {
    await db.bankTransaction.update({ where: { id: tx.id }, data: { status: tx.status, reason: tx.reason, reasonCode: tx.reasonCode, reasonParams: tx.reasonParams ?? Prisma.DbNull } });
    if (outcome.status !== 'PENDING') throw new Refused('PaymentRefused', `Document ${target.document.number}: ${outcome.reason.text}`);
    throw new Unavailable(`The payment could not be recorded now; try again. (${outcome.reason.text})`, 'WorkflowUnavailable', NOT_ACCEPTED_RETRY_AFTER_SECONDS);
  }
  await db.bankTransaction.update({
    where: { id: tx.id },
    data: {
      status: 'ASSIGNED',
      ...reasonColumns(outcome.reason),
      documentId: outcome.documentId,
      resolvedBy: actor,
      resolvedAt: new Date(),
    },
  });
  return {
    transactionId: tx.id,
    movementId: tx.movementId,
    status: 'ASSIGNED',
    documentNumber: target.document.number,
    ...(target.kind === 'ORDER' ? { orderNumber: target.order.number } : {}),
    amountHalere: Number(tx.amountHalere),
    reason: outcome.reason.text,
    counted: outcome.counted === true,
    remainingHalere: outcome.remainingHalere,
  };
}
