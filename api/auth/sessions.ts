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

export async function revokeSession(db: PrismaClient, token: string): Promise<void> {
  await db.session.updateMany({ where: { tokenHash: hashToken(token), revokedAt: null }, data: { revokedAt: new Date() } });
}

/** Resolves a bearer token to its user; expired, revoked or deactivated → null. */
export function createAuthenticator(db: PrismaClient): Authenticate {
  return async (token) => {
    const session = await db.session.findUnique({ where: { tokenHash: hashToken(token) }, include: { user: true } });
    if (!session || session.revokedAt || session.expiresAt <= new Date() || !session.user.active) return null;
    const { user } = session;
    const caller: Caller = { userId: user.id, email: user.email, role: user.role, organizationId: user.organizationId };
    return caller;
  };
}
