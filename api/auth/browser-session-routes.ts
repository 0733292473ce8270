import { z } from 'zod';
import type { ApiDeps } from '../deps';
import { clearSessionCookie, csrfTokenFor, requestCredential, setSessionCookie } from './cookie-session';
import { hashToken, revokeSession } from './sessions';
import { userView } from '../routes/account-schemas';
import { userSchema } from '../routes/account-schemas';
import { route, type RouteSpec } from '../http/route';

const browserSession = z.object({
  user: userSchema,
  /** Send it back as `X-CSRF-Token` on every POST/PUT/PATCH/DELETE made with the cookie. */
  csrfToken: z.string(),
  expiresAt: z.string(),
});

/**
 * Sign-in for the web pages: the same credential check as `POST /auth/login` (its handler, so
 * throttling, lockout and the one answer for all failures stay identical), but the session
 * token goes into an httpOnly cookie instead of the response body.
 */
export function createBrowserSessionRoutes({ config, db }: ApiDeps, routes: readonly RouteSpec[]): RouteSpec[] {
  const login = routes.find((r) => r.operationId === 'login');
  if (!login?.body) throw new Error('the login route is needed for browser sessions');

  return [
    route({
      method: 'post',
      path: '/auth/session',
      operationId: 'createBrowserSession',
      summary: 'Sign in from the web pages: sets an httpOnly session cookie; returns the CSRF token for changes',
      tags: ['Accounts'],
      access: 'public',
      body: login.body as z.ZodObject<{ email: z.ZodString; password: z.ZodString }>,
      responses: {
        200: { description: 'Signed in; Set-Cookie atime_session (httpOnly, SameSite=Lax)', schema: browserSession },
        401: { description: 'Wrong e-mail or password, or the account is locked' },
        429: { description: 'Too many failed attempts from this address' },
      },
      handler: async (ctx) => {
        const reply = await login.handler(ctx as never);
        const issued = reply?.body as { token: string; expiresAt: string; user: z.infer<typeof userSchema> };
        setSessionCookie(ctx.res, issued.token, new Date(issued.expiresAt), config.API_PUBLIC_URL);
        return { body: { user: issued.user, csrfToken: csrfTokenFor(issued.token), expiresAt: issued.expiresAt } };
      },
    }),
    route({
      method: 'get',
      path: '/auth/session',
      operationId: 'getBrowserSession',
      summary: 'The signed-in user of this session and its CSRF token (after a page reload)',
      tags: ['Accounts'],
      access: 'authenticated',
      responses: { 200: { description: 'The session', schema: browserSession }, 401: { description: 'Not signed in' } },
      handler: async ({ req }) => {
        const token = requestCredential(req)!.token;
        const session = await db.session.findUniqueOrThrow({ where: { tokenHash: hashToken(token) }, include: { user: true } });
        return { body: { user: userView(session.user), csrfToken: csrfTokenFor(token), expiresAt: session.expiresAt.toISOString() } };
      },
    }),
    route({
      method: 'delete',
      path: '/auth/session',
      operationId: 'deleteBrowserSession',
      summary: 'Sign out: the session is revoked on the server and the cookie cleared',
      tags: ['Accounts'],
      access: 'authenticated',
      responses: { 204: { description: 'Signed out' } },
      handler: async ({ req, res }) => {
        await revokeSession(db, requestCredential(req)!.token);
        clearSessionCookie(res, config.API_PUBLIC_URL);
        return { status: 204 };
      },
    }),
  ];
}
