import type { Config } from '../../infra/config';
import { Prisma, type PrismaClient, type User } from '../../infra/db';
import { recordAudit } from '../../persistence/audit';
import type { Role } from '../http/caller';
import { conflict } from '../http/problem';
import { hashPassword } from './passwords';

type Db = PrismaClient | Prisma.TransactionClient;

export interface NewUser {
  organizationId: string | null;
  email: string;
  name: string;
  password: string;
  role: Role;
}

export const normalizeEmail = (email: string): string => email.trim().toLowerCase();

export const isUniqueViolation = (error: unknown): boolean =>
  error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002';

export const emailTaken = () => conflict('email-taken', 'An account with this e-mail already exists.');

/** Public view of a user: never the hash or throttle counters. */
export function userView(user: User) {
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

/**
 * Creates a user with an Argon2id hash and its audit entry, in the given transaction or a new
 * one. A taken e-mail is a 409 `email-taken`.
 */
export async function createUser(db: PrismaClient, input: NewUser, actor: string, passwordHash?: string): Promise<User> {
  const hash = passwordHash ?? (await hashPassword(input.password));
  try {
    return await db.$transaction((tx) => insertUser(tx, input, actor, hash));
  } catch (error) {
    if (isUniqueViolation(error)) throw emailTaken();
    throw error;
  }
}

export async function insertUser(tx: Db, input: NewUser, actor: string, passwordHash: string): Promise<User> {
  const email = normalizeEmail(input.email);
  if (await tx.user.findUnique({ where: { email }, select: { id: true } })) throw emailTaken();
  const user = await tx.user.create({
    data: { organizationId: input.organizationId, email, name: input.name.trim(), passwordHash, role: input.role },
  });
  await recordAudit(tx, {
    key: `user:${user.id}:created`,
    actor,
    organizationId: user.organizationId,
    entityType: 'USER',
    entityId: user.id,
    action: 'CREATED',
    toState: user.role,
    details: { email: user.email, role: user.role },
  });
  return user;
}

/**
 * Creates the first ADMIN from BOOTSTRAP_ADMIN_EMAIL / BOOTSTRAP_ADMIN_PASSWORD when no user
 * has that e-mail yet; an existing account is never changed (its password may have been
 * rotated since). Call at API start. Returns 'created', 'exists' or 'not-configured'.
 */
export async function ensureBootstrapAdmin(
  db: PrismaClient,
  config: Pick<Config, 'BOOTSTRAP_ADMIN_EMAIL' | 'BOOTSTRAP_ADMIN_PASSWORD'>,
): Promise<'created' | 'exists' | 'not-configured'> {
  if (!config.BOOTSTRAP_ADMIN_EMAIL || !config.BOOTSTRAP_ADMIN_PASSWORD) return 'not-configured';
  const email = normalizeEmail(config.BOOTSTRAP_ADMIN_EMAIL);
  if (await db.user.findUnique({ where: { email }, select: { id: true } })) return 'exists';
  try {
    await createUser(db, { organizationId: null, email, name: 'Administrator', password: config.BOOTSTRAP_ADMIN_PASSWORD, role: 'ADMIN' }, 'system:bootstrap');
    return 'created';
  } catch (error) {
    // Two API instances starting together: the other one created it.
    if (error instanceof Error && 'slug' in error && (error as { slug: string }).slug === 'email-taken') return 'exists';
    throw error;
  }
}
