import { condition } from '@temporalio/workflow';
import { DEFAULT_CANCEL_MAX_WAIT_DAYS } from '../../domain/order-rules';
import { addDays, startOfPragueDay } from '../../domain/prague-calendar';
import { orders, type OrderRun } from './order-run';

/**
 * Waits, within a bound, until imported statements cover the last day of grace, so that a
 * payment already on the account is not cancelled away. Meanwhile the order is listed for staff
 * (why, since when, until when); at the start of the Prague day `cancelMaxWaitDays` days after the
 * last day of grace the wait gives up and the order is cancelled anyway. Returns early when the
 * order stops awaiting payment or `moved()` says the schedule changed.
 */
export async function awaitStatementCoverage(run: OrderRun, lastDayOfGrace: string, coveredUntil: string | null, moved: () => boolean): Promise<void> {
  const { state, input, workflowId } = run;
  const maxDays = input.timing.cancelMaxWaitDays ?? DEFAULT_CANCEL_MAX_WAIT_DAYS;
  const until = startOfPragueDay(addDays(lastDayOfGrace, 1 + maxDays));
  const reason =
    coveredUntil === null
      ? `No bank statement imported yet; the last day of grace is ${lastDayOfGrace}.`
      : `Imported bank statements cover up to ${coveredUntil}; the last day of grace is ${lastDayOfGrace}.`;
  const key = `${workflowId}:cancel-wait:${lastDayOfGrace}`;
  await orders.setCancellationWait({ key, orderId: input.orderId, wait: { since: new Date().toISOString(), until: until.toISOString(), reason } });
  const ended = () => state.status !== 'AWAITING_PAYMENT' || state.announcedCoverage >= lastDayOfGrace || moved();
  await condition(ended, Math.max(0, until.getTime() - Date.now()));
  // Leaving AWAITING_PAYMENT (paid, or cancelled next) clears it with the transition; a moved
  // schedule awaits its new deadline first, so the order no longer waits for a statement.
  if (state.status === 'AWAITING_PAYMENT' && moved()) await orders.setCancellationWait({ key, orderId: input.orderId, wait: null });
}
