import { ApplicationFailure } from '@temporalio/common';
import { contactFormAcknowledgement, contactFormToSupport } from '../emails';
import type { ContactRequestResult, ContactRequestWorkflowInput } from '../workflows/contact-request/contract';
import type { ActivityDeps } from './deps';
import { emailContext } from './emails';

/** The contact-request workflow's activity: both messages carry fixed keys, so a retry sends each once. */
export function createContactRequestActivities({ config, db, mailer }: Pick<ActivityDeps, 'config' | 'db' | 'mailer'>) {
  return {
    /** The contact-form request to the support mailbox, and the acknowledgement to its sender. */
    async sendContactRequestEmails(input: ContactRequestWorkflowInput): Promise<ContactRequestResult> {
      const request = await db.contactRequest.findUnique({ where: { id: input.contactRequestId }, include: { organization: true, user: true } });
      if (!request) {
        throw ApplicationFailure.create({ type: 'ContactRequestNotFound', message: `Contact request ${input.contactRequestId} does not exist.`, nonRetryable: true });
      }
      const { organization, user } = request;
      // Support staff read Czech.
      const toSupport = contactFormToSupport(
        { language: 'CS' },
        {
          organization: { id: organization.id, name: organization.name, ico: organization.ico, status: organization.status },
          user: { name: user.name, email: user.email },
          subject: request.subject,
          message: request.message,
        },
      );
      const support = await mailer.send({
        key: `contact-request:${request.id}:support`,
        organizationId: organization.id,
        to: config.SUPPORT_MAILBOX,
        ...toSupport,
      });
      const acknowledgement = contactFormAcknowledgement(emailContext(config, organization.language), { subject: request.subject });
      const ack = await mailer.send({ key: `contact-request:${request.id}:acknowledgement`, organizationId: organization.id, to: user.email, ...acknowledgement });
      return { supportMessageId: support.messageId, acknowledgementMessageId: ack.messageId };
    },
  };
}
