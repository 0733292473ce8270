import type { Config } from '../../infra/config';
import type { PrismaClient, User } from '../../infra/db';
import { recordAudit } from '../../persistence/audit';

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
 * lock does not catch). In memory: it is a coarse second line, per API instance; the account
 * lock in the database is the one that must hold everywhere.
 */
export class IpLoginLimiter {
  private readonly failures = new Map<string, number[]>();

  constructor(private readonly config: ThrottleConfig) {}

  private window(ip: string, now: number): number[] {
    const from = now - this.config.LOGIN_IP_WINDOW_MINUTES * 60_000;
    const recent = (this.failures.get(ip) ?? []).filter((t) => t > from);
    if (recent.length) this.failures.set(ip, recent);
    else this.failures.delete(ip);
    return recent;
  }

  isBlocked(ip: string, now = Date.now()): boolean {
    return this.window(ip, now).length >= this.config.LOGIN_IP_MAX_FAILURES;
  }

  recordFailure(ip: string, now = Date.now()): void {
    const recent = this.window(ip, now);
    recent.push(now);
    this.failures.set(ip, recent);
  }
}
