/**
 * The contact-request workflow's contract (`contact-request-<contactRequestId>`): one free-support
 * request delivered to the support mailbox, with an acknowledgement to its sender.
 */

export const CONTACT_REQUEST_WORKFLOW_TYPE = 'contactRequestWorkflow';
export const contactRequestWorkflowId = (contactRequestId: string): string => `contact-request-${contactRequestId}`;

export interface ContactRequestWorkflowInput {
  contactRequestId: string;
}

export interface ContactRequestResult {
  supportMessageId: string;
  acknowledgementMessageId: string;
}

export type ContactRequestWorkflow = (input: ContactRequestWorkflowInput) => Promise<ContactRequestResult>;
