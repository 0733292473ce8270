import { randomUUID } from 'node:crypto';
import { loadConfig, type Config } from '../../infra/config';
import { createPrismaClient, type Organization, type PrismaClient, type User } from '../../infra/db';
import { createLogger, type Logger } from '../../infra/logger';
import { createMailer, createSmtpTransport, type Mailer } from '../../infra/mailer';
import { randomIco } from '../../scripts/lib/customers';
import { stackEnv } from '../helpers/stack-env';

const DAY = 86_400_000;

export interface AccountActivityEnv {
  config: Config;
  db: PrismaClient;
  mailer: Mailer;
  logger: Logger;
  supportMailbox: string;
  /** An organisation with one admin user, straight in the database. */
  organization(language: 'CS' | 'EN', status?: 'TRIAL' | 'EXPIRED' | 'ACTIVE'): Promise<{ org: Organization; user: User }>;
}

/**
 * The real database and SMTP to the test mailbox for the trial and contact-request activities;
 * registers its own beforeAll/afterAll. Fields are filled once beforeAll ran.
 */
export function useAccountActivityEnv(): AccountActivityEnv {
  const supportMailbox = `support-${randomUUID().slice(0, 8)}@atime.test`;
  const env = { supportMailbox } as AccountActivityEnv;

  beforeAll(() => {
    const stack = stackEnv();
    env.config = loadConfig({
      DATABASE_URL: stack.DATABASE_URL,
      SMTP_HOST: stack.SMTP_HOST,
      SMTP_PORT: String(stack.SMTP_PORT),
      SUPPORT_MAILBOX: supportMailbox,
      LOG_LEVEL: 'silent',
    });
    env.db = createPrismaClient(stack.DATABASE_URL);
    env.logger = createLogger(env.config, 'test');
    env.mailer = createMailer({ db: env.db, transport: createSmtpTransport(env.config), from: env.config.MAIL_FROM, messageIdDomain: 'atime.test', logger: env.logger });
  });

  afterAll(async () => {
    await env.mailer.close();
    await env.db.$disconnect();
  });

  env.organization = async (language, status = 'TRIAL') => {
    const tag = randomUUID().slice(0, 8);
    const createdAt = new Date();
    const org = await env.db.organization.create({
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
    const user = await env.db.user.create({
      data: { organizationId: org.id, email: `user-${tag}@customer.test`, name: `Jana Nováková ${tag}`, passwordHash: 'x', role: 'CUSTOMER_ADMIN' },
    });
    return { org, user };
  };

  return env;
}
