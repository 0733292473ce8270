import { ApplicationFailure } from '@temporalio/common';
import type { DocumentContent } from '../documents/document-content';
import type { PaymentSource } from '../domain/payments';
import { renderEmail, type EmailSpec } from '../emails';
import { issueDocumentOrFail } from './numbered-document';
import type { Prisma } from '../infra/db';
import { moveDueDate, type DueDateChange } from '../persistence/due-date';
import { paidTotalHalere, recordLedgerPayment, type IncomingPayment } from '../persistence/payment-ledger';
import type { SupportEmailRequest, SupportInvoiceRef, SupportUsageReport } from '../workflows/support-billing/contract';
import type { ActivityDeps } from './deps';
import { bankDetails, emailContext, overpaymentSpec, paymentReminderSpec, documentAttachments } from './emails';
import { SUPPORT_SKU } from './support-ticket';
import { buildSupportInvoiceContent } from './support-invoice-content';

/**
 * Activities of the support billing workflow: the month's invoices, their payments and e-mails,
 * each safe to retry.
 */
export function createSupportBillingActivities({ db, config, mailer }: Pick<ActivityDeps, 'db' | 'config' | 'mailer'>) {
  return {
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
      if (existing) {
        // A retry after the invoice was stored: its usage rows were marked in the same
        // transaction; marking again repairs a row an older build left unmarked.
        const codes = new Set(codesOf(existing.content as unknown as DocumentContent));
        await markInvoiced(db, input.usages.filter((u) => codes.has(u.ticketCode)), existing.number);
        return ref(existing, !!(await earlierOf(existing.createdAt)));
      }

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
      const document = await issueDocumentOrFail(db, {
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
        // The invoice and the marks on what it bills commit together: a crash between them
        // would leave usage that a later run bills again.
        alsoWrite: (tx, issued) => markInvoiced(tx, usages, issued.number),
      });
      return ref(document, !!earlier);
    },

    /** Staff extended a support invoice's due date: stored and audited. */
    async extendSupportDueDate(input: Omit<DueDateChange, 'entityType' | 'entityId'>): Promise<void> {
      await moveDueDate(db, { ...input, entityType: 'SUPPORT_BILLING', entityId: input.documentId });
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
        const paidHalere = await paidTotalHalere(tx, { documentId: document.id });
        await tx.document.update({ where: { id: document.id }, data: { paidHalere } });
        return { counted, paidHalere };
      });
    },

    async sendSupportEmail(input: SupportEmailRequest): Promise<void> {
      const org = await db.organization.findUniqueOrThrow({ where: { id: input.organizationId } });
      const document = await db.document.findUniqueOrThrow({ where: { id: input.message.documentId } });
      const attachments = (
        await Promise.all(input.documentIds.map(async (id) => documentAttachments(id === document.id ? document : await db.document.findUniqueOrThrow({ where: { id } }), id)))
      ).flat();
      const payable = { number: document.number, dueDate: document.dueDate?.toISOString().slice(0, 10) ?? '', variableSymbol: document.variableSymbol ?? document.number };
      const message = input.message;
      const spec: EmailSpec =
        message.kind === 'supportInvoice'
          ? { type: 'supportInvoice', ...bankDetails(config), month: document.supportMonth ?? '', invoiceNumber: document.number, amountHalere: document.grossHalere, dueDate: payable.dueDate, variableSymbol: payable.variableSymbol }
          : message.kind === 'paymentReminder'
            ? paymentReminderSpec(config, payable, message.onDueDate, message.remainingHalere, { invoiceNumber: document.number })
            : message.kind === 'paymentReceived'
              ? {
                  type: 'paymentReceived',
                  documentNumber: document.number,
                  amountReceivedHalere: message.amountReceivedHalere,
                  ...(message.remainingHalere > 0 ? { remainingHalere: message.remainingHalere } : {}),
                  page: { invoiceNumber: document.number },
                }
              : overpaymentSpec(document.number, message.overpaidHalere);
      const email = renderEmail(emailContext(config, org.language, attachments), spec);
      await mailer.send({ key: input.key, organizationId: org.id, to: org.contactEmail, ...email, attachments });
    },
  };
}

/** Marks usage rows as billed by `invoiceNumber`; a row already on an invoice keeps it. */
async function markInvoiced(db: Prisma.TransactionClient, usages: SupportUsageReport[], invoiceNumber: string): Promise<void> {
  if (usages.length === 0) return;
  await db.supportUsage.updateMany({ where: { ticketId: { in: usages.map((u) => u.ticketId) }, invoiceNumber: null }, data: { invoiceNumber } });
}

/** The ticket codes an issued support invoice carries (from its lines' detail). */
function codesOf(content: DocumentContent): string[] {
  return content.lines.flatMap((l) => (l.ticketCode ? [l.ticketCode] : []));
}
