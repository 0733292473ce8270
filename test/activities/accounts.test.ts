import { randomUUID } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/common';
import { createAccountActivities } from '../../activities/accounts';
import { loadConfig, type Config } from '../../infra/config';
import { createPrismaClient, type PrismaClient } from '../../infra/db';
import { createLogger } from '../../infra/logger';
import { createMailer, createSmtpTransport, type Mailer } from '../../infra/mailer';
import { randomIco } from '../../scripts/lib/customers';
import { messagesTo, waitForMessage } from '../helpers/mailbox';
import { stackEnv } from '../helpers/stack-env';

const DAY = 86_400_000;

describe('account activities (real database, real SMTP to the test mailbox)', () => {
  let config: Config;
  let db: PrismaClient;
  let mailer: Mailer;
  let activities: ReturnType<typeof createAccountActivities>;
  const supportMailbox = `support-${randomUUID().slice(0, 8)}@atime.test`;

  beforeAll(() => {
    const env = stackEnv();
    config = loadConfig({
      DATABASE_URL: env.DATABASE_URL,
      SMTP_HOST: env.SMTP_HOST,
      SMTP_PORT: String(env.SMTP_PORT),
      SUPPORT_MAILBOX: supportMailbox,
      LOG_LEVEL: 'silent',
    });
    db = createPrismaClient(env.DATABASE_URL);
    const logger = createLogger(config, 'test');
    mailer = createMailer({ db, transport: createSmtpTransport(config), from: config.MAIL_FROM, messageIdDomain: 'atime.test', logger });
    activities = createAccountActivities({ config, db, mailer, logger });
  });

  afterAll(async () => {
    await mailer.close();
    await db.$disconnect();
  });

  async function organization(language: 'CS' | 'EN', status: 'TRIAL' | 'EXPIRED' | 'ACTIVE' = 'TRIAL') {
    const tag = randomUUID().slice(0, 8);
    const createdAt = new Date();
    const org = await db.organization.create({
      data: {
        name: `Pekárna ${tag} s.r.o.`,
        ico: randomIco(),
        street: 'Dlouhá 1',
        city: 'Brno',
        postalCode: '602 00',
        contactEmail: `org-${tag}@customer.test`,
        phone: '+420 777 123 456',
        language,
        status,
        createdAt,
        trialEndsAt: new Date(createdAt.getTime() + 30 * DAY),
      },
    });
    const user = await db.user.create({
      data: { organizationId: org.id, email: `user-${tag}@customer.test`, name: `Jana Nováková ${tag}`, passwordHash: 'x', role: 'CUSTOMER_ADMIN' },
    });
    return { org, user };
  }

  describe('sendTrialReminder', () => {
    it('e-mails a Czech reminder once, however often it is retried', async () => {
      const { org } = await organization('CS');
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
      expect(await db.emailMessage.count({ where: { organizationId: org.id } })).toBe(1);
    });

    it('e-mails an English reminder to an organisation preferring English', async () => {
      const { org } = await organization('EN');
      await activities.sendTrialReminder({ organizationId: org.id, daysLeft: 1, trialEndsAt: org.trialEndsAt.toISOString() });
      const message = await waitForMessage((m) => m.to.some((t) => t.address === org.contactEmail));
      expect(message.subject).toBe('Your aTime trial ends in 1 day');
      expect(message.text).toContain("your organisation's aTime trial ends on");
    });

    it('sends nothing to an organisation that is already active', async () => {
      const { org } = await organization('CS', 'ACTIVE');
      expect(await activities.sendTrialReminder({ organizationId: org.id, daysLeft: 7, trialEndsAt: org.trialEndsAt.toISOString() })).toEqual({ sent: false });
      expect(await db.emailMessage.count({ where: { organizationId: org.id } })).toBe(0);
    });

    it('fails non-retryably for an unknown organisation', async () => {
      const error = await activities.sendTrialReminder({ organizationId: randomUUID(), daysLeft: 7, trialEndsAt: new Date().toISOString() }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ApplicationFailure);
      expect(error).toMatchObject({ type: 'OrganizationNotFound', nonRetryable: true });
    });
  });

  describe('expireTrial', () => {
    it('makes a TRIAL organisation EXPIRED with one audit entry and one e-mail, also when retried', async () => {
      const { org } = await organization('CS');
      expect(await activities.expireTrial({ organizationId: org.id })).toEqual({ status: 'EXPIRED' });
      expect(await activities.expireTrial({ organizationId: org.id })).toEqual({ status: 'EXPIRED' });
      expect((await db.organization.findUniqueOrThrow({ where: { id: org.id } })).status).toBe('EXPIRED');
      const audit = await db.auditEvent.findMany({ where: { entityId: org.id } });
      expect(audit).toEqual([expect.objectContaining({ action: 'TRIAL_EXPIRED', fromState: 'TRIAL', toState: 'EXPIRED', actor: 'system:trial' })]);
      const message = await waitForMessage((m) => m.to.some((t) => t.address === org.contactEmail));
      expect(message.subject).toBe('Zkušební verze aTime skončila');
      expect(await db.emailMessage.count({ where: { organizationId: org.id } })).toBe(1);
    });

    it('leaves an ACTIVE organisation active', async () => {
      const { org } = await organization('EN', 'ACTIVE');
      expect((await activities.expireTrial({ organizationId: org.id })).status).toBe('ACTIVE');
      expect((await db.organization.findUniqueOrThrow({ where: { id: org.id } })).status).toBe('ACTIVE');
    });
  });

  describe('activateOrganization', () => {
    it('activates an EXPIRED organisation with the terms version, the actor in the audit trail and an e-mail (English)', async () => {
      const { org, user } = await organization('EN', 'EXPIRED');
      const input = { organizationId: org.id, termsVersion: config.TERMS_VERSION, actor: `user:${user.id}` };
      const result = await activities.activateOrganization(input);
      expect(result).toMatchObject({ status: 'ACTIVE', termsVersion: config.TERMS_VERSION });
      // A retry (e.g. after a lost response) returns the same activation, no second audit or e-mail.
      expect(await activities.activateOrganization(input)).toEqual(result);

      const stored = await db.organization.findUniqueOrThrow({ where: { id: org.id } });
      expect(stored).toMatchObject({ status: 'ACTIVE', termsVersion: config.TERMS_VERSION });
      expect(stored.activatedAt?.toISOString()).toBe(result.activatedAt);
      const audit = await db.auditEvent.findMany({ where: { entityId: org.id } });
      expect(audit).toEqual([expect.objectContaining({ action: 'ACTIVATED', actor: `user:${user.id}`, fromState: 'EXPIRED', toState: 'ACTIVE' })]);
      const message = await waitForMessage((m) => m.to.some((t) => t.address === org.contactEmail));
      expect(message.subject).toBe('aTime is active');
      expect(message.text).toContain(org.name);
      expect(await db.emailMessage.count({ where: { organizationId: org.id } })).toBe(1);
    });

    it('refuses terms other than the current version (non-retryable) and changes nothing', async () => {
      const { org, user } = await organization('CS');
      const error = await activities.activateOrganization({ organizationId: org.id, termsVersion: '1999-01', actor: `user:${user.id}` }).catch((e: unknown) => e);
      expect(error).toMatchObject({ type: 'TermsVersionMismatch', nonRetryable: true });
      expect((await db.organization.findUniqueOrThrow({ where: { id: org.id } })).status).toBe('TRIAL');
      expect(await db.auditEvent.count({ where: { entityId: org.id } })).toBe(0);
    });
  });

  describe('sendContactRequestEmails', () => {
    async function contactRequest(language: 'CS' | 'EN') {
      const { org, user } = await organization(language);
      const request = await db.contactRequest.create({
        data: { organizationId: org.id, userId: user.id, subject: `Terminál nehlásí příchody ${randomUUID().slice(0, 6)}`, message: 'Dobrý den,\nterminál T1 od včerejška nereaguje na karty.' },
      });
      return { org, user, request };
    }

    it('sends the request to the support mailbox and a Czech acknowledgement to the sender, once', async () => {
      const { org, user, request } = await contactRequest('CS');
      const first = await activities.sendContactRequestEmails({ contactRequestId: request.id });
      expect(await activities.sendContactRequestEmails({ contactRequestId: request.id })).toEqual(first);

      const toSupport = await waitForMessage((m) => m.to.some((t) => t.address === supportMailbox) && m.subject.includes(request.subject));
      expect(toSupport.subject).toBe(`[Kontaktní formulář] ${org.name}: ${request.subject}`);
      expect(toSupport.text).toContain('terminál T1 od včerejška nereaguje na karty');
      expect(toSupport.text).toContain(org.ico);
      expect(toSupport.text).toContain(user.email);

      const ack = await waitForMessage((m) => m.to.some((t) => t.address === user.email));
      expect(ack.subject).toBe(`Přijali jsme váš dotaz: ${request.subject}`);
      expect(ack.text).toContain('ozveme se vám co nejdříve');
      expect(await messagesTo(user.email)).toHaveLength(1);
      expect(await db.emailMessage.count({ where: { recipient: user.email } })).toBe(1);
    });

    it('acknowledges in English to an organisation preferring English', async () => {
      const { user, request } = await contactRequest('EN');
      await activities.sendContactRequestEmails({ contactRequestId: request.id });
      const ack = await waitForMessage((m) => m.to.some((t) => t.address === user.email));
      expect(ack.subject).toBe(`We have received your request: ${request.subject}`);
      expect(ack.text).toContain('We have received it');
    });
  });
});
