import { randomUUID } from 'node:crypto';
import type { Express } from 'express';
import request from 'supertest';
import type { Client } from '@temporalio/client';
import { createApp } from '../../api/app';
import { createUser } from '../../usecases/users';
import type { ActivityDeps } from '../../activities/deps';
import { createContactRequestActivities } from '../../activities/contact-request';
import { createActivities, createPdfActivities } from '../../activities';
import { createTrialActivities } from '../../activities/trial';
import { loadConfig, type Config } from '../../infra/config';
import { createPrismaClient, type PrismaClient } from '../../infra/db';
import { createLogger } from '../../infra/logger';
import { createMailer, createSmtpTransport, type Mailer } from '../../infra/mailer';
import { createPdfRenderer } from '../../infra/pdf-renderer';
import { createTemporalClient } from '../../infra/temporal';
import { CUSTOMER_PASSWORD as TEST_PASSWORD, registerWithFreeIco, type RegistrationOverrides } from '../../scripts/lib/customers';
import { LIFTED_ADDRESS_LIMITS } from '../helpers/address-limits';
import { stackEnv } from '../helpers/stack-env';
import { NativeConnection, Worker } from '../helpers/temporal-sdk';
import { testWorkflowBundle } from '../helpers/workflow-bundle';

/**
 * The API over HTTP with real dependencies from the test stack: PostgreSQL, the Temporal dev
 * server and the mailbox, plus a worker in this process on a task queue of its own, so test
 * files running in parallel never pick up each other's workflows.
 */
export interface TestApi {
  app: Express;
  /** A fresh supertest client for the app. */
  http: () => ReturnType<typeof request>;
  config: Config;
  db: PrismaClient;
  temporal: Client;
  mailer: Mailer;
  taskQueue: string;
  close(): Promise<void>;
}

export interface TestApiOptions {
  /** Extra settings, e.g. `{ CONTACT_REQUESTS_PER_HOUR: '2' }`. */
  config?: Record<string, string>;
  /** The worker's workflows (default: the production barrel `workflows/index.ts`). */
  workflowsPath?: string;
  /** The worker's activities (default: the production set from `activities/index.ts`). */
  activities?: (deps: ActivityDeps) => object;
  /** Set false for tests that need no worker at all. */
  worker?: boolean;
  /** Also run the PDF task queue with a real Chromium (orders being confirmed need it). */
  pdf?: boolean;
}

export async function createTestApi(options: TestApiOptions = {}): Promise<TestApi> {
  const env = stackEnv();
  const taskQueue = `test-${randomUUID()}`;
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATABASE_URL: env.DATABASE_URL,
    TEMPORAL_ADDRESS: env.TEMPORAL_ADDRESS,
    TEMPORAL_NAMESPACE: env.TEMPORAL_NAMESPACE,
    TEMPORAL_TASK_QUEUE: taskQueue,
    TEMPORAL_PDF_TASK_QUEUE: `${taskQueue}-pdf`,
    SMTP_HOST: env.SMTP_HOST,
    SMTP_PORT: String(env.SMTP_PORT),
    CHROMIUM_PATH: env.CHROMIUM_PATH,
    ...LIFTED_ADDRESS_LIMITS,
    // Suites check the confirmed order's documents, not the bound (test/api/confirm-bound.test.ts
    // does): a slow shared machine must not turn their 200 into a 202.
    CONFIRM_WAIT_SECONDS: '30',
    ...options.config,
  });
  const logger = createLogger(config, 'test-api');
  const db = createPrismaClient(config.DATABASE_URL);
  const temporal = await createTemporalClient(config);
  const mailer = createMailer({ db, transport: createSmtpTransport(config), from: config.MAIL_FROM, messageIdDomain: 'atime.test', logger });

  let shutdownWorker = async () => {};
  if (options.worker !== false) {
    const makeActivities = options.activities ?? createActivities;
    const connection = await NativeConnection.connect({ address: config.TEMPORAL_ADDRESS });
    const workers = [
      await Worker.create({
        connection,
        namespace: config.TEMPORAL_NAMESPACE,
        taskQueue,
        workflowBundle: await testWorkflowBundle(options.workflowsPath),
        activities: makeActivities({ config, db, mailer, logger, temporal }),
      }),
    ];
    const pdf = options.pdf ? await createPdfRenderer({ executablePath: config.CHROMIUM_PATH, pages: 1 }) : undefined;
    if (pdf) {
      workers.push(await Worker.create({ connection, namespace: config.TEMPORAL_NAMESPACE, taskQueue: config.TEMPORAL_PDF_TASK_QUEUE, activities: createPdfActivities({ db, pdf }) }));
    }
    const running = Promise.all(workers.map((w) => w.run()));
    shutdownWorker = async () => {
      for (const w of workers) w.shutdown();
      await running;
      await pdf?.close();
      await connection.close();
    };
  }

  const app = createApp({ config, db, temporal, logger });
  return {
    app,
    http: () => request(app),
    config,
    db,
    temporal,
    mailer,
    taskQueue,
    async close() {
      await shutdownWorker();
      await temporal.connection.close();
      await mailer.close();
      await db.$disconnect();
    },
  };
}

