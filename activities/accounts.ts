import { ApplicationFailure } from '@temporalio/common';
import { recordAudit } from './audit';
import type { ActivityDeps } from './deps';
import { systemActor } from '../domain/actor';
import { isActive, termsVersionRefusal } from '../domain/organization-activation';
import { pragueDate } from '../domain/prague-calendar';
import { contactFormAcknowledgement, contactFormToSupport, organizationActivated, trialExpired, trialReminder, type EmailContext } from '../emails';
import type { Language } from '../infra/db';

/**
 * Activities of the trial and of the contact form. Each is idempotent: the database change is
 * conditional, the audit entry and every e-mail carry a fixed key, so a retry after a crash
 * repeats nothing the customer would see.
 */
export function createAccountActivities({ config, db, mailer, logger }: Omit<ActivityDeps, 'temporal'>) {
  const ctx = (language: Language): EmailContext => ({ language, portalUrl: config.API_PUBLIC_URL, supportEmail: config.SUPPORT_MAILBOX });

  async function loadOrganization(organizationId: string) {
    const organization = await db.organization.findUnique({ where: { id: organizationId } });
    if (!organization) {
      throw ApplicationFailure.create({ type: 'OrganizationNotFound', message: `Organization ${organizationId} does not exist.`, nonRetryable: true });
    }
    return organization;
  }

  return {
    /** One reminder e-mail, sent once per organisation and lead time; skipped unless still in TRIAL. */
    async sendTrialReminder(input: { organizationId: string; daysLeft: number; trialEndsAt: string }): Promise<{ sent: boolean; messageId?: string }> {
      const organization = await loadOrganization(input.organizationId);
      if (organization.status !== 'TRIAL') return { sent: false };
      // The trial's last calendar day in Prague: it ends during that day.
      const email = trialReminder(ctx(organization.language), { daysLeft: input.daysLeft, trialEndsOn: pragueDate(new Date(input.trialEndsAt)) });
      const { messageId, alreadySent } = await mailer.send({
        key: `trial-reminder:${organization.id}:${input.daysLeft}`,
        organizationId: organization.id,
        to: organization.contactEmail,
        ...email,
      });
      logger.info({ organizationId: organization.id, daysLeft: input.daysLeft, alreadySent }, 'trial reminder sent');
      return { sent: true, messageId };
    },

    /** TRIAL → EXPIRED with its audit entry and e-mail; an ACTIVE organisation is left alone. */
    async expireTrial(input: { organizationId: string }): Promise<{ status: 'EXPIRED' | 'ACTIVE'; activatedAt?: string }> {
      const organization = await loadOrganization(input.organizationId);
      if (isActive(organization.status)) return { status: 'ACTIVE', activatedAt: organization.activatedAt?.toISOString() ?? new Date().toISOString() };
      await db.$transaction(async (tx) => {
        await tx.organization.updateMany({ where: { id: organization.id, status: 'TRIAL' }, data: { status: 'EXPIRED' } });
        await recordAudit(tx, {
          key: `organization:${organization.id}:expired`,
          actor: systemActor('trial'),
          organizationId: organization.id,
          entityType: 'ORGANIZATION',
          entityId: organization.id,
          action: 'TRIAL_EXPIRED',
          fromState: 'TRIAL',
          toState: 'EXPIRED',
        });
      });
      const email = trialExpired(ctx(organization.language));
      await mailer.send({ key: `trial-expired:${organization.id}`, organizationId: organization.id, to: organization.contactEmail, ...email });
      return { status: 'EXPIRED' };
    },

    /**
     * → ACTIVE with the accepted terms version. Refuses (non-retryable `TermsVersionMismatch`)
     * terms other than the current ones; a retry after success returns the first activation.
     */
    async activateOrganization(input: { organizationId: string; termsVersion: string; actor: string }): Promise<{ status: 'ACTIVE'; activatedAt: string; termsVersion: string }> {
      const organization = await loadOrganization(input.organizationId);
      const refusal = isActive(organization.status) ? null : termsVersionRefusal(input.termsVersion, config.TERMS_VERSION);
      if (refusal) throw ApplicationFailure.create({ type: refusal.code, message: refusal.message, nonRetryable: true });
      const activated = await db.$transaction(async (tx) => {
        const now = new Date();
        const { count } = await tx.organization.updateMany({
          where: { id: organization.id, status: { not: 'ACTIVE' } },
          data: { status: 'ACTIVE', activatedAt: now, termsVersion: input.termsVersion },
        });
        if (count === 1) {
          await recordAudit(tx, {
            key: `organization:${organization.id}:activated`,
            actor: input.actor,
            organizationId: organization.id,
            entityType: 'ORGANIZATION',
            entityId: organization.id,
            action: 'ACTIVATED',
            fromState: organization.status,
            toState: 'ACTIVE',
            details: { termsVersion: input.termsVersion },
            at: now,
          });
        }
        return tx.organization.findUniqueOrThrow({ where: { id: organization.id } });
      });
      const activatedAt = activated.activatedAt ?? new Date();
      const email = organizationActivated(ctx(activated.language), { organizationName: activated.name });
      await mailer.send({ key: `organization-activated:${activated.id}`, organizationId: activated.id, to: activated.contactEmail, ...email });
      return { status: 'ACTIVE', activatedAt: activatedAt.toISOString(), termsVersion: activated.termsVersion ?? input.termsVersion };
    },

    /** The contact-form request to the support mailbox, and the acknowledgement to its sender. */
    async sendContactRequestEmails(input: { contactRequestId: string }): Promise<{ supportMessageId: string; acknowledgementMessageId: string }> {
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
      const acknowledgement = contactFormAcknowledgement(ctx(organization.language), { subject: request.subject });
      const ack = await mailer.send({ key: `contact-request:${request.id}:acknowledgement`, organizationId: organization.id, to: user.email, ...acknowledgement });
      return { supportMessageId: support.messageId, acknowledgementMessageId: ack.messageId };
    },
  };
}

export type AccountActivities = ReturnType<typeof createAccountActivities>;
