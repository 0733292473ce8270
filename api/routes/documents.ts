import { z } from 'zod';
import type { ApiDeps } from '../deps';
import { BACK_OFFICE_ROLES, CUSTOMER_ROLES, organizationScope } from '../http/caller';
import { notFound } from '../http/problem';
import { route, type RouteSpec } from '../http/route';
import { toDocumentSummary } from '../orders/order-views';

const documentParams = z.object({ documentId: z.uuid() });
const listQuery = z.object({
  kind: z.enum(['ORDER_CONFIRMATION', 'PROFORMA_INVOICE', 'TAX_INVOICE', 'CREDIT_NOTE']).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});

export function createDocumentRoutes({ db }: ApiDeps): RouteSpec[] {
  const readers = [...CUSTOMER_ROLES, ...BACK_OFFICE_ROLES];
  return [
    route({
      method: 'get',
      path: '/documents',
      operationId: 'listDocuments',
      summary: "Issued documents: a customer's own, all for the back office",
      tags: ['Documents'],
      access: readers,
      query: listQuery,
      responses: { 200: { description: 'A page of documents, newest first' } },
      handler: async ({ caller, query }) => {
        const where = { organizationId: organizationScope(caller), ...(query.kind ? { type: query.kind } : {}) };
        const [total, documents] = await Promise.all([
          db.document.count({ where }),
          db.document.findMany({ where, omit: { pdf: true }, orderBy: { createdAt: 'desc' }, skip: (query.page - 1) * query.pageSize, take: query.pageSize }),
        ]);
        return { body: { items: documents.map((d) => toDocumentSummary({ ...d, pdf: null })), page: query.page, pageSize: query.pageSize, total } };
      },
    }),
    route({
      method: 'get',
      path: '/documents/:documentId/pdf',
      operationId: 'downloadDocumentPdf',
      summary: 'The stored PDF, byte-identical to the one issued (ETag = its SHA-256)',
      tags: ['Documents'],
      access: readers,
      params: documentParams,
      responses: { 200: { description: 'The PDF', contentType: 'application/pdf' }, 404: { description: 'No such document (or not yours)' } },
      handler: async ({ caller, params, res }) => {
        const document = await db.document.findFirst({ where: { id: params.documentId, organizationId: organizationScope(caller) } });
        if (!document?.pdf || !document.sha256) throw notFound('Document');
        res
          .status(200)
          .type('application/pdf')
          .setHeader('ETag', `"${document.sha256}"`)
          .setHeader('X-Content-SHA256', document.sha256)
          .setHeader('Content-Disposition', `attachment; filename="${document.fileName}"`)
          .end(Buffer.from(document.pdf));
        return undefined;
      },
    }),
  ];
}
