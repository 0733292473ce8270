import { condition, patched } from '@temporalio/workflow';
import { SYSTEM_ACTOR } from '../../domain/actor';
import { extendedDueDate, movePaymentSchedule, type PaymentSchedule } from '../../domain/order-rules';
import { addDays, startOfPragueDay } from '../../domain/prague-calendar';
import { refuse } from '../shared/refusal';
import type { ExtendDueDateInput, OrderView } from './contract';
import { awaitStatementCoverage } from './cancel-wait';
import { orders, statements, type OrderRun } from './order-run';

/**
 * A bank-transfer order's payment deadlines: reminders before and on the due date, cancellation
 * once the grace is over (after imported statements cover it), and the due date staff may move.
 */

const CANCEL_WAITS_FOR_STATEMENTS_PATCH = 'cancel-waits-for-statement-import';
const DUE_DATE_EXTENSION_PATCH = 'due-date-extension';
const CANCEL_WAIT_BOUNDED_PATCH = 'cancel-wait-bounded';

type Deadline = 'reminder-before' | 'reminder-due' | 'cancel';
const DEADLINES: readonly Deadline[] = ['reminder-before', 'reminder-due', 'cancel'];

/** The instant a deadline of the schedule falls due: the start of its Prague day. */
function deadlineAt(schedule: PaymentSchedule, deadline: Deadline): Date {
  if (deadline === 'reminder-before') return startOfPragueDay(schedule.firstReminderDate);
  if (deadline === 'reminder-due') return startOfPragueDay(schedule.dueReminderDate);
  return startOfPragueDay(addDays(schedule.cancelDate, 1));
}

/**
 * Bank transfer: reminders at the start of their Prague day before and on the due date; once the
 * last day of grace is over (and imported statements cover it), an unpaid order is cancelled.
 * Staff may move the due date meanwhile (extendDueDate): each deadline not yet reached is then
 * awaited anew from the moved schedule. Runs that reached this loop before that was possible
 * keep the fixed deadlines they began with (their histories replay unchanged).
 */
export async function awaitPaymentDeadlines(run: OrderRun): Promise<void> {
  const { state } = run;
  if (state.status !== 'AWAITING_PAYMENT' || !state.schedule) return;
  if (!patched(DUE_DATE_EXTENSION_PATCH)) return awaitFixedPaymentDeadlines(run, state.schedule);
  state.scheduleMovable = true;
  for (const deadline of DEADLINES) {
    for (;;) {
      const schedule = state.schedule;
      const waitMs = Math.max(0, deadlineAt(schedule, deadline).getTime() - Date.now());
      if (await condition(() => state.status !== 'AWAITING_PAYMENT' || state.schedule !== schedule, waitMs)) {
        if (state.status !== 'AWAITING_PAYMENT') return;
        continue; // moved: await the deadline of the new schedule
      }
      if (await fireDeadline(run, deadline, schedule)) break;
    }
  }
}

async function awaitFixedPaymentDeadlines(run: OrderRun, schedule: PaymentSchedule): Promise<void> {
  const { state } = run;
  for (const deadline of DEADLINES) {
    const waitMs = Math.max(0, deadlineAt(schedule, deadline).getTime() - Date.now());
    if (await condition(() => state.status !== 'AWAITING_PAYMENT', waitMs)) break;
    await fireDeadline(run, deadline, schedule);
  }
}

/**
 * Sends the reminder or cancels the unpaid order. False when the schedule moved while waiting
 * for statements or for a running update: the deadline is then awaited again.
 */
async function fireDeadline(run: OrderRun, deadline: Deadline, schedule: PaymentSchedule): Promise<boolean> {
  const { state, serialized } = run;
  if (deadline === 'cancel') await statementsCover(run, schedule);
  return serialized(async () => {
    if (state.status !== 'AWAITING_PAYMENT') return true;
    if (state.schedule !== schedule) return false;
    if (deadline === 'cancel') await run.cancel({ actor: SYSTEM_ACTOR, reason: 'Not paid in time', reasonCode: 'NOT_PAID' });
    else await run.email({ kind: 'paymentReminder', onDueDate: deadline === 'reminder-due', remainingHalere: state.invoicedHalere - state.paidHalere }, deadline);
    return true;
  });
}

/** The due date an extension asks for; refuses it unless the order awaits payment on a schedule that can move. */
export function newDueDate(run: OrderRun, request: ExtendDueDateInput): string {
  const { state } = run;
  if (state.status !== 'AWAITING_PAYMENT' || !state.schedule || !state.scheduleMovable) {
    return refuse('DueDateNotExtendable', `The due date of an order in status ${state.status} cannot be extended.`);
  }
  const extended = extendedDueDate(state.schedule.dueDate, request);
  if ('problem' in extended) return refuse('ValidationError', extended.problem);
  return extended.dueDate;
}

/** Staff extend the proforma's due date: stored and audited, then the deadline loop follows the moved schedule. */
export async function extendDueDate(run: OrderRun, request: ExtendDueDateInput): Promise<OrderView> {
  const { state } = run;
  const dueDate = newDueDate(run, request);
  const proforma = run.documentOf('PROFORMA_INVOICE');
  if (!proforma) return refuse('DueDateNotExtendable', 'The order has no proforma invoice to extend.');
  await orders.extendOrderDueDate({
    key: `${run.workflowId}:due-date:${dueDate}`,
    orderId: run.input.orderId,
    documentId: proforma.documentId,
    dueDate,
    reason: request.reason,
    actor: request.actor,
  });
  state.schedule = movePaymentSchedule(state.schedule!, dueDate);
  state.dueDate = dueDate;
  return run.view();
}

/**
 * Returns once statements cover `lastDayOfGrace`, as soon as the order stops waiting for payment,
 * or (runs from CANCEL_WAIT_BOUNDED_PATCH on) when the bounded wait gives up or the schedule moves.
 */
async function statementsCover(run: OrderRun, schedule: PaymentSchedule): Promise<void> {
  const { state } = run;
  const lastDayOfGrace = schedule.cancelDate;
  if (run.input.timing.cancelWaitsForStatementImport === false || !patched(CANCEL_WAITS_FOR_STATEMENTS_PATCH)) return;
  const covered = await statements.statementsCoveredUntil();
  if (covered !== null && covered >= lastDayOfGrace) return;
  if (patched(CANCEL_WAIT_BOUNDED_PATCH)) return awaitStatementCoverage(run, lastDayOfGrace, covered, () => state.schedule !== schedule);
  await condition(() => state.status !== 'AWAITING_PAYMENT' || state.announcedCoverage >= lastDayOfGrace);
}
