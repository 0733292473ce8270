import { randomUUID } from 'node:crypto';
import { createPdfActivities } from '../../activities';
import { createPdfRenderer, type PdfRenderer } from '../../infra/pdf-renderer';
import { startTcpSwitch, type TcpSwitch } from '../../scripts/stack/tcp-switch';
import { eventually } from '../helpers/eventually';
import { hasMessageId, messagesTo } from '../helpers/mailbox';
import { stackEnv } from '../helpers/stack-env';
import { NativeConnection, Worker } from '../helpers/temporal-sdk';
import { bearer, createBackOfficeUser, createTestApi, registerActiveCustomer, type Customer, type SignedIn, type TestApi } from './helpers';

/**
 * A confirm request answers within CONFIRM_WAIT_SECONDS whatever the PDF queue and the mail
 * server do: the order with its documents when they are ready, otherwise 202 and where to poll.
 * Every other action on an order answers within ACTION_WAIT_SECONDS the same way.
 * Here the SMTP server is reached through a switch that a test turns off, and the PDF queue has no
 * worker until a test starts one.
 */
describe('confirm and the other order actions within their bound', () => {
  const WAIT_SECONDS = 3;
  let api: TestApi;
  let customer: Customer;
  let staff: SignedIn;
  let smtp: TcpSwitch;
  let pdfWorker: { renderer: PdfRenderer; worker: Worker; running: Promise<void>; connection: NativeConnection } | undefined;

  beforeAll(async () => {
    smtp = await startTcpSwitch({ host: stackEnv().SMTP_HOST, port: stackEnv().SMTP_PORT });
    api = await createTestApi({ config: { CONFIRM_WAIT_SECONDS: String(WAIT_SECONDS), ACTION_WAIT_SECONDS: String(WAIT_SECONDS), SMTP_HOST: '127.0.0.1', SMTP_PORT: String(smtp.port), METRICS_OPEN: 'true' } });
    [customer, staff] = await Promise.all([registerActiveCustomer(api), createBackOfficeUser(api, 'STAFF')]);
  }, 120_000);

  afterAll(async () => {
    await stopPdfWorker();
    await api?.close();
    await smtp?.close();
  });

  const startPdfWorker = async () => {
    if (pdfWorker) return;
    const connection = await NativeConnection.connect({ address: api.config.TEMPORAL_ADDRESS });
    const renderer = await createPdfRenderer({ executablePath: api.config.CHROMIUM_PATH, pages: 1 });
    const worker = await Worker.create({ connection, namespace: api.config.TEMPORAL_NAMESPACE, taskQueue: api.config.TEMPORAL_PDF_TASK_QUEUE, activities: createPdfActivities({ db: api.db, pdf: renderer }) });
    pdfWorker = { renderer, worker, connection, running: worker.run() };
  };
  const stopPdfWorker = async () => {
    if (!pdfWorker) return;
    const { worker, running, renderer, connection } = pdfWorker;
    pdfWorker = undefined;
    worker.shutdown();
    await running;
    await renderer.close();
    await connection.close();
  };
  const draft = async () => {
    const res = await api.http().post('/orders').set(...bearer(customer)).set('Idempotency-Key', randomUUID()).send({ paymentMethod: 'COD', lines: [{ sku: 'CARD-RFID', quantity: 2 }] });
    expect(res.status).toBe(201);
    return res.body.orderNumber as string;
  };
  const confirm = async (orderNumber: string) => {
    const started = Date.now();
    const res = await api.http().post(`/orders/${orderNumber}/confirm`).set(...bearer(customer));
    return { res, seconds: (Date.now() - started) / 1000 };
  };

  it('a staff cancel queued behind a confirm still rendering answers 202 within its bound, then the order ends cancelled', async () => {
    const orderNumber = await draft();
    expect((await confirm(orderNumber)).res.status).toBe(202);

    const started = Date.now();
    const cancel = await api.http().post(`/orders/${orderNumber}/cancel`).set(...bearer(staff)).send({ reason: 'Customer called' });
    expect(cancel.status).toBe(202);
    expect((Date.now() - started) / 1000).toBeLessThan(WAIT_SECONDS + 2);
    expect(cancel.headers.location).toBe(`/orders/${orderNumber}`);
    // Accepted, waiting for the confirmation to finish: the order as stored is still confirmed.
    expect(cancel.body).toMatchObject({ orderNumber, status: 'CONFIRMED' });

    await startPdfWorker();
    const cancelled = await eventually(
      async () => {
        const res = await api.http().get(`/orders/${orderNumber}`).set(...bearer(staff));
        expect(res.body.status).toBe('CANCELLED');
        return res.body;
      },
      { timeoutMs: 30_000, intervalMs: 500 },
    );
    expect(cancelled.documents.map((d: { kind: string }) => d.kind)).toContain('TAX_INVOICE');
    // The cancel ran once, after the confirmation: one CANCELLED transition in the audit trail.
    const audit = await api.http().get(`/orders/${orderNumber}/audit`).set(...bearer(staff));
    expect(audit.body.items.filter((e: { toState: string | null }) => e.toState === 'CANCELLED')).toHaveLength(1);
    await stopPdfWorker();
  }, 60_000);

  it('an action the workflow refuses is refused at once, not queued', async () => {
    const orderNumber = await draft();
    expect((await confirm(orderNumber)).res.status).toBe(202);
    // Delivery before shipment: the validator refuses it on arrival, whatever runs before it.
    const delivery = await api.http().post(`/orders/${orderNumber}/delivery`).set(...bearer(staff));
    expect(delivery.status).toBe(409);
    expect(delivery.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(delivery.body.detail).toContain('CONFIRMED');
  }, 30_000);

  it('an action no worker takes answers 503 with Retry-After within its bound', async () => {
    // An API whose task queue has no worker: its orders' workflows wait for one that never comes.
    const workerless = await createTestApi({ worker: false, config: { ACTION_WAIT_SECONDS: String(WAIT_SECONDS) } });
    try {
      const created = await workerless.http().post('/orders').set(...bearer(customer)).set('Idempotency-Key', randomUUID()).send({ paymentMethod: 'COD', lines: [{ sku: 'CARD-RFID', quantity: 1 }] });
      expect(created.status).toBe(201);
      const started = Date.now();
      const cancel = await workerless.http().post(`/orders/${created.body.orderNumber}/cancel`).set(...bearer(staff)).send({ reason: 'No worker' });
      expect((Date.now() - started) / 1000).toBeLessThan(WAIT_SECONDS + 2);
      expect(cancel.status).toBe(503);
      expect(cancel.headers['retry-after']).toBe('5');
      expect(cancel.body).toMatchObject({ status: 503, detail: expect.stringContaining('did not take the request') });
    } finally {
      await workerless.close();
    }
  }, 30_000);

  it('answers 202 with the order and its Location when the documents are not ready in time; polling then finds them', async () => {
    const orderNumber = await draft();
    const first = await confirm(orderNumber);
    expect(first.res.status).toBe(202);
    expect(first.seconds).toBeLessThan(WAIT_SECONDS + 2);
    expect(first.res.headers.location).toBe(`/orders/${orderNumber}`);
    expect(first.res.headers['retry-after']).toBe('2');
    expect(first.res.body).toMatchObject({ orderNumber, status: 'CONFIRMED' });

    // Asking again joins the confirmation under way: still one confirmation, one set of documents.
    const again = await confirm(orderNumber);
    expect(again.res.status).toBe(202);
    const order = await api.db.order.findUniqueOrThrow({ where: { number: orderNumber }, include: { documents: true } });
    expect(order.documents.map((d) => d.type).sort()).toEqual(['ORDER_CONFIRMATION', 'TAX_INVOICE']);

    await startPdfWorker();
    const polled = await eventually(
      async () => {
        const res = await api.http().get(first.res.headers.location!).set(...bearer(customer));
        expect(res.body.status).toBe('READY_TO_SHIP');
        return res.body;
      },
      { timeoutMs: 30_000, intervalMs: 500 },
    );
    expect(polled.documents.map((d: { kind: string; pdfUrl: string | null }) => [d.kind, d.pdfUrl !== null])).toEqual([
      ['ORDER_CONFIRMATION', true],
      ['TAX_INVOICE', true],
    ]);
    const done = await confirm(orderNumber);
    expect(done.res.status).toBe(200);
    expect(done.res.body.documents.map((d: { number: string }) => d.number).sort()).toEqual(polled.documents.map((d: { number: string }) => d.number).sort());
  }, 60_000);

  it('with the mail server down the confirm answers with its documents; the e-mail waits in the queue ops see, and arrives once when SMTP is back', async () => {
    await startPdfWorker();
    await smtp.down();
    const orderNumber = await draft();
    const { res, seconds } = await confirm(orderNumber);
    expect(res.status).toBe(200);
    expect(seconds).toBeLessThan(WAIT_SECONDS + 2);
    expect(res.body.status).toBe('READY_TO_SHIP');
    expect(res.body.documents.map((d: { kind: string }) => d.kind)).toEqual(['ORDER_CONFIRMATION', 'TAX_INVOICE']);

    const key = `order-${orderNumber}:email:confirmed`;
    const queued = await eventually(
      async () => {
        const list = await api.http().get('/admin/emails/queued?pageSize=100').set(...bearer(staff));
        expect(list.status).toBe(200);
        const mine = list.body.items.find((m: { key: string }) => m.key === key);
        expect(mine).toBeDefined();
        return { list: list.body, mine };
      },
      { timeoutMs: 20_000, intervalMs: 500 },
    );
    expect(queued.mine).toMatchObject({ recipient: customer.contactEmail, messageId: expect.stringMatching(/^<[0-9a-f]{32}@/) });
    const metrics = await api.http().get('/metrics');
    const gauge = (name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(metrics.text)?.[1]);
    expect(gauge('emails_queued')).toBeGreaterThanOrEqual(1);
    expect(gauge('emails_queued_oldest_age_seconds')).toBeGreaterThan(0);

    expect((await api.http().get('/admin/emails/queued').set(...bearer(customer))).status).toBe(403);

    await smtp.up();
    const delivered = await eventually(
      async () => {
        const mail = (await messagesTo(customer.contactEmail)).filter((m) => hasMessageId(m, queued.mine.messageId));
        expect(mail).toHaveLength(1);
        return mail[0]!;
      },
      { timeoutMs: 90_000, intervalMs: 1000 },
    );
    expect(delivered.subject).toContain(orderNumber);
    await eventually(async () => {
      const list = await api.http().get('/admin/emails/queued?pageSize=100').set(...bearer(staff));
      expect(list.body.items.map((m: { key: string }) => m.key)).not.toContain(key);
    });
    // Sent once: the retries that failed while SMTP was down left no second copy behind.
    expect((await messagesTo(customer.contactEmail)).filter((m) => hasMessageId(m, queued.mine.messageId))).toHaveLength(1);
  }, 150_000);
});
