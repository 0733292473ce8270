import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { createActivities, createPdfActivities } from '../../activities';
import type { ActivityDeps } from '../../activities/deps';
import { createSupportTicketActivities } from '../../activities/support-ticket';
import { pragueDate, pragueMonth } from '../../domain/prague-calendar';
import { loadConfig } from '../../infra/config';
import { createPrismaClient, type PrismaClient } from '../../infra/db';
import { createPdfRenderer, type PdfRenderer } from '../../infra/pdf-renderer';
import { createTemporalClient } from '../../infra/temporal';
import { eventually } from '../helpers/eventually';
import { stackEnv } from '../helpers/stack-env';
import { NativeConnection, Worker } from '../helpers/temporal-sdk';
import { bearer, createBackOfficeUser, createTestApi, registerActiveCustomer, type Customer, type SignedIn, type TestApi } from './helpers';

/**
 * Over HTTP against the dev server: a customer orders support tickets, a consultant runs calls
 * through the API, the customer sees the ticket and this month's usage; roles and scoping hold.
 */
describe('aTime Support API', () => {
  const pdfQueue = `support-api-pdf-${randomUUID()}`;
  let api: TestApi;
  let temporal: Client;
  let pdf: PdfRenderer;
  let pdfDb: PrismaClient;
  let pdfWorker: Worker;
  let pdfConnection: NativeConnection;
  let pdfRunning: Promise<void>;
  let customer: Customer;
  let other: Customer;
  let consultant: SignedIn;
  let staff: SignedIn;
  let codes: string[];

  beforeAll(async () => {
    const env = stackEnv();
    // The usage report signals the billing workflow with a client of its own.
    temporal = await createTemporalClient(loadConfig({ TEMPORAL_ADDRESS: env.TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE: env.TEMPORAL_NAMESPACE }));
    api = await createTestApi({
      config: { TEMPORAL_PDF_TASK_QUEUE: pdfQueue },
      activities: (deps: ActivityDeps) => ({ ...createActivities(deps), ...createSupportTicketActivities({ ...deps, temporal }) }),
    });
    // Order confirmations are rendered on the PDF queue: a renderer for this suite's queue.
    pdf = await createPdfRenderer({ executablePath: env.CHROMIUM_PATH, pages: 1 });
    pdfDb = createPrismaClient(env.DATABASE_URL);
    pdfConnection = await NativeConnection.connect({ address: env.TEMPORAL_ADDRESS });
    pdfWorker = await Worker.create({ connection: pdfConnection, namespace: env.TEMPORAL_NAMESPACE, taskQueue: pdfQueue, activities: createPdfActivities({ db: pdfDb, pdf }) });
    pdfRunning = pdfWorker.run();

    [customer, other, consultant, staff] = await Promise.all([
      registerActiveCustomer(api),
      registerActiveCustomer(api),
      createBackOfficeUser(api, 'CONSULTANT'),
      createBackOfficeUser(api, 'STAFF'),
    ]);

    const created = await api
      .http()
      .post('/orders')
      .set(...bearer(customer))
      .set('Idempotency-Key', `support-${randomUUID()}`)
      .send({ paymentMethod: 'BANK_TRANSFER', lines: [{ sku: 'SUPPORT-DAY', quantity: 2 }] });
    expect(created.status).toBe(201);
    const confirmed = await api.http().post(`/orders/${created.body.orderNumber}/confirm`).set(...bearer(customer)).send();
    expect(confirmed.status).toBe(200);
    expect(confirmed.body.status).toBe('COMPLETED'); // service-only: nothing to ship or pay now
    codes = confirmed.body.ticketCodes;
    expect(codes).toHaveLength(2);
  }, 120_000);

  afterAll(async () => {
    pdfWorker?.shutdown();
    await pdfRunning;
    await pdfConnection?.close();
    await pdf?.close();
    await pdfDb?.$disconnect();
    await api?.close();
    await temporal?.connection.close();
  });

  const post = (path: string, who: SignedIn) => api.http().post(path).set(...bearer(who)).send();
  const get = (path: string, who: SignedIn) => api.http().get(path).set(...bearer(who));

  it('the customer sees the issued tickets; another organisation sees none of them', async () => {
    const mine = await get('/tickets', customer);
    expect(mine.status).toBe(200);
    expect(mine.body.items.map((t: { code: string }) => t.code).sort()).toEqual([...codes].sort());
    expect(mine.body.items[0]).toMatchObject({ status: 'ISSUED', usedSeconds: 0, minutesLeft: 120, supportDay: null });

    expect((await get('/tickets', other)).body.items).toEqual([]);
    expect((await get(`/tickets/${codes[0]}`, other)).status).toBe(404);
  });

  it('only consultants start and stop calls', async () => {
    expect((await post(`/tickets/${codes[0]}/calls/start`, customer)).status).toBe(403);
    expect((await post(`/tickets/${codes[0]}/calls/start`, staff)).status).toBe(403);
    expect((await get('/tickets', consultant)).status).toBe(200);
  });

  it('a consultant runs a call through the API; the customer sees the ticket and this month’s usage', async () => {
    const code = codes[0]!;
    const started = await post(`/tickets/${code}/calls/start`, consultant);
    expect(started.status).toBe(200);
    const today = pragueDate(new Date());
    expect(started.body).toMatchObject({ code, status: 'ACTIVE', supportDay: today, callRunning: true });
    expect(started.body.workflow).toMatchObject({ status: 'ACTIVE', supportDay: today });

    const again = await post(`/tickets/${code}/calls/start`, consultant);
    expect(again.status).toBe(409);
    expect(again.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(again.body.type).toMatch(/call-already-running$/);

    // The running call's seconds grow as time passes.
    const live = await eventually(async () => {
      const usage = await get('/support/usage', customer);
      expect(usage.body.days?.[0]?.usedSeconds).toBeGreaterThanOrEqual(1);
      return usage;
    });
    expect(live.status).toBe(200);
    expect(live.body.month).toBe(pragueMonth(new Date()));
    expect(live.body.days).toEqual([expect.objectContaining({ ticketCode: code, supportDay: today, callRunning: true, billedMinutes: 15, final: false })]);
    expect(live.body.days[0].usedSeconds).toBeGreaterThanOrEqual(1);

    const stopped = await post(`/tickets/${code}/calls/stop`, consultant);
    expect(stopped.status).toBe(200);
    expect(stopped.body).toMatchObject({ status: 'ACTIVE', callRunning: false });
    expect(stopped.body.calls).toEqual([expect.objectContaining({ endReason: 'STOPPED', consultantId: expect.stringContaining(consultant.userId) })]);
    const used = stopped.body.usedSeconds as number;
    expect(used).toBeGreaterThanOrEqual(1);
    expect(stopped.body.minutesLeft).toBe(Math.floor((7200 - used) / 60));

    const noCall = await post(`/tickets/${code}/calls/stop`, consultant);
    expect(noCall.status).toBe(409);
    expect(noCall.body.type).toMatch(/no-running-call$/);

    const detail = await get(`/tickets/${code}`, customer);
    expect(detail.body).toMatchObject({ code, status: 'ACTIVE', usedSeconds: used, billedMinutes: 15, calls: [expect.objectContaining({ endReason: 'STOPPED' })] });

    const month = pragueMonth(new Date());
    const usage = await get(`/support/usage?month=${month}`, customer);
    expect(usage.body).toMatchObject({ month, organizationId: customer.organizationId, billedMinutes: 15, netHalere: 32_250 });
    expect(usage.body.days).toEqual([expect.objectContaining({ ticketCode: code, usedSeconds: used, billedMinutes: 15, amountHalere: 32_250, callRunning: false })]);

    // Staff see any organisation's usage; another customer sees only their own (none).
    expect((await get(`/support/usage?month=${month}&organizationId=${customer.organizationId}`, staff)).body.netHalere).toBe(32_250);
    expect((await get(`/support/usage?month=${month}&organizationId=${customer.organizationId}`, other)).body.days).toEqual([]);

    // Consultants find a ticket by its code.
    const found = await get(`/tickets?code=${code}`, consultant);
    expect(found.body.items).toEqual([expect.objectContaining({ code, organizationId: customer.organizationId })]);
  });

  it('support invoices: none before the month ends; bad input is a 400 naming the field', async () => {
    const invoices = await get('/support/invoices', customer);
    expect(invoices.status).toBe(200);
    expect(invoices.body.items).toEqual([]);
    const bad = await get('/support/usage?month=2026-13', customer);
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toContain('month');
    // One invoice by its number (the page an invoice e-mail links to); a malformed number is named.
    expect((await get('/support/invoices?number=2026200000', customer)).body.items).toEqual([]);
    const badNumber = await get('/support/invoices?number=12', customer);
    expect(badNumber.status).toBe(400);
    expect(badNumber.body.errors[0].field).toBe('query.number');
    const payment = await api.http().post('/support/invoices/2026200000/payments').set(...bearer(staff)).set('Idempotency-Key', 'abcdefgh-1').send({ amountHalere: 100, receivedOn: '2026-12-01' });
    expect(payment.status).toBe(404);
  });
});
