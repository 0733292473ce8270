import express from 'express';
import request from 'supertest';
import { createErrorHandler } from '../../api/http/error-handler';
import { createRoutes } from '../../api/routes';
import { createTestApi, type TestApi } from './helpers';

/** What every deployment offers besides the business routes: docs, probes, metrics, errors. */
describe('API platform endpoints', () => {
  let api: TestApi;

  beforeAll(async () => {
    api = await createTestApi({ worker: false });
  }, 60_000);

  afterAll(async () => {
    await api?.close();
  });

  it('documents every route in one OpenAPI 3.1 document, with the multipart upload and bearer auth', async () => {
    const res = await api.http().get('/openapi.json');
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe('3.1.0');
    const documented = Object.entries(res.body.paths as Record<string, Record<string, unknown>>).flatMap(([path, methods]) => Object.keys(methods).map((m) => `${m} ${path}`));
    const routes = createRoutes({ ...api, logger: undefined as never }).map((r) => `${r.method} ${r.path.replace(/:(\w+)/g, '{$1}')}`);
    expect(documented.sort()).toEqual(routes.sort());
    expect(res.body.paths['/payments/imports'].post.requestBody.content['multipart/form-data'].schema.properties.format.enum).toEqual(['gpc', 'fio-json']);
    expect(res.body.paths['/orders'].post.security).toEqual([{ bearerAuth: [] }, { cookieAuth: [] }]);
    expect(res.body.components.securitySchemes.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' });
    const docs = await api.http().get('/docs/');
    expect(docs.status).toBe(200);
    expect(docs.text).toContain('swagger-ui');
  });

  it('answers health and readiness, with a request id on every response', async () => {
    const health = await api.http().get('/healthz').set('X-Request-Id', 'probe-1');
    expect(health.body).toEqual({ status: 'ok' });
    expect(health.headers['x-request-id']).toBe('probe-1');
    const ready = await api.http().get('/readyz');
    expect(ready.status).toBe(200);
    expect(ready.body).toEqual({ status: 'ready', checks: { postgres: 'up', temporal: 'up' } });
  });

  it('reports not ready, naming the dependency but not its error, when PostgreSQL is unreachable', async () => {
    const broken = await createTestApi({ worker: false, config: { DATABASE_URL: 'postgresql://postgres:postgres@127.0.0.1:1/none' } });
    try {
      const res = await broken.http().get('/readyz');
      expect(res.status).toBe(503);
      expect(res.body).toEqual({ status: 'not-ready', checks: { postgres: 'down', temporal: 'up' } });
    } finally {
      await broken.close();
    }
  });

  it('exposes Prometheus metrics by route pattern without a token only under the explicit dev flag', async () => {
    const open = await createTestApi({ worker: false, config: { METRICS_OPEN: 'true' } });
    try {
      await open.http().get('/healthz');
      const metrics = await open.http().get('/metrics');
      expect(metrics.status).toBe(200);
      expect(metrics.text).toMatch(/http_request_duration_seconds_count\{method="GET",route="\/healthz",status="200"\}/);
    } finally {
      await open.close();
    }
  });

  it('requires the metrics token outside development, whatever NODE_ENV says, and compares it in full', async () => {
    expect((await api.http().get('/metrics')).status).toBe(401);
    const guarded = await createTestApi({ worker: false, config: { METRICS_TOKEN: 'a-long-metrics-token-123' } });
    try {
      expect((await guarded.http().get('/metrics')).status).toBe(401);
      expect((await guarded.http().get('/metrics').set('Authorization', 'Bearer a-long-metrics-token-12')).status).toBe(401);
      expect((await guarded.http().get('/metrics').set('Authorization', 'Bearer a-long-metrics-token-123')).status).toBe(200);
    } finally {
      await guarded.close();
    }
  });

  it('answers unknown routes and malformed JSON with problem+json', async () => {
    const missing = await api.http().get('/nope');
    expect(missing.status).toBe(404);
    expect(missing.headers['content-type']).toContain('application/problem+json');
    expect(missing.body).toMatchObject({ status: 404, title: 'Not found', instance: '/nope' });
    const malformed = await api.http().post('/auth/login').set('Content-Type', 'application/json').send('{"email":');
    expect(malformed.status).toBe(400);
    expect(malformed.body.errors).toEqual([expect.objectContaining({ field: 'body', rule: 'invalid_json' })]);
  });

  it('trusts only the configured proxy for client addresses', async () => {
    const trusting = (app: TestApi['app']) => app.get('trust proxy fn') as (address: string, hop: number) => boolean;
    expect(trusting(api.app)('127.0.0.1', 0)).toBe(true);
    expect(trusting(api.app)('10.1.2.3', 0)).toBe(false);
    const behindBalancer = await createTestApi({ worker: false, config: { TRUST_PROXY: '10.0.0.0/8' } });
    try {
      expect(trusting(behindBalancer.app)('10.1.2.3', 0)).toBe(true);
      expect(trusting(behindBalancer.app)('127.0.0.1', 0)).toBe(false);
    } finally {
      await behindBalancer.close();
    }
  });

  it('logs an unhandled error with its request id and message, so ops find it in one search', async () => {
    const logged: Record<string, unknown>[] = [];
    const app = express();
    app.use((req, _res, next) => {
      (req as unknown as { id: string }).id = 'req-42';
      next();
    });
    app.get('/boom', () => {
      throw new Error('secret internals');
    });
    app.use(createErrorHandler({ error: (fields: Record<string, unknown>) => logged.push(fields) } as never));
    await request(app).get('/boom');
    expect(logged).toEqual([expect.objectContaining({ requestId: 'req-42', errorMessage: 'secret internals' })]);
  });

  it('never leaks an internal error: 500 problem without details', async () => {
    const app = express();
    app.get('/boom', () => {
      throw new Error('secret internals');
    });
    app.use(createErrorHandler({ error: () => undefined } as never));
    const res = await request(app).get('/boom');
    expect(res.status).toBe(500);
    expect(JSON.stringify(res.body)).not.toContain('secret');
  });
});
