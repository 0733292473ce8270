import { userActor } from '../../domain/actor';
import type { Role as DbRole } from '../../infra/db';
import { forbidden } from './problem';

export type Role = `${DbRole}`;

export const CUSTOMER_ROLES = ['CUSTOMER_ADMIN', 'CUSTOMER_MEMBER'] as const satisfies readonly Role[];
export const BACK_OFFICE_ROLES = ['STAFF', 'ADMIN'] as const satisfies readonly Role[];
/** Roles that work for aTime and see every organisation's data. */
export const STAFF_ROLES = [...BACK_OFFICE_ROLES, 'CONSULTANT'] as const satisfies readonly Role[];

/** The authenticated user behind a request. */
export interface Caller {
  userId: string;
  email: string;
  role: Role;
  /** Null for staff, consultants and admins. */
  organizationId: string | null;
}

/** How a caller appears in audit trails and workflow histories. */
export const actorOf = (caller: Caller): string => userActor(caller.userId, caller.role);

export const isCustomer = (caller: Caller): boolean => (CUSTOMER_ROLES as readonly Role[]).includes(caller.role);

/**
 * The organisation whose data a caller may see: a customer only their own, staff all
 * (undefined = no restriction). Decided by the role and failing closed: a customer role without
 * an organisation, or a role this code does not know, sees nothing. Every customer-data query
 * goes through this.
 */
export function organizationScope(caller: Caller): string | undefined {
  if (isCustomer(caller)) {
    if (caller.organizationId === null) throw forbidden('Your account belongs to no organisation.');
    return caller.organizationId;
  }
  if ((STAFF_ROLES as readonly Role[]).includes(caller.role)) return undefined;
  throw forbidden();
}
