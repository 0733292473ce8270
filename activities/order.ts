import { randomBytes } from 'node:crypto';
import type { DocumentContent } from '../documents/document-content';
import { SYSTEM_ACTOR } from '../domain/actor';
import { halereFromBigInt } from '../domain/money';
import { pragueDate, toDateColumn } from '../domain/prague-calendar';
import { TICKET_VALIDITY_MONTHS } from '../domain/support-usage';
import type { Document, Prisma, PrismaClient } from '../infra/db';
import { recordAudit, type AuditEntry } from '../persistence/audit';
import { issueNumberedDocumentIn, NUMBERING_TRANSACTION, type NumberedDocumentRequest } from '../persistence/document-numbering';
import { moveDueDate, type DueDateChange } from '../persistence/due-date';
import { paidTotalHalere, recordLedgerPayment } from '../persistence/payment-ledger';
import { latestCoverage } from '../persistence/statement-coverage';
import type { CancellationWait, ConfirmationRecord, ConfirmationRecorded, DocumentRequest, IssuedDocumentRef, OrderEmailRequest, OrderProblem, PaymentInput, TransitionRecord } from '../workflows/order/contract';
import type { ActivityDeps } from './deps';
import { documentAttachments } from './emails';
import { documentFailureOf, issueDocumentOrFail } from './numbered-document';
import { buildOrderDocumentContent, type OrderWithLines } from './order-document-content';
import { composeOrderEmail } from './order-emails';

/** Ticket codes are what a customer reads out on the phone: short, unambiguous characters. */
function newTicketCode(): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  const bytes = randomBytes(10);
  const chars = [...bytes].map((b) => alphabet[b % alphabet.length]).join('');
  return `T-${chars.slice(0, 5)}-${chars.slice(5)}`;
}

type Db = PrismaClient | Prisma.TransactionClient;

const loadOrder = (client: Db, orderId: string): Promise<OrderWithLines> =>
  client.order.findUniqueOrThrow({ where: { id: orderId }, include: { lines: true, organization: true } });

/** An entry in the order's audit trail (the order as just updated in the same transaction). */
const auditOrder = (tx: Prisma.TransactionClient, order: { id: string; organizationId: string }, entry: Omit<AuditEntry, 'organizationId' | 'entityType' | 'entityId'>) =>
  recordAudit(tx, { ...entry, organizationId: order.organizationId, entityType: 'ORDER', entityId: order.id });

/** Mirrors one transition into the order row and the audit trail, inside the caller's transaction. */
async function applyTransition(tx: Prisma.TransactionClient, input: TransitionRecord): Promise<void> {
  const { patch } = input;
  const order = await tx.order.update({
    where: { id: input.orderId },
    data: {
      status: input.to,
      ...(patch.confirmedAt ? { confirmedAt: new Date(patch.confirmedAt) } : {}),
      ...(patch.dueDate ? { dueDate: toDateColumn(patch.dueDate) } : {}),
      ...(patch.invoicedHalere !== undefined ? { invoicedHalere: patch.invoicedHalere } : {}),
      ...(patch.paidHalere !== undefined ? { paidHalere: patch.paidHalere } : {}),
      ...(patch.refundDueHalere !== undefined ? { refundDueHalere: patch.refundDueHalere } : {}),
      ...(patch.carrier ? { carrier: patch.carrier } : {}),
      ...(patch.trackingNumber ? { trackingNumber: patch.trackingNumber } : {}),
      ...(patch.codAmountHalere !== undefined ? { codAmountHalere: patch.codAmountHalere } : {}),
      ...(patch.shippedAt ? { shippedAt: new Date(patch.shippedAt) } : {}),
      ...(patch.deliveredAt ? { deliveredAt: new Date(patch.deliveredAt) } : {}),
      ...(input.to === 'CANCELLED' ? { cancelledAt: new Date(input.at), cancelReason: patch.cancelReason ?? null } : {}),
      // No longer awaiting payment: no cancellation waits any more.
      ...(input.to !== 'AWAITING_PAYMENT' ? { cancelWaitSince: null, cancelWaitReason: null, cancelWaitUntil: null } : {}),
    },
  });
  await auditOrder(tx, order, {
    key: input.key,
    actor: input.actor,
    action: 'STATUS_CHANGED',
    fromState: input.from,
    toState: input.to,
    details: patch as Prisma.InputJsonValue,
    at: new Date(input.at),
  });
}

