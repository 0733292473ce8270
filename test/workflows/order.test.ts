import { randomUUID } from 'node:crypto';
import type { WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { addDays, pragueDate, startOfPragueDay } from '../../domain/prague-calendar';
import {
  cancelOrderUpdate,
  confirmOrderUpdate,
  extendDueDateUpdate,
  markDeliveredUpdate,
  markReturnedUpdate,
  orderStatusQuery,
  bankPaymentSignal,
  recordPaymentUpdate,
  shipOrderUpdate,
  statementsImportedSignal,
  type OrderWorkflowInput,
} from '../../workflows/order/contract';
import { orderWorkflow } from '../../workflows/order/workflow';
import { startCallUpdate, stopCallUpdate, ticketStateQuery, ticketWorkflowId, voidTicketSignal, type TicketWorkflow } from '../../workflows/support-ticket/contract';
import { startTimeSkippingWorker, updateRefusal, type TimeSkippingWorker } from '../helpers/workflow-test';
import { eventually } from '../helpers/eventually';
import { saveHistory } from '../helpers/history';
import { createFakeActivities, DAY, HOUR, INVOICE_TOTAL } from './order-fakes';

const TASK_QUEUE = 'order-workflow-test';

describe('orderWorkflow', () => {
  let testServer: TimeSkippingWorker;
  let env: TestWorkflowEnvironment;
  let fake: ReturnType<typeof createFakeActivities>;

  beforeAll(async () => {
    fake = createFakeActivities();
    testServer = await startTimeSkippingWorker({ taskQueue: TASK_QUEUE, activities: () => fake.activities });
    env = testServer.env;
  }, 120_000);

  afterAll(async () => {
    await testServer?.stop();
  });

  beforeEach(() => {
    fake = createFakeActivities();
  });

  const start = async (overrides: Partial<OrderWorkflowInput> = {}) => {
    const orderNumber = `2026-${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}`;
    const input: OrderWorkflowInput = {
      orderId: randomUUID(),
      orderNumber,
      organizationId: randomUUID(),
      paymentMethod: 'BANK_TRANSFER',
      hasComponents: true,
      timing: { draftTtlMs: 24 * HOUR, paymentDueDays: 14, reminderDaysBefore: 3, cancelDaysAfter: 7 },
      pdfTaskQueue: TASK_QUEUE,
      ...overrides,
    };
    return env.client.workflow.start(orderWorkflow, { workflowId: `order-${orderNumber}-${randomUUID()}`, taskQueue: TASK_QUEUE, args: [input] });
  };
  const staff = { actor: 'user:staff (STAFF)' };
  const pay = (handle: WorkflowHandle<typeof orderWorkflow>, amountHalere: number, externalId: string = randomUUID(), receivedOn = '2026-12-01') =>
    handle.executeUpdate(recordPaymentUpdate, { args: [{ ...staff, externalId, source: 'MANUAL', amountHalere, receivedOn }] });
  const refusal = updateRefusal;

  it('COD: confirmed with a tax invoice, shipped, delivered with the COD collected → COMPLETED', async () => {
    const handle = await start({ paymentMethod: 'COD' });
    const confirmed = await handle.executeUpdate(confirmOrderUpdate, { args: [{ actor: 'user:customer' }] });
    expect(confirmed.status).toBe('READY_TO_SHIP');
    expect(confirmed.documents.map((d) => d.kind)).toEqual(['ORDER_CONFIRMATION', 'TAX_INVOICE']);
    expect(fake.of('renderDocumentPdf')).toHaveLength(2);
    await fake.sent('orderConfirmed');

    await handle.executeUpdate(shipOrderUpdate, { args: [{ ...staff, carrier: 'Zásilkovna', trackingNumber: 'Z123' }] });
    const delivered = await handle.executeUpdate(markDeliveredUpdate, { args: [staff] });
    expect(delivered.status).toBe('COMPLETED');
    expect(fake.of('recordPayment')[0]!.input).toMatchObject({ source: 'COD', amountHalere: INVOICE_TOTAL });
    expect(fake.transitions()).toEqual(['DRAFT->CONFIRMED', 'CONFIRMED->READY_TO_SHIP', 'READY_TO_SHIP->SHIPPED', 'SHIPPED->DELIVERED', 'DELIVERED->COMPLETED']);
    expect((await handle.result()).status).toBe('COMPLETED');
    await saveHistory('order-cod-completed', handle);
  });

  it('with the mail server down, the confirm answers with its documents; the e-mail follows once, when SMTP is back', async () => {
    fake.mail.down = true;
    const handle = await start({ paymentMethod: 'COD' });
    const confirmed = await handle.executeUpdate(confirmOrderUpdate, { args: [{ actor: 'user:customer' }] });
    expect(confirmed.status).toBe('READY_TO_SHIP');
    expect(confirmed.documents.map((d) => d.kind)).toEqual(['ORDER_CONFIRMATION', 'TAX_INVOICE']);
    expect(fake.transitions()).toEqual(['DRAFT->CONFIRMED', 'CONFIRMED->READY_TO_SHIP']);
    // The order moves on meanwhile: shipped and delivered while the confirmation e-mail waits.
    await handle.executeUpdate(shipOrderUpdate, { args: [{ ...staff, carrier: 'Zásilkovna', trackingNumber: 'Z123' }] });
    expect((await handle.executeUpdate(markDeliveredUpdate, { args: [staff] })).status).toBe('COMPLETED');
    expect(fake.mail.failedAttempts).toBeGreaterThan(0);
    expect(fake.emails()).toEqual([]);
    // The run stays open until its e-mails are out.
    expect((await handle.describe()).status.name).toBe('RUNNING');

    fake.mail.down = false;
    expect((await handle.result()).status).toBe('COMPLETED');
    // Each message once, with the keys that make the Message-IDs.
    expect(fake.emails().map((e) => e.kind).sort()).toEqual(['orderConfirmed', 'orderShipped']);
    expect(new Set(fake.emails().map((e) => e.key)).size).toBe(2);
    await saveHistory('order-cod-completed-mail-server-down', handle);
  });

  it('bank transfer paid on time: tax invoice dated the payment day, then ships', async () => {
    const handle = await start();
    const confirmed = await handle.executeUpdate(confirmOrderUpdate, { args: [{ actor: 'user:customer' }] });
    expect(confirmed.status).toBe('AWAITING_PAYMENT');
    expect(confirmed.documents.map((d) => d.kind)).toEqual(['ORDER_CONFIRMATION', 'PROFORMA_INVOICE']);

    const refused = await refusal(handle.executeUpdate(shipOrderUpdate, { args: [{ ...staff, carrier: 'PPL', trackingNumber: '1' }] }));
    expect(refused.type).toBe('ShipRefused');
    expect(refused.message).toMatch(/not paid/);

    const paid = await pay(handle, INVOICE_TOTAL, 'bank-1', '2026-12-03');
    expect(paid).toMatchObject({ counted: true, remainingHalere: 0, status: 'READY_TO_SHIP' });
    const taxInvoice = fake.of('issueOrderDocument').find((c) => c.input.kind === 'TAX_INVOICE')!;
    expect(taxInvoice.input.taxableSupplyDate).toBe('2026-12-03');
    expect(taxInvoice.input.settlesDocumentId).toBeDefined();
    await fake.sent('orderConfirmed', 'paymentReceived');

    await handle.executeUpdate(shipOrderUpdate, { args: [{ ...staff, carrier: 'PPL', trackingNumber: '1' }] });
    expect((await handle.executeUpdate(markDeliveredUpdate, { args: [staff] })).status).toBe('COMPLETED');
    await saveHistory('order-transfer-paid', handle);
  });

  it('partial payment keeps waiting; the rest completes it; the same payment twice counts once', async () => {
    const handle = await start();
    await handle.executeUpdate(confirmOrderUpdate, { args: [{ actor: 'user:customer' }] });
    const partial = await pay(handle, 500_000, 'bank-a');
    expect(partial).toMatchObject({ counted: true, paidHalere: 500_000, remainingHalere: INVOICE_TOTAL - 500_000, status: 'AWAITING_PAYMENT' });
    const again = await pay(handle, 500_000, 'bank-a');
    expect(again).toMatchObject({ counted: false, paidHalere: 500_000, status: 'AWAITING_PAYMENT' });
    const rest = await pay(handle, INVOICE_TOTAL - 500_000, 'bank-b');
    expect(rest).toMatchObject({ remainingHalere: 0, status: 'READY_TO_SHIP' });
    expect(fake.of('issueOrderDocument').filter((c) => c.input.kind === 'TAX_INVOICE')).toHaveLength(1);
    await fake.sent('orderConfirmed', 'paymentReceived', 'paymentReceived');
    await saveHistory('order-partial-payment', handle);
  });

  it("the import's bank payment, handed over by a signal, is recorded as staff's would; the same movement again counts once; a draft hands it back", async () => {
    const handle = await start();
    const bankPayment = (externalId: string, amountHalere: number) => ({ actor: 'cli:importer', externalId, source: 'BANK_IMPORT' as const, amountHalere, receivedOn: '2026-12-04' });
    // Before the confirmation, no payment can be taken: back to staff with the workflow's reason.
    await handle.signal(bankPaymentSignal, bankPayment('bank:draft', 1_000));
    const returned = await eventually(() => fake.of('returnBankPayment')[0]!.input);
    expect(returned).toEqual({ movementId: 'bank:draft', refusal: { type: 'PaymentRefused', message: 'Order is DRAFT; a payment cannot be recorded on it.' } });
    expect(fake.of('recordPayment')).toHaveLength(0);

    await handle.executeUpdate(confirmOrderUpdate, { args: [{ actor: 'user:customer' }] });
    await handle.signal(bankPaymentSignal, bankPayment('bank:1', INVOICE_TOTAL));
    await handle.signal(bankPaymentSignal, bankPayment('bank:1', INVOICE_TOTAL));
    await eventually(async () => expect(await handle.query(orderStatusQuery)).toMatchObject({ status: 'READY_TO_SHIP', paidHalere: INVOICE_TOTAL, refundDueHalere: 0 }));
    expect(fake.of('issueOrderDocument').find((c) => c.input.kind === 'TAX_INVOICE')!.input.taxableSupplyDate).toBe('2026-12-04');
    expect(fake.of('recordPayment').map((c) => c.input.externalId)).toEqual(['bank:1', 'bank:1']);
    await fake.sent('orderConfirmed', 'paymentReceived');
    await saveHistory('order-bank-payment-signal', handle);
  });

  it('unpaid: reminders 3 days before and on the due date, cancelled 7 days after, proforma voided', async () => {
    const handle = await start();
    const confirmed = await handle.executeUpdate(confirmOrderUpdate, { args: [{ actor: 'user:customer' }] });
    const confirmedOn = pragueDate(new Date(fake.of('recordOrderTransition')[0]!.at));
    expect(confirmed.dueDate).toBe(addDays(confirmedOn, 14));

    const result = await handle.result(); // the server skips time: all timers fire
    expect(result.status).toBe('CANCELLED');
    const reminders = fake.emails().filter((e) => e.kind === 'paymentReminder');
    // The activity is scheduled a few milliseconds after its timer fires.
    const toSecond = (ms: number) => Math.floor(ms / 1000);
    expect(reminders.map((r) => toSecond(r.at))).toEqual([
      toSecond(startOfPragueDay(addDays(confirmedOn, 11)).getTime()),
      toSecond(startOfPragueDay(addDays(confirmedOn, 14)).getTime()),
    ]);
    expect(reminders.map((r) => (r.message as { onDueDate: boolean }).onDueDate)).toEqual([false, true]);
    const cancelled = fake.of('recordOrderTransition').find((c) => c.input.to === 'CANCELLED')!;
    expect(toSecond(cancelled.at)).toBe(toSecond(startOfPragueDay(addDays(confirmedOn, 22)).getTime()));
    expect(cancelled.input.actor).toBe('system');
    expect(fake.of('voidDocument')).toHaveLength(1);
    expect(fake.of('issueOrderDocument').some((c) => c.input.kind === 'CREDIT_NOTE')).toBe(false);
    expect(fake.emails().at(-1)).toMatchObject({ kind: 'orderCancelled', message: { reasonCode: 'NOT_PAID', proformaVoided: true } });
    await saveHistory('order-unpaid-cancelled', handle);
  });

  it('due date extended by 10 days: the reminders and the cancellation fire 10 days later, not before', async () => {
    const handle = await start();
    await handle.executeUpdate(confirmOrderUpdate, { args: [{ actor: 'user:customer' }] });
    const confirmedOn = pragueDate(new Date(fake.of('recordOrderTransition')[0]!.at));
    const toSecond = (ms: number) => Math.floor(ms / 1000);
    const dayStart = (days: number) => toSecond(startOfPragueDay(addDays(confirmedOn, days)).getTime());

    // Bad requests are refused with the rule, nothing moves.
    expect(await refusal(handle.executeUpdate(extendDueDateUpdate, { args: [{ ...staff, days: 10, dueDate: addDays(confirmedOn, 30), reason: 'both' }] }))).toMatchObject({ type: 'ValidationError' });
    expect(await refusal(handle.executeUpdate(extendDueDateUpdate, { args: [{ ...staff, dueDate: addDays(confirmedOn, 13), reason: 'earlier' }] }))).toMatchObject({ type: 'ValidationError' });
    expect(fake.of('extendOrderDueDate')).toHaveLength(0);

    const extended = await handle.executeUpdate(extendDueDateUpdate, { args: [{ ...staff, days: 10, reason: 'Zákazník čeká na schválení rozpočtu' }] });
    expect(extended.dueDate).toBe(addDays(confirmedOn, 24));
    expect(fake.of('extendOrderDueDate')[0]!.input).toMatchObject({ dueDate: addDays(confirmedOn, 24), reason: 'Zákazník čeká na schválení rozpočtu', actor: staff.actor });

    // Past the old cancellation day: nothing has fired yet.
    await env.sleep(23 * DAY);
    expect(fake.emails().filter((e) => e.kind === 'paymentReminder')).toHaveLength(1);
    expect((await handle.query(orderStatusQuery)).status).toBe('AWAITING_PAYMENT');

    const result = await handle.result();
    expect(result.status).toBe('CANCELLED');
    const reminders = fake.emails().filter((e) => e.kind === 'paymentReminder');
    expect(reminders.map((r) => toSecond(r.at))).toEqual([dayStart(21), dayStart(24)]);
    const cancelled = fake.of('recordOrderTransition').find((c) => c.input.to === 'CANCELLED')!;
    expect(toSecond(cancelled.at)).toBe(dayStart(32));
    await saveHistory('order-due-date-extended', handle);
  });

  it('cancellation waits until an imported statement covers the last day of grace', async () => {
    fake.statements.coveredUntil = null; // nothing imported yet
    const handle = await start({ timing: { draftTtlMs: 24 * HOUR, paymentDueDays: 14, reminderDaysBefore: 3, cancelDaysAfter: 7, cancelMaxWaitDays: 60 } });
    await handle.executeUpdate(confirmOrderUpdate, { args: [{ actor: 'user:customer' }] });
    const confirmedOn = pragueDate(new Date(fake.of('recordOrderTransition')[0]!.at));
    const lastDayOfGrace = addDays(confirmedOn, 21);

    await env.sleep(40 * DAY); // far past the deadline: the order must still be waiting
    expect(fake.of('statementsCoveredUntil')).toHaveLength(1);
    const deadline = startOfPragueDay(addDays(confirmedOn, 22)).getTime();
    expect(fake.of('statementsCoveredUntil')[0]!.at - deadline).toBeGreaterThanOrEqual(0);
    expect(fake.of('statementsCoveredUntil')[0]!.at - deadline).toBeLessThan(60_000);
    expect((await handle.query(orderStatusQuery)).status).toBe('AWAITING_PAYMENT');

    // A statement that ends before the deadline does not let it cancel.
    await handle.signal(statementsImportedSignal, { coveredUntil: addDays(lastDayOfGrace, -1) });
    await env.sleep(DAY);
    expect((await handle.query(orderStatusQuery)).status).toBe('AWAITING_PAYMENT');
    expect(fake.transitions()).not.toContain('AWAITING_PAYMENT->CANCELLED');

    // One that covers the last day of grace does.
    await handle.signal(statementsImportedSignal, { coveredUntil: lastDayOfGrace });
    const result = await handle.result();
    expect(result.status).toBe('CANCELLED');
    const cancelled = fake.of('recordOrderTransition').find((c) => c.input.to === 'CANCELLED')!;
    expect(cancelled.at).toBeGreaterThanOrEqual(startOfPragueDay(addDays(confirmedOn, 40)).getTime());
    expect(fake.emails().at(-1)).toMatchObject({ kind: 'orderCancelled', message: { reasonCode: 'NOT_PAID' } });
    await saveHistory('order-cancel-waited-for-statement', handle);
  });

  it('with no statement ever imported, the cancellation waits at most 7 days past the last day of grace, listed for staff, then cancels', async () => {
    fake.statements.coveredUntil = null; // staff record payments by hand; nothing is imported
    const handle = await start({ timing: { draftTtlMs: 24 * HOUR, paymentDueDays: 14, reminderDaysBefore: 3, cancelDaysAfter: 7, cancelMaxWaitDays: 7 } });
    await handle.executeUpdate(confirmOrderUpdate, { args: [{ actor: 'user:customer' }] });
    const confirmedOn = pragueDate(new Date(fake.of('recordOrderTransition')[0]!.at));
    const dayStart = (days: number) => startOfPragueDay(addDays(confirmedOn, days)).getTime();

    // The last day of grace (day 21) ends: the wait begins, with its reason and bound, for staff to see.
    await env.sleep(23 * DAY);
    const [waiting] = fake.of('setCancellationWait');
    expect(waiting!.at - dayStart(22)).toBeGreaterThanOrEqual(0);
    expect(waiting!.at - dayStart(22)).toBeLessThan(60_000);
    expect(waiting!.input.wait).toEqual({ since: expect.any(String), until: new Date(dayStart(29)).toISOString(), reason: `No bank statement imported yet; the last day of grace is ${addDays(confirmedOn, 21)}.` });
    expect(new Date(waiting!.input.wait!.since).getTime() - dayStart(22)).toBeLessThan(60_000);

    // A day before the bound it still waits: a payment may be on the account.
    await env.sleep(5 * DAY);
    expect((await handle.query(orderStatusQuery)).status).toBe('AWAITING_PAYMENT');
    expect(fake.transitions()).not.toContain('AWAITING_PAYMENT->CANCELLED');

    const result = await handle.result();
    expect(result.status).toBe('CANCELLED');
    const cancelled = fake.of('recordOrderTransition').find((c) => c.input.to === 'CANCELLED')!;
    expect(cancelled.at - dayStart(29)).toBeGreaterThanOrEqual(0);
    expect(cancelled.at - dayStart(29)).toBeLessThan(60_000);
    expect(fake.emails().at(-1)).toMatchObject({ kind: 'orderCancelled', message: { reasonCode: 'NOT_PAID' } });
    await saveHistory('order-cancel-wait-bounded', handle);
  });

  it('a statement covering the last day of grace ends the wait early: cancelled then, the wait cleared', async () => {
    fake.statements.coveredUntil = '2000-01-01';
    const handle = await start({ timing: { draftTtlMs: 24 * HOUR, paymentDueDays: 14, reminderDaysBefore: 3, cancelDaysAfter: 7, cancelMaxWaitDays: 7 } });
    await handle.executeUpdate(confirmOrderUpdate, { args: [{ actor: 'user:customer' }] });
    const confirmedOn = pragueDate(new Date(fake.of('recordOrderTransition')[0]!.at));
    await env.sleep(24 * DAY);
    expect(fake.of('setCancellationWait')[0]!.input.wait!.reason).toBe(`Imported bank statements cover up to 2000-01-01; the last day of grace is ${addDays(confirmedOn, 21)}.`);
    await handle.signal(statementsImportedSignal, { coveredUntil: addDays(confirmedOn, 23) });
    expect((await handle.result()).status).toBe('CANCELLED');
    const cancelled = fake.of('recordOrderTransition').find((c) => c.input.to === 'CANCELLED')!;
    expect(cancelled.at).toBeLessThan(startOfPragueDay(addDays(confirmedOn, 25)).getTime());
    // The transition leaving AWAITING_PAYMENT clears the wait in the database; no separate call.
    expect(fake.of('setCancellationWait').map((c) => c.input.wait === null)).toEqual([false]);
  });

  it('a payment imported while the cancellation waits settles the order instead', async () => {
    fake.statements.coveredUntil = '2000-01-01'; // only an old statement so far
    const handle = await start({ timing: { draftTtlMs: 24 * HOUR, paymentDueDays: 14, reminderDaysBefore: 3, cancelDaysAfter: 7, cancelMaxWaitDays: 60 } });
    await handle.executeUpdate(confirmOrderUpdate, { args: [{ actor: 'user:customer' }] });
    await env.sleep(30 * DAY);
    expect(fake.of('statementsCoveredUntil')).toHaveLength(1);
    expect((await handle.query(orderStatusQuery)).status).toBe('AWAITING_PAYMENT');

    // The late statement carries the payment made on time: the order ships, nothing is cancelled.
    const paid = await handle.executeUpdate(recordPaymentUpdate, { args: [{ actor: 'user:staff (STAFF)', externalId: 'gpc:2800000000:2026-12-10:1', source: 'BANK_IMPORT', amountHalere: INVOICE_TOTAL, receivedOn: '2026-12-10' }] });
    expect(paid.status).toBe('READY_TO_SHIP');
    await handle.signal(statementsImportedSignal, { coveredUntil: '2999-01-01' });
    await env.sleep(DAY);
    expect(fake.transitions()).not.toContain('AWAITING_PAYMENT->CANCELLED');
    expect(fake.of('voidDocument')).toHaveLength(0);
  });

  it('with the wait switched off, an unpaid order is cancelled on time without asking', async () => {
    fake.statements.coveredUntil = null;
    const handle = await start({ timing: { draftTtlMs: 24 * HOUR, paymentDueDays: 14, reminderDaysBefore: 3, cancelDaysAfter: 7, cancelWaitsForStatementImport: false } });
    await handle.executeUpdate(confirmOrderUpdate, { args: [{ actor: 'user:customer' }] });
    const confirmedOn = pragueDate(new Date(fake.of('recordOrderTransition')[0]!.at));
    expect((await handle.result()).status).toBe('CANCELLED');
    expect(fake.of('statementsCoveredUntil')).toHaveLength(0);
    const lateBy = fake.of('recordOrderTransition').find((c) => c.input.to === 'CANCELLED')!.at - startOfPragueDay(addDays(confirmedOn, 22)).getTime();
    expect(lateBy).toBeGreaterThanOrEqual(0);
    expect(lateBy).toBeLessThan(60_000);
  });

  it('a proforma that cannot be rendered flags the order with the reason, the confirm answers, staff cancel it', async () => {
    fake = createFakeActivities([], { renderFails: 'PROFORMA_INVOICE' });
    const handle = await start();
    const confirmed = await handle.executeUpdate(confirmOrderUpdate, { args: [{ actor: 'user:customer' }] });
    expect(confirmed.status).toBe('CONFIRMED');
    expect(confirmed.problem).toMatchObject({ kind: 'DOCUMENTS_FAILED', reason: expect.stringMatching(/Amount too large/) });
    // Rendered once: not retried.
    expect(fake.of('renderDocumentPdf').filter((c) => c.input.documentId === fake.documents().find((d) => d.kind === 'PROFORMA_INVOICE')!.documentId)).toHaveLength(1);
    expect(fake.of('flagOrderProblem')).toHaveLength(1);
    expect(fake.of('flagOrderProblem')[0]!.input).toMatchObject({ kind: 'DOCUMENTS_FAILED', actor: 'system', reason: confirmed.problem!.reason });
    expect(fake.emails()).toEqual([]);
    expect(fake.transitions()).toEqual(['DRAFT->CONFIRMED']);

    // It waits for staff, however long; cancelling voids the numbered proforma.
    await env.sleep(30 * DAY);
    expect((await handle.query(orderStatusQuery)).status).toBe('CONFIRMED');
    const cancelled = await handle.executeUpdate(cancelOrderUpdate, { args: [{ ...staff, reason: 'Proforma cannot be issued', by: 'STAFF' }] });
    expect(cancelled.status).toBe('CANCELLED');
    expect(fake.of('voidDocument').map((c) => c.input.documentId)).toEqual([fake.documents().find((d) => d.kind === 'PROFORMA_INVOICE')!.documentId]);
    await fake.sent('orderCancelled');
    await saveHistory('order-documents-failed', handle);
  });

  it('a confirmation whose invoice cannot be numbered is confirmed and flagged with nothing numbered; staff cancel it', async () => {
    fake = createFakeActivities([], { numberingFails: 'TAX_INVOICE' });
    const handle = await start({ paymentMethod: 'COD' });
    const confirmed = await handle.executeUpdate(confirmOrderUpdate, { args: [{ actor: 'user:customer' }] });
    expect(confirmed).toMatchObject({ status: 'CONFIRMED', documents: [], problem: { kind: 'DOCUMENTS_FAILED', reason: expect.stringMatching(/no address/) } });
    // Tried once, in one step that wrote nothing; then confirmed on its own and flagged.
    expect(fake.of('recordConfirmation')).toHaveLength(1);
    expect(fake.of('issueOrderDocument')).toHaveLength(0);
    expect(fake.of('renderDocumentPdf')).toHaveLength(0);
    expect(fake.transitions()).toEqual(['DRAFT->CONFIRMED']);
    expect(fake.of('flagOrderProblem')).toHaveLength(1);
    expect(fake.emails()).toEqual([]);

    const cancelled = await handle.executeUpdate(cancelOrderUpdate, { args: [{ ...staff, reason: 'Invoice cannot be issued', by: 'STAFF' }] });
    expect(cancelled.status).toBe('CANCELLED');
    expect(fake.of('voidDocument')).toHaveLength(0);
    expect(fake.of('issueOrderDocument')).toHaveLength(0);
    expect((await fake.sent('orderCancelled'))[0]!.message).toMatchObject({ proformaVoided: false });
    await saveHistory('order-numbering-failed', handle);
  });

  it('a draft nobody confirms expires after 24 hours', async () => {
    const handle = await start();
    const result = await handle.result();
    expect(result.status).toBe('EXPIRED');
    const [expired] = fake.of('recordOrderTransition');
    const startedAt = (await handle.describe()).startTime.getTime();
    expect(expired!.at - startedAt).toBeGreaterThanOrEqual(24 * HOUR);
    expect(expired!.at - startedAt).toBeLessThan(24 * HOUR + 60_000);
    expect(fake.of('issueOrderDocument')).toHaveLength(0);
    await saveHistory('order-draft-expired', handle);
  });

  it('customer cancels before shipping: unpaid proforma voided, no credit note', async () => {
    const handle = await start();
    await handle.executeUpdate(confirmOrderUpdate, { args: [{ actor: 'user:customer' }] });
    const cancelled = await handle.executeUpdate(cancelOrderUpdate, { args: [{ actor: 'user:customer', reason: 'Changed my mind', by: 'CUSTOMER' }] });
    expect(cancelled.status).toBe('CANCELLED');
    expect(fake.of('voidDocument')).toHaveLength(1);
    expect(fake.documents().map((d) => d.kind)).not.toContain('CREDIT_NOTE');
    // The workflow ends once its e-mails are out: no more updates (the API answers 409 from the stored status).
    await fake.sent('orderConfirmed', 'orderCancelled');
    await handle.result();
    await expect(pay(handle, 100)).rejects.toThrow(/not found|completed/i);
    await saveHistory('order-customer-cancel', handle);
  });

  it('staff cancel after the tax invoice issues a credit note; a paid order is flagged for refund', async () => {
    const handle = await start();
    await handle.executeUpdate(confirmOrderUpdate, { args: [{ actor: 'user:customer' }] });
    await pay(handle, INVOICE_TOTAL);
    await handle.executeUpdate(shipOrderUpdate, { args: [{ ...staff, carrier: 'PPL', trackingNumber: '9' }] });
    const customerTooLate = await refusal(handle.executeUpdate(cancelOrderUpdate, { args: [{ actor: 'user:customer', reason: 'x', by: 'CUSTOMER' }] }));
    expect(customerTooLate.type).toBe('CancelRefused');
    const cancelled = await handle.executeUpdate(cancelOrderUpdate, { args: [{ ...staff, reason: 'Damaged in warehouse', by: 'STAFF' }] });
    expect(cancelled).toMatchObject({ status: 'CANCELLED', refundDueHalere: INVOICE_TOTAL });
    const creditNote = fake.of('issueOrderDocument').find((c) => c.input.kind === 'CREDIT_NOTE')!;
    expect(creditNote.input.correctsDocumentId).toBe(fake.documents().find((d) => d.kind === 'TAX_INVOICE')!.documentId);
    await fake.sent('orderConfirmed', 'paymentReceived', 'orderShipped', 'orderCancelled');
    const mail = fake.of('sendOrderEmail').find((c) => c.input.message.kind === 'orderCancelled')!;
    expect(mail.input.documentIds).toEqual([fake.documents().find((d) => d.kind === 'CREDIT_NOTE')!.documentId]);
    await saveHistory('order-staff-cancel-credit-note', handle);
  });

  it('a returned COD parcel cancels the order with a credit note', async () => {
    const handle = await start({ paymentMethod: 'COD' });
    await handle.executeUpdate(confirmOrderUpdate, { args: [{ actor: 'user:customer' }] });
    await handle.executeUpdate(shipOrderUpdate, { args: [{ ...staff, carrier: 'Česká pošta', trackingNumber: 'DR123' }] });
    const returned = await handle.executeUpdate(markReturnedUpdate, { args: [{ ...staff, reason: 'Nepřevzato' }] });
    expect(returned).toMatchObject({ status: 'CANCELLED', refundDueHalere: 0 });
    expect(returned.documents.map((d) => d.kind)).toEqual(['ORDER_CONFIRMATION', 'TAX_INVOICE', 'CREDIT_NOTE']);
    const sent = await fake.sent('orderConfirmed', 'orderShipped', 'orderCancelled');
    expect(sent.find((e) => e.kind === 'orderCancelled')!.message).toMatchObject({ reasonCode: 'PARCEL_RETURNED' });
    await eventually(async () => expect((await handle.describe()).status.name).toBe('COMPLETED'));
    await saveHistory('order-cod-returned', handle);
  });

  it('mixed order: tickets issued at confirmation, listed in the e-mail, each with its own workflow', async () => {
    const codes = [`T-${randomUUID().slice(0, 8)}`, `T-${randomUUID().slice(0, 8)}`];
    fake = createFakeActivities(codes);
    const handle = await start({ paymentMethod: 'COD' });
    const confirmed = await handle.executeUpdate(confirmOrderUpdate, { args: [{ actor: 'user:customer' }] });
    expect(confirmed.ticketCodes).toEqual(codes);
    expect((await fake.sent('orderConfirmed'))[0]!.message).toEqual({ kind: 'orderConfirmed', ticketCodes: codes });
    for (const code of codes) {
      const ticket = env.client.workflow.getHandle<TicketWorkflow>(ticketWorkflowId(code));
      // Polled, not awaited with result(): awaiting a result lets the time-skipping server jump
      // to the order's next deadline (its execution timeout, 10 years on) while the order waits.
      await eventually(async () => expect((await ticket.describe()).status.name).toBe('COMPLETED'));
      expect((await ticket.describe()).type).toBe('ticketWorkflow');
      expect(await ticket.query(ticketStateQuery)).toMatchObject({ code, status: 'EXPIRED' });
    }
    await handle.executeUpdate(shipOrderUpdate, { args: [{ ...staff, carrier: 'PPL', trackingNumber: 'T1' }] });
    await handle.executeUpdate(markDeliveredUpdate, { args: [staff] });
    await saveHistory('order-mixed-tickets', handle);
  });

  it('cancelling an order voids its unused tickets (their workflows end VOID) and says so in the e-mail; a ticket in use stays', async () => {
    const [unused, used] = [`T-${randomUUID().slice(0, 8)}`, `T-${randomUUID().slice(0, 8)}`].sort() as [string, string];
    fake = createFakeActivities([unused, used]);
    fake.ticketStatus.set(unused, 'ISSUED').set(used, 'ISSUED');
    const handle = await start();
    await handle.executeUpdate(confirmOrderUpdate, { args: [{ actor: 'user:customer' }] });
    const usedTicket = env.client.workflow.getHandle<TicketWorkflow>(ticketWorkflowId(used));
    const unusedTicket = env.client.workflow.getHandle<TicketWorkflow>(ticketWorkflowId(unused));
    expect((await usedTicket.executeUpdate(startCallUpdate, { args: [{ consultantId: 'user:consultant' }] })).status).toBe('ACTIVE');

    const cancelled = await handle.executeUpdate(cancelOrderUpdate, { args: [{ actor: 'user:customer', reason: 'Not needed', by: 'CUSTOMER' }] });
    expect(cancelled.status).toBe('CANCELLED');
    // Polled, not awaited with result(): that would let the server skip time (the used ticket's day).
    await eventually(async () => expect((await unusedTicket.describe()).status.name).toBe('COMPLETED'));
    expect(await unusedTicket.query(ticketStateQuery)).toMatchObject({ code: unused, status: 'VOID' });
    expect(fake.of('recordTicketClosed').map((c) => c.input.status)).toEqual(['VOID']);
    expect(fake.emails().at(-1)!.message).toMatchObject({ kind: 'orderCancelled', voidedTicketCodes: [unused] });
    // The ticket in use is not touched, even when told to void (a cancellation racing its first call).
    await usedTicket.signal(voidTicketSignal, { orderNumber: 'x' });
    expect((await usedTicket.query(ticketStateQuery)).status).toBe('ACTIVE');
    expect(fake.of('recordTicketClosed').map((c) => c.input.status)).toEqual(['VOID']);
    expect((await usedTicket.executeUpdate(stopCallUpdate, { args: [{ consultantId: 'user:consultant' }] })).status).toBe('ACTIVE');
    await saveHistory('order-cancel-voids-tickets', handle);
    await saveHistory('support-ticket-voided', unusedTicket);
  });

  it('a service-only order completes at confirmation: nothing to ship or pay now', async () => {
    const handle = await start({ hasComponents: false });
    const confirmed = await handle.executeUpdate(confirmOrderUpdate, { args: [{ actor: 'user:customer' }] });
    expect(confirmed).toMatchObject({ status: 'COMPLETED', invoicedHalere: 0 });
    expect(confirmed.documents.map((d) => d.kind)).toEqual(['ORDER_CONFIRMATION']);
    expect((await handle.result()).status).toBe('COMPLETED');
  });

  it('overpayment is recorded, flagged for refund and told to the customer', async () => {
    const handle = await start();
    await handle.executeUpdate(confirmOrderUpdate, { args: [{ actor: 'user:customer' }] });
    const result = await pay(handle, INVOICE_TOTAL + 10_000);
    expect(result).toMatchObject({ overpaidHalere: 10_000, remainingHalere: 0, status: 'READY_TO_SHIP' });
    expect((await handle.query(orderStatusQuery)).refundDueHalere).toBe(10_000);
    await fake.sent('orderConfirmed', 'overpaymentRecorded', 'paymentReceived');
    await saveHistory('order-overpaid', handle);
  });

  it('confirming twice (even at once) confirms once and answers the same', async () => {
    const handle = await start();
    const [first, second] = await Promise.all([
      handle.executeUpdate(confirmOrderUpdate, { args: [{ actor: 'user:a' }] }),
      handle.executeUpdate(confirmOrderUpdate, { args: [{ actor: 'user:b' }] }),
    ]);
    const third = await handle.executeUpdate(confirmOrderUpdate, { args: [{ actor: 'user:a' }] });
    expect(second).toEqual(first);
    expect(third).toEqual(first);
    expect(fake.of('issueOrderDocument')).toHaveLength(2);
    await fake.sent('orderConfirmed');
    expect(fake.transitions().filter((t) => t === 'DRAFT->CONFIRMED')).toHaveLength(1);
    await saveHistory('order-duplicate-confirm', handle);
  });

  it('refuses what the state does not allow, with the reason', async () => {
    const handle = await start({ paymentMethod: 'COD' });
    expect((await refusal(pay(handle, 100))).type).toBe('PaymentRefused'); // a draft takes no payment
    expect((await refusal(handle.executeUpdate(markDeliveredUpdate, { args: [staff] }))).type).toBe('DeliveryRefused');
    await handle.executeUpdate(confirmOrderUpdate, { args: [{ actor: 'user:customer' }] });
    await handle.executeUpdate(shipOrderUpdate, { args: [{ ...staff, carrier: 'PPL', trackingNumber: '1' }] });
    const shipTwice = await refusal(handle.executeUpdate(shipOrderUpdate, { args: [{ ...staff, carrier: 'PPL', trackingNumber: '2' }] }));
    expect(shipTwice.message).toMatch(/SHIPPED/);
    const customerCancel = await refusal(handle.executeUpdate(cancelOrderUpdate, { args: [{ actor: 'user:c', reason: 'x', by: 'CUSTOMER' }] }));
    expect(customerCancel).toMatchObject({ type: 'CancelRefused' });
    expect(customerCancel.message).toMatch(/until the goods ship/);
    expect(fake.of('recordShipment')).toHaveLength(1);
  });
});
