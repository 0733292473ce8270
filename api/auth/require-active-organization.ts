import type { PrismaClient } from '../../infra/db';
import type { Caller } from '../http/caller';
import { HttpError, forbidden } from '../http/problem';

/** 403 problem `organization-not-active`: ordering needs an ACTIVE organisation. */
export const organizationNotActive = (status: string) =>
  new HttpError(
    403,
    'organization-not-active',
    'Organization not active',
    `Only an active organization may order; this organization is ${status}. Activate aTime (accept the terms of business) first.`,
  );

/**
 * Guard for every ordering endpoint (SPEC 2: only an ACTIVE organisation may order). Call it
 * before anything is written. Back-office callers (no organisation) are refused with 403:
 * they do not order on a customer's behalf.
 * @returns the caller's organisation id
 * @throws HttpError 403 `organization-not-active` or 403 `forbidden`
 */
export async function assertOrganizationActive(db: PrismaClient, caller: Caller): Promise<string> {
  if (!caller.organizationId) throw forbidden('Only a customer organization may order.');
  const organization = await db.organization.findUnique({ where: { id: caller.organizationId }, select: { status: true } });
  if (!organization) throw forbidden('Only a customer organization may order.');
  if (organization.status !== 'ACTIVE') throw organizationNotActive(organization.status);
  return caller.organizationId;
}
