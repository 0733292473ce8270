import type { Readable } from 'node:stream';
import type { DocumentContent } from '../documents/document-content';
import { BOOK_KINDS, type BookEntry } from '../documents/books/issued-documents-book';
import { type ExportDocument, monthExportFileName, monthExportZip } from '../documents/books/month-export-zip';
import { NotReady, ValidationFailed } from '../domain/errors';
import { halereFromBigInt } from '../domain/money';
import { firstDayOfMonth, nextMonth, toDateColumn } from '../domain/prague-calendar';
import type { Prisma } from '../infra/db';
import type { UseCaseDeps } from './deps';

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
/** Rows read per query: bounds memory by ~200 documents' files, whatever the month's size. */
const PAGE_SIZE = 200;
/** A document is rendered within seconds of its number; the caller retries after this. */
const RENDERING_RETRY_AFTER_SECONDS = 5;

/**
 * The month's books for the accountant: a ZIP streaming the CSV book of issued documents, then
 * every document's PDF and ISDOC as stored. Every proforma, tax invoice and credit note issued in
 * the month (Prague date) is listed, voided proformas too: the book accounts for every number of
 * the gap-free series. The API and `npm run export:month` both pipe this stream.
 */
export async function exportMonth(deps: Pick<UseCaseDeps, 'db'>, month: string, modifiedAt = new Date()): Promise<{ fileName: string; stream: Readable }> {
  if (!MONTH.test(month)) throw new ValidationFailed([{ field: 'month', rule: 'month', message: 'a month like 2026-11' }]);
  const where: Prisma.DocumentWhereInput = {
    type: { in: [...BOOK_KINDS] },
    issueDate: { gte: toDateColumn(firstDayOfMonth(month)), lt: toDateColumn(firstDayOfMonth(nextMonth(month))) },
  };
  // Checked before the first byte: once the ZIP streams, a missing file could only cut it short.
  const rendering = await deps.db.document.findMany({ where: { ...where, pdf: null }, select: { number: true }, orderBy: { number: 'asc' }, take: 5 });
  if (rendering.length > 0) {
    const numbers = rendering.map((d) => d.number).join(', ');
    throw new NotReady('DocumentsRendering', `Documents of ${month} are still being rendered (${numbers}); try again in a few seconds.`, RENDERING_RETRY_AFTER_SECONDS);
  }
  // A document numbered while the export runs is left to the next export, in the book and the
  // files alike: only documents already rendered are read, and the files follow the book.
  const rendered: Prisma.DocumentWhereInput = { ...where, pdf: { not: null } };
  const inBook = new Set<string>();
  const book = pages(deps, rendered, { number: true, content: true, paidHalere: true }, (d): BookEntry => {
    inBook.add(d.number);
    return { content: d.content as unknown as DocumentContent, paidHalere: halereFromBigInt(d.paidHalere, 'paidHalere') };
  });
  const documents = filter(
    pages(deps, rendered, { number: true, pdf: true, isdoc: true }, (d) => d),
    (d): ExportDocument | undefined => (inBook.has(d.number) && d.pdf ? { number: d.number, pdf: d.pdf, ...(d.isdoc ? { isdoc: d.isdoc } : {}) } : undefined),
  );
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

async function* filter<T, U>(source: AsyncIterable<T>, map: (item: T) => U | undefined): AsyncGenerator<U> {
  for await (const item of source) {
    const mapped = map(item);
    if (mapped !== undefined) yield mapped;
  }
}
