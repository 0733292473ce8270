import { fromDateColumn, toDateColumn } from '../domain/prague-calendar';
import type { PrismaClient } from '../infra/db';
import { recordAudit, type AuditEntry } from './audit';

export interface DueDateChange {
  /** Idempotency key of the workflow step. */
  key: string;
  documentId: string;
  /** YYYY-MM-DD, the new due date. */
  dueDate: string;
  reason: string;
  actor: string;
  /** What the audit event is about (the order, or the support billing of a month). */
  entityType: AuditEntry['entityType'];
  entityId: string;
}

/**
 * Moves an unpaid document's due date (and its order's), with an audit event naming the old and
 * new date and the reason. The issued PDF and ISDOC stay as issued; later e-mails state the new date.
 */
export async function moveDueDate(db: PrismaClient, change: DueDateChange): Promise<void> {
  await db.$transaction(async (tx) => {
    const document = await tx.document.findUniqueOrThrow({ where: { id: change.documentId } });
    const dueDate = toDateColumn(change.dueDate);
    await tx.document.update({ where: { id: document.id }, data: { dueDate } });
    if (document.orderId) await tx.order.update({ where: { id: document.orderId }, data: { dueDate } });
    await recordAudit(tx, {
      key: change.key,
      actor: change.actor,
      organizationId: document.organizationId,
      entityType: change.entityType,
      entityId: change.entityId,
      action: 'DUE_DATE_EXTENDED',
      details: { number: document.number, from: fromDateColumn(document.dueDate), to: change.dueDate, reason: change.reason },
    });
  });
}
