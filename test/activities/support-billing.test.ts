import { createHash, randomUUID } from 'node:crypto';
import type { WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createPdfActivities } from '../../activities/pdf';
import { createSupportBillingActivities } from '../../activities/support-billing';
import { createSupportTicketActivities } from '../../activities/support-ticket';
import type { DocumentContent } from '../../documents/document-content';
import { addDays, lastDayOfMonth, nextMonth, pragueMonth, pragueWallTimeToInstant, startOfNextPragueMonth, startOfPragueDay } from '../../domain/prague-calendar';
import { parseSpayd } from '../../domain/spayd';
import { loadConfig } from '../../infra/config';
import { createPrismaClient, type PrismaClient } from '../../infra/db';
import { createLogger } from '../../infra/logger';
import { createMailer, createSmtpTransport, type Mailer } from '../../infra/mailer';
import { createPdfRenderer, type PdfRenderer } from '../../infra/pdf-renderer';
import { recordSupportPaymentUpdate, supportBillingStateQuery, supportBillingWorkflowId } from '../../workflows/support-billing/contract';
import { TICKET_WORKFLOW_TYPE, startCallUpdate, stopCallUpdate, type TicketWorkflow } from '../../workflows/support-ticket/contract';
import { ticketStartOptions } from '../../workflows/support-ticket/start';
import { eventually } from '../helpers/eventually';
import { saveHistory } from '../helpers/history';
import { getAttachment, waitForMessage } from '../helpers/mailbox';
import { decodeQrFromPdf, extractPdfText } from '../helpers/pdf';
import { stackEnv } from '../helpers/stack-env';
import { startTimeSkippingWorker, type FakeActivities, type TimeSkippingWorker } from '../helpers/workflow-test';
import { randomIco } from '../../scripts/lib/customers';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/**
 * Tickets and month-end billing with the REAL support activities: PostgreSQL, the gap-free
 * document numbering, Chromium on the PDF queue, SMTP into the mailbox, and signal-with-start
 * from the usage activity, on the time-skipping server so that the month can end.
 */
