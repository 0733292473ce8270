import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import type { DocumentContent } from '../documents/document-content';
import { renderEmail, type EmailSpec } from '../emails';
import { SYSTEM_ACTOR } from '../domain/actor';
import type { PaymentSource } from '../domain/payments';
import { fromDateColumn } from '../domain/prague-calendar';
import { billedMinutes, supportAmountHalere } from '../domain/support-usage';
import type { Prisma } from '../infra/db';
import {
  supportBillingWorkflow,
  supportBillingWorkflowId,
  supportUsageSignal,
  type SupportBillingInput,
  type SupportInvoiceRef,
  type SupportUsageReport,
} from '../workflows/support-billing';
import type { CallEndReason, TicketStatus } from '../workflows/support-ticket';
import { recordAudit } from './audit';
import { recordLedgerPayment, type IncomingPayment } from './payment-ledger';
import type { ActivityDeps } from './deps';
import { issueNumberedDocument } from './document-numbering';
import { buildSupportInvoiceContent } from './support-invoice-content';

export const SUPPORT_SKU = 'SUPPORT-DAY';

/** What the billing workflow asks to tell the customer; the rest is looked up when sending. */
export type SupportEmailMessage =
  | { kind: 'supportInvoice'; documentId: string }
  | { kind: 'paymentReminder'; documentId: string; onDueDate: boolean; remainingHalere: number }
  | { kind: 'paymentReceived'; documentId: string; amountReceivedHalere: number; remainingHalere: number }
  | { kind: 'overpaymentRecorded'; documentId: string; overpaidHalere: number };

const notFound = (message: string) => ApplicationFailure.create({ type: 'TicketNotFound', message, nonRetryable: true });

/**
 * Activities of the ticket and support-billing workflows: each mirrors one step into
 * PostgreSQL (or sends one message), safe to retry.
 */
