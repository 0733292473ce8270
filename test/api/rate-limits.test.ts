import { randomInt } from 'node:crypto';
import { createTestApi, registrationBody, type TestApi } from './helpers';

/** A client address of its own per test, so suites sharing the database never share a limit. */
const someAddress = () => `203.0.${randomInt(0, 255)}.${randomInt(1, 255)}`;

describe('rate limits per client address, shared by every API instance', () => {
  let first: TestApi;
  let second: TestApi;

  beforeAll(async () => {
    const config = { REGISTRATIONS_PER_IP_PER_HOUR: '2', LOGIN_IP_MAX_FAILURES: '3' };
    [first, second] = await Promise.all([createTestApi({ worker: false, config }), createTestApi({ worker: false, config })]);
  }, 60_000);

  afterAll(async () => {
    await Promise.all([first?.close(), second?.close()]);
  });

  it('limits registrations per client address, counting every API instance, and creates nothing more', async () => {
    const address = someAddress();
    const register = (api: TestApi) => api.http().post('/auth/register').set('X-Forwarded-For', address).send(registrationBody());
    expect((await register(first)).status).toBe(201);
    expect((await register(second)).status).toBe(201);
    const body = registrationBody();
    const limited = await second.http().post('/auth/register').set('X-Forwarded-For', address).send(body);
    expect(limited.status).toBe(429);
    expect(limited.body.type).toMatch(/rate-limited$/);
    expect(await first.db.organization.count({ where: { ico: body.organization.ico } })).toBe(0);
    expect((await first.http().post('/auth/register').set('X-Forwarded-For', someAddress()).send(registrationBody())).status).toBe(201);
  });

  it('counts failed sign-ins from one address across API instances', async () => {
    const address = someAddress();
    const attempt = (api: TestApi) => api.http().post('/auth/login').set('X-Forwarded-For', address).send({ email: 'nobody@customer.test', password: 'wrong-password-1' });
    expect((await attempt(first)).status).toBe(401);
    expect((await attempt(second)).status).toBe(401);
    expect((await attempt(first)).status).toBe(401);
    expect((await attempt(second)).status).toBe(429);
    expect((await second.http().post('/auth/login').set('X-Forwarded-For', someAddress()).send({ email: 'nobody@customer.test', password: 'wrong-password-1' })).status).toBe(401);
  });
});
