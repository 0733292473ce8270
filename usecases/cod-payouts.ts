/**
 * Cash on delivery as it happens: on delivery the carrier collects the money (the order's
 * workflow records a COD payment: the customer has paid, and the carrier owes it to us), and
 * days later the carrier's payout arrives on the bank statement and settles that receivable.
 *
 * A payout is matched by the variable symbol the parcel carried (the COD tax invoice's number,
 * which is the order's symbol) and must bring exactly the amount collected: carriers bill their
 * fees separately. A payout with another amount, or a batch payout of many parcels under one
 * reference of the carrier's, is left unmatched with the reason, for staff.
 */
import { daysBetween, fromDateColumn } from '../domain/prague-calendar';
import type { BankTransaction, PrismaClient } from '../infra/db';
import { bankReason } from '../domain/bank-reasons';
import { reasonColumns } from '../persistence/bank-movements';
import type { PaymentOutcome, PaymentTarget } from './payment-matching';

/** COD payments the carrier collected and has not paid out yet (oldest first). */
export function outstandingCodWhere() {
  return { source: 'COD' as const, paidOutOn: null };
}

/**
 * When the credit is a carrier's payout for this COD order, settles the receivable and says so;
 * null when the order has no COD collection waiting for a payout (the credit is then matched
 * like any other: e.g. a customer's duplicate payment).
 */
export async function settleCodPayout(db: PrismaClient, target: PaymentTarget, tx: Pick<BankTransaction, 'id' | 'bookedOn' | 'amountHalere'>): Promise<PaymentOutcome | null> {
  if (target.kind !== 'ORDER' || target.order.paymentMethod !== 'COD') return null;
  const open = await db.payment.findMany({ where: { orderId: target.order.id, ...outstandingCodWhere() }, orderBy: { receivedOn: 'asc' } });
  if (open.length === 0) return null;
  const documentId = target.document.id;
  const collected = open.find((p) => BigInt(p.amountHalere) === tx.amountHalere);
  if (!collected) {
    const reason = bankReason('COD_PAYOUT_MISMATCH', { orderNumber: target.order.number, amountHalere: Number(tx.amountHalere), collectedHalere: open.map((p) => Number(p.amountHalere)) });
    return { status: 'UNMATCHED', reason, documentId };
  }
  const reason = bankReason('COD_PAYOUT', { orderNumber: target.order.number, collectedOn: fromDateColumn(collected.receivedOn) });
  // The receivable and the movement change together: a crash in between would otherwise leave a
  // settled receivable whose payout the next import takes for a duplicate.
  const settled = await db.$transaction(async (t) => {
    const claimed = await t.payment.updateMany({ where: { id: collected.id, paidOutOn: null }, data: { paidOutOn: tx.bookedOn } });
    if (claimed.count !== 1) return false;
    await t.bankTransaction.update({ where: { id: tx.id }, data: { status: 'MATCHED', ...reasonColumns(reason), documentId, paymentId: collected.id } });
    return true;
  });
  if (!settled) return null;
  return { status: 'MATCHED', kind: 'FULL', reason, documentId, counted: true, remainingHalere: 0 };
}

export interface OutstandingCod {
  paymentId: string;
  orderNumber: string | null;
  documentNumber: string | null;
  organizationId: string;
  amountHalere: number;
  /** The delivery day: when the carrier collected it. */
  collectedOn: string;
  /** Whole days since then, as of `asOf`. */
  daysOutstanding: number;
}

export async function listOutstandingCod(db: PrismaClient, asOf: string, page: { skip: number; take: number }): Promise<{ total: number; totalHalere: number; items: OutstandingCod[] }> {
  const where = outstandingCodWhere();
  const [total, sum, rows] = await Promise.all([
    db.payment.count({ where }),
    db.payment.aggregate({ where, _sum: { amountHalere: true } }),
    db.payment.findMany({
      where,
      include: { order: { select: { number: true } }, document: { select: { number: true } } },
      orderBy: [{ receivedOn: 'asc' }, { createdAt: 'asc' }],
      ...page,
    }),
  ]);
  return {
    total,
    totalHalere: Number(sum._sum.amountHalere ?? 0),
    items: rows.map((p) => {
      const collectedOn = fromDateColumn(p.receivedOn);
      return {
        paymentId: p.id,
        orderNumber: p.order?.number ?? null,
        documentNumber: p.document?.number ?? null,
        organizationId: p.organizationId,
        amountHalere: Number(p.amountHalere),
        collectedOn,
        daysOutstanding: Math.max(0, daysBetween(collectedOn, asOf)),
      };
    }),
  };
}
