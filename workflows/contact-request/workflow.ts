import { proxyActivities } from '@temporalio/workflow';
import type { createContactRequestActivities } from '../../activities/contact-request';
import type { ContactRequestResult, ContactRequestWorkflowInput } from './contract';
import { ACTIVITY_HEARTBEAT_TIMEOUT } from '../shared/activity-options';

/**
 * Delivers one free-support contact-form request (SPEC 2): to the support mailbox and an
 * acknowledgement to the sender. A workflow rather than an e-mail sent from the API, so a
 * crash or an SMTP outage delays the messages but never loses them; the mailer's keys make the
 * retries send each message once.
 */

const { sendContactRequestEmails } = proxyActivities<ReturnType<typeof createContactRequestActivities>>({
  startToCloseTimeout: '1 minute',
  heartbeatTimeout: ACTIVITY_HEARTBEAT_TIMEOUT,
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes', nonRetryableErrorTypes: ['ContactRequestNotFound'] },
});

export async function contactRequestWorkflow(input: ContactRequestWorkflowInput): Promise<ContactRequestResult> {
  return await sendContactRequestEmails({ contactRequestId: input.contactRequestId });
}
