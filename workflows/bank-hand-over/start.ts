import type { Client } from '@temporalio/client';
import type { Config } from '../../infra/config';
import { joiningStartOptions } from '../shared/start-options';
import { BANK_HAND_OVER_WORKFLOW_TYPE, bankHandOverWorkflowId, type BankHandOverInput, type BankHandOverWorkflow } from './contract';

/** Starts `bank-hand-over-<requestId>` (a repeated start joins the running one); returns its id. */
export async function startBankHandOver(temporal: Client, config: Pick<Config, 'TEMPORAL_TASK_QUEUE'>, requestId: string, input: BankHandOverInput): Promise<string> {
  const options = joiningStartOptions(config, bankHandOverWorkflowId(requestId), input);
  await temporal.workflow.start<BankHandOverWorkflow>(BANK_HAND_OVER_WORKFLOW_TYPE, options);
  return options.workflowId;
}
