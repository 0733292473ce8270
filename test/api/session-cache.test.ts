import { hashToken } from '../../api/auth/sessions';
import { bearer, createBackOfficeUser, createTestApi, type TestApi } from './helpers';

const expectProblem = (res: { status: number; headers: Record<string, string> }, status: number) => {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
};

/** Revokes a session the way another API process (or an operator) would: in the database only. */
const revokeInDatabase = (api: TestApi, token: string) => api.db.session.updateMany({ where: { tokenHash: hashToken(token) }, data: { revokedAt: new Date() } });

describe('session lookups remembered per API process (SESSION_CACHE_MS)', () => {
  describe('remembered for a minute', () => {
    let api: TestApi;
    beforeAll(async () => {
      api = await createTestApi({ worker: false, config: { SESSION_CACHE_MS: '60000' } });
    });
    afterAll(() => api.close());

    it('answers many requests with one token after a single session lookup', async () => {
      const staff = await createBackOfficeUser(api, 'STAFF');
      const lookups = jest.spyOn(api.db.session, 'findUnique');
      try {
        for (let i = 0; i < 5; i++) expect((await api.http().get('/me').set(...bearer(staff))).status).toBe(200);
        expect(lookups).toHaveBeenCalledTimes(1);
      } finally {
        lookups.mockRestore();
      }
    });

    it('refuses a token at once after its logout in this process, although it was remembered', async () => {
      const staff = await createBackOfficeUser(api, 'STAFF');
      expect((await api.http().get('/me').set(...bearer(staff))).status).toBe(200);
      expect((await api.http().post('/auth/logout').set(...bearer(staff))).status).toBe(204);
      expectProblem(await api.http().get('/me').set(...bearer(staff)), 401);
    });
  });

  it.each([
    ['refuses a session revoked in the database (e.g. by another API process) once SESSION_CACHE_MS has passed', '300', 350],
    ['with SESSION_CACHE_MS=0 asks the database on every request: a revocation there counts at once', '0', 0],
  ])('%s', async (_name, cacheMs, waitMs) => {
    const api = await createTestApi({ worker: false, config: { SESSION_CACHE_MS: cacheMs } });
    try {
      const staff = await createBackOfficeUser(api, 'STAFF');
      expect((await api.http().get('/me').set(...bearer(staff))).status).toBe(200);
      await revokeInDatabase(api, staff.token);
      if (waitMs > 0) await new Promise((resolve) => setTimeout(resolve, waitMs));
      expectProblem(await api.http().get('/me').set(...bearer(staff)), 401);
    } finally {
      await api.close();
    }
  });
});
