import { createHash, timingSafeEqual } from 'node:crypto';
import type { Request, Response } from 'express';
import { HttpError } from '../http/problem';

/**
 * Browser sessions: the same server-side session (stored hashed, revocable) as a bearer token,
 * carried in an httpOnly SameSite=Lax cookie so no token is ever readable by page scripts.
 *
 * CSRF protection for cookie-authenticated requests with an unsafe method takes two checks:
 * - the `X-CSRF-Token` header must carry the session's CSRF token, an HMAC-like digest of the
 *   session token that only the server (and a page that asked `GET /auth/session`) knows;
 * - an `Origin` header, when the browser sends one, must be this API's own origin.
 * Bearer-token requests are not affected: browsers never attach those by themselves.
 */
export const SESSION_COOKIE = 'atime_session';
export const CSRF_HEADER = 'x-csrf-token';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Derived from the session token: needs no storage, changes with every session, reveals nothing. */
export const csrfTokenFor = (sessionToken: string): string => createHash('sha256').update(`csrf:${sessionToken}`).digest('base64url');

export function cookieValue(req: Request, name: string): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      try {
        return decodeURIComponent(part.slice(eq + 1).trim());
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

export function setSessionCookie(res: Response, token: string, expiresAt: Date, publicUrl: string): void {
  res.cookie(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'lax',
    secure: publicUrl.startsWith('https:'),
    path: '/',
    expires: expiresAt,
  });
}

export function clearSessionCookie(res: Response, publicUrl: string): void {
  res.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'lax', secure: publicUrl.startsWith('https:'), path: '/' });
}

const csrfRefused = (detail: string) => new HttpError(403, 'csrf', 'Forbidden', detail, [{ field: `headers.${CSRF_HEADER}`, rule: 'csrf_token', message: detail }]);

function sameToken(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

function requestOrigin(req: Request): string {
  return `${req.protocol}://${req.get('host') ?? ''}`;
}

export interface RequestCredential {
  token: string;
  via: 'bearer' | 'cookie';
}

/** The credential a request carries: a bearer token wins over the session cookie. */
export function requestCredential(req: Request): RequestCredential | undefined {
  const header = req.headers.authorization;
  if (header?.startsWith('Bearer ')) return { token: header.slice('Bearer '.length).trim(), via: 'bearer' };
  const cookie = cookieValue(req, SESSION_COOKIE);
  return cookie ? { token: cookie, via: 'cookie' } : undefined;
}

/**
 * The 403 problem for a cookie-authenticated request with an unsafe method that lacks the
 * session's CSRF token or comes from another origin; undefined when the request is fine.
 */
export function csrfRefusal(req: Request, credential: RequestCredential): HttpError | undefined {
  if (credential.via !== 'cookie' || SAFE_METHODS.has(req.method)) return undefined;
  const origin = req.headers.origin;
  if (origin && origin !== requestOrigin(req)) return csrfRefused('The request comes from another origin.');
  const sent = req.headers[CSRF_HEADER];
  if (typeof sent !== 'string' || !sameToken(sent, csrfTokenFor(credential.token))) {
    return csrfRefused("A cookie-authenticated change needs the session's X-CSRF-Token header (GET /auth/session returns it).");
  }
  return undefined;
}
