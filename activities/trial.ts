import { ApplicationFailure } from '@temporalio/common';
import { systemActor } from '../domain/actor';
import { isActive, termsVersionRefusal } from '../domain/organization-activation';
import { pragueDate } from '../domain/prague-calendar';
import { organizationActivated, trialExpired, trialReminder } from '../emails';
import { recordAudit } from '../persistence/audit';
import type { ActivateInput, ActivateResult, ExpiryResult, TrialReminderRequest } from '../workflows/trial/contract';
import type { ActivityDeps } from './deps';
import { emailContext } from './emails';

/**
 * Activities of the trial workflow. Each is idempotent: the database change is conditional, the
 * audit entry and every e-mail carry a fixed key, so a retry after a crash repeats nothing the
 * customer would see.
 */
export function createTrialActivities({ config, db, mailer, logger }: Pick<ActivityDeps, 'config' | 'db' | 'mailer' | 'logger'>) {

  async function loadOrganization(organizationId: string) {
    const organization = await db.organization.findUnique({ where: { id: organizationId } });
    if (!organization) {
      throw ApplicationFailure.create({ type: 'OrganizationNotFound', message: `Organization ${organizationId} does not exist.`, nonRetryable: true });
    }
    return organization;
  }

  return {
    /** One reminder e-mail, sent once per organisation and lead time; skipped unless still in TRIAL. */
    async sendTrialReminder(input: TrialReminderRequest): Promise<{ sent: boolean; messageId?: string }> {
      const organization = await loadOrganization(input.organizationId);
      if (organization.status !== 'TRIAL') return { sent: false };
      // The trial's last calendar day in Prague: it ends during that day.
      const email = trialReminder(emailContext(config, organization.language), { daysLeft: input.daysLeft, trialEndsOn: pragueDate(new Date(input.trialEndsAt)) });
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
    async expireTrial(input: { organizationId: string }): Promise<ExpiryResult> {
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
      const email = trialExpired(emailContext(config, organization.language));
      await mailer.send({ key: `trial-expired:${organization.id}`, organizationId: organization.id, to: organization.contactEmail, ...email });
      return { status: 'EXPIRED' };
    },

    /**
     * → ACTIVE with the accepted terms version. Refuses (non-retryable `TermsVersionMismatch`)
     * terms other than the current ones; a retry after success returns the first activation.
     */
    async activateOrganization(input: ActivateInput & { organizationId: string }): Promise<ActivateResult> {
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
      const email = organizationActivated(emailContext(config, activated.language), { organizationName: activated.name });
      await mailer.send({ key: `organization-activated:${activated.id}`, organizationId: activated.id, to: activated.contactEmail, ...email });
      return { status: 'ACTIVE', activatedAt: activatedAt.toISOString(), termsVersion: activated.termsVersion ?? input.termsVersion };
    },
  };
}
