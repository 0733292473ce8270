import { randomUUID } from 'node:crypto';
import type { WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { addDays, nextMonth, pragueMonth, pragueWallTimeToInstant, startOfNextPragueMonth, startOfPragueDay } from '../../domain/prague-calendar';
import { billedMinutes, supportAmountHalere } from '../../domain/support-usage';
import {
  extendSupportDueDateUpdate,
  recordSupportPaymentUpdate,
  supportBankPaymentSignal,
  supportBillingStateQuery,
  supportBillingWorkflowId,
  supportUsageSignal,
  type SupportBillingInput,
  type SupportUsageReport,
} from '../../workflows/support-billing/contract';
import { reportUsageToBilling, type SupportBillingStartConfig } from '../../workflows/support-billing/start';
import { supportBillingWorkflow } from '../../workflows/support-billing/workflow';
import { startCallUpdate, stopCallUpdate, ticketWorkflowId } from '../../workflows/support-ticket/contract';
import { ticketWorkflow } from '../../workflows/support-ticket/workflow';
import { eventually } from '../helpers/eventually';
import { saveHistory } from '../helpers/history';
import { scheduledAt, startTimeSkippingWorker, updateRefusal, type Activities, type ActivityCall, type FakeActivities, type TimeSkippingWorker } from '../helpers/workflow-test';

type Call<K extends keyof Activities> = ActivityCall<K>;

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const SECOND = 1000;
const TASK_QUEUE = 'support-billing-test';
const RATE = 129_000;
/** The configuration the usage reports start billing with: grace and late batch as configured. */
const START_CONFIG: SupportBillingStartConfig = {
  TEMPORAL_TASK_QUEUE: TASK_QUEUE,
  TEMPORAL_PDF_TASK_QUEUE: TASK_QUEUE,
  PAYMENT_DUE_DAYS: 14,
  PAYMENT_REMINDER_DAYS_BEFORE: 3,
  SUPPORT_BILLING_CLOSE_GRACE_MINUTES: 60,
  SUPPORT_LATE_USAGE_BATCH_SECONDS: 300,
};
const GRACE = START_CONFIG.SUPPORT_BILLING_CLOSE_GRACE_MINUTES * MINUTE;
const LATE_BATCH = START_CONFIG.SUPPORT_LATE_USAGE_BATCH_SECONDS * SECOND;


/** At `instant`: the activity is scheduled once the timer's workflow task ran (ms later, never an hour). */
const expectAt = (actual: number, instant: number) => {
  expect(actual - instant).toBeGreaterThanOrEqual(0);
  expect(actual - instant).toBeLessThan(5000);
};

/**
 * In-memory numbering, payments and mail: what the billing workflow asked for; and the ticket's
 * record, whose usage report goes to billing through the real signal-with-start (`report`).
 */
function createFakeActivities(report: (organizationId: string, usage: SupportUsageReport) => Promise<void>) {
  const calls: Call<keyof Activities>[] = [];
  const tickets = new Map<string, { ticketId: string; organizationId: string; expiresAt: string }>();
  const invoicedTickets = new Set<string>();
  const byKey = new Map<string, { documentId: string; number: string; payableHalere: number; supplementary: boolean; ticketCodes: string[] }>();
  const payments = new Map<string, { documentId: string; amount: number }>();
  let sequence = 0;
  const record = <K extends keyof Activities>(name: K, input: Parameters<Activities[K]>[0]) => calls.push({ name, at: scheduledAt(), input } as Call<K>);
  const activities: FakeActivities = {
    async issueSupportInvoice(input) {
      record('issueSupportInvoice', input);
      const key = input.key;
      const existing = byKey.get(key);
      if (existing) return existing;
      const usages = input.usages.filter((u) => !invoicedTickets.has(u.ticketCode));
      if (usages.length === 0) return null;
      const net = usages.reduce((s, u) => s + u.amountHalere, 0);
      sequence += 1;
      const ref = {
        documentId: randomUUID(),
        number: `2027200${String(sequence).padStart(3, '0')}`,
        payableHalere: net + Math.round(net * 0.21),
        supplementary: byKey.size > 0,
        ticketCodes: usages.map((u) => u.ticketCode),
      };
      usages.forEach((u) => invoicedTickets.add(u.ticketCode));
      byKey.set(key, ref);
      return ref;
    },
    async recordSupportPayment(input) {
      record('recordSupportPayment', input);
      const counted = !payments.has(input.externalId);
      if (counted) payments.set(input.externalId, { documentId: input.documentId, amount: input.amountHalere });
      const paidHalere = [...payments.values()].filter((p) => p.documentId === input.documentId).reduce((s, p) => s + p.amount, 0);
      return { counted, paidHalere };
    },
    async extendSupportDueDate(input) {
      record('extendSupportDueDate', input);
    },
    async returnBankPayment(input) {
      record('returnBankPayment', input);
    },
    async sendSupportEmail(input) {
      record('sendSupportEmail', input);
    },
    async renderDocumentPdf(input) {
      record('renderDocumentPdf', input);
      return { sha256: 'f'.repeat(64), bytes: 1000 };
    },
    async loadTicket(input) {
      record('loadTicket', input);
      const ticket = tickets.get(input.code)!;
      return { ticketId: ticket.ticketId, organizationId: ticket.organizationId, status: 'ISSUED', supportDay: null, usedSeconds: 0, expiresAt: ticket.expiresAt };
    },
    async recordTicketActivated(input) {
      record('recordTicketActivated', input);
    },
    async recordCallStarted(input) {
      record('recordCallStarted', input);
    },
    async recordCallEnded(input) {
      record('recordCallEnded', input);
    },
    async recordTicketClosed(input) {
      record('recordTicketClosed', input);
    },
    async reportSupportUsage(input) {
      record('reportSupportUsage', input);
      const reported = { ...usage(input.supportDay, input.usedSeconds, input.code), ticketId: input.ticketId };
      await report(input.organizationId, reported);
      return { reported: true, month: input.supportDay.slice(0, 7), billedMinutes: reported.billedMinutes, amountHalere: reported.amountHalere };
    },
  };
  const of = <K extends keyof Activities>(name: K) => calls.filter((c): c is Call<K> => c.name === name);
  return { activities, calls, tickets, of };
}

const usage = (supportDay: string, usedSeconds: number, ticketCode = `T-${randomUUID().slice(0, 5).toUpperCase()}-00000`): SupportUsageReport => {
  const minutes = billedMinutes(usedSeconds);
  return { ticketId: randomUUID(), ticketCode, supportDay, usedSeconds, billedMinutes: minutes, hourlyRateHalere: RATE, vatRatePercent: 21, amountHalere: supportAmountHalere(minutes, RATE) };
};

describe('supportBillingWorkflow (time-skipping)', () => {
  let testServer: TimeSkippingWorker;
  let env: TestWorkflowEnvironment;
  let fake: ReturnType<typeof createFakeActivities>;

  const reportToBilling = (organizationId: string, usageReport: SupportUsageReport) => reportUsageToBilling(env.client, START_CONFIG, organizationId, usageReport);

  beforeAll(async () => {
    fake = createFakeActivities(reportToBilling);
    testServer = await startTimeSkippingWorker({ taskQueue: TASK_QUEUE, activities: () => fake.activities });
    env = testServer.env;
  }, 120_000);

  afterAll(async () => {
    await testServer?.stop();
  });

  beforeEach(() => {
    fake = createFakeActivities(reportToBilling);
  });

  const advanceTo = async (instant: number) => {
    const now = await env.currentTimeMs();
    if (instant > now) await env.sleep(instant - now);
  };
  /** The next month numbered `mm` ("03") after the server's current month. */
  const nextMonthNumbered = async (mm: string) => {
    let month = nextMonth(pragueMonth(new Date(await env.currentTimeMs())));
    while (month.slice(5) !== mm) month = nextMonth(month);
    return month;
  };
  const input = (month: string): SupportBillingInput => ({
    organizationId: randomUUID(),
    month,
    pdfTaskQueue: TASK_QUEUE,
    timing: { paymentDueDays: 14, reminderDaysBefore: 3, closeGraceMinutes: 60, lateUsageBatchSeconds: 300 },
  });
  const report = (wfInput: SupportBillingInput, usageReport: SupportUsageReport) =>
    env.client.workflow.signalWithStart(supportBillingWorkflow, {
      workflowId: supportBillingWorkflowId(wfInput.organizationId, wfInput.month),
      taskQueue: TASK_QUEUE,
      args: [wfInput],
      signal: supportUsageSignal,
      signalArgs: [usageReport],
    });
  const pay = (handle: WorkflowHandle<typeof supportBillingWorkflow>, amountHalere: number, invoiceNumber?: string, externalId = randomUUID()) =>
    handle.executeUpdate(recordSupportPaymentUpdate, {
      args: [{ actor: 'user:staff (STAFF)', externalId, source: 'MANUAL', amountHalere, receivedOn: '2027-04-10', ...(invoiceNumber ? { invoiceNumber } : {}) }],
    });

  it('March (spring DST): bills exactly its days, the 31st reported after midnight included, in one invoice on 1 April, with reminders and payment', async () => {
    const month = await nextMonthNumbered('03');
    const year = month.slice(0, 4);
    const wfInput = input(month);
    const march = [usage(`${month}-01`, 62 * 60), usage(`${month}-28`, 7200), usage(`${month}-31`, 40 * 60)];
    // Each day is reported when it is over in Prague, as its ticket does.
    const reportAfter = async (u: SupportUsageReport) => {
      await advanceTo(startOfPragueDay(addDays(u.supportDay, 1)).getTime() + SECOND);
      return report(wfInput, u);
    };
    const handle = await reportAfter(march[0]!);
    await reportAfter(march[1]!);
    // April's day reported to March's workflow by mistake: never billed in the wrong month.
    await handle.signal(supportUsageSignal, usage(`${nextMonth(month)}-01`, 600));

    const monthEnd = startOfNextPragueMonth(month).getTime();
    expect(new Date(monthEnd).toISOString()).toBe(`${year}-03-31T22:00:00.000Z`); // CEST: UTC+2
    await reportAfter(march[2]!);
    const closesAt = monthEnd + GRACE;
    await advanceTo(closesAt - MINUTE);
    expect(fake.of('issueSupportInvoice')).toHaveLength(0);
    expect((await handle.query(supportBillingStateQuery)).status).toBe('COLLECTING');

    await env.sleep(2 * MINUTE);
    const [issue] = fake.of('issueSupportInvoice');
    expectAt(issue!.at, closesAt);
    expect(issue!.input.month).toBe(month);
    expect(issue!.input.issueDate).toBe(`${year}-04-01`);
    expect(issue!.input.dueDate).toBe(`${year}-04-15`);
    expect(issue!.input.usages.map((u) => u.supportDay)).toEqual([`${month}-01`, `${month}-28`, `${month}-31`]);
    expect(issue!.input.usages.map((u) => u.billedMinutes)).toEqual([75, 120, 45]);

    const state = await handle.query(supportBillingStateQuery);
    expect(state.status).toBe('AWAITING_PAYMENT');
    expect(state.invoices).toHaveLength(1);
    const invoice = state.invoices[0]!;
    expect(fake.of('renderDocumentPdf').map((c) => c.input.documentId)).toEqual([invoice.documentId]);
    const emails = () => fake.of('sendSupportEmail').map((c) => ({ kind: c.input.message.kind, at: c.at, attach: c.input.documentIds }));
    expect(emails()).toEqual([{ kind: 'supportInvoice', at: expect.any(Number), attach: [invoice.documentId] }]);

    // Reminders: 3 days before the due date and on it, at the start of the Prague day.
    await advanceTo(startOfPragueDay(`${year}-04-15`).getTime() + HOUR);
    expect(emails().map((e) => e.kind)).toEqual(['supportInvoice', 'paymentReminder', 'paymentReminder']);
    expectAt(emails()[1]!.at, startOfPragueDay(`${year}-04-12`).getTime());
    expectAt(emails()[2]!.at, startOfPragueDay(`${year}-04-15`).getTime());

    const partialId = randomUUID();
    const partial = await pay(handle, 100_000, undefined, partialId);
    expect(partial).toMatchObject({ counted: true, paidHalere: 100_000, remainingHalere: invoice.payableHalere - 100_000, status: 'AWAITING_PAYMENT' });
    const again = await pay(handle, 100_000, undefined, partialId); // the same payment again: counted once
    expect(again).toMatchObject({ counted: false, paidHalere: 100_000 });
    const rest = await pay(handle, invoice.payableHalere - 100_000 + 500);
    expect(rest).toMatchObject({ counted: true, remainingHalere: 0, overpaidHalere: 500, status: 'PAID' });
    expect(emails().map((e) => e.kind).slice(3)).toEqual(['paymentReceived', 'overpaymentRecorded']);

    const final = await handle.result();
    expect(final.status).toBe('PAID');
    await saveHistory('support-billing-march-paid-graced', handle);
  });

  it("the import's bank payment, handed over by a signal, is recorded as staff's would; the same movement again counts once; before the invoice it goes back", async () => {
    const month = await nextMonthNumbered('06');
    const wfInput = input(month);
    const day = `${month}-10`;
    await advanceTo(startOfPragueDay(addDays(day, 1)).getTime() + SECOND);
    const handle = await report(wfInput, usage(day, 30 * 60));
    const bankPayment = (externalId: string, amountHalere: number, invoiceNumber?: string) => ({
      actor: 'cli:importer',
      externalId,
      source: 'BANK_IMPORT' as const,
      amountHalere,
      receivedOn: `${month}-20`,
      ...(invoiceNumber ? { invoiceNumber } : {}),
    });
    // No invoice yet (the month is still collecting): nothing to pay, back to staff.
    await handle.signal(supportBankPaymentSignal, bankPayment('bank:early', 1_000));
    await eventually(() => expect(fake.of('returnBankPayment').map((c) => c.input)).toEqual([{ movementId: 'bank:early', refusal: { type: 'PaymentRefused', message: `No support invoice has been issued for ${month} yet.` } }]));

    await advanceTo(startOfNextPragueMonth(month).getTime() + GRACE + MINUTE);
    const [invoice] = (await handle.query(supportBillingStateQuery)).invoices;
    await handle.signal(supportBankPaymentSignal, bankPayment('bank:1', invoice!.payableHalere, invoice!.number));
    await handle.signal(supportBankPaymentSignal, bankPayment('bank:1', invoice!.payableHalere, invoice!.number));
    expect((await handle.result()).status).toBe('PAID');
    expect(fake.of('recordSupportPayment').map((c) => c.input.externalId)).toEqual(['bank:1', 'bank:1']);
    expect(fake.of('sendSupportEmail').map((c) => c.input.message.kind)).toEqual(['supportInvoice', 'paymentReceived']);
    await saveHistory('support-billing-bank-payment-signal', handle);
  });

  it('due date extended by 10 days: the invoice\'s reminders fire 10 days later, not before', async () => {
    const month = await nextMonthNumbered('06');
    const year = month.slice(0, 4);
    const wfInput = input(month);
    const handle = await report(wfInput, usage(`${month}-10`, 3600));
    await advanceTo(startOfNextPragueMonth(month).getTime() + GRACE + HOUR);
    const [invoice] = (await handle.query(supportBillingStateQuery)).invoices;
    expect(invoice!.dueDate).toBe(`${year}-07-15`);
    const extend = (request: { days?: number; dueDate?: string; reason: string }, invoiceNumber = invoice!.number) =>
      handle.executeUpdate(extendSupportDueDateUpdate, { args: [{ actor: 'user:staff (STAFF)', invoiceNumber, ...request }] });
    expect(await updateRefusal(extend({ days: 0, reason: 'nothing' }))).toMatchObject({ type: 'ValidationError' });
    expect(await updateRefusal(extend({ days: 10, reason: 'other' }, '2099200999'))).toMatchObject({ type: 'DueDateNotExtendable' });

    const extended = await extend({ days: 10, reason: 'Čeká se na schválení objednávky' });
    expect(extended.dueDate).toBe(`${year}-07-25`);
    expect(fake.of('extendSupportDueDate')[0]!.input).toMatchObject({ documentId: invoice!.documentId, dueDate: `${year}-07-25`, actor: 'user:staff (STAFF)' });

    const emails = () => fake.of('sendSupportEmail').filter((c) => c.input.message.kind === 'paymentReminder').map((c) => c.at);
    // Past the old due date: no reminder yet.
    await advanceTo(startOfPragueDay(`${year}-07-16`).getTime());
    expect(emails()).toEqual([]);
    await advanceTo(startOfPragueDay(`${year}-07-25`).getTime() + HOUR);
    expect(emails()).toHaveLength(2);
    expectAt(emails()[0]!, startOfPragueDay(addDays(`${year}-07-12`, 10)).getTime());
    expectAt(emails()[1]!, startOfPragueDay(`${year}-07-25`).getTime());
    await pay(handle, invoice!.payableHalere);
    expect((await handle.result()).status).toBe('PAID');
    await saveHistory('support-billing-due-date-extended', handle);
  });

  it('October (autumn DST): the 25-hour last day, reported at 00:00 CET on 1 November, is on October\'s one invoice', async () => {
    const month = await nextMonthNumbered('10');
    const year = month.slice(0, 4);
    const wfInput = input(month);
    await advanceTo(startOfPragueDay(`${month}-02`).getTime());
    const handle = await report(wfInput, usage(`${month}-01`, 15 * 60));
    const monthEnd = startOfNextPragueMonth(month).getTime();
    expect(new Date(monthEnd).toISOString()).toBe(`${year}-10-31T23:00:00.000Z`); // CET: UTC+1
    await advanceTo(monthEnd + SECOND);
    await report(wfInput, usage(`${month}-31`, 30 * 60));
    const closesAt = monthEnd + GRACE;
    await advanceTo(closesAt - MINUTE);
    expect(fake.of('issueSupportInvoice')).toHaveLength(0);
    await env.sleep(2 * MINUTE);
    const [issue] = fake.of('issueSupportInvoice');
    expectAt(issue!.at, closesAt);
    expect(issue!.input.issueDate).toBe(`${year}-11-01`);
    expect(issue!.input.usages.map((u) => u.supportDay)).toEqual([`${month}-01`, `${month}-31`]);
    await handle.terminate('test done');
  });

  it('two tickets in one month give one invoice; a duplicate report of a ticket counts once', async () => {
    const month = await nextMonthNumbered('06');
    const wfInput = input(month);
    const first = usage(`${month}-10`, 1800);
    const handle = await report(wfInput, first);
    await report(wfInput, usage(`${month}-10`, 4000));
    await report(wfInput, first); // a retried report
    await report(wfInput, { ...first, usedSeconds: 7200, billedMinutes: 120 }); // same ticket again, other numbers: still once
    await advanceTo(startOfNextPragueMonth(month).getTime() + GRACE + MINUTE);
    const issues = fake.of('issueSupportInvoice');
    expect(issues).toHaveLength(1);
    expect(issues[0]!.input.usages).toHaveLength(2);
    expect(issues[0]!.input.usages.find((u) => u.ticketCode === first.ticketCode)).toMatchObject({ usedSeconds: 1800, billedMinutes: 30 });

    // The same report once more after the invoice: still nothing new to bill.
    await handle.signal(supportUsageSignal, first);
    await env.sleep(HOUR);
    expect(fake.of('issueSupportInvoice')).toHaveLength(1);
    expect((await handle.query(supportBillingStateQuery)).invoices).toHaveLength(1);
    await saveHistory('support-billing-two-tickets-duplicate', handle);
    await handle.terminate('test done');
  });

  it('a month without usage issues nothing', async () => {
    const month = await nextMonthNumbered('07');
    const wfInput = input(month);
    const handle = await env.client.workflow.start(supportBillingWorkflow, { workflowId: supportBillingWorkflowId(wfInput.organizationId, month), taskQueue: TASK_QUEUE, args: [wfInput] });
    await advanceTo(startOfNextPragueMonth(month).getTime() + DAY);
    const final = await handle.result();
    expect(final).toMatchObject({ status: 'NOTHING_TO_BILL', invoices: [] });
    expect(fake.calls).toHaveLength(0);
    await saveHistory('support-billing-nothing', handle);
  });

  it('usage reported after the month was invoiced goes on a supplementary invoice; late reports arriving together share one', async () => {
    const month = await nextMonthNumbered('08');
    const wfInput = input(month);
    const onTime = usage(`${month}-20`, 3600);
    await advanceTo(startOfPragueDay(`${month}-21`).getTime());
    const handle = await report(wfInput, onTime);
    await advanceTo(startOfNextPragueMonth(month).getTime() + 2 * HOUR);
    expect(fake.of('issueSupportInvoice')).toHaveLength(1);

    // Two tickets of the month's last day report late, one second apart (their worker was down).
    const late = [usage(`${month}-31`, 5000, `T-LATE1-${randomUUID().slice(0, 5).toUpperCase()}`), usage(`${month}-31`, 900, `T-LATE2-${randomUUID().slice(0, 5).toUpperCase()}`)];
    const firstLateAt = await env.currentTimeMs();
    await report(wfInput, late[0]!);
    await env.sleep(SECOND);
    await report(wfInput, late[1]!);
    await advanceTo(firstLateAt + LATE_BATCH - MINUTE);
    expect(fake.of('issueSupportInvoice')).toHaveLength(1);
    await env.sleep(2 * MINUTE);
    const issues = fake.of('issueSupportInvoice');
    expect(issues).toHaveLength(2);
    expect(issues[1]!.input.month).toBe(month);
    expect(issues[1]!.input.usages.map((u) => u.ticketCode)).toEqual(late.map((u) => u.ticketCode));
    const state = await handle.query(supportBillingStateQuery);
    expect(state.invoices.map((i) => ({ supplementary: i.supplementary, codes: i.ticketCodes }))).toEqual([
      { supplementary: false, codes: [onTime.ticketCode] },
      { supplementary: true, codes: late.map((u) => u.ticketCode) },
    ]);
    expect(fake.of('sendSupportEmail').filter((c) => c.input.message.kind === 'supportInvoice')).toHaveLength(2);

    // Each invoice is paid on its own; the month's billing ends when both are.
    await pay(handle, state.invoices[0]!.payableHalere, state.invoices[0]!.number);
    expect((await handle.query(supportBillingStateQuery)).status).toBe('AWAITING_PAYMENT');
    const last = await pay(handle, state.invoices[1]!.payableHalere, state.invoices[1]!.number);
    expect(last).toMatchObject({ invoiceNumber: state.invoices[1]!.number, remainingHalere: 0, status: 'PAID' });
    expect((await handle.result()).status).toBe('PAID');
    await saveHistory('support-billing-supplementary-batched', handle);
  });

  it('tickets and billing together: the last day\'s usage, a call running until midnight included, is reported after the month ends and lands on the month\'s one invoice', async () => {
    const month = await nextMonthNumbered('05');
    const organizationId = randomUUID();
    const expiresAt = new Date((await env.currentTimeMs()) + 400 * DAY).toISOString();
    const startTicket = async () => {
      const code = `T-${randomUUID().slice(0, 5).toUpperCase()}-${randomUUID().slice(0, 5).toUpperCase()}`;
      fake.tickets.set(code, { ticketId: randomUUID(), organizationId, expiresAt });
      return env.client.workflow.start(ticketWorkflow, { workflowId: ticketWorkflowId(code), taskQueue: TASK_QUEUE, args: [{ code, organizationId }] });
    };
    const consultant = { consultantId: 'user:consultant (CONSULTANT)' };
    const [early, lastDay] = [await startTicket(), await startTicket()];

    // The 10th: a 50-minute call.
    await advanceTo(pragueWallTimeToInstant(`${month}-10`, 10).getTime());
    await early.executeUpdate(startCallUpdate, { args: [consultant] });
    await env.sleep(50 * MINUTE);
    await early.executeUpdate(stopCallUpdate, { args: [consultant] });

    // The 31st: a call from 23:20 left running; the ticket ends it at midnight and reports then.
    await advanceTo(pragueWallTimeToInstant(`${month}-31`, 23, 20).getTime());
    await lastDay.executeUpdate(startCallUpdate, { args: [consultant] });
    const monthEnd = startOfNextPragueMonth(month).getTime();
    await advanceTo(monthEnd + GRACE + 10 * MINUTE);

    const reports = fake.of('reportSupportUsage');
    expect(reports.map((r) => r.input.supportDay)).toEqual([`${month}-10`, `${month}-31`]);
    // The real timing: the last day is reported when it is over, i.e. after the month has ended.
    expect(reports[1]!.at).toBeGreaterThanOrEqual(monthEnd);
    expect(reports[1]!.input.usedSeconds).toBeGreaterThan(39 * 60);
    expect(reports[1]!.input.usedSeconds).toBeLessThanOrEqual(40 * 60);
    expect(fake.of('recordCallEnded').map((c) => c.input.endReason)).toEqual(['STOPPED', 'DAY_ENDED']);

    const issues = fake.of('issueSupportInvoice');
    expect(issues).toHaveLength(1);
    expectAt(issues[0]!.at, monthEnd + GRACE);
    expect(issues[0]!.input.usages.map((u) => ({ day: u.supportDay, minutes: u.billedMinutes }))).toEqual([
      { day: `${month}-10`, minutes: 60 },
      { day: `${month}-31`, minutes: 45 },
    ]);
    const billing = env.client.workflow.getHandle(supportBillingWorkflowId(organizationId, month));
    const state = await billing.query(supportBillingStateQuery);
    expect(state.invoices.map((i) => i.supplementary)).toEqual([false]);
    expect(fake.of('sendSupportEmail').filter((c) => c.input.message.kind === 'supportInvoice')).toHaveLength(1);
    await saveHistory('support-billing-last-day-on-time', billing);
    await billing.terminate('test done');
  });
});
