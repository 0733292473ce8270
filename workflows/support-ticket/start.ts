import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { startChild } from '@temporalio/workflow';
import type { Config } from '../../infra/config';
import { joiningStartOptions } from '../shared/start-options';
import { TICKET_WORKFLOW_TYPE, ticketWorkflowId, type TicketWorkflow, type TicketWorkflowInput } from './contract';

/**
 * How a ticket workflow is started, by the API (update-with-start of the first call) and by the
 * order workflow (a child per issued ticket). A ticket's id is never reused: once its workflow
 * closed, the ticket is consumed or expired for good.
 */
const ID_REUSE_POLICY = 'REJECT_DUPLICATE' as const;

/** Client start options (the API's update-with-start of the first call). */
export function ticketStartOptions(config: Pick<Config, 'TEMPORAL_TASK_QUEUE'>, input: TicketWorkflowInput) {
  return { ...joiningStartOptions(config, ticketWorkflowId(input.code), input), workflowIdReusePolicy: ID_REUSE_POLICY };
}

/**
 * Starts one ticket workflow per code, from the order workflow right after `issueTickets`, on the
 * parent's task queue. ABANDON: a ticket lives up to 12 months, long after its service-only order
 * completed. A ticket whose workflow already runs (started by the API, or on a retried
 * confirmation) is left alone.
 */
export async function startTicketWorkflows(codes: readonly string[], organizationId: string): Promise<void> {
  for (const code of codes) {
    try {
      await startChild<TicketWorkflow>(TICKET_WORKFLOW_TYPE, {
        workflowId: ticketWorkflowId(code),
        args: [{ code, organizationId }],
        parentClosePolicy: 'ABANDON',
        workflowIdReusePolicy: ID_REUSE_POLICY,
      });
    } catch (error) {
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
    }
  }
}
