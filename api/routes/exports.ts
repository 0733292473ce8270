import { pipeline } from 'node:stream/promises';
import { z } from 'zod';
import { exportMonth } from '../../usecases/export-month';
import type { ApiDeps } from '../deps';
import { BACK_OFFICE_ROLES } from '../http/caller';
import { route, type RouteSpec } from '../http/route';

const monthQuery = z.object({ month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month like 2026-11') });

export function createExportRoutes({ db }: ApiDeps): RouteSpec[] {
  return [
    route({
      method: 'get',
      path: '/exports/documents',
      operationId: 'exportMonthDocuments',
      summary: "The month's books for the accountant: a ZIP with the CSV book of issued documents and every PDF and ISDOC, streamed",
      tags: ['Exports'],
      access: BACK_OFFICE_ROLES,
      query: monthQuery,
      responses: {
        200: { description: 'The ZIP (kniha-vydanych-dokladu-YYYY-MM.csv, doklady/<number>.pdf and .isdoc)', contentType: 'application/zip' },
        409: { description: 'A document of the month is still being rendered; try again after Retry-After seconds' },
      },
      handler: async ({ query, res }) => {
        const { fileName, stream } = await exportMonth({ db }, query.month);
        res.status(200).type('application/zip').setHeader('Content-Disposition', `attachment; filename="${fileName}"`);
        // Headers are sent: a failure now cuts the response short (the client sees a broken ZIP)
        // and reaches the error handler's log; a client that went away is no failure.
        await pipeline(stream, res).catch((error: NodeJS.ErrnoException) => {
          if (error.code !== 'ERR_STREAM_PREMATURE_CLOSE') throw error;
        });
        return undefined;
      },
    }),
  ];
}
