import { Forbidden } from '../domain/errors';
import type { PrismaClient } from '../infra/db';

/** Ordering needs an ACTIVE organisation (SPEC 2). */
export const organizationNotActive = (status: string) =>
  new Forbidden(
    `Only an active organization may order; this organization is ${status}. Activate aTime (accept the terms of business) first.`,
    'OrganizationNotActive',
    'Organization not active',
  );

/**
 * Guard for every ordering action. Call it before anything is written. Callers without an
 * organisation (back office) are refused: they do not order on a customer's behalf.
 * @returns the organisation id
 * @throws Forbidden `OrganizationNotActive` or `Forbidden`
 */
export async function requireActiveOrganization(db: PrismaClient, organizationId: string | null): Promise<string> {
  if (!organizationId) throw new Forbidden('Only a customer organization may order.');
  const organization = await db.organization.findUnique({ where: { id: organizationId }, select: { status: true } });
  if (!organization) throw new Forbidden('Only a customer organization may order.');
  if (organization.status !== 'ACTIVE') throw organizationNotActive(organization.status);
  return organizationId;
}
