import { randomBytes } from 'node:crypto';
import type { DocumentContent } from '../documents/document-content';
import { SYSTEM_ACTOR } from '../domain/actor';
import { halereFromBigInt } from '../domain/money';
import { pragueDate, toDateColumn } from '../domain/prague-calendar';
import { TICKET_VALIDITY_MONTHS } from '../domain/support-usage';
import type { Prisma } from '../infra/db';
import { recordAudit } from '../persistence/audit';
import { moveDueDate, type DueDateChange } from '../persistence/due-date';
import { paidTotalHalere, recordLedgerPayment } from '../persistence/payment-ledger';
import { latestCoverage } from '../persistence/statement-coverage';
import type { CancellationWait, DocumentRequest, IssuedDocumentRef, OrderEmailRequest, OrderProblem, PaymentInput, TransitionRecord } from '../workflows/order/contract';
import type { ActivityDeps } from './deps';
import { documentAttachments } from './emails';
import { issueDocumentOrFail } from './numbered-document';
import { buildOrderDocumentContent, type OrderWithLines } from './order-document-content';
import { composeOrderEmail } from './order-emails';


/** Ticket codes are what a customer reads out on the phone: short, unambiguous characters. */
function newTicketCode(): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  const bytes = randomBytes(10);
  const chars = [...bytes].map((b) => alphabet[b % alphabet.length]).join('');
  return `T-${chars.slice(0, 5)}-${chars.slice(5)}`;
}

/** Activities of the order workflow: each mirrors one step into PostgreSQL, safe to retry. */
export function createOrderActivities({ db, config, mailer }: Pick<ActivityDeps, 'db' | 'config' | 'mailer'>) {
  const loadOrder = async (orderId: string): Promise<OrderWithLines> =>
    db.order.findUniqueOrThrow({ where: { id: orderId }, include: { lines: true, organization: true } });

  return {
    async recordOrderTransition(input: TransitionRecord): Promise<void> {
      const { patch } = input;
      await db.$transaction(async (tx) => {
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
        await recordAudit(tx, {
          key: input.key,
          actor: input.actor,
          organizationId: order.organizationId,
          entityType: 'ORDER',
          entityId: order.id,
          action: 'STATUS_CHANGED',
          fromState: input.from,
          toState: input.to,
          details: patch as Prisma.InputJsonValue,
          at: new Date(input.at),
        });
      });
    },

    async issueOrderDocument(input: DocumentRequest & { orderId: string }): Promise<IssuedDocumentRef> {
      const order = await loadOrder(input.orderId);
      const issueDate = pragueDate(new Date());
      const settled = input.settlesDocumentId ? await db.document.findUniqueOrThrow({ where: { id: input.settlesDocumentId } }) : undefined;
      const corrected = input.correctsDocumentId ? await db.document.findUniqueOrThrow({ where: { id: input.correctsDocumentId } }) : undefined;
      const document = await issueDocumentOrFail(db, {
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
            ...(input.kind === 'TAX_INVOICE' || input.kind === 'CREDIT_NOTE'
              ? { taxableSupplyDate: input.taxableSupplyDate ?? issueDate }
              : {}),
            ...(input.dueDate ? { dueDate: input.dueDate } : {}),
            ...(settled ? { settles: { number: settled.number, paidHalere: halereFromBigInt(order.paidHalere, 'paidHalere') } } : {}),
            ...(corrected ? { corrects: corrected.content as unknown as DocumentContent, reason: input.reason ?? '' } : {}),
          }),
      });
      const content = document.content as unknown as DocumentContent;
      if (content.variableSymbol && input.kind !== 'CREDIT_NOTE') {
        // The symbol the customer pays with; payments are matched by it.
        await db.order.update({ where: { id: order.id }, data: { variableSymbol: content.variableSymbol } });
      }
      return { documentId: document.id, kind: input.kind, number: document.number, payableHalere: content.payableHalere };
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
        await recordAudit(tx, {
          key: `${input.key}:${wait ? 'start' : 'end'}`,
          actor: SYSTEM_ACTOR,
          organizationId: order.organizationId,
          entityType: 'ORDER',
          entityId: order.id,
          action: wait ? 'CANCELLATION_WAITS_FOR_STATEMENT' : 'CANCELLATION_WAIT_ENDED',
          ...(wait ? { details: { ...wait } } : {}),
        });
      });
    },

    /** The order stopped on a problem retrying cannot fix: stored for the API and audited, once. */
    async flagOrderProblem(input: OrderProblem & { key: string; orderId: string; actor: string }): Promise<void> {
      await db.$transaction(async (tx) => {
        const order = await tx.order.update({ where: { id: input.orderId }, data: { documentProblem: input.reason, documentProblemAt: new Date(input.since) } });
        await recordAudit(tx, {
          key: input.key,
          actor: input.actor,
          organizationId: order.organizationId,
          entityType: 'ORDER',
          entityId: order.id,
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
      const order = await loadOrder(input.orderId);
      const existing = await db.supportTicket.findMany({ where: { orderId: order.id }, orderBy: { code: 'asc' } });
      if (existing.length > 0) return existing.map((t) => t.code);
      const count = order.lines.filter((l) => l.kind === 'SERVICE').reduce((sum, l) => sum + l.quantity, 0);
      if (count === 0) return [];
      const issuedAt = new Date();
      const expiresAt = new Date(issuedAt);
      expiresAt.setUTCMonth(expiresAt.getUTCMonth() + TICKET_VALIDITY_MONTHS);
      const codes = Array.from({ length: count }, newTicketCode).sort();
      await db.supportTicket.createMany({
        data: codes.map((code) => ({ code, organizationId: order.organizationId, orderId: order.id, issuedAt, expiresAt })),
      });
      return codes;
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
      const order = await loadOrder(input.orderId);
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
