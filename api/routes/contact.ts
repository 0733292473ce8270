import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { startContactRequestWorkflow } from '../../workflows/contact-request/start';
import type { ApiDeps } from '../deps';
import { CUSTOMER_ROLES } from '../http/caller';
import { tooManyRequests } from '../http/problem';
import { route, type RouteSpec } from '../http/route';
import { trimmedText } from '../http/validation';

const HOUR_MS = 3_600_000;

export function createContactRoutes({ config, db, temporal }: ApiDeps): RouteSpec[] {
  return [
    route({
      method: 'post',
      path: '/support/contact',
      operationId: 'sendContactRequest',
      summary: 'Free support contact form: stored, sent to the support mailbox, acknowledged by e-mail',
      tags: ['Support'],
      access: CUSTOMER_ROLES,
      body: z.object({ subject: trimmedText(200), message: trimmedText(5000) }),
      responses: {
        202: { description: 'Accepted; the e-mails are on their way', schema: z.object({ id: z.uuid(), createdAt: z.string() }) },
        429: { description: 'Too many requests from this user in the last hour' },
      },
      handler: async ({ body, caller }) => {
        const organizationId = caller.organizationId as string;
        const id = randomUUID();
        // The limit is counted in the database under a per-user advisory lock, so it holds
        // across API instances and parallel requests.
        const request = await db.$transaction(async (tx) => {
          await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`contact:${caller.userId}`}))`;
          const recent = await tx.contactRequest.count({ where: { userId: caller.userId, createdAt: { gt: new Date(Date.now() - HOUR_MS) } } });
          if (recent >= config.CONTACT_REQUESTS_PER_HOUR) {
            throw tooManyRequests(`At most ${config.CONTACT_REQUESTS_PER_HOUR} contact requests per hour; please try again later.`);
          }
          const created = await tx.contactRequest.create({ data: { id, organizationId, userId: caller.userId, subject: body.subject, message: body.message } });
          return created;
        });
        try {
          await startContactRequestWorkflow(temporal, config, { contactRequestId: id });
        } catch (error) {
          // Not delivered means not accepted: remove the row so the customer can simply retry
          // and the failed attempt does not count against their limit.
          await db.contactRequest.delete({ where: { id } });
          throw error;
        }
        return { status: 202, body: { id: request.id, createdAt: request.createdAt.toISOString() } };
      },
    }),
  ];
}
