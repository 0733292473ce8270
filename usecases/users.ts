/**
 * Creating user accounts: self-registration's first admin, staff and customer members created
 * by an admin, the bootstrap admin at API start and `npm run create-admin`.
 */
import { recordAudit } from '../persistence/audit';
import { systemActor } from '../domain/actor';
import { Refused } from '../domain/errors';
import type { Config } from '../infra/config';
import { Prisma, type PrismaClient, type Role, type User } from '../infra/db';
import { hashPassword } from '../infra/passwords';

type Db = PrismaClient | Prisma.TransactionClient;

export interface NewUser {
  /** Given when the caller needs the id before the insert (e.g. to name the user as the actor). */
  id?: string;
  organizationId: string | null;
  email: string;
  name: string;
  password: string;
  role: Role | `${Role}`;
}

export const normalizeEmail = (email: string): string => email.trim().toLowerCase();

export const isUniqueViolation = (error: unknown): boolean =>
  error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002';

export class EmailTaken extends Refused {
  constructor() {
    super('EmailTaken', 'An account with this e-mail already exists.');
  }
}

/**
 * Creates a user with an Argon2id hash and its audit entry, in a new transaction.
 * @throws EmailTaken
 */
export async function createUser(db: PrismaClient, input: NewUser, actor: string, passwordHash?: string): Promise<User> {
  const hash = passwordHash ?? (await hashPassword(input.password));
  try {
    return await db.$transaction((tx) => insertUser(tx, input, actor, hash));
  } catch (error) {
    if (isUniqueViolation(error)) throw new EmailTaken();
    throw error;
  }
}

export async function insertUser(tx: Db, input: NewUser, actor: string, passwordHash: string): Promise<User> {
  const email = normalizeEmail(input.email);
  if (await tx.user.findUnique({ where: { email }, select: { id: true } })) throw new EmailTaken();
  const user = await tx.user.create({
    data: { ...(input.id ? { id: input.id } : {}), organizationId: input.organizationId, email, name: input.name.trim(), passwordHash, role: input.role },
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
    await createUser(db, { organizationId: null, email, name: 'Administrator', password: config.BOOTSTRAP_ADMIN_PASSWORD, role: 'ADMIN' }, systemActor('bootstrap'));
    return 'created';
  } catch (error) {
    // Two API instances starting together: the other one created it.
    if (error instanceof EmailTaken) return 'exists';
    throw error;
  }
}
