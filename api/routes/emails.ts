import { z } from 'zod';
import { listQueuedEmails } from '../../persistence/queued-emails';
import type { ApiDeps } from '../deps';
import { BACK_OFFICE_ROLES } from '../http/caller';
import { route, type RouteSpec } from '../http/route';

const pageQuery = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(50),
});

/** Ops: what waits for the mail server (metric `emails_queued` tells how many). */
export function createEmailRoutes({ db }: ApiDeps): RouteSpec[] {
  return [
    route({
      method: 'get',
      path: '/admin/emails/queued',
      operationId: 'listQueuedEmails',
      summary: 'E-mails recorded but not yet accepted by the mail server, oldest first (delivery is retried with the same Message-ID)',
      tags: ['Back office'],
      access: BACK_OFFICE_ROLES,
      query: pageQuery,
      responses: { 200: { description: 'A page of queued e-mails' } },
      handler: async ({ query }) => {
        const { total, items } = await listQueuedEmails(db, { skip: (query.page - 1) * query.pageSize, take: query.pageSize });
        return { body: { items: items.map((m) => ({ ...m, createdAt: m.createdAt.toISOString() })), page: query.page, pageSize: query.pageSize, total } };
      },
    }),
  ];
}
