import { proxyActivities } from '@temporalio/workflow';
import type { createBankHandOverActivities } from '../../activities/bank-hand-over';
import { ACTIVITY_HEARTBEAT_TIMEOUT } from '../shared/activity-options';
import type { BankHandOverInput, BankHandOverResult } from './contract';

/**
 * Hands the credits an import matched to their workflows (SPEC 5: a statement's payments reach
 * their orders however many there are), then tells the overdue orders the statement is in. A
 * workflow rather than work left running in the API after its answer, so that a crash delays the
 * hand-over but never loses it: the activity is retried, and each retry skips what an earlier
 * attempt marked.
 */
const { handOverMatchedPayments, tellWaitingOrders } = proxyActivities<ReturnType<typeof createBankHandOverActivities>>({
  // 10 000 payments take about a minute; heartbeats tell a stalled attempt from a long one.
  startToCloseTimeout: '30 minutes',
  heartbeatTimeout: ACTIVITY_HEARTBEAT_TIMEOUT,
  // About five minutes of attempts: a failure that keeps repeating ends the run as failed (seen in
  // the Web UI) instead of retrying forever; its credits stay listed for staff, and the schedule's
  // next sweep tries again.
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: 10 },
});

export async function bankHandOverWorkflow(_input: BankHandOverInput): Promise<BankHandOverResult> {
  const payments = await handOverMatchedPayments();
  // Only now: an overdue order paid on this statement has its payment before it hears of it.
  const ordersTold = await tellWaitingOrders();
  return { ...payments, ordersTold };
}
