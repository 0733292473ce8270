import { z } from 'zod';
import type { ApiDeps } from '../deps';
import { route, type RouteSpec } from '../http/route';

const checkResult = z.enum(['up', 'down']);
const readiness = z.object({ status: z.enum(['ready', 'not-ready']), checks: z.object({ postgres: checkResult, temporal: checkResult }) });

export function createHealthRoutes({ db, temporal, logger }: ApiDeps): RouteSpec[] {
  /** Up or down for anyone who asks; why it is down goes to the log only. */
  async function check(dependency: string, probe: () => Promise<unknown>): Promise<'up' | 'down'> {
    try {
      await probe();
      return 'up';
    } catch (error) {
      logger.warn({ err: error, dependency, errorMessage: (error as Error).message }, 'readiness check failed');
      return 'down';
    }
  }

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
          postgres: await check('postgres', () => db.$queryRaw`SELECT 1`),
          temporal: await check('temporal', () => temporal.workflowService.getSystemInfo({})),
        };
        const ready = Object.values(checks).every((c) => c === 'up');
        return { status: ready ? 200 : 503, body: { status: ready ? 'ready' : 'not-ready', checks } };
      },
    }),
  ];
}
