import { ScheduleAlreadyRunning, type Client } from '@temporalio/client';
import type { Config } from '../../infra/config';
import { joiningStartOptions } from '../shared/start-options';
import { BANK_HAND_OVER_WORKFLOW_TYPE, bankHandOverScheduleId, bankHandOverWorkflowId, type BankHandOverInput, type BankHandOverWorkflow } from './contract';

/** Starts `bank-hand-over-<requestId>` (a repeated start joins the running one); returns its id. */
export async function startBankHandOver(temporal: Client, config: Pick<Config, 'TEMPORAL_TASK_QUEUE'>, requestId: string, input: BankHandOverInput): Promise<string> {
  const options = joiningStartOptions(config, bankHandOverWorkflowId(requestId), input);
  await temporal.workflow.start<BankHandOverWorkflow>(BANK_HAND_OVER_WORKFLOW_TYPE, options);
  return options.workflowId;
}

/**
 * Creates the task queue's sweep schedule, or brings an existing one to the configured interval
 * (every worker serving the queue does this at start; the later ones update). A sweep that finds a
 * hand-over still running waits its turn: overlapping runs are skipped.
 */
export async function ensureBankHandOverSchedule(temporal: Client, config: Pick<Config, 'TEMPORAL_TASK_QUEUE' | 'BANK_HAND_OVER_SWEEP_MINUTES'>): Promise<string> {
  const scheduleId = bankHandOverScheduleId(config.TEMPORAL_TASK_QUEUE);
  const spec = { intervals: [{ every: `${config.BANK_HAND_OVER_SWEEP_MINUTES} minutes` as const }] };
  const action = {
    type: 'startWorkflow' as const,
    workflowType: BANK_HAND_OVER_WORKFLOW_TYPE,
    workflowId: scheduleId,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    args: [{ requestedBy: `schedule:${scheduleId}` }] satisfies [BankHandOverInput],
  };
  try {
    await temporal.schedule.create({ scheduleId, spec, action, policies: { overlap: 'SKIP' } });
  } catch (error) {
    if (!(error instanceof ScheduleAlreadyRunning)) throw error;
    await temporal.schedule.getHandle(scheduleId).update((previous) => ({ ...previous, spec, action }));
  }
  return scheduleId;
}
