/**
 * The bank hand-over workflow's activities: handing the credits an import matched (status
 * HANDING_OVER) to the workflows that own their documents, then telling the overdue orders.
 * One workflow's payments in booking order, many workflows at once; each handed-over movement
 * becomes MATCHED (its workflow records it, or hands it back to staff), one whose workflow has
 * ended goes back to staff. Safe to repeat: a workflow counts a movement once (its id is the
 * payment's externalId), and an order keeps the furthest coverage it was told.
 */
import { WorkflowNotFoundError } from '@temporalio/client';
import { toDateColumn } from '../domain/prague-calendar';
import type { PaymentsHandedOver } from '../workflows/bank-hand-over/contract';
import { orderWorkflowId, statementsImportedSignal } from '../workflows/order/contract';
import { latestCoverage } from '../persistence/statement-coverage';
import { withAdvisoryLock } from '../persistence/advisory-lock';
import { reasonColumns } from '../persistence/bank-movements';
import { bankReason } from '../domain/bank-reasons';
import { runLimited } from '../infra/run-limited';
import type { UseCaseDeps } from './deps';
import { findTargetsById, signalPayment, targetKey, type PaymentTarget } from './payment-matching';

// One hand-over at a time: two would signal the same movements twice (harmless, but twice the work).
export const HAND_OVER_LOCK_KEY = 6_000_007;
// Signals to different workflows in flight at once (payments, overdue orders): each waits on the Temporal server's round
// trip, not on this process. 500 signals took 3.6 s with 32 in flight, 1.8 s with 64 and 1.5 s
// with 128 (bench:import, 2 cores shared with the worker recording them meanwhile).
const WORKFLOW_CONCURRENCY = 128;
// Handed-over movements are marked this many at a time: a crash re-sends at most these (counted once).
const MARK_BATCH = 500;

export async function handOverMatchedPayments(deps: UseCaseDeps): Promise<PaymentsHandedOver> {
  const { db } = deps;
  return withAdvisoryLock(db, HAND_OVER_LOCK_KEY, async () => {
    const rows = await db.bankTransaction.findMany({
      where: { status: 'HANDING_OVER' },
      select: { id: true, movementId: true, bookedOn: true, amountHalere: true, documentId: true, import: { select: { importedBy: true } } },
      orderBy: [{ bookedOn: 'asc' }, { movementId: 'asc' }],
    });
    const targets = await findTargetsById(db, [...new Set(rows.flatMap((row) => (row.documentId ? [row.documentId] : [])))]);
    // One workflow's payments in booking order, each to its own document (a month's billing may have two invoices).
    const byWorkflow = new Map<string, { row: (typeof rows)[number]; target: PaymentTarget }[]>();
    const withoutTarget: string[] = [];
    for (const row of rows) {
      const target = row.documentId ? targets.get(row.documentId) : undefined;
      if (!target) {
        withoutTarget.push(row.id);
        continue;
      }
      const key = targetKey(target);
      const payments = byWorkflow.get(key) ?? [];
      payments.push({ row, target });
      byWorkflow.set(key, payments);
    }
    // The import stores HANDING_OVER only with a payable document, so this is not expected; should
    // one appear, it goes to staff rather than failing every retry of the hand-over.
    if (withoutTarget.length > 0) {
      await db.bankTransaction.updateMany({ where: { id: { in: withoutTarget }, status: 'HANDING_OVER' }, data: { status: 'UNMATCHED', ...reasonColumns(bankReason('UNKNOWN_SYMBOL')) } });
    }

    let handedOver = 0;
    let workflowEnded = 0;
    const delivered: string[] = [];
    const markDelivered = async (ids: string[]) => {
      if (ids.length === 0) return;
      // Only what is still HANDING_OVER: a workflow may have handed a payment back already.
      await db.bankTransaction.updateMany({ where: { id: { in: ids }, status: 'HANDING_OVER' }, data: { status: 'MATCHED' } });
    };
    await runLimited([...byWorkflow.values()], WORKFLOW_CONCURRENCY, async (payments) => {
      for (const { row, target } of payments) {
        const ended = await signalPayment(deps.temporal, target, { movementId: row.movementId, bookedOn: row.bookedOn, amountHalere: Number(row.amountHalere) }, row.import.importedBy);
        if (ended) {
          workflowEnded += 1;
          await db.bankTransaction.updateMany({ where: { id: row.id, status: 'HANDING_OVER' }, data: { status: ended.status, ...reasonColumns(ended.reason) } });
          continue;
        }
        handedOver += 1;
        delivered.push(row.id);
        if (delivered.length >= MARK_BATCH) await markDelivered(delivered.splice(0));
      }
    });
    await markDelivered(delivered);
    deps.logger?.info({ handedOver, workflowEnded }, 'bank payments handed over');
    return { handedOver, workflowEnded };
  });
}

/**
 * Overdue transfer orders wait for a statement that covers their last day of grace before they
 * are cancelled: tell each one what is covered now, once per import (the scheduled sweeps, with
 * no new statement, tell nobody: each telling is an event in every such order's history). An order
 * signalled too early re-checks and keeps waiting, so the query may be generous (due date, not
 * due date + grace: the grace period is each workflow's own).
 */
export async function tellWaitingOrders(deps: UseCaseDeps): Promise<number> {
  const untold = await deps.db.bankStatementImport.findMany({ where: { ordersToldAt: null }, select: { id: true } });
  if (untold.length === 0) return 0;
  // Read after the untold imports: it includes their coverage. Marked told only once every order
  // has it (a failure leaves them untold, and the activity's retry tells again: idempotent).
  const told = await tellCoverage(deps, await latestCoverage(deps.db));
  await deps.db.bankStatementImport.updateMany({ where: { id: { in: untold.map(({ id }) => id) } }, data: { ordersToldAt: new Date() } });
  return told;
}

async function tellCoverage(deps: UseCaseDeps, coveredUntil: string | null): Promise<number> {
  if (!coveredUntil) return 0;
  const orders = await deps.db.order.findMany({
    where: { status: 'AWAITING_PAYMENT', paymentMethod: 'BANK_TRANSFER', dueDate: { lte: toDateColumn(coveredUntil) } },
    select: { number: true },
  });
  let told = 0;
  await runLimited(orders, WORKFLOW_CONCURRENCY, async ({ number }) => {
    try {
      await deps.temporal.workflow.getHandle(orderWorkflowId(number)).signal(statementsImportedSignal, { coveredUntil });
      told += 1;
    } catch (error) {
      // Closed since the query (paid, cancelled): nothing to tell. Anything else: the activity is retried.
      if (!(error instanceof WorkflowNotFoundError)) throw error;
    }
  });
  return told;
}