/** What numbering one of the order's documents needs: its content is built once the number is known. */
async function orderDocumentRequest(client: Db, config: ActivityDeps['config'], order: OrderWithLines, input: DocumentRequest): Promise<NumberedDocumentRequest> {
  const issueDate = pragueDate(new Date());
  const settled = input.settlesDocumentId ? await client.document.findUniqueOrThrow({ where: { id: input.settlesDocumentId } }) : undefined;
  const corrected = input.correctsDocumentId ? await client.document.findUniqueOrThrow({ where: { id: input.correctsDocumentId } }) : undefined;
  return {
    key: input.key,
    kind: input.kind,
    organizationId: order.organizationId,
    orderId: order.id,
    issueDate,
    ...(corrected ? { correctsId: corrected.id } : {}),
    build: (number) =>
      buildOrderDocumentContent(order, config, {
        kind: input.kind,
        number,
        issueDate,
        // DUZP: COD the issue date, transfer the payment date, a credit note its own date.
        ...(input.kind === 'TAX_INVOICE' || input.kind === 'CREDIT_NOTE' ? { taxableSupplyDate: input.taxableSupplyDate ?? issueDate } : {}),
        ...(input.dueDate ? { dueDate: input.dueDate } : {}),
        ...(settled ? { settles: { number: settled.number, paidHalere: halereFromBigInt(order.paidHalere, 'paidHalere') } } : {}),
        ...(corrected ? { corrects: corrected.content as unknown as DocumentContent, reason: input.reason ?? '' } : {}),
      }),
  };
}

/** The issued document as the workflow keeps it; the order takes the variable symbol it is paid with. */
async function issuedRef(client: Db, order: OrderWithLines, document: Document, kind: DocumentRequest['kind']): Promise<IssuedDocumentRef> {
  const content = document.content as unknown as DocumentContent;
  if (content.variableSymbol && kind !== 'CREDIT_NOTE') {
    await client.order.update({ where: { id: order.id }, data: { variableSymbol: content.variableSymbol } });
  }
  return { documentId: document.id, kind, number: document.number, payableHalere: content.payableHalere };
}

/** One ticket per unit of every service line; the tickets already issued if there are any. */
async function issueTickets(client: Db, order: OrderWithLines): Promise<string[]> {
  const existing = await client.supportTicket.findMany({ where: { orderId: order.id }, orderBy: { code: 'asc' } });
  if (existing.length > 0) return existing.map((t) => t.code);
  const count = order.lines.filter((l) => l.kind === 'SERVICE').reduce((sum, l) => sum + l.quantity, 0);
  if (count === 0) return [];
  const issuedAt = new Date();
  const expiresAt = new Date(issuedAt);
  expiresAt.setUTCMonth(expiresAt.getUTCMonth() + TICKET_VALIDITY_MONTHS);
  const codes = Array.from({ length: count }, newTicketCode).sort();
  await client.supportTicket.createMany({
    data: codes.map((code) => ({ code, organizationId: order.organizationId, orderId: order.id, issuedAt, expiresAt })),
  });
  return codes;
}

