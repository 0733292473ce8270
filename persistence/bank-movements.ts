import { bankReason, type BankReason } from '../domain/bank-reasons';
import { problemSlugOf, type WorkflowRefusal } from '../domain/errors';
import type { Prisma } from '../infra/db';

/** A reason as the bank_transactions row keeps it: the code and its data, and the English sentence. */
export const reasonColumns = (reason: BankReason) => ({ reason: reason.text, reasonCode: reason.code, reasonParams: reason.params as Prisma.InputJsonObject });

/** A bank movement the ledger now holds as `paymentId` (its externalId is the movement id). */
export async function linkBankPayment(tx: Prisma.TransactionClient, movementId: string, paymentId: string): Promise<void> {
  await tx.bankTransaction.updateMany({ where: { movementId, paymentId: null }, data: { paymentId } });
}

/**
 * A movement handed to a workflow that refused it (e.g. the order closed meanwhile): back to
 * staff as unmatched, in the workflow's words. One already recorded in the ledger stays as it is.
 */
export async function returnBankPayment(tx: Prisma.TransactionClient, movementId: string, refusal: WorkflowRefusal): Promise<void> {
  const reason = bankReason('REFUSED', { problem: problemSlugOf(refusal.type), detail: refusal.message });
  await tx.bankTransaction.updateMany({
    where: { movementId, paymentId: null, status: { in: ['PENDING', 'HANDING_OVER', 'MATCHED'] } },
    data: { status: 'UNMATCHED', ...reasonColumns(reason) },
  });
}
