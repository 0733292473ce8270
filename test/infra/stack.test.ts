/**
 * The test stack from test/global-setup.ts is what every other test relies on: prove
 * each part works as the tests use it.
 */
import { randomUUID } from 'node:crypto';
import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import { Connection } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import nodemailer from 'nodemailer';
import { Client } from 'pg';
import { allSearchAttributes, DocumentNumber, OrderStatus } from '../../workflows/shared/search-attributes';
import { stackEnv } from '../helpers/stack-env';
import { eventually } from '../helpers/eventually';
import { Worker } from '../helpers/temporal-sdk';
import { createTimeSkippingTestEnv } from '../helpers/time-skipping-env';
import { testWorkflowBundle } from '../helpers/workflow-bundle';
import { sleepWorkflow } from './sleep-workflow';

const DAY_MS = 86_400_000;

describe('test stack', () => {
  describe('stackEnv()', () => {
    it('returns every address the global setup published', () => {
      const env = stackEnv();
      expect(env.DATABASE_URL).toMatch(/^postgresql:\/\/.+\/atime_test$/);
      expect(env.TEMPORAL_ADDRESS).toMatch(/^127\.0\.0\.1:\d+$/);
      expect(env.SMTP_PORT).toBeGreaterThan(0);
      expect(env.MAILBOX_URL).toMatch(/^http:\/\/localhost:\d+$/);
      expect(process.env.NODE_ENV).toBe('test');
    });

    it('names the missing variables instead of falling back to defaults', () => {
      const partial = { ...stackEnv(), SMTP_PORT: '2525', MAILBOX_URL: '', TEMPORAL_ADDRESS: undefined };
      expect(() => stackEnv(partial)).toThrow(/not set: TEMPORAL_ADDRESS, MAILBOX_URL\./);
    });
  });

  it('PostgreSQL holds the migrated schema and the seeded catalogue', async () => {
    const client = new Client({ connectionString: stackEnv().DATABASE_URL });
    await client.connect();
    try {
      const migrations = await client.query<{ n: string }>('SELECT count(*) AS n FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL');
      expect(Number(migrations.rows[0]?.n)).toBeGreaterThan(0);
      const products = await client.query<{ n: string }>('SELECT count(*) AS n FROM products');
      expect(Number(products.rows[0]?.n)).toBeGreaterThan(0);
      const encoding = await client.query<{ server_encoding: string }>('SHOW server_encoding');
      expect(encoding.rows[0]?.server_encoding).toBe('UTF8');
    } finally {
      await client.end();
    }
  });

  it('the Temporal dev server has every search attribute the workflows set', async () => {
    const { TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE } = stackEnv();
    const connection = await Connection.connect({ address: TEMPORAL_ADDRESS });
    try {
      const { customAttributes } = await connection.operatorService.listSearchAttributes({ namespace: TEMPORAL_NAMESPACE });
      // temporal.api.enums.v1.IndexedValueType: INDEXED_VALUE_TYPE_KEYWORD = 2, INDEXED_VALUE_TYPE_KEYWORD_LIST = 7.
      const indexedValueType = { KEYWORD: 2, KEYWORD_LIST: 7 } as const;
      const expected = Object.fromEntries(allSearchAttributes.map((key) => [key.name, indexedValueType[key.type as keyof typeof indexedValueType]]));
      expect(customAttributes).toMatchObject(expected);
    } finally {
      await connection.close();
    }
  });

  it('the mailbox keeps what is sent over SMTP and serves it over its REST API', async () => {
    const { SMTP_HOST, SMTP_PORT, MAILBOX_URL } = stackEnv();
    const subject = `Faktura č. 2026-0001 – zkouška ${randomUUID()}`;
    const transport = nodemailer.createTransport({ host: SMTP_HOST, port: SMTP_PORT, secure: false });
    try {
      await transport.sendMail({
        from: 'aTime <objednavky@atime.example>',
        to: 'zakaznik@example.cz',
        subject,
        text: 'Dobrý den, v příloze posíláme fakturu.',
        attachments: [{ filename: 'faktura.pdf', content: Buffer.from('%PDF-1.7\n%test\n'), contentType: 'application/pdf' }],
      });
    } finally {
      transport.close();
    }
    // maildev stores a message a moment after the SMTP transaction ends.
    const received = await eventually(async () => {
      const response = await fetch(`${MAILBOX_URL}/email`);
      expect(response.status).toBe(200);
      const messages = (await response.json()) as { subject: string; to: { address: string }[]; attachments?: { fileName: string }[] }[];
      const found = messages.find((message) => message.subject === subject);
      expect(found).toBeDefined();
      return found!;
    });
    expect(received.to).toEqual([expect.objectContaining({ address: 'zakaznik@example.cz' })]);
    expect(received.attachments?.map((a) => a.fileName)).toEqual(['faktura.pdf']);
  });

  it('Chromium is installed where the PDF renderer looks for it', async () => {
    await expect(access(stackEnv().CHROMIUM_PATH, constants.X_OK)).resolves.toBeUndefined();
  });

  describe('time-skipping test server (Maven Central build, existing-path)', () => {
    let env: TestWorkflowEnvironment;

    beforeAll(async () => {
      env = await createTimeSkippingTestEnv();
    });

    afterAll(async () => {
      await env?.teardown();
    });

    it('runs a workflow that sets our search attributes and sleeps 30 days, in seconds of wall time', async () => {
      const taskQueue = `stack-test-${randomUUID()}`;
      const worker = await Worker.create({
        connection: env.nativeConnection,
        taskQueue,
        workflowBundle: await testWorkflowBundle(require.resolve('./sleep-workflow')),
      });
      const wallStart = Date.now();
      const workflowId = `sleep-${randomUUID()}`;
      const result = await worker.runUntil(env.client.workflow.execute(sleepWorkflow, { workflowId, taskQueue, args: [30 * DAY_MS] }));
      const wallMs = Date.now() - wallStart;

      expect(result.finishedAt - result.startedAt).toBeGreaterThanOrEqual(30 * DAY_MS);
      expect(wallMs).toBeLessThan(15_000);
      const { typedSearchAttributes } = await env.client.workflow.getHandle(workflowId).describe();
      expect(typedSearchAttributes.get(OrderStatus)).toBe('SLEEPING');
      expect(typedSearchAttributes.get(DocumentNumber)).toEqual(['FV-2026-0001']);
    });
  });
});
