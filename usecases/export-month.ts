import type { Readable } from 'node:stream';
import type { DocumentContent } from '../documents/document-content';
import { BOOK_KINDS, type BookEntry } from '../documents/books/issued-documents-book';
import { type ExportDocument, monthExportFileName, monthExportZip } from '../documents/books/month-export-zip';
import { ValidationFailed } from '../domain/errors';
import { halereFromBigInt } from '../domain/money';
import { firstDayOfMonth, nextMonth, toDateColumn } from '../domain/prague-calendar';
import type { Prisma } from '../infra/db';
import type { UseCaseDeps } from './deps';

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
/** Rows read per query: bounds memory by ~200 documents' files, whatever the month's size. */
const PAGE_SIZE = 200;

/**
 * The month's books for the accountant: a ZIP streaming the CSV book of issued documents, then
 * every document's PDF and ISDOC as stored. Every proforma, tax invoice and credit note issued in
 * the month (Prague date) is listed, voided proformas too: the book accounts for every number of
 * the gap-free series. The API and `npm run export:month` both pipe this stream.
 */
export function exportMonth(deps: Pick<UseCaseDeps, 'db'>, month: string, modifiedAt = new Date()): { fileName: string; stream: Readable } {
  if (!MONTH.test(month)) throw new ValidationFailed([{ field: 'month', rule: 'month', message: 'a month like 2026-11' }]);
  const where: Prisma.DocumentWhereInput = {
    type: { in: [...BOOK_KINDS] },
    issueDate: { gte: toDateColumn(firstDayOfMonth(month)), lt: toDateColumn(firstDayOfMonth(nextMonth(month))) },
  };
  const book = pages(deps, where, { number: true, content: true, paidHalere: true }, (d): BookEntry => ({
    content: d.content as unknown as DocumentContent,
    paidHalere: halereFromBigInt(d.paidHalere, 'paidHalere'),
  }));
  const documents = pages(deps, where, { number: true, pdf: true, isdoc: true }, (d): ExportDocument => {
    if (!d.pdf) throw new Error(`document ${d.number} has no stored PDF yet`);
    return { number: d.number, pdf: d.pdf, ...(d.isdoc ? { isdoc: d.isdoc } : {}) };
  });
  return { fileName: monthExportFileName(month), stream: monthExportZip({ month, book, documents, modifiedAt }) };
}

/** The month's documents in book order (issue date, number), a page at a time by keyset. */
async function* pages<S extends Prisma.DocumentSelect & { number: true }, T>(
  { db }: Pick<UseCaseDeps, 'db'>,
  where: Prisma.DocumentWhereInput,
  select: S,
  map: (row: Prisma.DocumentGetPayload<{ select: S }>) => T,
): AsyncGenerator<T> {
  let after: string | undefined;
  for (;;) {
    const rows = await db.document.findMany({
      where,
      select,
      orderBy: [{ issueDate: 'asc' }, { number: 'asc' }],
      take: PAGE_SIZE,
      ...(after ? { cursor: { number: after }, skip: 1 } : {}),
    });
    for (const row of rows) yield map(row);
    if (rows.length < PAGE_SIZE) return;
    after = (rows[rows.length - 1] as { number: string }).number;
  }
}
