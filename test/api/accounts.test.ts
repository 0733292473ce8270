import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { hashPasswordSync } from '../../infra/passwords';
import { requireActiveOrganization } from '../../usecases/require-active-organization';
import { ensureTrialWorkflows } from '../../usecases/trial-workflows';
import { ensureBootstrapAdmin } from '../../usecases/users';
import { createLogger } from '../../infra/logger';
import { trialStateQuery, trialWorkflowId } from '../../workflows/trial/contract';
import { OrganizationId } from '../../workflows/shared/search-attributes';
import { randomIco, registerWithFreeIco } from '../../scripts/lib/customers';
import { saveHistory } from '../helpers/history';
import { waitForMessage } from '../helpers/mailbox';
import {
  TEST_PASSWORD,
  accountActivitiesOnly,
  addCustomerMember,
  bearer,
  createBackOfficeUser,
  createTestApi,
  login,
  registerCustomer,
  registrationBody,
  type Customer,
  type SignedIn,
  type TestApi,
} from './helpers';

const DAY = 86_400_000;
const SUPPORT = `support-${randomUUID().slice(0, 8)}@atime.test`;

describe('accounts API', () => {
  let api: TestApi;

  beforeAll(async () => {
    api = await createTestApi({
      workflowsPath: require.resolve('./account-workflows'),
      activities: accountActivitiesOnly,
      config: { SUPPORT_MAILBOX: SUPPORT, CONTACT_REQUESTS_PER_HOUR: '3', LOGIN_MAX_FAILURES: '3' },
    });
  }, 120_000);

  afterAll(async () => {
    await api?.close();
  });

  const orgCountByIco = (ico: string) => api.db.organization.count({ where: { ico } });
  const userCountByEmail = (email: string) => api.db.user.count({ where: { email } });

  function expectProblem(res: { status: number; headers: Record<string, string>; body: { errors?: { field: string; rule: string }[] } }, status: number) {
    expect(res.status).toBe(status);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
  }

  describe('POST /auth/register', () => {
    it('creates the organisation in TRIAL, its CUSTOMER_ADMIN with an Argon2id hash, the audit trail and the trial workflow', async () => {
      const { body, response: res } = await registerWithFreeIco({ organization: { dic: 'CZ12345678', language: 'en' } }, (b) => api.http().post('/auth/register').send(b));
      expect(res.status).toBe(201);
      expect(res.body.organization).toMatchObject({ name: body.organization.name, ico: body.organization.ico, dic: 'CZ12345678', status: 'TRIAL', language: 'en', activatedAt: null });
      expect(res.body.user).toMatchObject({ email: body.admin.email, role: 'CUSTOMER_ADMIN' });
      expect(res.body.user.passwordHash).toBeUndefined();
      const orgId = res.body.organization.id as string;
      expect(Date.parse(res.body.organization.trialEndsAt) - Date.parse(res.body.organization.createdAt)).toBe(30 * DAY);

      const user = await api.db.user.findUniqueOrThrow({ where: { email: body.admin.email } });
      expect(user.passwordHash).toMatch(/^\$argon2id\$/);
      expect(user.passwordHash).not.toContain(TEST_PASSWORD);
      const audit = await api.db.auditEvent.findMany({ where: { organizationId: orgId }, orderBy: { at: 'asc' } });
      expect(audit.map((a) => [a.entityType, a.action])).toEqual(expect.arrayContaining([['ORGANIZATION', 'REGISTERED'], ['USER', 'CREATED']]));

      const handle = api.temporal.workflow.getHandle(trialWorkflowId(orgId));
      const description = await handle.describe();
      expect(description.status.name).toBe('RUNNING');
      expect(description.taskQueue).toBe(api.taskQueue);
      expect(description.typedSearchAttributes.get(OrganizationId)).toBe(orgId);
      const state = await handle.query(trialStateQuery);
      expect(state).toMatchObject({ status: 'TRIAL', trialEndsAt: res.body.organization.trialEndsAt, remindersSentMs: [] });
    });

    it('answers 409 to a second registration with the same IČO and writes nothing', async () => {
      const first = registrationBody();
      expect((await api.http().post('/auth/register').send(first)).status).toBe(201);
      const second = registrationBody({ organization: { ico: first.organization.ico } });
      const res = await api.http().post('/auth/register').send(second);
      expectProblem(res, 409);
      expect(res.body.type).toMatch(/ico-taken$/);
      expect(await orgCountByIco(first.organization.ico)).toBe(1);
      expect(await userCountByEmail(second.admin.email)).toBe(0);
      expect(await api.db.organization.count({ where: { contactEmail: second.organization.contactEmail } })).toBe(0);
    });

    it('answers 409 to a registration with a taken user e-mail or contact e-mail and writes nothing', async () => {
      const first = registrationBody();
      expect((await api.http().post('/auth/register').send(first)).status).toBe(201);

      const sameAdmin = registrationBody({ admin: { email: first.admin.email.toUpperCase() } });
      const res1 = await api.http().post('/auth/register').send(sameAdmin);
      expectProblem(res1, 409);
      expect(res1.body.type).toMatch(/email-taken$/);
      expect(await orgCountByIco(sameAdmin.organization.ico)).toBe(0);

      const sameContact = registrationBody({ organization: { contactEmail: first.organization.contactEmail } });
      const res2 = await api.http().post('/auth/register').send(sameContact);
      expectProblem(res2, 409);
      expect(await orgCountByIco(sameContact.organization.ico)).toBe(0);
      expect(await userCountByEmail(sameContact.admin.email)).toBe(0);
    });

    const invalid: [string, (b: ReturnType<typeof registrationBody>) => unknown, string, string][] = [
      ['a bad IČO check digit', (b) => ({ ...b, organization: { ...b.organization, ico: '27082441' } }), 'body.organization.ico', 'invalid_ico'],
      ['an IČO of 7 digits', (b) => ({ ...b, organization: { ...b.organization, ico: '2708244' } }), 'body.organization.ico', 'invalid_ico'],
      ['an IČO as a number', (b) => ({ ...b, organization: { ...b.organization, ico: 27082440 } }), 'body.organization.ico', 'invalid_type'],
      ['a DIČ without CZ', (b) => ({ ...b, organization: { ...b.organization, dic: '12345678' } }), 'body.organization.dic', 'invalid_dic'],
      ['a DIČ of 11 digits', (b) => ({ ...b, organization: { ...b.organization, dic: 'CZ12345678901' } }), 'body.organization.dic', 'invalid_dic'],
      ['a missing city', (b) => ({ ...b, organization: { ...b.organization, city: undefined } }), 'body.organization.city', 'invalid_type'],
      ['a bad Czech postal code', (b) => ({ ...b, organization: { ...b.organization, postalCode: '1234' } }), 'body.organization.postalCode', 'invalid_postal_code'],
      ['a bad contact e-mail', (b) => ({ ...b, organization: { ...b.organization, contactEmail: 'not-an-email' } }), 'body.organization.contactEmail', 'invalid_format'],
      ['an unknown language', (b) => ({ ...b, organization: { ...b.organization, language: 'de' } }), 'body.organization.language', 'invalid_value'],
      ['a missing phone', (b) => ({ ...b, organization: { ...b.organization, phone: undefined } }), 'body.organization.phone', 'invalid_type'],
      ['a password of 11 characters', (b) => ({ ...b, admin: { ...b.admin, password: '12345678901' } }), 'body.admin.password', 'too_small'],
      ['no admin at all', (b) => ({ organization: b.organization }), 'body.admin', 'invalid_type'],
      ['a name of 201 characters', (b) => ({ ...b, organization: { ...b.organization, name: 'x'.repeat(201) } }), 'body.organization.name', 'too_big'],
    ];

    it.each(invalid)('rejects %s with problem+json naming the field, writing nothing', async (_what, mutate, field, rule) => {
      const body = registrationBody();
      const res = await api.http().post('/auth/register').send(mutate(body) as object);
      expectProblem(res, 400);
      expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field, rule })]));
      expect(await orgCountByIco(body.organization.ico)).toBe(0);
      expect(await userCountByEmail(body.admin.email)).toBe(0);
    });

    it('rejects an empty body naming both missing parts', async () => {
      const res = await api.http().post('/auth/register').send({});
      expectProblem(res, 400);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(expect.arrayContaining(['body.organization', 'body.admin']));
    });

    it('rejects an oversize body with 413 naming the body, writing nothing', async () => {
      const body = registrationBody({ organization: { name: 'x'.repeat(200_000) } });
      const res = await api.http().post('/auth/register').send(body);
      expectProblem(res, 413);
      expect(res.body.errors).toEqual([expect.objectContaining({ field: 'body', rule: 'max_size' })]);
      expect(await orgCountByIco(body.organization.ico)).toBe(0);
    });

    it('rejects malformed JSON', async () => {
      const res = await api.http().post('/auth/register').set('Content-Type', 'application/json').send('{"organization": ');
      expectProblem(res, 400);
      expect(res.body.errors[0]).toMatchObject({ field: 'body', rule: 'invalid_json' });
    });
  });

  describe('login, sessions and logout', () => {
    let customer: Customer;
    beforeAll(async () => {
      customer = await registerCustomer(api);
    });

    it('issues a bearer token with an expiry that /me accepts', async () => {
      const res = await api.http().post('/auth/login').send({ email: customer.email.toUpperCase(), password: TEST_PASSWORD });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ tokenType: 'Bearer', user: { email: customer.email, role: 'CUSTOMER_ADMIN' } });
      const ttl = Date.parse(res.body.expiresAt) - Date.now();
      expect(ttl).toBeGreaterThan(11 * 3_600_000);
      expect(ttl).toBeLessThanOrEqual(12 * 3_600_000);
      const me = await api.http().get('/me').set('Authorization', `Bearer ${res.body.token}`);
      expect(me.status).toBe(200);
      expect(me.body).toMatchObject({ user: { id: customer.userId }, organization: { id: customer.organizationId, status: 'TRIAL' } });
      // Only the token's hash is stored.
      expect(await api.db.session.count({ where: { tokenHash: res.body.token } })).toBe(0);
    });

    it('answers a wrong password and an unknown e-mail identically (no user enumeration)', async () => {
      const wrong = await api.http().post('/auth/login').send({ email: customer.email, password: 'wrong password!!' });
      const unknown = await api.http().post('/auth/login').send({ email: `nobody-${randomUUID()}@customer.test`, password: 'wrong password!!' });
      expectProblem(wrong, 401);
      expectProblem(unknown, 401);
      expect({ ...wrong.body, instance: undefined }).toEqual({ ...unknown.body, instance: undefined });
      await api.db.user.update({ where: { id: customer.userId }, data: { failedLoginCount: 0 } });
    });

    it('locks the account after LOGIN_MAX_FAILURES wrong passwords: then even the right one is refused', async () => {
      const victim = await registerCustomer(api);
      for (let i = 0; i < 3; i++) {
        expect((await api.http().post('/auth/login').send({ email: victim.email, password: `guess number ${i}` })).status).toBe(401);
      }
      const user = await api.db.user.findUniqueOrThrow({ where: { id: victim.userId } });
      expect(user.lockedUntil!.getTime()).toBeGreaterThan(Date.now() + 14 * 60_000);
      const right = await api.http().post('/auth/login').send({ email: victim.email, password: TEST_PASSWORD });
      expectProblem(right, 401);
      expect(await api.db.auditEvent.count({ where: { entityId: victim.userId, action: 'LOCKED' } })).toBe(1);

      // When the lock has passed, the right password works and resets the counter.
      await api.db.user.update({ where: { id: victim.userId }, data: { lockedUntil: new Date(Date.now() - 1000) } });
      expect((await api.http().post('/auth/login').send({ email: victim.email, password: TEST_PASSWORD })).status).toBe(200);
      expect(await api.db.user.findUniqueOrThrow({ where: { id: victim.userId } })).toMatchObject({ failedLoginCount: 0, lockedUntil: null });
    });

    it('logout revokes the token', async () => {
      const session = await login(api, customer.email, TEST_PASSWORD);
      expect((await api.http().post('/auth/logout').set(...bearer(session))).status).toBe(204);
      expectProblem(await api.http().get('/me').set(...bearer(session)), 401);
    });

    it('an expired session is refused', async () => {
      const session = await login(api, customer.email, TEST_PASSWORD);
      await api.db.session.updateMany({ where: { userId: customer.userId, revokedAt: null }, data: { expiresAt: new Date(Date.now() - 1000) } });
      expectProblem(await api.http().get('/me').set(...bearer(session)), 401);
    });

    it('rejects a login body of wrong types', async () => {
      const res = await api.http().post('/auth/login').send({ email: 42 });
      expectProblem(res, 400);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(expect.arrayContaining(['body.email', 'body.password']));
    });
  });

  describe('roles and tenant isolation', () => {
    let customerA: Customer;
    let customerB: Customer;
    let member: SignedIn;
    let staff: SignedIn;
    let consultant: SignedIn;
    let admin: SignedIn;

    beforeAll(async () => {
      [customerA, customerB, staff, consultant, admin] = await Promise.all([
        registerCustomer(api),
        registerCustomer(api),
        createBackOfficeUser(api, 'STAFF'),
        createBackOfficeUser(api, 'CONSULTANT'),
        createBackOfficeUser(api, 'ADMIN'),
      ]);
      member = await addCustomerMember(api, customerA);
    });

    it('a customer admin reads their organisation; another organisation id is 404, never its data', async () => {
      const own = await api.http().get('/organizations/me').set(...bearer(customerA));
      expect(own.status).toBe(200);
      expect(own.body.id).toBe(customerA.organizationId);
      expect((await api.http().get(`/organizations/${customerA.organizationId}`).set(...bearer(customerA))).status).toBe(200);

      const other = await api.http().get(`/organizations/${customerB.organizationId}`).set(...bearer(customerA));
      expectProblem(other, 404);
      expect(JSON.stringify(other.body)).not.toContain(customerB.ico);
      const missing = await api.http().get(`/organizations/${randomUUID()}`).set(...bearer(customerA));
      expect(missing.body).toEqual({ ...other.body, instance: missing.body.instance });
      expectProblem(await api.http().get(`/organizations/${customerB.organizationId}`).set(...bearer(member)), 404);
    });

    it('a customer sees only the users of their own organisation', async () => {
      const res = await api.http().get('/organizations/me/users').set(...bearer(member));
      expect(res.status).toBe(200);
      const orgIds = new Set(res.body.items.map((u: { organizationId: string }) => u.organizationId));
      expect([...orgIds]).toEqual([customerA.organizationId]);
      expect(res.body.items.map((u: { role: string }) => u.role).sort()).toEqual(['CUSTOMER_ADMIN', 'CUSTOMER_MEMBER']);
    });

    it('customers may not list organisations or create back-office users', async () => {
      for (const who of [customerA, member]) {
        expectProblem(await api.http().get('/organizations').set(...bearer(who)), 403);
        const res = await api.http().post('/admin/users').set(...bearer(who)).send({ name: 'X', email: `x-${randomUUID()}@a.test`, password: TEST_PASSWORD, role: 'STAFF' });
        expectProblem(res, 403);
      }
      expect(await api.db.user.count({ where: { organizationId: null, email: { startsWith: 'x-' } } })).toBe(0);
    });

    it('a customer member may not add users nor activate the organisation', async () => {
      const email = `m2-${randomUUID()}@customer.test`;
      expectProblem(await api.http().post('/organizations/me/users').set(...bearer(member)).send({ name: 'M', email, password: TEST_PASSWORD }), 403);
      expect(await userCountByEmail(email)).toBe(0);
      expectProblem(await api.http().post('/organizations/me/activation').set(...bearer(member)).send({ termsVersion: api.config.TERMS_VERSION }), 403);
      expect((await api.db.organization.findUniqueOrThrow({ where: { id: customerA.organizationId } })).status).toBe('TRIAL');
    });

    it('a customer admin adds members to their own organisation only, with the audit trail', async () => {
      const email = `m3-${randomUUID()}@customer.test`;
      const res = await api.http().post('/organizations/me/users').set(...bearer(customerB)).send({ name: 'Jan Novák', email, password: TEST_PASSWORD, organizationId: customerA.organizationId, role: 'ADMIN' });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ organizationId: customerB.organizationId, role: 'CUSTOMER_MEMBER' });
      expect(await api.db.auditEvent.count({ where: { entityId: res.body.id, action: 'CREATED', actor: `user:${customerB.userId} (CUSTOMER_ADMIN)` } })).toBe(1);
      expectProblem(await api.http().post('/organizations/me/users').set(...bearer(customerB)).send({ name: 'Jan Novák', email, password: TEST_PASSWORD }), 409);
    });

    it('staff and admin list and read every organisation, but have no "my organisation"', async () => {
      for (const who of [staff, admin]) {
        const list = await api.http().get('/organizations?limit=200').set(...bearer(who));
        expect(list.status).toBe(200);
        expect(list.body.total).toBeGreaterThanOrEqual(2);
        expect((await api.http().get(`/organizations/${customerB.organizationId}`).set(...bearer(who))).body.id).toBe(customerB.organizationId);
        expectProblem(await api.http().get('/organizations/me').set(...bearer(who)), 403);
        expectProblem(await api.http().post('/organizations/me/activation').set(...bearer(who)).send({ termsVersion: api.config.TERMS_VERSION }), 403);
        expectProblem(await api.http().post('/support/contact').set(...bearer(who)).send({ subject: 'a', message: 'b' }), 403);
      }
      const trialOnly = await api.http().get('/organizations?status=TRIAL&limit=200').set(...bearer(staff));
      expect(trialOnly.body.items.every((o: { status: string }) => o.status === 'TRIAL')).toBe(true);
      expectProblem(await api.http().get('/organizations?limit=0').set(...bearer(staff)), 400);
    });

    it('staff may not create users; a consultant reads neither organisations nor users', async () => {
      expectProblem(await api.http().post('/admin/users').set(...bearer(staff)).send({ name: 'S', email: `s-${randomUUID()}@a.test`, password: TEST_PASSWORD, role: 'STAFF' }), 403);
      expectProblem(await api.http().get('/organizations').set(...bearer(consultant)), 403);
      expectProblem(await api.http().get(`/organizations/${customerA.organizationId}`).set(...bearer(consultant)), 403);
      expectProblem(await api.http().get('/admin/users').set(...bearer(consultant)), 403);
      const me = await api.http().get('/me').set(...bearer(consultant));
      expect(me.body).toMatchObject({ user: { role: 'CONSULTANT', organizationId: null }, organization: null });
    });

    it('an admin creates staff and consultant accounts that can sign in; bad input and taken e-mails are refused', async () => {
      const email = `new-staff-${randomUUID().slice(0, 8)}@atime.test`;
      const res = await api.http().post('/admin/users').set(...bearer(admin)).send({ name: 'Karel Sklad', email, password: TEST_PASSWORD, role: 'STAFF' });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ email, role: 'STAFF', organizationId: null });
      expect((await login(api, email, TEST_PASSWORD)).token).toBeTruthy();
      expect(await api.db.auditEvent.count({ where: { entityId: res.body.id, actor: `user:${admin.userId} (ADMIN)` } })).toBe(1);
      expectProblem(await api.http().post('/admin/users').set(...bearer(admin)).send({ name: 'Again', email, password: TEST_PASSWORD, role: 'CONSULTANT' }), 409);

      const bad = await api.http().post('/admin/users').set(...bearer(admin)).send({ name: 'C', email: `c-${randomUUID()}@atime.test`, password: TEST_PASSWORD, role: 'CUSTOMER_ADMIN' });
      expectProblem(bad, 400);
      expect(bad.body.errors).toEqual([expect.objectContaining({ field: 'body.role' })]);
      const list = await api.http().get('/admin/users').set(...bearer(admin));
      expect(list.body.items.every((u: { organizationId: string | null }) => u.organizationId === null)).toBe(true);
    });

    it('a malformed organisation id is a 400 naming the parameter', async () => {
      const res = await api.http().get('/organizations/not-a-uuid').set(...bearer(staff));
      expectProblem(res, 400);
      expect(res.body.errors[0].field).toBe('params.organizationId');
    });

    it('every non-public endpoint refuses anonymous callers', async () => {
      const calls = [
        api.http().get('/me'),
        api.http().post('/auth/logout'),
        api.http().get('/organizations/me'),
        api.http().get('/organizations'),
        api.http().get(`/organizations/${customerA.organizationId}`),
        api.http().post('/organizations/me/activation').send({ termsVersion: 'x' }),
        api.http().get('/organizations/me/users'),
        api.http().post('/organizations/me/users').send({}),
        api.http().post('/admin/users').send({}),
        api.http().get('/admin/users'),
        api.http().post('/support/contact').send({}),
      ];
      for (const res of await Promise.all(calls)) expectProblem(res, 401);
      expectProblem(await api.http().get('/me').set('Authorization', 'Bearer not-a-token'), 401);
    });
  });

  describe('activation', () => {
    it('refuses terms other than the current version and changes nothing', async () => {
      const customer = await registerCustomer(api);
      const res = await api.http().post('/organizations/me/activation').set(...bearer(customer)).send({ termsVersion: '1999-01' });
      expectProblem(res, 409);
      expect(res.body.type).toMatch(/terms-version-mismatch$/);
      expect(res.body.errors[0].field).toBe('body.termsVersion');
      expect((await api.db.organization.findUniqueOrThrow({ where: { id: customer.organizationId } })).status).toBe('TRIAL');
      const missing = await api.http().post('/organizations/me/activation').set(...bearer(customer)).send({});
      expectProblem(missing, 400);
      expect(missing.body.errors[0].field).toBe('body.termsVersion');
    });

    it('makes a TRIAL organisation ACTIVE through the trial workflow, which then completes; a second activation is 409', async () => {
      const customer = await registerCustomer(api, { organization: { language: 'en' } });
      await expect(requireActiveOrganization(api.db, customer.organizationId)).rejects.toMatchObject({ name: 'Forbidden', code: 'OrganizationNotActive' });

      const res = await api.http().post('/organizations/me/activation').set(...bearer(customer)).send({ termsVersion: api.config.TERMS_VERSION });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ status: 'ACTIVE', termsVersion: api.config.TERMS_VERSION });

      const org = await api.db.organization.findUniqueOrThrow({ where: { id: customer.organizationId } });
      expect(org).toMatchObject({ status: 'ACTIVE', termsVersion: api.config.TERMS_VERSION });
      const handle = api.temporal.workflow.getHandle(trialWorkflowId(customer.organizationId));
      expect(await handle.result()).toMatchObject({ status: 'ACTIVE' });
      // A history from the real dev server for the replay test (only with RECORD_HISTORIES=1).
      await saveHistory('trial-dev-server-activated', handle);
      expect(await api.db.auditEvent.count({ where: { entityId: customer.organizationId, action: 'ACTIVATED', actor: `user:${customer.userId} (CUSTOMER_ADMIN)` } })).toBe(1);
      const mail = await waitForMessage((m) => m.to.some((t) => t.address === customer.contactEmail) && m.subject === 'aTime is active');
      expect(mail.text).toContain('aTime is now active');

      await expect(requireActiveOrganization(api.db, customer.organizationId)).resolves.toBe(customer.organizationId);
      const again = await api.http().post('/organizations/me/activation').set(...bearer(customer)).send({ termsVersion: api.config.TERMS_VERSION });
      expectProblem(again, 409);
      expect(again.body.type).toMatch(/already-active$/);
    });

    it('activates an EXPIRED organisation', async () => {
      const customer = await registerCustomer(api);
      // The trial workflow's expiry, as its activity does it (30 real days are not waited for here).
      await accountActivitiesOnly({ config: api.config, db: api.db, mailer: api.mailer, logger: createLogger(api.config, 't') }).expireTrial({ organizationId: customer.organizationId });
      expect((await api.http().get('/organizations/me').set(...bearer(customer))).body.status).toBe('EXPIRED');
      const res = await api.http().post('/organizations/me/activation').set(...bearer(customer)).send({ termsVersion: api.config.TERMS_VERSION });
      expect(res.status).toBe(200);
      expect((await api.http().get('/organizations/me').set(...bearer(customer))).body.status).toBe('ACTIVE');
    });

    it('repairs the registration crash window: an organisation without its trial workflow still activates, and the start-up repair starts missing trials', async () => {
      // As if the API died between the registration commit and the workflow start.
      const now = new Date();
      const orphan = async () =>
        api.db.organization.create({
          data: { name: 'Sirotek s.r.o.', ico: randomIco(), street: 'Krátká 2', city: 'Praha', postalCode: '110 00', contactEmail: `orphan-${randomUUID()}@customer.test`, phone: '+420 777 000 111', createdAt: now, trialEndsAt: new Date(now.getTime() + 30 * DAY) },
        });
      const first = await orphan();
      const adminEmail = `orphan-admin-${randomUUID()}@customer.test`;
      await api.db.user.create({ data: { organizationId: first.id, email: adminEmail, name: 'O', role: 'CUSTOMER_ADMIN', passwordHash: hashPasswordSync(TEST_PASSWORD) } });
      const session = await login(api, adminEmail, TEST_PASSWORD);
      const res = await api.http().post('/organizations/me/activation').set(...bearer(session)).send({ termsVersion: api.config.TERMS_VERSION });
      expect(res.status).toBe(200);
      expect((await api.db.organization.findUniqueOrThrow({ where: { id: first.id } })).status).toBe('ACTIVE');

      const second = await orphan();
      const checked = await ensureTrialWorkflows(api.db, api.temporal, api.config, createLogger(api.config, 't'));
      expect(checked).toBeGreaterThanOrEqual(1);
      const handle = api.temporal.workflow.getHandle(trialWorkflowId(second.id));
      expect((await handle.describe()).status.name).toBe('RUNNING');
      expect((await handle.query(trialStateQuery)).trialEndsAt).toBe(second.trialEndsAt.toISOString());
      // Idempotent: a second repair joins the running workflow instead of starting another run.
      const runId = (await handle.describe()).runId;
      await ensureTrialWorkflows(api.db, api.temporal, api.config, createLogger(api.config, 't'));
      expect((await api.temporal.workflow.getHandle(trialWorkflowId(second.id)).describe()).runId).toBe(runId);
    });
  });

  describe('POST /support/contact', () => {
    it('stores the request of a TRIAL customer, mails it to support and acknowledges it to the sender in Czech', async () => {
      const customer = await registerCustomer(api);
      const subject = `Jak nastavit směny? ${randomUUID().slice(0, 6)}`;
      const res = await api.http().post('/support/contact').set(...bearer(customer)).send({ subject, message: 'Dobrý den, potřebujeme poradit se směnným provozem.' });
      expect(res.status).toBe(202);
      const stored = await api.db.contactRequest.findUniqueOrThrow({ where: { id: res.body.id } });
      expect(stored).toMatchObject({ organizationId: customer.organizationId, userId: customer.userId, subject });

      const toSupport = await waitForMessage((m) => m.to.some((t) => t.address === SUPPORT) && m.subject.includes(subject), 30_000);
      expect(toSupport.text).toContain('směnným provozem');
      const ack = await waitForMessage((m) => m.to.some((t) => t.address === customer.email) && m.subject.includes(subject), 30_000);
      expect(ack.subject).toBe(`Přijali jsme váš dotaz: ${subject}`);
    });

    it('acknowledges in English to an organisation preferring English, also for a member', async () => {
      const customer = await registerCustomer(api, { organization: { language: 'en' } });
      const member = await addCustomerMember(api, customer);
      const subject = `Card reader question ${randomUUID().slice(0, 6)}`;
      expect((await api.http().post('/support/contact').set(...bearer(member)).send({ subject, message: 'Which cards does the T1 read?' })).status).toBe(202);
      const ack = await waitForMessage((m) => m.to.some((t) => t.address === member.email), 30_000);
      expect(ack.subject).toBe(`We have received your request: ${subject}`);
    });

    it('rate-limits each user (CONTACT_REQUESTS_PER_HOUR) with a 429 problem, storing nothing more', async () => {
      const customer = await registerCustomer(api);
      const send = () => api.http().post('/support/contact').set(...bearer(customer)).send({ subject: 'Dotaz', message: 'Text' });
      const results = await Promise.all([send(), send(), send(), send()]);
      expect(results.map((r) => r.status).sort()).toEqual([202, 202, 202, 429]);
      const limited = results.find((r) => r.status === 429)!;
      expectProblem(limited, 429);
      expect(limited.body.type).toMatch(/rate-limited$/);
      expect(await api.db.contactRequest.count({ where: { userId: customer.userId } })).toBe(3);
      // Another user of the same organisation has a limit of their own.
      const member = await addCustomerMember(api, customer);
      expect((await api.http().post('/support/contact').set(...bearer(member)).send({ subject: 'Dotaz', message: 'Text' })).status).toBe(202);
    });

    it.each([
      ['a missing subject', { message: 'Text' }, 'body.subject'],
      ['a blank message', { subject: 'Dotaz', message: '   ' }, 'body.message'],
      ['a message over 5000 characters', { subject: 'Dotaz', message: 'x'.repeat(5001) }, 'body.message'],
      ['a subject of the wrong type', { subject: ['a'], message: 'Text' }, 'body.subject'],
    ])('rejects %s naming the field, storing nothing', async (_what, body, field) => {
      const customer = await registerCustomer(api);
      const res = await api.http().post('/support/contact').set(...bearer(customer)).send(body);
      expectProblem(res, 400);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
      expect(await api.db.contactRequest.count({ where: { userId: customer.userId } })).toBe(0);
    });
  });

  it('documents every accounts endpoint in the OpenAPI document', async () => {
    const res = await api.http().get('/openapi.json');
    expect(res.status).toBe(200);
    expect(Object.keys(res.body.paths)).toEqual(
      expect.arrayContaining(['/auth/register', '/auth/login', '/auth/logout', '/me', '/organizations', '/organizations/me', '/organizations/me/activation', '/organizations/{organizationId}', '/organizations/me/users', '/admin/users', '/support/contact']),
    );
    expect(res.body.paths['/auth/register'].post.requestBody.content['application/json'].schema.properties.organization.required).toEqual(expect.arrayContaining(['ico', 'name', 'phone']));
  });

  describe('bootstrap admin', () => {
    it('creates the configured first ADMIN once, who can sign in and create staff', async () => {
      const email = `boot-${randomUUID().slice(0, 8)}@atime.test`;
      const config = { BOOTSTRAP_ADMIN_EMAIL: email, BOOTSTRAP_ADMIN_PASSWORD: 'bootstrap password 1' };
      expect(await ensureBootstrapAdmin(api.db, config)).toBe('created');
      expect(await ensureBootstrapAdmin(api.db, config)).toBe('exists');
      expect(await ensureBootstrapAdmin(api.db, {})).toBe('not-configured');
      const admin = await login(api, email, 'bootstrap password 1');
      const me = await api.http().get('/me').set(...bearer(admin));
      expect(me.body.user.role).toBe('ADMIN');
      expect(await api.db.auditEvent.count({ where: { entityId: admin.userId, action: 'CREATED', actor: 'system:bootstrap' } })).toBe(1);
    });

    it('scripts/create-admin.ts creates an account from the command line and refuses a taken e-mail', async () => {
      const email = `cli-${randomUUID().slice(0, 8)}@atime.test`;
      const run = () =>
        spawnSync(process.execPath, [require.resolve('tsx/cli'), path.join(__dirname, '../../scripts/create-admin.ts'), email, 'Jana Správcová', 'STAFF'], {
          env: { ...process.env, DATABASE_URL: api.config.DATABASE_URL, ATIME_ADMIN_PASSWORD: 'cli password 12345', LOG_LEVEL: 'silent' },
          encoding: 'utf8',
        });
      const first = run();
      expect(first.stderr).toBe('');
      expect(first.status).toBe(0);
      expect(first.stdout).toContain(`Created STAFF ${email}`);
      expect((await login(api, email, 'cli password 12345')).token).toBeTruthy();
      const second = run();
      expect(second.status).toBe(1);
      expect(second.stderr).toContain('already exists');
    });
  });
});
