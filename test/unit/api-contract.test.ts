import express from 'express';
import request from 'supertest';
import { z } from 'zod';
import { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { createErrorHandler } from '../../api/http/error-handler';
import { mountRoutes, type ContractViolation } from '../../api/http/mount-routes';
import { buildOpenApiDocument } from '../../api/http/openapi';
import { conflict, notFound } from '../../api/http/problem';
import { route, type RouteSpec } from '../../api/http/route';
import { createLogger } from '../../infra/logger';

/** The route framework's contract rules, on small routes of its own (no database needed). */
const thing = z.object({ id: z.string(), count: z.number().int() });

function appWith(specs: RouteSpec[], options: { check: boolean }) {
  const violations: ContractViolation[] = [];
  const checkResponses = options.check ? (v: ContractViolation) => violations.push(v) : undefined;
  const registry = new OpenAPIRegistry();
  const app = express();
  app.use(express.json());
  const staff = { userId: 'u1', email: 's@atime.test', role: 'STAFF' as const, organizationId: null };
  app.use(mountRoutes(specs, async (token) => (token === 'staff' ? staff : null), registry, { checkResponses }));
  app.use(createErrorHandler(createLogger({ LOG_LEVEL: 'silent' }, 'contract-test'), checkResponses));
  return { app, violations, document: () => buildOpenApiDocument(registry, 'http://localhost') };
}

const getThing = (answer: () => Promise<{ status?: number; body?: unknown }>) =>
  route({
    method: 'get',
    path: '/things/:id',
    operationId: 'getThing',
    summary: 'A thing',
    tags: ['Test'],
    access: 'authenticated',
    params: z.object({ id: z.string().min(1) }),
    responses: { 200: { description: 'The thing', schema: thing }, 409: { description: 'Refused' } },
    handler: answer,
  });

const asStaff = (req: request.Test) => req.set('Authorization', 'Bearer staff');

describe('the API contract in the route framework', () => {
  it('answers a success body that breaks its declared schema with a 500 naming the drift, when checking (tests)', async () => {
    const { app, violations } = appWith([getThing(async () => ({ body: { id: 'a', count: 'many' } }))], { check: true });
    const res = await asStaff(request(app).get('/things/a'));
    expect(res.status).toBe(500);
    expect(res.body.type).toMatch(/response-contract$/);
    expect(res.body.detail).toContain('count');
    expect(violations).toEqual([expect.objectContaining({ operationId: 'getThing', status: 200 })]);
  });

  it('passes a body that matches its schema, and does not check in production', async () => {
    const good = appWith([getThing(async () => ({ body: { id: 'a', count: 2 } }))], { check: true });
    expect((await asStaff(request(good.app).get('/things/a'))).status).toBe(200);
    const unchecked = appWith([getThing(async () => ({ body: { id: 'a', count: 'many' } }))], { check: false });
    expect((await asStaff(request(unchecked.app).get('/things/a'))).status).toBe(200);
  });

  it('answers an undeclared status with a 500, a success or an error alike', async () => {
    const created = appWith([getThing(async () => ({ status: 201, body: { id: 'a', count: 1 } }))], { check: true });
    const res = await asStaff(request(created.app).get('/things/a'));
    expect(res.status).toBe(500);
    expect(res.body.detail).toContain('status 201 is not declared');

    const tooMany = appWith(
      [
        getThing(async () => {
          throw Object.assign(conflict('x', 'y'), { status: 429 });
        }),
      ],
      { check: true },
    );
    expect((await asStaff(request(tooMany.app).get('/things/a'))).status).toBe(500);
    const declared = appWith([getThing(async () => Promise.reject(conflict('already', 'Already done.')))], { check: true });
    const refused = await asStaff(request(declared.app).get('/things/a'));
    expect(refused.status).toBe(409);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('lets the framework errors through where they can occur: 401 without a token, 404 for a resource the path names', async () => {
    const { app, violations } = appWith([getThing(async () => Promise.reject(notFound('Thing')))], { check: true });
    expect((await request(app).get('/things/a')).status).toBe(401);
    expect((await asStaff(request(app).get('/things/a'))).status).toBe(404);
    expect(violations).toEqual([]);
  });

  it('answers a method the path does not declare with 405 and the Allow list', async () => {
    const { app } = appWith([getThing(async () => ({ body: { id: 'a', count: 1 } }))], { check: true });
    for (const method of ['post', 'put', 'patch', 'delete'] as const) {
      const res = await asStaff(request(app)[method]('/things/a'));
      expect(res.status).toBe(405);
      expect(res.headers.allow).toBe('GET, HEAD');
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
    expect((await asStaff(request(app).head('/things/a'))).status).toBe(200);
  });

  it('documents the framework errors as problem+json where they can occur', async () => {
    const publicList = route({
      method: 'get',
      path: '/public-things',
      operationId: 'listPublicThings',
      summary: 'Things',
      tags: ['Test'],
      access: 'public',
      responses: { 200: { description: 'Things', schema: z.object({ items: z.array(thing) }) } },
      handler: async () => ({ body: { items: [] } }),
    });
    const { document } = appWith([getThing(async () => ({ body: {} })), publicList], { check: true });
    const paths = document().paths as Record<string, Record<string, { responses: Record<string, { content?: Record<string, unknown> }> }>>;
    const one = paths['/things/{id}']!.get!.responses;
    expect(Object.keys(one).sort()).toEqual(['200', '400', '401', '403', '404', '409', '503']);
    expect(Object.keys(one['404']?.content ?? {})).toEqual(['application/problem+json']);
    expect(Object.keys(one['409']?.content ?? {})).toEqual(['application/problem+json']);
    // Public, no input, no resource in the path: only a dependency outage can fail it.
    expect(Object.keys(paths['/public-things']!.get!.responses).sort()).toEqual(['200', '503']);
  });
});
