import { parseActor } from '../../domain/actor';
import type { AuditEvent, PrismaClient } from '../../infra/db';

/** Who did it, as people read it: a name and a role, never an account id. */
export interface AuditActorView {
  name: string;
  role: string;
}

/** Audit detail members that identify internal records (bank movements, idempotency keys). */
const INTERNAL_DETAILS = ['externalId'];

function actorView(actor: string, userNames: ReadonlyMap<string, string>): AuditActorView {
  const parsed = parseActor(actor);
  if (parsed.kind === 'user') return { name: userNames.get(parsed.userId) ?? 'Unknown user', role: parsed.role ?? 'USER' };
  if (parsed.kind === 'cli') return { name: 'aTime', role: 'STAFF' };
  return { name: 'aTime', role: 'SYSTEM' };
}

function withoutInternalDetails(details: AuditEvent['details']): AuditEvent['details'] {
  if (details === null || typeof details !== 'object' || Array.isArray(details)) return details;
  return Object.fromEntries(Object.entries(details).filter(([key]) => !INTERNAL_DETAILS.includes(key)));
}

/**
 * An audit trail for the API: actors by name and role; for a customer without the internal ids
 * staff use to trace a record (staff see those).
 */
export async function toAuditViews(db: PrismaClient, events: AuditEvent[], forCustomer: boolean) {
  const userIds = [...new Set(events.map((e) => parseActor(e.actor)).flatMap((a) => (a.kind === 'user' ? [a.userId] : [])))];
  const users = await db.user.findMany({ where: { id: { in: userIds } }, select: { id: true, name: true } });
  const userNames = new Map(users.map((u) => [u.id, u.name]));
  return events.map(({ key: _key, actor, details, ...event }) => ({
    ...event,
    actor: actorView(actor, userNames),
    details: forCustomer ? withoutInternalDetails(details) : details,
  }));
}