export function createSupportActivities(deps: ActivityDeps) {
  const { db, config, mailer, temporal } = deps;

  const ticketAudit = async (
    tx: Prisma.TransactionClient,
    ticket: { id: string; organizationId: string },
    entry: { key: string; actor: string; action: string; from?: string; to?: string; details?: Prisma.InputJsonValue; at?: string },
  ) =>
    recordAudit(tx, {
      key: entry.key,
      actor: entry.actor,
      organizationId: ticket.organizationId,
      entityType: 'TICKET',
      entityId: ticket.id,
      action: entry.action,
      fromState: entry.from ?? null,
      toState: entry.to ?? null,
      ...(entry.details !== undefined ? { details: entry.details } : {}),
      ...(entry.at ? { at: new Date(entry.at) } : {}),
    });

  return {
    /** The ticket's stored record: where its workflow starts (or resumes) from. */
    async loadTicket(input: { code: string }): Promise<{
      ticketId: string;
      organizationId: string;
      status: TicketStatus;
      supportDay: string | null;
      usedSeconds: number;
      expiresAt: string;
    }> {
      const ticket = await db.supportTicket.findUnique({ where: { code: input.code } });
      if (!ticket) throw notFound(`No support ticket ${input.code}.`);
      return {
        ticketId: ticket.id,
        organizationId: ticket.organizationId,
        status: ticket.status,
        supportDay: ticket.supportDay,
        usedSeconds: ticket.usedSeconds,
        expiresAt: ticket.expiresAt.toISOString(),
      };
    },

    async recordTicketActivated(input: { ticketId: string; code: string; supportDay: string; actor: string; at: string }): Promise<void> {
      await db.$transaction(async (tx) => {
        const ticket = await tx.supportTicket.update({ where: { id: input.ticketId }, data: { status: 'ACTIVE', supportDay: input.supportDay } });
        await ticketAudit(tx, ticket, { key: `ticket:${input.ticketId}:active`, actor: input.actor, action: 'STATUS_CHANGED', from: 'ISSUED', to: 'ACTIVE', details: { supportDay: input.supportDay }, at: input.at });
      });
    },

    async recordCallStarted(input: { ticketId: string; consultantId: string; startedAt: string }): Promise<void> {
      const startedAt = new Date(input.startedAt);
      await db.$transaction(async (tx) => {
        const ticket = await tx.supportTicket.findUniqueOrThrow({ where: { id: input.ticketId } });
        await tx.supportCall.upsert({
          where: { ticketId_startedAt: { ticketId: input.ticketId, startedAt } },
          update: {},
          create: { ticketId: input.ticketId, consultantId: input.consultantId, startedAt },
        });
        await ticketAudit(tx, ticket, { key: `ticket:${input.ticketId}:call:${input.startedAt}:start`, actor: input.consultantId, action: 'CALL_STARTED', at: input.startedAt });
      });
    },

    async recordCallEnded(input: { ticketId: string; startedAt: string; endedAt: string; endReason: CallEndReason; usedSeconds: number; actor: string }): Promise<void> {
      await db.$transaction(async (tx) => {
        await tx.supportCall.update({
          where: { ticketId_startedAt: { ticketId: input.ticketId, startedAt: new Date(input.startedAt) } },
          data: { endedAt: new Date(input.endedAt), endReason: input.endReason },
        });
        const ticket = await tx.supportTicket.update({ where: { id: input.ticketId }, data: { usedSeconds: input.usedSeconds } });
        await ticketAudit(tx, ticket, {
          key: `ticket:${input.ticketId}:call:${input.startedAt}:end`,
          actor: input.actor,
          action: 'CALL_ENDED',
          details: { endReason: input.endReason, usedSeconds: input.usedSeconds },
          at: input.endedAt,
        });
      });
    },

    async recordTicketClosed(input: { ticketId: string; status: 'CONSUMED' | 'EXPIRED'; usedSeconds: number; at: string }): Promise<void> {
      await db.$transaction(async (tx) => {
        const before = await tx.supportTicket.findUniqueOrThrow({ where: { id: input.ticketId } });
        const ticket = await tx.supportTicket.update({ where: { id: input.ticketId }, data: { status: input.status, usedSeconds: input.usedSeconds } });
        await ticketAudit(tx, ticket, {
          key: `ticket:${input.ticketId}:${input.status.toLowerCase()}`,
          actor: SYSTEM_ACTOR,
          action: 'STATUS_CHANGED',
          from: before.status,
          to: input.status,
          details: { usedSeconds: input.usedSeconds },
          at: input.at,
        });
      });
    },

    /**
     * Records the day's usage (one row per ticket, priced with today's SUPPORT-DAY rate) and
     * signals it to the organisation's billing month, starting that workflow if needed. A retry
     * finds the row and sends the same report; the billing workflow counts a ticket once.
     */
    async reportSupportUsage(input: { ticketId: string; code: string; organizationId: string; supportDay: string; usedSeconds: number }): Promise<{
      reported: boolean;
      month: string;
      billedMinutes: number;
      amountHalere: number;
    }> {
      const month = input.supportDay.slice(0, 7);
      const minutes = billedMinutes(input.usedSeconds);
      const product = await db.product.findUniqueOrThrow({ where: { sku: SUPPORT_SKU } });
      const usage = await db.supportUsage.upsert({
        where: { ticketId: input.ticketId },
        update: {},
        create: {
          ticketId: input.ticketId,
          organizationId: input.organizationId,
          month,
          supportDay: input.supportDay,
          billedMinutes: minutes,
          amountHalere: supportAmountHalere(minutes, product.unitPriceHalere),
        },
      });
      // Nothing to bill for a day whose calls lasted under a second.
      if (usage.billedMinutes === 0) return { reported: false, month, billedMinutes: 0, amountHalere: 0 };
      const report: SupportUsageReport = {
        ticketId: input.ticketId,
        ticketCode: input.code,
        supportDay: usage.supportDay,
        usedSeconds: input.usedSeconds,
        billedMinutes: usage.billedMinutes,
        // The rate the amount was computed with: hourly = amount × 60 / minutes.
        hourlyRateHalere: Math.round((usage.amountHalere * 60) / usage.billedMinutes),
        vatRatePercent: product.vatRatePercent,
        amountHalere: usage.amountHalere,
      };
      const billingInput: SupportBillingInput = {
        organizationId: input.organizationId,
        month: usage.month,
        pdfTaskQueue: config.TEMPORAL_PDF_TASK_QUEUE,
        timing: { paymentDueDays: config.PAYMENT_DUE_DAYS, reminderDaysBefore: config.PAYMENT_REMINDER_DAYS_BEFORE },
      };
      await temporal.workflow.signalWithStart(supportBillingWorkflow, {
        workflowId: supportBillingWorkflowId(input.organizationId, usage.month),
        // The queue this worker serves is where the billing workflow runs too.
        taskQueue: Context.current().info.taskQueue,
        args: [billingInput],
        signal: supportUsageSignal,
        signalArgs: [report],
      });
      return { reported: true, month: usage.month, billedMinutes: usage.billedMinutes, amountHalere: usage.amountHalere };
    },

    /**
     * Issues the month's (or a supplementary) support invoice for the usage given, skipping usage
     * another invoice already carries (so usage is never billed twice, whichever run reports it).
     * The key is the workflow's (run and batch): a retry returns the same document. Null when
     * nothing is left to bill.
     */
    async issueSupportInvoice(input: {
      key: string;
      organizationId: string;
      month: string;
      usages: SupportUsageReport[];
      issueDate: string;
      dueDate: string;
    }): Promise<Omit<SupportInvoiceRef, 'paidHalere' | 'issueDate' | 'dueDate'> | null> {
      const { key } = input;
      const ref = (document: { id: string; number: string; content: unknown }, supplementary: boolean) => {
        const content = document.content as DocumentContent;
        return { documentId: document.id, number: document.number, payableHalere: content.payableHalere, supplementary, ticketCodes: codesOf(content) };
      };
      const earlierOf = (before?: Date) =>
        db.document.findFirst({
          where: { organizationId: input.organizationId, supportMonth: input.month, type: 'TAX_INVOICE', ...(before ? { createdAt: { lt: before } } : {}) },
          orderBy: { createdAt: 'asc' },
        });
      const existing = await db.document.findUnique({ where: { key } });
      if (existing) return ref(existing, !!(await earlierOf(existing.createdAt)));

      const wrongMonth = input.usages.find((u) => u.supportDay.slice(0, 7) !== input.month);
      if (wrongMonth) throw ApplicationFailure.create({ type: 'ValidationError', message: `Usage of ${wrongMonth.supportDay} does not belong to ${input.month}.`, nonRetryable: true });

      const alreadyInvoiced = await db.supportUsage.findMany({
        where: { ticketId: { in: input.usages.map((u) => u.ticketId) }, invoiceNumber: { not: null } },
        select: { ticketId: true },
      });
      const done = new Set(alreadyInvoiced.map((u) => u.ticketId));
      const usages = input.usages.filter((u) => !done.has(u.ticketId));
      if (usages.length === 0) return null;

      const org = await db.organization.findUniqueOrThrow({ where: { id: input.organizationId } });
      const product = await db.product.findUniqueOrThrow({ where: { sku: SUPPORT_SKU } });
      const earlier = await earlierOf();
      const document = await issueNumberedDocument(db, {
        key,
        kind: 'TAX_INVOICE',
        organizationId: input.organizationId,
        supportMonth: input.month,
        issueDate: input.issueDate,
        build: (number) =>
          buildSupportInvoiceContent(org, config, {
            number,
            month: input.month,
            issueDate: input.issueDate,
            dueDate: input.dueDate,
            usages,
            productName: { CS: product.nameCs, EN: product.nameEn },
            // Another invoice of this month exists (this run's or an earlier run's): this one supplements it.
            supplements: earlier?.number,
          }),
      });
      await db.supportUsage.updateMany({
        where: { ticketId: { in: usages.map((u) => u.ticketId) }, invoiceNumber: null },
        data: { invoiceNumber: document.number },
      });
      return ref(document, !!earlier);
    },

    /** A payment on a support invoice; the same externalId is counted once. */
    async recordSupportPayment(input: IncomingPayment & { documentId: string; organizationId: string; source: Exclude<PaymentSource, 'COD'> }): Promise<{ counted: boolean; paidHalere: number }> {
      return db.$transaction(async (tx) => {
        const document = await tx.document.findUniqueOrThrow({ where: { id: input.documentId } });
        const counted = await recordLedgerPayment(tx, {
          ...input,
          organizationId: document.organizationId,
          documentId: document.id,
          variableSymbol: document.variableSymbol,
          audit: { entityType: 'SUPPORT_BILLING', entityId: document.id, details: { invoiceNumber: document.number } },
        });
        const { _sum } = await tx.payment.aggregate({ where: { documentId: document.id }, _sum: { amountHalere: true } });
        const paidHalere = _sum.amountHalere ?? 0;
        await tx.document.update({ where: { id: document.id }, data: { paidHalere } });
        return { counted, paidHalere };
      });
    },

    async sendSupportEmail(input: { key: string; organizationId: string; message: SupportEmailMessage; documentIds: string[] }): Promise<void> {
      const org = await db.organization.findUniqueOrThrow({ where: { id: input.organizationId } });
      const document = await db.document.findUniqueOrThrow({ where: { id: input.message.documentId } });
      const attachments = await Promise.all(
        input.documentIds.map(async (id) => {
          const attached = id === document.id ? document : await db.document.findUniqueOrThrow({ where: { id } });
          if (!attached.pdf) throw new Error(`document ${id} has no stored PDF yet`);
          return { fileName: attached.fileName, content: Buffer.from(attached.pdf), contentType: 'application/pdf' };
        }),
      );
      const bank = { bankAccount: config.SUPPLIER_BANK_ACCOUNT, iban: config.SUPPLIER_IBAN };
      const dueDate = fromDateColumn(document.dueDate) ?? '';
      const message = input.message;
      const spec: EmailSpec =
        message.kind === 'supportInvoice'
          ? { type: 'supportInvoice', ...bank, month: document.supportMonth ?? '', invoiceNumber: document.number, amountHalere: document.grossHalere, dueDate, variableSymbol: document.variableSymbol ?? document.number }
          : message.kind === 'paymentReminder'
            ? {
                type: 'paymentReminder',
                ...bank,
                stage: message.onDueDate ? 'DUE_TODAY' : 'BEFORE_DUE',
                documentNumber: document.number,
                amountDueHalere: message.remainingHalere,
                dueDate,
                variableSymbol: document.variableSymbol ?? document.number,
              }
            : message.kind === 'paymentReceived'
              ? {
                  type: 'paymentReceived',
                  documentNumber: document.number,
                  amountReceivedHalere: message.amountReceivedHalere,
                  ...(message.remainingHalere > 0 ? { remainingHalere: message.remainingHalere } : {}),
                }
              : { type: 'overpaymentRecorded', documentNumber: document.number, overpaidHalere: message.overpaidHalere };
      const email = renderEmail({ language: org.language, portalUrl: config.API_PUBLIC_URL, supportEmail: config.SUPPORT_MAILBOX }, spec);
      await mailer.send({ key: input.key, organizationId: org.id, to: org.contactEmail, ...email, attachments });
    },
  };
}

/** The ticket codes an issued support invoice carries (each line's ticketCode). */
function codesOf(content: DocumentContent): string[] {
  return content.lines.flatMap((l) => (l.ticketCode ? [l.ticketCode] : []));
}
