// The production workflows plus a stand-in for the order workflow's confirmation step, to test
// `startTicketWorkflows` (the call the order workflow makes after issueTickets).
import { startTicketWorkflows } from '../../workflows/support-ticket/start';

export * from '../../workflows';

export async function ticketStarterWorkflow(codes: string[], organizationId: string): Promise<string> {
  await startTicketWorkflows(codes, organizationId);
  return 'started';
}
