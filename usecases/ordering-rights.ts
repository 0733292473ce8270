import { randomUUID } from 'node:crypto';
import { Forbidden } from '../domain/errors';
import type { PrismaClient } from '../infra/db';
import { recordAudit } from '../persistence/audit';

/** The organisation settings its admin may change. */
export interface OrganizationSettings {
  membersMayOrder: boolean;
}

interface CustomerCaller {
  role: string;
  organizationId: string | null;
}

/**
 * Confirming and cancelling an order bind the organisation, so they are its admin's, unless the
 * admin lets members do it (`membersMayOrder`). Staff are not limited here. Call before acting.
 * @throws Forbidden `MembersMayNotOrder`
 */
export async function requireOrderingRight(db: PrismaClient, caller: CustomerCaller): Promise<void> {
  if (caller.role !== 'CUSTOMER_MEMBER') return;
  const organization = caller.organizationId
    ? await db.organization.findUnique({ where: { id: caller.organizationId }, select: { membersMayOrder: true } })
    : null;
  if (!organization?.membersMayOrder) {
    throw new Forbidden(
      "Only your organization's administrator may confirm or cancel orders; the administrator can allow members to do so.",
      'MembersMayNotOrder',
      'Members may not order',
    );
  }
}

/** Changes an organisation's settings and audits what changed (from → to); returns them all. */
export async function updateOrganizationSettings(db: PrismaClient, organizationId: string, change: Partial<OrganizationSettings>, actor: string): Promise<OrganizationSettings> {
  return db.$transaction(async (tx) => {
    const before = await tx.organization.findUniqueOrThrow({ where: { id: organizationId }, select: { membersMayOrder: true } });
    const after = await tx.organization.update({ where: { id: organizationId }, data: change, select: { membersMayOrder: true } });
    const changed = Object.fromEntries(
      (Object.keys(change) as (keyof OrganizationSettings)[]).filter((key) => before[key] !== after[key]).map((key) => [key, { from: before[key], to: after[key] }]),
    );
    if (Object.keys(changed).length > 0) {
      await recordAudit(tx, {
        key: `organization-settings:${organizationId}:${randomUUID()}`,
        actor,
        organizationId,
        entityType: 'ORGANIZATION',
        entityId: organizationId,
        action: 'SETTINGS_CHANGED',
        details: changed,
      });
    }
    return after;
  });
}
