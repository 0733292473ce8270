import { Gauge, type Registry } from 'prom-client';
import { halereFromBigInt } from '../../domain/money';
import type { Prisma, PrismaClient } from '../../infra/db';

/** Unpaid orders whose cancellation waits for a bank statement covering their last day of grace. */
export const WAITING_CANCELLATIONS: Prisma.OrderWhereInput = { status: 'AWAITING_PAYMENT', cancelWaitSince: { not: null } };

/** The waiting orders for staff, longest waiting first: why, since when, and when they cancel anyway. */
export async function listCancellationWaits(db: PrismaClient, page: { page: number; pageSize: number }) {
  const [total, rows] = await Promise.all([
    db.order.count({ where: WAITING_CANCELLATIONS }),
    db.order.findMany({
      where: WAITING_CANCELLATIONS,
      include: { organization: { select: { name: true } } },
      orderBy: [{ cancelWaitSince: 'asc' }, { number: 'asc' }],
      skip: (page.page - 1) * page.pageSize,
      take: page.pageSize,
    }),
  ]);
  return {
    items: rows.map((o) => ({
      orderNumber: o.number,
      organizationId: o.organizationId,
      organizationName: o.organization.name,
      invoicedHalere: o.invoicedHalere,
      paidHalere: halereFromBigInt(o.paidHalere, 'paidHalere'),
      variableSymbol: o.variableSymbol,
      waitingSince: o.cancelWaitSince!,
      cancelsAt: o.cancelWaitUntil,
      reason: o.cancelWaitReason,
    })),
    ...page,
    total,
  };
}

/** `orders_cancellation_waiting_for_statement` on /metrics: counted in PostgreSQL at each scrape. */
export function registerCancellationWaitGauge(registry: Registry, db: PrismaClient): void {
  new Gauge({
    name: 'orders_cancellation_waiting_for_statement',
    help: 'Unpaid orders past their last day of grace whose cancellation waits for an imported bank statement covering it',
    registers: [registry],
    async collect() {
      this.set(await db.order.count({ where: WAITING_CANCELLATIONS }));
    },
  });
}
