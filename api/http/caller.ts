import { userActor } from '../../domain/actor';
import type { Role as DbRole } from '../../infra/db';

export type Role = `${DbRole}`;

export const CUSTOMER_ROLES = ['CUSTOMER_ADMIN', 'CUSTOMER_MEMBER'] as const satisfies readonly Role[];
export const BACK_OFFICE_ROLES = ['STAFF', 'ADMIN'] as const satisfies readonly Role[];

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

export const isCustomer = (caller: Caller): boolean => caller.organizationId !== null;

/**
 * The organisation whose data a caller may see: a customer only their own, back office all
 * (undefined = no restriction). Every customer-data query goes through this.
 */
export function organizationScope(caller: Caller): string | undefined {
  return caller.organizationId ?? undefined;
}
