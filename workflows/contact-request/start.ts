import type { Client } from '@temporalio/client';
import type { Config } from '../../infra/config';
import { joiningStartOptions } from '../shared/start-options';
import { CONTACT_REQUEST_WORKFLOW_TYPE, contactRequestWorkflowId, type ContactRequestWorkflow, type ContactRequestWorkflowInput } from './contract';

/** Start options of `contact-request-<id>`: a repeated start joins the running delivery. */
export function contactRequestStartOptions(config: Pick<Config, 'TEMPORAL_TASK_QUEUE'>, input: ContactRequestWorkflowInput) {
  return joiningStartOptions(config, contactRequestWorkflowId(input.contactRequestId), input);
}

export async function startContactRequestWorkflow(temporal: Client, config: Pick<Config, 'TEMPORAL_TASK_QUEUE'>, input: ContactRequestWorkflowInput): Promise<void> {
  await temporal.workflow.start<ContactRequestWorkflow>(CONTACT_REQUEST_WORKFLOW_TYPE, contactRequestStartOptions(config, input));
}