/** Only the account activities (trial, contact form): for suites that need no ordering code. */
export const accountActivitiesOnly = (deps: Omit<ActivityDeps, 'temporal'>) => ({ ...createTrialActivities(deps), ...createContactRequestActivities(deps) });

export { CUSTOMER_PASSWORD as TEST_PASSWORD, registerWithFreeIco, registrationBody, type RegistrationOverrides } from '../../scripts/lib/customers';

export interface SignedIn {
  token: string;
  userId: string;
  email: string;
  password: string;
}

export interface Customer extends SignedIn {
  organizationId: string;
  /** The organisation's contact e-mail (where order e-mails go). */
  contactEmail: string;
  ico: string;
}

export async function login(api: TestApi, email: string, password: string): Promise<SignedIn> {
  const res = await api.http().post('/auth/login').send({ email, password });
  if (res.status !== 200) throw new Error(`login of ${email} failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { token: res.body.token as string, userId: res.body.user.id as string, email, password };
}

/** Registers an organisation over HTTP (TRIAL, trial workflow started) and signs its admin in. */
export async function registerCustomer(api: TestApi, overrides: RegistrationOverrides = {}): Promise<Customer> {
  const { body, response: res } = await registerWithFreeIco(overrides, (body) => api.http().post('/auth/register').send(body));
  if (res.status !== 201) throw new Error(`registration failed: ${res.status} ${JSON.stringify(res.body)}`);
  const signedIn = await login(api, body.admin.email, body.admin.password);
  return { ...signedIn, organizationId: res.body.organization.id, contactEmail: body.organization.contactEmail, ico: body.organization.ico };
}

/** Activates the customer's organisation through the API (the trial workflow's update). */
export async function activateCustomer(api: TestApi, customer: Pick<Customer, 'token'>): Promise<void> {
  const res = await api.http().post('/organizations/me/activation').set('Authorization', `Bearer ${customer.token}`).send({ termsVersion: api.config.TERMS_VERSION });
  if (res.status !== 200) throw new Error(`activation failed: ${res.status} ${JSON.stringify(res.body)}`);
}

/** A registered customer whose organisation is ACTIVE, ready to order. */
export async function registerActiveCustomer(api: TestApi, overrides: RegistrationOverrides = {}): Promise<Customer> {
  const customer = await registerCustomer(api, overrides);
  await activateCustomer(api, customer);
  return customer;
}

/** A member (CUSTOMER_MEMBER) added by the customer's admin, signed in. */
export async function addCustomerMember(api: TestApi, admin: Pick<Customer, 'token'>): Promise<SignedIn> {
  const email = `member-${randomUUID().slice(0, 8)}@customer.test`;
  const res = await api.http().post('/organizations/me/users').set('Authorization', `Bearer ${admin.token}`).send({ name: 'Eva Malá', email, password: TEST_PASSWORD });
  if (res.status !== 201) throw new Error(`adding a member failed: ${res.status} ${JSON.stringify(res.body)}`);
  return login(api, email, TEST_PASSWORD);
}

/** A STAFF, CONSULTANT or ADMIN account created directly (as an admin would), signed in. */
export async function createBackOfficeUser(api: TestApi, role: 'STAFF' | 'CONSULTANT' | 'ADMIN'): Promise<SignedIn> {
  const email = `${role.toLowerCase()}-${randomUUID().slice(0, 8)}@atime.test`;
  await createUser(api.db, { organizationId: null, email, name: `${role} tester`, password: TEST_PASSWORD, role }, 'test');
  return login(api, email, TEST_PASSWORD);
}

export const bearer = (who: Pick<SignedIn, 'token'>): [string, string] => ['Authorization', `Bearer ${who.token}`];
