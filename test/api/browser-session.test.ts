import { randomUUID } from 'node:crypto';
import { TEST_PASSWORD, accountActivitiesOnly, createTestApi, registerWithFreeIco, type TestApi } from './helpers';

/** The web pages' session: an httpOnly cookie beside bearer tokens, with CSRF protection. */
describe('browser session (cookie + CSRF)', () => {
  let api: TestApi;
  let email: string;

  beforeAll(async () => {
    api = await createTestApi({ workflowsPath: require.resolve('./account-workflows'), activities: accountActivitiesOnly });
    const { body, response: res } = await registerWithFreeIco({}, (b) => api.http().post('/auth/register').send(b));
    email = body.admin.email;
    expect(res.status).toBe(201);
  }, 120_000);

  afterAll(async () => {
    await api?.close();
  });

  async function signIn() {
    const res = await api.http().post('/auth/session').send({ email, password: TEST_PASSWORD });
    expect(res.status).toBe(200);
    const setCookie = ([] as string[]).concat(res.headers['set-cookie'] ?? []);
    const sessionCookie = setCookie.find((c) => c.startsWith('atime_session='));
    expect(sessionCookie).toBeDefined();
    return { cookie: sessionCookie!.split(';')[0]!, setCookie: sessionCookie!, body: res.body as { csrfToken: string; user: { email: string }; token?: string } };
  }

  const memberBody = () => ({ name: 'Jana Nová', email: `member-${randomUUID().slice(0, 8)}@customer.test`, password: TEST_PASSWORD });

  it('sign-in sets an httpOnly SameSite=Lax cookie and returns the CSRF token, never the session token', async () => {
    const { setCookie, body } = await signIn();
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    expect(setCookie).toMatch(/Path=\//);
    expect(body.user.email).toBe(email);
    expect(body.csrfToken).toMatch(/^[\w-]{40,}$/);
    expect(body.token).toBeUndefined();
    expect(setCookie).not.toContain(body.csrfToken);
  });

  it('a wrong password sets no cookie and answers 401 problem+json', async () => {
    const res = await api.http().post('/auth/session').send({ email, password: 'wrong password here' });
    expect(res.status).toBe(401);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.headers['set-cookie']).toBeUndefined();
  });

  it('the cookie authenticates reads; GET /auth/session gives the same CSRF token again', async () => {
    const { cookie, body } = await signIn();
    const me = await api.http().get('/me').set('Cookie', cookie);
    expect(me.status).toBe(200);
    expect(me.body.user.email).toBe(email);
    const session = await api.http().get('/auth/session').set('Cookie', cookie);
    expect(session.status).toBe(200);
    expect(session.body.csrfToken).toBe(body.csrfToken);
  });

  it('an unsafe request with the cookie but without the CSRF token is refused with 403 problem+json, and nothing changes', async () => {
    const { cookie } = await signIn();
    const member = memberBody();
    const res = await api.http().post('/organizations/me/users').set('Cookie', cookie).send(member);
    expect(res.status).toBe(403);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body).toMatchObject({ type: 'https://atime.example/problems/csrf', errors: [{ field: 'headers.x-csrf-token', rule: 'csrf_token' }] });
    const wrong = await api.http().post('/organizations/me/users').set('Cookie', cookie).set('X-CSRF-Token', 'not-the-token').send(member);
    expect(wrong.status).toBe(403);
    expect(await api.db.user.count({ where: { email: member.email } })).toBe(0);
  });

  it('the right token from another origin is refused; from the same origin the change is made', async () => {
    const { cookie, body } = await signIn();
    const member = memberBody();
    const foreign = await api.http().post('/organizations/me/users').set('Cookie', cookie).set('X-CSRF-Token', body.csrfToken).set('Origin', 'https://evil.example').send(member);
    expect(foreign.status).toBe(403);
    expect(foreign.body.detail).toMatch(/another origin/);
    const ok = await api.http().post('/organizations/me/users').set('Cookie', cookie).set('X-CSRF-Token', body.csrfToken).send(member);
    expect(ok.status).toBe(201);
    expect(await api.db.user.count({ where: { email: member.email } })).toBe(1);
  });

  it("another session's CSRF token does not fit this session", async () => {
    const first = await signIn();
    const second = await signIn();
    const res = await api.http().post('/organizations/me/users').set('Cookie', first.cookie).set('X-CSRF-Token', second.body.csrfToken).send(memberBody());
    expect(res.status).toBe(403);
  });

  it('sign-out needs the CSRF token, revokes the session on the server and clears the cookie; the old cookie then gets 401', async () => {
    const { cookie, body } = await signIn();
    expect((await api.http().delete('/auth/session').set('Cookie', cookie)).status).toBe(403);
    const out = await api.http().delete('/auth/session').set('Cookie', cookie).set('X-CSRF-Token', body.csrfToken);
    expect(out.status).toBe(204);
    expect(String(out.headers['set-cookie'])).toMatch(/atime_session=;.*Expires=Thu, 01 Jan 1970/);
    const after = await api.http().get('/me').set('Cookie', cookie);
    expect(after.status).toBe(401);
    expect(after.headers['content-type']).toMatch(/application\/problem\+json/);
    const revoked = await api.db.session.count({ where: { user: { email }, revokedAt: { not: null } } });
    expect(revoked).toBeGreaterThanOrEqual(1);
  });

  it('a bearer token needs no CSRF token (browsers never attach it by themselves)', async () => {
    const login = await api.http().post('/auth/login').send({ email, password: TEST_PASSWORD });
    const res = await api.http().post('/organizations/me/users').set('Authorization', `Bearer ${login.body.token}`).send(memberBody());
    expect(res.status).toBe(201);
  });

  it('the OpenAPI document describes the session endpoints and the cookie scheme', async () => {
    const doc = (await api.http().get('/openapi.json')).body;
    expect(Object.keys(doc.paths['/auth/session'])).toEqual(expect.arrayContaining(['get', 'post', 'delete']));
    expect(doc.components.securitySchemes.cookieAuth).toEqual({ type: 'apiKey', in: 'cookie', name: 'atime_session' });
  });
});
