import { z } from 'zod';
import { listCancellationWaits } from '../orders/cancellation-waits';
import type { ApiDeps } from '../deps';
import { BACK_OFFICE_ROLES } from '../http/caller';
import { route, type RouteSpec } from '../http/route';

const pageQuery = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});

export function createCancellationWaitRoutes({ db }: ApiDeps): RouteSpec[] {
  return [
    route({
      method: 'get',
      path: '/payments/cancellations-waiting',
      operationId: 'listCancellationsWaitingForStatements',
      summary: 'Unpaid orders whose cancellation waits for a bank statement covering their last day of grace: why, since when, when they cancel anyway',
      tags: ['Payments'],
      access: BACK_OFFICE_ROLES,
      query: pageQuery,
      responses: { 200: { description: 'A page of waiting orders, longest waiting first' } },
      handler: async ({ query }) => ({ body: await listCancellationWaits(db, query) }),
    }),
  ];
}
