/**
 * Money owed back to customers on their orders: an overpayment, or what was paid on an order
 * cancelled afterwards (the order workflow keeps `refundDueHalere`). Staff send it back by bank
 * and record it here; the list shows what is still owed. Duplicate payments that were never
 * recorded are bank movements flagged REFUND_DUE instead (refund-bank-transaction.ts).
 */
import { NotFound, Refused } from '../domain/errors';
import { halereFromBigInt } from '../domain/money';
import type { Prisma, PrismaClient } from '../infra/db';
import { recordAudit } from '../persistence/audit';
import type { UseCaseDeps } from './deps';

export interface RefundDue {
  orderNumber: string;
  organizationId: string;
  organizationName: string;
  status: string;
  paidHalere: number;
  invoicedHalere: number;
  refundDueHalere: number;
  refundedHalere: number;
  /** Still to send back: refundDueHalere − refundedHalere. */
  outstandingHalere: number;
  cancelReason: string | null;
  refundedAt: Date | null;
  refundedBy: string | null;
}

const refundColumns = {
  number: true,
  organizationId: true,
  organization: { select: { name: true } },
  status: true,
  paidHalere: true,
  invoicedHalere: true,
  refundDueHalere: true,
  refundedHalere: true,
  cancelReason: true,
  refundedAt: true,
  refundedBy: true,
} as const satisfies Prisma.OrderSelect;

function toRefundDue(order: Prisma.OrderGetPayload<{ select: typeof refundColumns }>): RefundDue {
  const refundDueHalere = halereFromBigInt(order.refundDueHalere, 'refundDueHalere');
  const refundedHalere = halereFromBigInt(order.refundedHalere, 'refundedHalere');
  return {
    orderNumber: order.number,
    organizationId: order.organizationId,
    organizationName: order.organization.name,
    status: order.status,
    paidHalere: halereFromBigInt(order.paidHalere, 'paidHalere'),
    invoicedHalere: order.invoicedHalere,
    refundDueHalere,
    refundedHalere,
    outstandingHalere: refundDueHalere - refundedHalere,
    cancelReason: order.cancelReason,
    refundedAt: order.refundedAt,
    refundedBy: order.refundedBy,
  };
}

/** Orders with money still owed back, the longest owed first (by their last change). */
export async function listRefundsDue(db: PrismaClient, page: { skip: number; take: number }): Promise<{ total: number; totalHalere: number; items: RefundDue[] }> {
  const where: Prisma.OrderWhereInput = { refundDueHalere: { gt: db.order.fields.refundedHalere } };
  const [total, sums, rows] = await Promise.all([
    db.order.count({ where }),
    db.order.aggregate({ where, _sum: { refundDueHalere: true, refundedHalere: true } }),
    db.order.findMany({ where, select: refundColumns, orderBy: [{ updatedAt: 'asc' }, { number: 'asc' }], ...page }),
  ]);
  const totalHalere = halereFromBigInt((sums._sum.refundDueHalere ?? 0n) - (sums._sum.refundedHalere ?? 0n), 'totalHalere');
  return { total, totalHalere, items: rows.map(toRefundDue) };
}

/**
 * Staff sent `amountHalere` back: it must be exactly what is still owed (what they saw), so that
 * a payment or cancellation in between is not closed unseen. Conditional on the amounts: of two
 * staff recording it at once, one does.
 */
export async function markOrderRefunded(deps: Pick<UseCaseDeps, 'db'>, orderNumber: string, amountHalere: number, actor: string): Promise<RefundDue> {
  return deps.db.$transaction(async (tx) => {
    const order = await tx.order.findUnique({ where: { number: orderNumber }, select: { id: true, ...refundColumns } });
    if (!order) throw new NotFound(`Order ${orderNumber}`);
    const { outstandingHalere } = toRefundDue(order);
    if (outstandingHalere <= 0) throw new Refused('NothingToRefund', `Order ${orderNumber} owes the customer nothing.`);
    if (amountHalere !== outstandingHalere) {
      throw new Refused('RefundAmountChanged', `Order ${orderNumber} owes the customer ${outstandingHalere} haléřů, not ${amountHalere}; look at it again.`, [
        { field: 'amountHalere', rule: 'outstanding_refund', message: `must be what is still owed: ${outstandingHalere}` },
      ]);
    }
    const refundedAt = new Date();
    const marked = await tx.order.updateMany({
      where: { id: order.id, refundDueHalere: order.refundDueHalere, refundedHalere: order.refundedHalere },
      data: { refundedHalere: order.refundDueHalere, refundedAt, refundedBy: actor },
    });
    if (marked.count !== 1) throw new Refused('RefundAmountChanged', `Order ${orderNumber} changed meanwhile; look at it again.`);
    await recordAudit(tx, {
      key: `order-refunded:${order.id}:${order.refundDueHalere}`,
      actor,
      organizationId: order.organizationId,
      entityType: 'ORDER',
      entityId: order.id,
      action: 'REFUNDED',
      details: { amountHalere, refundedHalere: halereFromBigInt(order.refundDueHalere, 'refundDueHalere') },
      at: refundedAt,
    });
    return toRefundDue({ ...order, refundedHalere: order.refundDueHalere, refundedAt, refundedBy: actor });
  });
}
