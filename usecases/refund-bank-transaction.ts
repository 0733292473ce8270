/**
 * Staff record that a payment flagged for refund (a customer paid a document already paid in
 * full) went back to the customer: the movement leaves the refund list as REFUNDED, with who and
 * when. Nothing else changes: the money was never recorded as a payment.
 */
import { NotFound, Refused } from '../domain/errors';
import type { UseCaseDeps } from './deps';

export async function markRefunded(deps: Pick<UseCaseDeps, 'db'>, transactionId: string, actor: string) {
  const { db } = deps;
  // Conditional on the status: of two staff marking it at once, one does.
  const marked = await db.bankTransaction.updateMany({ where: { id: transactionId, status: 'REFUND_DUE' }, data: { status: 'REFUNDED', resolvedBy: actor, resolvedAt: new Date() } });
  const tx = await db.bankTransaction.findUnique({ where: { id: transactionId }, include: { document: { select: { number: true } } } });
  if (!tx) throw new NotFound('Bank transaction');
  if (marked.count !== 1) throw new Refused('TransactionNotRefundDue', `The bank transaction is ${tx.status}; only one flagged for refund can be marked refunded.`);
  return tx;
}
