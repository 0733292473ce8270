import { randomUUID } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/common';
import { createTrialActivities } from '../../activities/trial';
import { messagesTo, waitForMessage } from '../helpers/mailbox';
import { useAccountActivityEnv } from './account-fixtures';

describe('trial activities (real database, real SMTP to the test mailbox)', () => {
  const env = useAccountActivityEnv();
  let activities: ReturnType<typeof createTrialActivities>;
  beforeAll(() => {
    activities = createTrialActivities(env);
  });

  describe('sendTrialReminder', () => {
    it('e-mails a Czech reminder once, however often it is retried', async () => {
      const { org } = await env.organization('CS');
      const input = { organizationId: org.id, daysLeft: 7, trialEndsAt: org.trialEndsAt.toISOString() };
      const first = await activities.sendTrialReminder(input);
      const retry = await activities.sendTrialReminder(input);
      expect(first.sent).toBe(true);
      expect(retry.messageId).toBe(first.messageId);

      const message = await waitForMessage((m) => m.to.some((t) => t.address === org.contactEmail));
      expect(message.subject).toBe('Zkušební verze aTime končí za 7 dní');
      expect(message.text).toContain('zkušební období aplikace aTime vaší organizace končí');
      expect(message.html).toContain('Aktivovat aTime');
      expect(await messagesTo(org.contactEmail)).toHaveLength(1);
      expect(await env.db.emailMessage.count({ where: { organizationId: org.id } })).toBe(1);
    });

    it('e-mails an English reminder to an organisation preferring English', async () => {
      const { org } = await env.organization('EN');
      await activities.sendTrialReminder({ organizationId: org.id, daysLeft: 1, trialEndsAt: org.trialEndsAt.toISOString() });
      const message = await waitForMessage((m) => m.to.some((t) => t.address === org.contactEmail));
      expect(message.subject).toBe('Your aTime trial ends in 1 day');
      expect(message.text).toContain("your organisation's aTime trial ends on");
    });

    it('sends nothing to an organisation that is already active', async () => {
      const { org } = await env.organization('CS', 'ACTIVE');
      expect(await activities.sendTrialReminder({ organizationId: org.id, daysLeft: 7, trialEndsAt: org.trialEndsAt.toISOString() })).toEqual({ sent: false });
      expect(await env.db.emailMessage.count({ where: { organizationId: org.id } })).toBe(0);
    });

    it('fails non-retryably for an unknown organisation', async () => {
      const error = await activities.sendTrialReminder({ organizationId: randomUUID(), daysLeft: 7, trialEndsAt: new Date().toISOString() }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ApplicationFailure);
      expect(error).toMatchObject({ type: 'OrganizationNotFound', nonRetryable: true });
    });
  });

  describe('expireTrial', () => {
    it('makes a TRIAL organisation EXPIRED with one audit entry and one e-mail, also when retried', async () => {
      const { org } = await env.organization('CS');
      expect(await activities.expireTrial({ organizationId: org.id })).toEqual({ status: 'EXPIRED' });
      expect(await activities.expireTrial({ organizationId: org.id })).toEqual({ status: 'EXPIRED' });
      expect((await env.db.organization.findUniqueOrThrow({ where: { id: org.id } })).status).toBe('EXPIRED');
      const audit = await env.db.auditEvent.findMany({ where: { entityId: org.id } });
      expect(audit).toEqual([expect.objectContaining({ action: 'TRIAL_EXPIRED', fromState: 'TRIAL', toState: 'EXPIRED', actor: 'system:trial' })]);
      const message = await waitForMessage((m) => m.to.some((t) => t.address === org.contactEmail));
      expect(message.subject).toBe('Zkušební verze aTime skončila');
      expect(await env.db.emailMessage.count({ where: { organizationId: org.id } })).toBe(1);
    });

    it('leaves an ACTIVE organisation active', async () => {
      const { org } = await env.organization('EN', 'ACTIVE');
      expect((await activities.expireTrial({ organizationId: org.id })).status).toBe('ACTIVE');
      expect((await env.db.organization.findUniqueOrThrow({ where: { id: org.id } })).status).toBe('ACTIVE');
    });
  });

  describe('activateOrganization', () => {
    it('activates an EXPIRED organisation with the terms version, the actor in the audit trail and an e-mail (English)', async () => {
      const { org, user } = await env.organization('EN', 'EXPIRED');
      const input = { organizationId: org.id, termsVersion: env.config.TERMS_VERSION, actor: `user:${user.id}` };
      const result = await activities.activateOrganization(input);
      expect(result).toMatchObject({ status: 'ACTIVE', termsVersion: env.config.TERMS_VERSION });
      // A retry (e.g. after a lost response) returns the same activation, no second audit or e-mail.
      expect(await activities.activateOrganization(input)).toEqual(result);

      const stored = await env.db.organization.findUniqueOrThrow({ where: { id: org.id } });
      expect(stored).toMatchObject({ status: 'ACTIVE', termsVersion: env.config.TERMS_VERSION });
      expect(stored.activatedAt?.toISOString()).toBe(result.activatedAt);
      const audit = await env.db.auditEvent.findMany({ where: { entityId: org.id } });
      expect(audit).toEqual([expect.objectContaining({ action: 'ACTIVATED', actor: `user:${user.id}`, fromState: 'EXPIRED', toState: 'ACTIVE' })]);
      const message = await waitForMessage((m) => m.to.some((t) => t.address === org.contactEmail));
      expect(message.subject).toBe('aTime is active');
      expect(message.text).toContain(org.name);
      expect(await env.db.emailMessage.count({ where: { organizationId: org.id } })).toBe(1);
    });

    it('refuses terms other than the current version (non-retryable) and changes nothing', async () => {
      const { org, user } = await env.organization('CS');
      const error = await activities.activateOrganization({ organizationId: org.id, termsVersion: '1999-01', actor: `user:${user.id}` }).catch((e: unknown) => e);
      expect(error).toMatchObject({ type: 'TermsVersionMismatch', nonRetryable: true });
      expect((await env.db.organization.findUniqueOrThrow({ where: { id: org.id } })).status).toBe('TRIAL');
      expect(await env.db.auditEvent.count({ where: { entityId: org.id } })).toBe(0);
    });
  });
});
