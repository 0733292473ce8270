import { createHash, randomBytes } from 'node:crypto';
import type { PrismaClient } from '../../infra/db';
import type { Caller } from '../http/caller';
import type { Authenticate } from '../http/mount-routes';

/** Only the SHA-256 of a bearer token is stored, so a database leak yields no usable tokens. */
export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

export async function issueSession(db: PrismaClient, userId: string, ttlHours: number): Promise<{ token: string; expiresAt: Date }> {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(Date.now() + ttlHours * 3_600_000);
  await db.session.create({ data: { userId, tokenHash: hashToken(token), expiresAt } });
  return { token, expiresAt };
}

/**
 * Sessions an API process has recently found valid, by token hash, so that a burst of requests
 * with one token costs one database lookup, not one each. Per Prisma client (one per process;
 * tests build several apps in one process). An entry is trusted for SESSION_CACHE_MS at most and
 * never past the session's expiry; a logout in this process removes it at once, so the bound
 * SESSION_CACHE_MS only applies to revocations made elsewhere (another API process, the DB).
 */
interface SessionCache {
  valid: Map<string, { caller: Caller; checkedAt: number; expiresAt: number }>;
  /** Hashes revoked here recently: a lookup that was already under way must not cache them again. */
  revoked: Map<string, number>;
}

const MAX_CACHED_SESSIONS = 10_000;
const caches = new WeakMap<PrismaClient, SessionCache>();

function sessionCache(db: PrismaClient): SessionCache {
  let cache = caches.get(db);
  if (!cache) {
    cache = { valid: new Map(), revoked: new Map() };
    caches.set(db, cache);
  }
  return cache;
}

export async function revokeSession(db: PrismaClient, token: string): Promise<void> {
  const tokenHash = hashToken(token);
  const cache = sessionCache(db);
  cache.revoked.set(tokenHash, Date.now());
  cache.valid.delete(tokenHash);
  await db.session.updateMany({ where: { tokenHash, revokedAt: null }, data: { revokedAt: new Date() } });
  cache.valid.delete(tokenHash);
}

/**
 * Resolves a bearer token to its user; expired, revoked or deactivated → null. A valid session
 * is remembered for `cacheMs` (see SessionCache); an invalid one is never remembered.
 */
export function createAuthenticator(db: PrismaClient, cacheMs: number): Authenticate {
  const cache = sessionCache(db);
  return async (token) => {
    const tokenHash = hashToken(token);
    const now = Date.now();
    const cached = cache.valid.get(tokenHash);
    if (cached && now - cached.checkedAt < cacheMs && now < cached.expiresAt) return cached.caller;
    cache.valid.delete(tokenHash);

    const session = await db.session.findUnique({
      where: { tokenHash },
      relationLoadStrategy: 'join',
      select: { revokedAt: true, expiresAt: true, user: { select: { id: true, email: true, role: true, organizationId: true, active: true } } },
    });
    if (!session || session.revokedAt || session.expiresAt.getTime() <= Date.now() || !session.user.active) return null;
    const { user } = session;
    const caller: Caller = Object.freeze({ userId: user.id, email: user.email, role: user.role, organizationId: user.organizationId });
    if (cacheMs > 0) remember(cache, tokenHash, caller, now, session.expiresAt.getTime(), cacheMs);
    return caller;
  };
}

function remember(cache: SessionCache, tokenHash: string, caller: Caller, checkedAt: number, expiresAt: number, cacheMs: number): void {
  for (const [hash, at] of cache.revoked) {
    if (checkedAt - at < cacheMs) break;
    cache.revoked.delete(hash);
  }
  // Revoked while this lookup was under way (it may have read the row before the revocation).
  if (cache.revoked.has(tokenHash)) return;
  // Oldest first out: Map keeps insertion order.
  if (cache.valid.size >= MAX_CACHED_SESSIONS) cache.valid.delete(cache.valid.keys().next().value!);
  cache.valid.set(tokenHash, { caller, checkedAt, expiresAt });
}
