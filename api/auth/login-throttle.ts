import type { Config } from '../../infra/config';
import type { PrismaClient, User } from '../../infra/db';
import { recordAudit } from '../../persistence/audit';
import { SharedRateLimit } from './shared-rate-limit';

type ThrottleConfig = Pick<Config, 'LOGIN_MAX_FAILURES' | 'LOGIN_LOCK_MINUTES' | 'LOGIN_IP_MAX_FAILURES' | 'LOGIN_IP_WINDOW_MINUTES'>;

export const isLocked = (user: Pick<User, 'lockedUntil'>, now = new Date()): boolean =>
  user.lockedUntil !== null && user.lockedUntil > now;

/**
 * Per-account throttle, kept in the database so it holds across API instances: after
 * LOGIN_MAX_FAILURES wrong passwords in a row the account is locked for LOGIN_LOCK_MINUTES.
 * The counter is incremented atomically, so parallel guesses cannot slip past the limit.
 */
export async function recordFailedLogin(db: PrismaClient, user: Pick<User, 'id' | 'organizationId'>, config: ThrottleConfig): Promise<void> {
  const updated = await db.user.update({ where: { id: user.id }, data: { failedLoginCount: { increment: 1 } } });
  if (updated.failedLoginCount < config.LOGIN_MAX_FAILURES) return;
  const lockedUntil = new Date(Date.now() + config.LOGIN_LOCK_MINUTES * 60_000);
  await db.$transaction(async (tx) => {
    await tx.user.update({ where: { id: user.id }, data: { failedLoginCount: 0, lockedUntil } });
    await recordAudit(tx, {
      key: `user:${user.id}:locked:${lockedUntil.toISOString()}`,
      actor: 'system:login-throttle',
      organizationId: user.organizationId,
      entityType: 'USER',
      entityId: user.id,
      action: 'LOCKED',
      toState: 'LOCKED',
      details: { failures: updated.failedLoginCount, lockedUntil: lockedUntil.toISOString() },
    });
  });
}

export async function recordSuccessfulLogin(db: PrismaClient, user: Pick<User, 'id' | 'failedLoginCount' | 'lockedUntil'>): Promise<void> {
  if (user.failedLoginCount === 0 && user.lockedUntil === null) return;
  await db.user.update({ where: { id: user.id }, data: { failedLoginCount: 0, lockedUntil: null } });
}

/**
 * Per-client-address throttle against one address trying many accounts (which the account
 * lock does not catch): LOGIN_IP_MAX_FAILURES failures within LOGIN_IP_WINDOW_MINUTES, counted in
 * the database so every API instance sees the same count.
 */
export const createLoginFailureLimit = (db: PrismaClient, config: ThrottleConfig): SharedRateLimit =>
  new SharedRateLimit(db, 'login-failure', config.LOGIN_IP_MAX_FAILURES, config.LOGIN_IP_WINDOW_MINUTES * 60_000);
