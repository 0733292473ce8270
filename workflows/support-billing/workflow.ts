import { allHandlersFinished, condition, log, patched, proxyActivities, setHandler, sleep, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type { createSupportBillingActivities } from '../../activities/support-billing';
import { extendedDueDate, paymentSchedule } from '../../domain/order-rules';
import type { WorkflowRefusal } from '../../domain/errors';
import { paymentAmountProblem } from '../../domain/payments';
import { addDays, daysBetween, pragueDate, startOfNextPragueMonth, startOfPragueDay } from '../../domain/prague-calendar';
import { SUPPORT_BILLING_TIMING_DEFAULTS } from '../../domain/support-usage';
import { bankMovements } from '../shared/bank-movement-activities';
import { pdfActivities } from '../shared/pdf-activities';
import { refuse } from '../shared/refusal';
import { createSerializer } from '../shared/serializer';
import {
  extendSupportDueDateUpdate,
  recordSupportPaymentUpdate,
  supportBankPaymentSignal,
  supportBillingSearchAttributes,
  supportBillingStateQuery,
  supportBillingWorkflowId,
  supportUsageSignal,
  type ExtendSupportDueDateInput,
  type SupportBillingInput,
  type SupportBillingStatus,
  type SupportBillingView,
  type SupportEmailMessage,
  type SupportInvoiceRef,
  type SupportPaymentInput,
  type SupportPaymentResult,
  type SupportUsageReport,
} from './contract';
import { ACTIVITY_HEARTBEAT_TIMEOUT } from '../shared/activity-options';

const support = proxyActivities<ReturnType<typeof createSupportBillingActivities>>({
  startToCloseTimeout: '30 seconds',
  heartbeatTimeout: ACTIVITY_HEARTBEAT_TIMEOUT,
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute', nonRetryableErrorTypes: ['ValidationError'] },
});

interface OpenInvoice extends SupportInvoiceRef {
  reminders: { stage: 'reminder-before' | 'reminder-due'; date: string }[];
}

/**
 * Since this patch, billing closes a grace period after the Prague month end (tickets report
 * their day when it ends, so the last day's usage arrives just after the month) and late usage
 * waits a short window for other late reports. Runs started before it close at the month end and
 * invoice each late report at once.
 */
const CLOSE_GRACE_PATCH = 'support-billing-close-grace-and-late-batch';

/**
 * Support billing of one organisation and month (`support-billing-<org>-<YYYY-MM>`), started by
 * the first usage report (signal-with-start). It collects usage (once per ticket), sleeps until
 * the first instant of the next month in Europe/Prague plus a grace period (the last day's
 * tickets report when that day ends), issues ONE tax invoice with a line per support day,
 * renders, stores and e-mails it, then waits for payment with the order's reminders. Usage that
 * arrives after that invoice (truly late) goes on a supplementary invoice for the same month;
 * late reports arriving within a short window of each other share one.
 * The workflow completes once everything it invoiced is paid; a report arriving after that
 * starts a new run, and the invoice activity skips usage already invoiced (never billed twice).
 */
export async function supportBillingWorkflow(input: SupportBillingInput): Promise<SupportBillingView> {
  const pdf = pdfActivities(input.pdfTaskQueue);
  const { organizationId, month } = input;
  const workflowKey = supportBillingWorkflowId(organizationId, month);
  const serialized = createSerializer();
  const pending = new Map<string, SupportUsageReport>();
  const billed = new Set<string>();
  const invoices: OpenInvoice[] = [];
  let monthClosed = false;
  let paymentsSeen = 0;
  let dueDatesMoved = 0;
  let batches = 0;

  const remaining = (i: SupportInvoiceRef) => Math.max(0, i.payableHalere - i.paidHalere);
  const status = (): SupportBillingStatus => {
    if (!monthClosed || pending.size > 0) return 'COLLECTING';
    if (invoices.length === 0) return 'NOTHING_TO_BILL';
    return invoices.some((i) => remaining(i) > 0) ? 'AWAITING_PAYMENT' : 'PAID';
  };
  const view = (): SupportBillingView => ({
    organizationId,
    month,
    status: status(),
    pendingUsage: [...pending.values()],
    invoices: invoices.map(({ reminders: _reminders, ...ref }) => ({ ...ref, ticketCodes: [...ref.ticketCodes] })),
  });
  const email = (message: SupportEmailMessage, keySuffix: string, documentIds: string[] = []) =>
    support.sendSupportEmail({ key: `${workflowKey}:email:${keySuffix}`, organizationId, message, documentIds });

  setHandler(supportBillingStateQuery, view);

  setHandler(supportUsageSignal, (usage) => {
    // A report for another month would be billed in the wrong month: never accept it here.
    if (usage.supportDay.slice(0, 7) !== month) {
      log.warn('usage for another month ignored', { ticketCode: usage.ticketCode, supportDay: usage.supportDay, month });
      return;
    }
    if (billed.has(usage.ticketCode) || pending.has(usage.ticketCode)) return; // a retried report counts once
    pending.set(usage.ticketCode, usage);
  });

  /** Why this payment cannot be recorded now; null when it can. */
  const paymentRefusal = (payment: SupportPaymentInput): WorkflowRefusal | null => {
    const amountProblem = paymentAmountProblem(payment.amountHalere);
    if (amountProblem) return { type: 'ValidationError', message: amountProblem };
    if (invoices.length === 0) return { type: 'PaymentRefused', message: `No support invoice has been issued for ${month} yet.` };
    if (payment.invoiceNumber && !invoices.some((i) => i.number === payment.invoiceNumber)) {
      return { type: 'PaymentRefused', message: `Invoice ${payment.invoiceNumber} is not a support invoice of ${month}.` };
    }
    return null;
  };
  /** A payment: counted once per externalId, told to the customer. */
  const recordPayment = async (payment: SupportPaymentInput): Promise<SupportPaymentResult> => {
    const invoice = payment.invoiceNumber ? invoices.find((i) => i.number === payment.invoiceNumber) : (invoices.find((i) => remaining(i) > 0) ?? invoices[invoices.length - 1]);
    if (!invoice) return refuse('PaymentRefused', `No support invoice has been issued for ${month} yet.`);
    const before = invoice.paidHalere;
    const recorded = await support.recordSupportPayment({
      documentId: invoice.documentId,
      organizationId,
      externalId: payment.externalId,
      source: payment.source,
      amountHalere: payment.amountHalere,
      receivedOn: payment.receivedOn,
      actor: payment.actor,
    });
    invoice.paidHalere = recorded.paidHalere;
    if (recorded.counted && invoice.paidHalere > before) {
      paymentsSeen += 1;
      const overpaid = invoice.paidHalere - invoice.payableHalere;
      if (overpaid > 0) {
        await email({ kind: 'overpaymentRecorded', documentId: invoice.documentId, overpaidHalere: overpaid }, `overpaid:${payment.externalId}`);
      } else {
        await email(
          { kind: 'paymentReceived', documentId: invoice.documentId, amountReceivedHalere: payment.amountHalere, remainingHalere: remaining(invoice) },
          `paid:${payment.externalId}`,
        );
      }
    }
    const result: SupportPaymentResult = {
      counted: recorded.counted,
      invoiceNumber: invoice.number,
      paidHalere: invoice.paidHalere,
      remainingHalere: remaining(invoice),
      overpaidHalere: Math.max(0, invoice.paidHalere - invoice.payableHalere),
      status: status(),
    };
    return result;
  };
  setHandler(recordSupportPaymentUpdate, (payment) => serialized(() => recordPayment(payment)), {
    validator: (payment) => {
      const refused = paymentRefusal(payment);
      if (refused) refuse(refused.type, refused.message);
    },
  });
  setHandler(supportBankPaymentSignal, (payment) =>
    serialized(async () => {
      const refused = paymentRefusal(payment);
      if (refused) await bankMovements.returnBankPayment({ movementId: payment.externalId, refusal: refused });
      else await recordPayment(payment);
    }),
  );

  /** The open invoice a due-date extension is for, and its new due date; refuses anything else. */
  const extensionOf = (request: ExtendSupportDueDateInput) => {
    const invoice = invoices.find((i) => i.number === request.invoiceNumber);
    if (!invoice || remaining(invoice) === 0) return refuse('DueDateNotExtendable', `Invoice ${request.invoiceNumber} of ${month} is not awaiting payment.`);
    const extended = extendedDueDate(invoice.dueDate, request);
    if ('problem' in extended) return refuse('ValidationError', extended.problem);
    return { invoice, dueDate: extended.dueDate };
  };
  setHandler(
    extendSupportDueDateUpdate,
    (request) =>
      serialized(async () => {
        const { invoice, dueDate } = extensionOf(request);
        await support.extendSupportDueDate({ key: `${workflowKey}:due-date:${invoice.number}:${dueDate}`, documentId: invoice.documentId, dueDate, reason: request.reason, actor: request.actor });
        // Reminders not yet sent move by the same days; the deadline loop re-picks the next one.
        const days = daysBetween(invoice.dueDate, dueDate);
        invoice.reminders = invoice.reminders.map((r) => ({ ...r, date: addDays(r.date, days) }));
        invoice.dueDate = dueDate;
        dueDatesMoved += 1;
        const { reminders: _reminders, ...ref } = invoice;
        return { ...ref, ticketCodes: [...ref.ticketCodes] };
      }),
    { validator: (request) => void extensionOf(request) },
  );

  upsertSearchAttributes([
    { key: supportBillingSearchAttributes.organizationId, value: organizationId },
    { key: supportBillingSearchAttributes.month, value: month },
  ]);

  /** One invoice for every usage collected so far; the key makes each step safe to retry. */
  const invoicePending = async () => {
    const batch = [...pending.values()].sort((a, b) => (a.supportDay === b.supportDay ? a.ticketCode.localeCompare(b.ticketCode) : a.supportDay.localeCompare(b.supportDay)));
    if (batch.length === 0) return;
    const issueDate = pragueDate(new Date());
    const schedule = paymentSchedule(issueDate, input.timing.paymentDueDays, input.timing.reminderDaysBefore, 0);
    batches += 1;
    // Per run and batch: a retry gets the same document; a later run of the month never reuses one.
    const key = `${workflowKey}:${workflowInfo().runId}:invoice:${batches}`;
    const issued = await support.issueSupportInvoice({ key, organizationId, month, usages: batch, issueDate, dueDate: schedule.dueDate });
    for (const usage of batch) {
      pending.delete(usage.ticketCode);
      billed.add(usage.ticketCode);
    }
    // Null: every usage of the batch was already invoiced by an earlier run of this month.
    if (!issued) return;
    await pdf.renderDocumentPdf({ documentId: issued.documentId });
    invoices.push({
      ...issued,
      paidHalere: 0,
      issueDate,
      dueDate: schedule.dueDate,
      reminders: [
        { stage: 'reminder-before', date: schedule.firstReminderDate },
        { stage: 'reminder-due', date: schedule.dueReminderDate },
      ],
    });
    upsertSearchAttributes([{ key: supportBillingSearchAttributes.documentNumbers, value: invoices.map((i) => i.number) }]);
    await email({ kind: 'supportInvoice', documentId: issued.documentId }, `invoice:${issued.number}`, [issued.documentId]);
  };

  // The month is billed once it is over in Prague (DST-safe: the instant comes from the calendar)
  // and its last day's tickets had the grace period to report.
  const graced = patched(CLOSE_GRACE_PATCH);
  const graceMs = graced ? (input.timing.closeGraceMinutes ?? SUPPORT_BILLING_TIMING_DEFAULTS.closeGraceMinutes) * 60_000 : 0;
  const lateBatchMs = (input.timing.lateUsageBatchSeconds ?? SUPPORT_BILLING_TIMING_DEFAULTS.lateUsageBatchSeconds) * 1000;
  const closesAt = startOfNextPragueMonth(month).getTime() + graceMs;
  // A run started after the close (a late report after the month's billing ended) has only late usage.
  let late = closesAt <= Date.now();
  if (!late) await sleep(closesAt - Date.now());
  monthClosed = true;

  for (;;) {
    if (pending.size > 0) {
      // Late usage: other late reports (e.g. the tickets of a worker that was down) arriving
      // within the window go on the same supplementary invoice.
      if (graced && late) await sleep(lateBatchMs);
      await serialized(invoicePending);
    }
    late = true;
    const open = invoices.filter((i) => remaining(i) > 0);
    if (open.length === 0 && pending.size === 0) break;
    const next = open
      .flatMap((invoice) => invoice.reminders.map((reminder) => ({ invoice, reminder, at: startOfPragueDay(reminder.date).getTime() })))
      .sort((a, b) => a.at - b.at)[0];
    const seen = paymentsSeen;
    const moved = dueDatesMoved;
    const woken = () => pending.size > 0 || paymentsSeen !== seen || dueDatesMoved !== moved;
    const changed = next ? await condition(woken, Math.max(1, next.at - Date.now())) : (await condition(woken), true);
    if (!changed && next) {
      await serialized(async () => {
        const { invoice, reminder } = next;
        // Moved by an extension that ran while this one waited its turn: the loop awaits it anew.
        if (!invoice.reminders.includes(reminder)) return;
        invoice.reminders = invoice.reminders.filter((r) => r !== reminder);
        if (remaining(invoice) === 0) return;
        await email(
          { kind: 'paymentReminder', documentId: invoice.documentId, onDueDate: reminder.stage === 'reminder-due', remainingHalere: remaining(invoice) },
          `${reminder.stage}:${invoice.number}`,
        );
      });
    }
  }

  await condition(allHandlersFinished);
  return view();
}