describe('support tickets and billing with the real activities', () => {
  const stack = stackEnv();
  const taskQueue = `support-real-${randomUUID()}`;
  const pdfQueue = `support-real-pdf-${randomUUID()}`;
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATABASE_URL: stack.DATABASE_URL,
    SMTP_HOST: stack.SMTP_HOST,
    SMTP_PORT: String(stack.SMTP_PORT),
    TEMPORAL_TASK_QUEUE: taskQueue,
    TEMPORAL_PDF_TASK_QUEUE: pdfQueue,
  });
  const logger = createLogger(config, 'support-test');
  let testServer: TimeSkippingWorker;
  let env: TestWorkflowEnvironment;
  let db: PrismaClient;
  let mailer: Mailer;
  let pdf: PdfRenderer;
  let activities: FakeActivities;

  beforeAll(async () => {
    db = createPrismaClient(config.DATABASE_URL);
    mailer = createMailer({ db, transport: createSmtpTransport(config), from: config.MAIL_FROM, messageIdDomain: 'atime.test', logger });
    pdf = await createPdfRenderer({ executablePath: stack.CHROMIUM_PATH, pages: 1, logger });
    testServer = await startTimeSkippingWorker({
      taskQueue,
      activities: () => activities,
      activityQueues: [{ taskQueue: pdfQueue, activities: createPdfActivities({ db, pdf }) }],
    });
    env = testServer.env;
    activities = { ...createSupportTicketActivities({ config, db, temporal: env.client }), ...createSupportBillingActivities({ config, db, mailer }) };
  }, 120_000);

  afterAll(async () => {
    await testServer?.stop();
    await pdf?.close();
    await mailer?.close();
    await db?.$disconnect();
  });

  /** An ACTIVE organisation with a service-only order and two tickets, straight in the database. */
  async function seedTickets() {
    const tag = randomUUID().slice(0, 8);
    const organization = await db.organization.create({
      data: {
        name: `Podpora ${tag} s.r.o.`,
        ico: randomIco(),
        street: 'Dlouhá 1',
        city: 'Brno',
        postalCode: '602 00',
        contactEmail: `billing-${tag}@customer.test`,
        status: 'ACTIVE',
        trialEndsAt: new Date(),
        activatedAt: new Date(),
        termsVersion: config.TERMS_VERSION,
      },
    });
    const order = await db.order.create({
      data: {
        number: `SUP-${tag}`,
        organizationId: organization.id,
        createdById: randomUUID(),
        idempotencyKey: tag,
        status: 'COMPLETED',
        paymentMethod: 'BANK_TRANSFER',
        deliveryName: organization.name,
        deliveryStreet: organization.street,
        deliveryCity: organization.city,
        deliveryPostalCode: organization.postalCode,
        netHalere: 0,
        vatHalere: 0,
        grossHalere: 0,
        termsVersion: config.TERMS_VERSION,
        expiresAt: new Date(),
      },
    });
    const now = new Date(await env.currentTimeMs());
    const expiresAt = new Date(now.getTime() + 365 * 24 * HOUR);
    const codes = [`T-${tag.slice(0, 5).toUpperCase()}-AAAAA`, `T-${tag.slice(0, 5).toUpperCase()}-BBBBB`];
    await db.supportTicket.createMany({ data: codes.map((code) => ({ code, organizationId: organization.id, orderId: order.id, issuedAt: now, expiresAt })) });
    return { organization, codes };
  }

  const advanceTo = async (instant: number) => {
    const now = await env.currentTimeMs();
    if (instant > now) await env.sleep(instant - now);
  };
  const consultant = { consultantId: 'user:consultant (CONSULTANT)' };
  /**
   * Waits for a workflow to close in real time. Not `result()`: awaiting it lets the test server
   * skip time to the next timer of any workflow (another ticket's expiry, a month's end).
   */
  /** The ticket's workflow as the API starts it (the same options, on this suite's queue). */
  const startTicket = (code: string, organizationId: string) =>
    env.client.workflow.start<TicketWorkflow>(TICKET_WORKFLOW_TYPE, ticketStartOptions(config, { code, organizationId }));
  const closed = async (handle: WorkflowHandle) =>
    await eventually(
      async () => {
        const { status } = await handle.describe();
        expect(status.name).not.toBe('RUNNING');
        return status.name;
      },
      { intervalMs: 50 },
    );

  it('two tickets used in one month: calls recorded, consumed at midnight, one invoice with a line per day, PDF with QR Platba e-mailed, then paid', async () => {
    const { organization, codes } = await seedTickets();
    const tickets = await Promise.all(
      codes.map((code) => startTicket(code, organization.id)),
    );
    const month = nextMonth(pragueMonth(new Date(await env.currentTimeMs())));
    const [dayA, dayB] = [`${month}-05`, `${month}-20`];

    // Ticket A: 70 minutes on the 5th → 75 billed minutes.
    await advanceTo(pragueWallTimeToInstant(dayA, 10).getTime());
    await tickets[0]!.executeUpdate(startCallUpdate, { args: [consultant] });
    await env.sleep(70 * MINUTE);
    await tickets[0]!.executeUpdate(stopCallUpdate, { args: [consultant] });
    await advanceTo(startOfPragueDay(addDays(dayA, 1)).getTime() + MINUTE);
    expect(await closed(tickets[0]!)).toBe('COMPLETED');

    const ticketA = await db.supportTicket.findUniqueOrThrow({ where: { code: codes[0]! }, include: { calls: true, usage: true } });
    expect(ticketA).toMatchObject({ status: 'CONSUMED', supportDay: dayA });
    expect(ticketA.usedSeconds).toBeGreaterThanOrEqual(4200);
    expect(ticketA.usedSeconds).toBeLessThan(4210);
    expect(ticketA.calls).toHaveLength(1);
    expect(ticketA.calls[0]).toMatchObject({ consultantId: consultant.consultantId, endReason: 'STOPPED' });
    expect(ticketA.usage).toMatchObject({ month, supportDay: dayA, billedMinutes: 75, amountHalere: 161_250, invoiceNumber: null });

    // The usage report started the month's billing workflow (signal-with-start from the activity).
    const billing = env.client.workflow.getHandle(supportBillingWorkflowId(organization.id, month));
    expect((await billing.query(supportBillingStateQuery)).pendingUsage.map((u) => u.ticketCode)).toEqual([codes[0]]);

    // Ticket B: a call left running is stopped at the 2-hour cap on the 20th.
    await advanceTo(pragueWallTimeToInstant(dayB, 14).getTime());
    await tickets[1]!.executeUpdate(startCallUpdate, { args: [consultant] });
    await env.sleep(3 * HOUR);
    await advanceTo(startOfPragueDay(addDays(dayB, 1)).getTime() + MINUTE);
    expect(await closed(tickets[1]!)).toBe('COMPLETED');
    const ticketB = await db.supportTicket.findUniqueOrThrow({ where: { code: codes[1]! }, include: { calls: true, usage: true } });
    expect(ticketB).toMatchObject({ status: 'CONSUMED', usedSeconds: 7200 });
    expect(ticketB.calls[0]).toMatchObject({ endReason: 'CAP_REACHED' });
    expect(ticketB.calls[0]!.endedAt!.getTime() - ticketB.calls[0]!.startedAt.getTime()).toBe(2 * HOUR);

    // Nothing is invoiced before the month is over in Prague and its grace period has passed.
    const closesAt = startOfNextPragueMonth(month).getTime() + config.SUPPORT_BILLING_CLOSE_GRACE_MINUTES * MINUTE;
    await advanceTo(closesAt - MINUTE);
    expect(await db.document.count({ where: { organizationId: organization.id } })).toBe(0);

    await advanceTo(closesAt + 10 * MINUTE);
    const state = await billing.query(supportBillingStateQuery);
    expect(state.status).toBe('AWAITING_PAYMENT');
    expect(state.invoices).toHaveLength(1);
    const document = await db.document.findUniqueOrThrow({ where: { id: state.invoices[0]!.documentId } });
    const content = document.content as unknown as DocumentContent;
    const issueDate = `${nextMonth(month)}-01`;
    expect(document).toMatchObject({ type: 'TAX_INVOICE', supportMonth: month, organizationId: organization.id, orderId: null });
    expect(content).toMatchObject({ kind: 'TAX_INVOICE', supportMonth: month, issueDate, taxableSupplyDate: lastDayOfMonth(month), dueDate: addDays(issueDate, 14), paymentMethod: 'BANK_TRANSFER', variableSymbol: document.number });
    expect(content.lines.map((l) => ({ q: l.quantity, unit: l.unitPriceHalere, net: l.netHalere, vat: l.vatRatePercent }))).toEqual([
      { q: 1.25, unit: 129_000, net: 161_250, vat: 21 },
      { q: 2, unit: 129_000, net: 258_000, vat: 21 },
    ]);
    expect(content.lines[0]!.detail).toContain(codes[0]);
    expect(content.lines[0]!.detail).toMatch(/^5\. \d+\. \d{4} · tiket T-.* · 1 h 15 min/);
    expect(content.lines[1]!.detail).toContain(codes[1]);
    expect(content).toMatchObject({ netHalere: 419_250, vatHalere: 88_043, grossHalere: 507_293, payableHalere: 507_293 });

    // The same gap-free series as every tax invoice of that year: no hole up to this number.
    const series = await db.document.findMany({ where: { series: document.series, year: document.year }, select: { sequence: true }, orderBy: { sequence: 'asc' } });
    expect(series.map((d) => d.sequence)).toEqual(Array.from({ length: series.length }, (_, i) => i + 1));
    expect(document.number).toBe(`${document.year}2${String(document.sequence).padStart(5, '0')}`);

    const usages = await db.supportUsage.findMany({ where: { organizationId: organization.id }, orderBy: { supportDay: 'asc' } });
    expect(usages.map((u) => u.invoiceNumber)).toEqual([document.number, document.number]);

    // E-mailed with the stored PDF, which carries the lines and the QR Platba.
    const mail = await waitForMessage((m) => m.to.some((t) => t.address === organization.contactEmail) && m.subject.includes(document.number), 20_000);
    expect(mail.subject).toContain('aTime Support');
    const bytes = await getAttachment(mail, document.fileName);
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(document.sha256);
    const text = (await extractPdfText(bytes)).replace(/\s+/g, ' ');
    expect(text).toContain(codes[0]!);
    expect(text).toContain(codes[1]!);
    expect(text).toContain(document.number);
    const spayd = parseSpayd((await decodeQrFromPdf(bytes))!);
    expect(spayd).toMatchObject({ AM: '5072.93', 'X-VS': document.number, CC: 'CZK' });

    // Paid by staff: the payment is recorded on the invoice and the month's billing ends.
    const paid = await billing.executeUpdate(recordSupportPaymentUpdate, {
      args: [{ actor: 'user:staff (STAFF)', externalId: `test:${randomUUID()}`, source: 'MANUAL', amountHalere: 507_293, receivedOn: addDays(issueDate, 3) }],
    });
    expect(paid).toMatchObject({ counted: true, invoiceNumber: document.number, remainingHalere: 0, status: 'PAID' });
    expect(await closed(billing)).toBe('COMPLETED');
    expect((await db.document.findUniqueOrThrow({ where: { id: document.id } })).paidHalere).toBe(507_293n);
    await waitForMessage((m) => m.to.some((t) => t.address === organization.contactEmail) && m.subject.includes(document.number) && m.id !== mail.id, 20_000);
    await saveHistory('support-ticket-real-70-minutes', tickets[0]!);
    await saveHistory('support-billing-real-paid-graced', billing);
  });

  /**
   * The database as the activity sees it, except that the first write marking usage as invoiced
   * fails, in or outside a transaction: the process dying right after the invoice was stored.
   */
  const crashingOnFirstUsageMark = (real: PrismaClient): PrismaClient => {
    let crashes = 1;
    const withCrash = <T extends object>(client: T): T =>
      new Proxy(client, {
        get(target, prop) {
          const value = Reflect.get(target, prop, target) as unknown;
          if (prop === 'supportUsage') {
            const model = value as PrismaClient['supportUsage'];
            return new Proxy(model, {
              get: (m, p) =>
                p === 'updateMany'
                  ? (...args: Parameters<typeof model.updateMany>) => {
                      if (crashes-- > 0) throw new Error('simulated crash after the invoice was stored');
                      return model.updateMany(...args);
                    }
                  : (Reflect.get(m, p, m) as unknown),
            });
          }
          if (prop === '$transaction') {
            return (fn: (tx: unknown) => Promise<unknown>, options?: unknown) => real.$transaction((tx) => fn(withCrash(tx)), options as never);
          }
          return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
        },
      });
    return withCrash(real);
  };

  it('a crash between storing the support invoice and marking its usage bills nothing twice: the retry leaves one invoice and every usage marked', async () => {
    const { organization, codes } = await seedTickets();
    const month = nextMonth(pragueMonth(new Date(await env.currentTimeMs())));
    const tickets = await db.supportTicket.findMany({ where: { code: { in: codes } }, orderBy: { code: 'asc' } });
    const usages = tickets.map((t, i) => ({
      ticketId: t.id,
      ticketCode: t.code,
      supportDay: `${month}-1${i}`,
      usedSeconds: 1800,
      billedMinutes: 30,
      hourlyRateHalere: 129_000,
      vatRatePercent: 21,
      amountHalere: 64_500,
    }));
    await db.supportUsage.createMany({
      data: usages.map((u) => ({ ticketId: u.ticketId, organizationId: organization.id, month, supportDay: u.supportDay, billedMinutes: u.billedMinutes, amountHalere: u.amountHalere })),
    });
    const billingActivities = createSupportBillingActivities({ config, db: crashingOnFirstUsageMark(db), mailer });
    const issueDate = `${nextMonth(month)}-01`;
    const request = { key: `test:${randomUUID()}:invoice:1`, organizationId: organization.id, month, usages, issueDate, dueDate: addDays(issueDate, 14) };

    await expect(billingActivities.issueSupportInvoice(request)).rejects.toThrow(/simulated crash/);
    const retried = await billingActivities.issueSupportInvoice(request); // Temporal's retry: the same key
    expect(retried).toMatchObject({ supplementary: false, ticketCodes: codes });
    const marks = await db.supportUsage.findMany({ where: { organizationId: organization.id }, select: { invoiceNumber: true } });
    expect(marks).toEqual([{ invoiceNumber: retried!.number }, { invoiceNumber: retried!.number }]);

    // A later run of the month (another key) reported the same usage: nothing is left to bill.
    expect(await billingActivities.issueSupportInvoice({ ...request, key: `test:${randomUUID()}:invoice:1` })).toBeNull();
    expect(await db.document.count({ where: { organizationId: organization.id } })).toBe(1);
  });

  it('usage already invoiced is never billed again, even when reported to a new run of the month', async () => {
    const { organization, codes } = await seedTickets();
    const ticket = await startTicket(codes[0]!, organization.id);
    const month = nextMonth(pragueMonth(new Date(await env.currentTimeMs())));
    await advanceTo(pragueWallTimeToInstant(`${month}-03`, 9).getTime());
    await ticket.executeUpdate(startCallUpdate, { args: [consultant] });
    await env.sleep(10 * MINUTE);
    await ticket.executeUpdate(stopCallUpdate, { args: [consultant] });
    await advanceTo(startOfNextPragueMonth(month).getTime() + (config.SUPPORT_BILLING_CLOSE_GRACE_MINUTES + 10) * MINUTE);
    const billing = env.client.workflow.getHandle(supportBillingWorkflowId(organization.id, month));
    const [invoice] = (await billing.query(supportBillingStateQuery)).invoices;
    await billing.executeUpdate(recordSupportPaymentUpdate, {
      args: [{ actor: 'user:staff (STAFF)', externalId: `test:${randomUUID()}`, source: 'MANUAL', amountHalere: invoice!.payableHalere, receivedOn: `${nextMonth(month)}-02` }],
    });
    expect(await closed(billing)).toBe('COMPLETED');
    const firstRunId = (await billing.describe()).runId;

    // The same usage reported once more (a retried activity after the month closed): a new run
    // starts, finds it invoiced, issues nothing and ends.
    const ticketActivities = createSupportTicketActivities({ config, db, temporal: env.client });
    const stored = await db.supportTicket.findUniqueOrThrow({ where: { code: codes[0]! } });
    await ticketActivities.reportSupportUsage({ ticketId: stored.id, code: stored.code, organizationId: organization.id, supportDay: stored.supportDay!, usedSeconds: stored.usedSeconds });
    const rerun = env.client.workflow.getHandle(supportBillingWorkflowId(organization.id, month));
    await env.sleep((config.SUPPORT_LATE_USAGE_BATCH_SECONDS + 60) * 1000); // late usage waits for the batch window
    expect(await closed(rerun)).toBe('COMPLETED');
    expect((await rerun.describe()).runId).not.toBe(firstRunId);
    expect(await rerun.query(supportBillingStateQuery)).toMatchObject({ status: 'NOTHING_TO_BILL', invoices: [] });
    expect(await db.document.count({ where: { organizationId: organization.id } })).toBe(1);
  });
});
