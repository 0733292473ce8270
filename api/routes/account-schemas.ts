import { z } from 'zod';
import type { User } from '../../infra/db';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from '../../infra/passwords';
import { trimmedText } from '../http/validation';

// Shared by the accounts and users routes so every password and e-mail rule is the same.
export const passwordSchema = z
  .string()
  .min(MIN_PASSWORD_LENGTH, `At least ${MIN_PASSWORD_LENGTH} characters.`)
  .max(MAX_PASSWORD_LENGTH);
// The document states zod's own e-mail rule, so what a client may send is exactly what is accepted.
export const emailSchema = z.email().max(254).meta({ pattern: z.regexes.email.source });
export const personNameSchema = trimmedText(200);

export const userSchema = z.object({
  id: z.uuid(),
  email: z.string(),
  name: z.string(),
  role: z.enum(['CUSTOMER_ADMIN', 'CUSTOMER_MEMBER', 'STAFF', 'CONSULTANT', 'ADMIN']),
  organizationId: z.string().nullable(),
  active: z.boolean(),
  createdAt: z.string(),
});


/** Public view of a user: never the hash or throttle counters. */
export function userView(user: User): z.infer<typeof userSchema> {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    organizationId: user.organizationId,
    active: user.active,
    createdAt: user.createdAt.toISOString(),
  };
}
