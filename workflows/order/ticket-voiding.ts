import { getExternalWorkflowHandle, patched, proxyActivities } from '@temporalio/workflow';
import type { createOrderActivities } from '../../activities/order';
import { ticketWorkflowId, voidTicketSignal } from '../support-ticket/contract';
import { ACTIVITY_HEARTBEAT_TIMEOUT } from '../shared/activity-options';

/** Histories of orders cancelled before tickets were voided with them replay as they ran. */
const VOID_TICKETS_PATCH = 'void-unused-tickets-on-cancel';

const tickets = proxyActivities<ReturnType<typeof createOrderActivities>>({
  startToCloseTimeout: '30 seconds',
  heartbeatTimeout: ACTIVITY_HEARTBEAT_TIMEOUT,
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

/**
 * The order is cancelled: each ticket not yet used is told to void itself (its workflow is the
 * ticket's only writer; one already used or in a call stays as it is). Returns the codes voided,
 * for the cancellation e-mail.
 */
export async function voidUnusedTickets(orderId: string, orderNumber: string, ticketCodes: readonly string[]): Promise<string[]> {
  if (ticketCodes.length === 0 || !patched(VOID_TICKETS_PATCH)) return [];
  const unused = await tickets.unusedTicketCodes({ orderId });
  for (const code of unused) {
    try {
      await getExternalWorkflowHandle(ticketWorkflowId(code)).signal(voidTicketSignal, { orderNumber });
    } catch {
      // Its workflow has closed (expired meanwhile): nothing is left to void.
    }
  }
  return unused;
}
