import { createBackOfficeUser, bearer, createTestApi, registrationBody, type TestApi } from './helpers';

/** Input a client should never send, and a database that is away: each gets its own answer, never a 500. */
describe('hostile input and outages', () => {
  let api: TestApi;

  beforeAll(async () => {
    api = await createTestApi({ worker: false });
  }, 60_000);

  afterAll(async () => {
    await api?.close();
  });

  it('answers a NUL byte in the login e-mail with a 400 naming the field', async () => {
    const res = await api.http().post('/auth/login').send({ email: 'eva\u0000@customer.test', password: 'whatever-long-enough' });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([expect.objectContaining({ field: 'body.email', rule: 'nul_character' })]);
  });

  it('answers a NUL byte in a registration name with a 400 naming the field', async () => {
    const body = registrationBody();
    const res = await api.http().post('/auth/register').send({ ...body, organization: { ...body.organization, name: 'Pekárna\u0000 s.r.o.' } });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'body.organization.name', rule: 'nul_character' })]));
  });

  it('answers a NUL byte in a ticket code (a path parameter) with a 400 naming the parameter', async () => {
    const staff = await createBackOfficeUser(api, 'STAFF');
    const res = await api.http().get('/tickets/AB%00CD').set(...bearer(staff));
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([expect.objectContaining({ field: 'params.code', rule: 'nul_character' })]);
  });

  it('refuses a payment dated 9999-12-31, naming the field', async () => {
    const staff = await createBackOfficeUser(api, 'STAFF');
    const res = await api
      .http()
      .post('/support/invoices/2026000001/payments')
      .set(...bearer(staff))
      .set('Idempotency-Key', 'far-future-payment')
      .send({ amountHalere: 100, receivedOn: '9999-12-31' });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([expect.objectContaining({ field: 'body.receivedOn', rule: 'payment_date' })]);
  });

  it('answers 503 with Retry-After, not 500, when PostgreSQL is down', async () => {
    const broken = await createTestApi({ worker: false, config: { DATABASE_URL: 'postgresql://postgres:postgres@127.0.0.1:1/none' } });
    try {
      const res = await broken.http().post('/auth/login').send({ email: 'eva@customer.test', password: 'whatever-long-enough' });
      expect(res.status).toBe(503);
      expect(res.headers['retry-after']).toMatch(/^\d+$/);
      expect(res.headers['content-type']).toContain('application/problem+json');
    } finally {
      await broken.close();
    }
  });
});
