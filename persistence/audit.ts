import type { Prisma, PrismaClient } from '../infra/db';

export interface AuditEntry {
  /** Idempotency key: a retried activity records its transition once. */
  key: string;
  actor: string;
  organizationId?: string | null;
  entityType: 'ORGANIZATION' | 'USER' | 'ORDER' | 'TICKET' | 'SUPPORT_BILLING' | 'PAYMENT';
  entityId: string;
  action: string;
  fromState?: string | null;
  toState?: string | null;
  details?: Prisma.InputJsonValue;
  at?: Date;
}

type Db = PrismaClient | Prisma.TransactionClient;

/** Appends to the audit trail; the same key twice is one entry. */
export async function recordAudit(db: Db, entry: AuditEntry): Promise<void> {
  await db.auditEvent.upsert({
    where: { key: entry.key },
    update: {},
    create: {
      key: entry.key,
      actor: entry.actor,
      organizationId: entry.organizationId ?? null,
      entityType: entry.entityType,
      entityId: entry.entityId,
      action: entry.action,
      fromState: entry.fromState ?? null,
      toState: entry.toState ?? null,
      ...(entry.details !== undefined ? { details: entry.details } : {}),
      ...(entry.at ? { at: entry.at } : {}),
    },
  });
}
