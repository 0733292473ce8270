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
    expect(ready.body).toEqual({ status: 'ready', checks: { postgres: 'ok', temporal: 'ok' } });
  });

  it('reports not ready, naming the dependency, when PostgreSQL is unreachable', async () => {
    const broken = await createTestApi({ worker: false, config: { DATABASE_URL: 'postgresql://postgres:postgres@127.0.0.1:1/none' } });
    try {
      const res = await broken.http().get('/readyz');
      expect(res.status).toBe(503);
      expect(res.body.checks.temporal).toBe('ok');
      expect(res.body.checks.postgres).toMatch(/^failing/);
    } finally {
      await broken.close();
    }
  });

  it('exposes Prometheus metrics by route pattern, and guards them with the token when one is set', async () => {
    await api.http().get('/healthz');
    const metrics = await api.http().get('/metrics');
    expect(metrics.status).toBe(200);
    expect(metrics.text).toMatch(/http_request_duration_seconds_count\{method="GET",route="\/healthz",status="200"\}/);
    const guarded = await createTestApi({ worker: false, config: { METRICS_TOKEN: 'a-long-metrics-token-123' } });
    try {
      expect((await guarded.http().get('/metrics')).status).toBe(401);
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