/** Activities of the order workflow: each mirrors one step into PostgreSQL, safe to retry. */
export function createOrderActivities({ db, config, mailer }: Pick<ActivityDeps, 'db' | 'config' | 'mailer'>) {
  return {
    async recordOrderTransition(input: TransitionRecord): Promise<void> {
      await db.$transaction((tx) => applyTransition(tx, input));
    },

    async issueOrderDocument(input: DocumentRequest & { orderId: string }): Promise<IssuedDocumentRef> {
      const order = await loadOrder(db, input.orderId);
      const document = await issueDocumentOrFail(db, await orderDocumentRequest(db, config, order, input));
      return issuedRef(db, order, document, input.kind);
    },

    /**
     * The confirmation in one transaction: the order CONFIRMED, its documents numbered (not yet
     * rendered) and its tickets issued, or none of it. A retry finds all of it done and answers
     * the same; content that cannot be documented fails for good with nothing written.
     */
    async recordConfirmation(input: ConfirmationRecord): Promise<ConfirmationRecorded> {
      try {
        return await db.$transaction(async (tx) => {
          await applyTransition(tx, input.transition);
          const order = await loadOrder(tx, input.transition.orderId);
          const documents: IssuedDocumentRef[] = [];
          for (const request of input.documents) {
            const document = await issueNumberedDocumentIn(tx, await orderDocumentRequest(tx, config, order, request));
            documents.push(await issuedRef(tx, order, document, request.kind));
          }
          return { documents, ticketCodes: await issueTickets(tx, order) };
        }, NUMBERING_TRANSACTION);
      } catch (error) {
        throw documentFailureOf(error, `confirmation of order ${input.transition.orderId}`);
      }
    },

    /** The unpaid order's cancellation waits for a bank statement (listed for staff), or no longer does (null); audited. */
    async setCancellationWait(input: { key: string; orderId: string; wait: CancellationWait | null }): Promise<void> {
      const { wait } = input;
      await db.$transaction(async (tx) => {
        const order = await tx.order.update({
          where: { id: input.orderId },
          data: wait
            ? { cancelWaitSince: new Date(wait.since), cancelWaitUntil: new Date(wait.until), cancelWaitReason: wait.reason }
            : { cancelWaitSince: null, cancelWaitUntil: null, cancelWaitReason: null },
        });
        await auditOrder(tx, order, {
          key: `${input.key}:${wait ? 'start' : 'end'}`,
          actor: SYSTEM_ACTOR,
          action: wait ? 'CANCELLATION_WAITS_FOR_STATEMENT' : 'CANCELLATION_WAIT_ENDED',
          ...(wait ? { details: { ...wait } } : {}),
        });
      });
    },

    /** The order stopped on a problem retrying cannot fix: stored for the API and audited, once. */
    async flagOrderProblem(input: OrderProblem & { key: string; orderId: string; actor: string }): Promise<void> {
      await db.$transaction(async (tx) => {
        const order = await tx.order.update({ where: { id: input.orderId }, data: { documentProblem: input.reason, documentProblemAt: new Date(input.since) } });
        await auditOrder(tx, order, {
          key: input.key,
          actor: input.actor,
          action: input.kind,
          details: { reason: input.reason },
          at: new Date(input.since),
        });
      });
    },

    /** Staff extended the proforma's due date: the document and the order state the new date. */
    async extendOrderDueDate(input: Omit<DueDateChange, 'entityType' | 'entityId'> & { orderId: string }): Promise<void> {
      const { orderId, ...change } = input;
      await moveDueDate(db, { ...change, entityType: 'ORDER', entityId: orderId });
    },

    async voidDocument(input: { documentId: string; actor: string }): Promise<void> {
      await db.$transaction(async (tx) => {
        const document = await tx.document.update({ where: { id: input.documentId }, data: { status: 'VOID' } });
        await recordAudit(tx, {
          key: `document:${document.id}:void`,
          actor: input.actor,
          organizationId: document.organizationId,
          entityType: 'ORDER',
          entityId: document.orderId ?? document.id,
          action: 'DOCUMENT_VOIDED',
          details: { number: document.number },
        });
      });
    },

    /** One ticket per unit of every service line; a retry finds the tickets already issued. */
    async issueTickets(input: { orderId: string }): Promise<string[]> {
      return issueTickets(db, await loadOrder(db, input.orderId));
    },

    /** The order's tickets not yet used (ISSUED): voided when the order is cancelled. */
    async unusedTicketCodes(input: { orderId: string }): Promise<string[]> {
      const unused = await db.supportTicket.findMany({ where: { orderId: input.orderId, status: 'ISSUED' }, orderBy: { code: 'asc' }, select: { code: true } });
      return unused.map((t) => t.code);
    },

    async recordPayment(input: PaymentInput & { orderId: string; documentId?: string | undefined }): Promise<{ counted: boolean; paidHalere: number }> {
      return db.$transaction(async (tx) => {
        const order = await tx.order.findUniqueOrThrow({ where: { id: input.orderId } });
        const counted = await recordLedgerPayment(tx, {
          ...input,
          organizationId: order.organizationId,
          orderId: order.id,
          variableSymbol: order.variableSymbol,
          audit: { entityType: 'ORDER', entityId: order.id },
        });
        const paidHalere = await paidTotalHalere(tx, { orderId: order.id });
        const refundDueHalere = Math.max(halereFromBigInt(order.refundDueHalere, 'refundDueHalere'), paidHalere - order.invoicedHalere, 0);
        await tx.order.update({ where: { id: order.id }, data: { paidHalere, refundDueHalere } });
        if (input.documentId) {
          await tx.document.update({ where: { id: input.documentId }, data: { paidHalere } });
        }
        return { counted, paidHalere };
      });
    },

    /** The COD amount on the parcel is the tax invoice's total, already rounded to whole crowns. */
    async recordShipment(input: { orderId: string; carrier: string; trackingNumber: string }): Promise<{ codAmountHalere?: number }> {
      const order = await db.order.findUniqueOrThrow({ where: { id: input.orderId } });
      if (order.paymentMethod !== 'COD') return {};
      return { codAmountHalere: Math.max(0, order.invoicedHalere - halereFromBigInt(order.paidHalere, 'paidHalere')) };
    },

    async sendOrderEmail(input: OrderEmailRequest): Promise<void> {
      const order = await loadOrder(db, input.orderId);
      const documents = await db.document.findMany({ where: { orderId: order.id } });
      const attachments = input.documentIds.flatMap((id) => documentAttachments(documents.find((d) => d.id === id), id));
      const email = composeOrderEmail(input.message, order, documents, config, attachments);
      await mailer.send({
        key: input.key,
        organizationId: order.organizationId,
        to: order.organization.contactEmail,
        ...email,
        attachments,
      });
    },

    /**
     * How far the imported bank statements reach (YYYY-MM-DD), or null: an unpaid order is
     * cancelled only once they cover its last day of grace.
     */
    async statementsCoveredUntil(): Promise<string | null> {
      return latestCoverage(db);
    },
  };
}
