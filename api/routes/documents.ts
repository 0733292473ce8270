import { z } from 'zod';
import { ISDOC_MEDIA_TYPE, isdocFileName } from '../../documents/isdoc/isdoc-xml';
import type { Document } from '../../infra/db';
import type { ApiDeps } from '../deps';
import { BACK_OFFICE_ROLES, CUSTOMER_ROLES, organizationScope } from '../http/caller';
import { notFound } from '../http/problem';
import { route, type RouteSpec } from '../http/route';
import { documentSummarySelect, toDocumentSummary } from '../orders/order-views';

const documentParams = z.object({ documentId: z.uuid() });
const listQuery = z.object({
  kind: z.enum(['ORDER_CONFIRMATION', 'PROFORMA_INVOICE', 'TAX_INVOICE', 'CREDIT_NOTE']).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});

const readers = [...CUSTOMER_ROLES, ...BACK_OFFICE_ROLES];

export function createDocumentRoutes({ db }: ApiDeps): RouteSpec[] {
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
          db.document.findMany({ where, select: documentSummarySelect, orderBy: { createdAt: 'desc' }, skip: (query.page - 1) * query.pageSize, take: query.pageSize }),
        ]);
        return { body: { items: documents.map(toDocumentSummary), page: query.page, pageSize: query.pageSize, total } };
      },
    }),
    storedFileRoute(db, {
      path: '/documents/:documentId/pdf',
      operationId: 'downloadDocumentPdf',
      summary: 'The stored PDF, byte-identical to the one issued (ETag = its SHA-256)',
      contentType: 'application/pdf',
      description: 'The PDF',
      file: (d) => (d.pdf && d.sha256 ? { bytes: d.pdf, sha256: d.sha256, fileName: d.fileName } : undefined),
    }),
    storedFileRoute(db, {
      path: '/documents/:documentId/isdoc',
      operationId: 'downloadDocumentIsdoc',
      summary: 'The stored ISDOC 6.0.2 e-invoice, byte-identical to the one e-mailed (ETag = its SHA-256); proforma, tax invoice and credit note only',
      contentType: ISDOC_MEDIA_TYPE,
      description: 'The ISDOC XML',
      file: (d) => (d.isdoc && d.isdocSha256 ? { bytes: d.isdoc, sha256: d.isdocSha256, fileName: isdocFileName(d.number) } : undefined),
    }),
  ];
}

/** A document's stored file, to its readers only, with its SHA-256 as ETag; 404 when it has none. */
function storedFileRoute(db: ApiDeps['db'], spec: {
  path: string;
  operationId: string;
  summary: string;
  contentType: string;
  description: string;
  file: (document: Document) => { bytes: Uint8Array; sha256: string; fileName: string } | undefined;
}): RouteSpec {
  return route({
    method: 'get',
    path: spec.path,
    operationId: spec.operationId,
    summary: spec.summary,
    tags: ['Documents'],
    access: readers,
    params: documentParams,
    responses: { 200: { description: spec.description, contentType: spec.contentType }, 404: { description: 'No such document (or not yours), or none of this file' } },
    handler: async ({ caller, params, res }) => {
      const document = await db.document.findFirst({ where: { id: params.documentId, organizationId: organizationScope(caller) } });
      const file = document && spec.file(document);
      if (!file) throw notFound('Document');
      res
        .status(200)
        .type(spec.contentType)
        .setHeader('ETag', `"${file.sha256}"`)
        .setHeader('X-Content-SHA256', file.sha256)
        .setHeader('Content-Disposition', `attachment; filename="${file.fileName}"`)
        .end(Buffer.from(file.bytes));
      return undefined;
    },
  });
}
