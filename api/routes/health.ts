import { z } from 'zod';
import type { ApiDeps } from '../deps';
import { route, type RouteSpec } from '../http/route';

const readiness = z.object({ status: z.enum(['ready', 'not-ready']), checks: z.record(z.string(), z.string()) });

async function check(probe: () => Promise<unknown>): Promise<string> {
  try {
    await probe();
    return 'ok';
  } catch (error) {
    return `failing: ${(error as Error).message}`;
  }
}

export function createHealthRoutes({ db, temporal }: ApiDeps): RouteSpec[] {
  return [
    route({
      method: 'get',
      path: '/healthz',
      operationId: 'health',
      summary: 'The process is up',
      tags: ['Operations'],
      access: 'public',
      responses: { 200: { description: 'Up', schema: z.object({ status: z.literal('ok') }) } },
      handler: async () => ({ body: { status: 'ok' } }),
    }),
    route({
      method: 'get',
      path: '/readyz',
      operationId: 'readiness',
      summary: 'PostgreSQL and Temporal are reachable',
      tags: ['Operations'],
      access: 'public',
      responses: {
        200: { description: 'Ready', schema: readiness },
        503: { description: 'A dependency is unreachable', schema: readiness },
      },
      handler: async () => {
        const checks = {
          postgres: await check(() => db.$queryRaw`SELECT 1`),
          temporal: await check(() => temporal.workflowService.getSystemInfo({})),
        };
        const ready = Object.values(checks).every((c) => c === 'ok');
        return { status: ready ? 200 : 503, body: { status: ready ? 'ready' : 'not-ready', checks } };
      },
    }),
  ];
}
