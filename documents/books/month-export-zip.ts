import { Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { ZipFile } from 'yazl';
import { isdocFileName } from '../isdoc/isdoc-xml';
import { type BookEntry, issuedDocumentsBookCsv } from './issued-documents-book';

/** One issued document's files as stored (the bytes whose SHA-256 was recorded): its PDF and, for the kinds that have one, its ISDOC. */
export interface ExportDocument {
  number: string;
  pdf: Uint8Array;
  isdoc?: Uint8Array;
}

export interface MonthExportInput {
  /** YYYY-MM: names the book. */
  month: string;
  /** The book's rows (content and paid amount only, no file bytes), in book order. */
  book: AsyncIterable<BookEntry> | Iterable<BookEntry>;
  /** The same month's documents with their files, read one at a time. */
  documents: AsyncIterable<ExportDocument> | Iterable<ExportDocument>;
  /** The entries' modification time (e.g. when the export was requested). */
  modifiedAt: Date;
}

class ExportAbandoned extends Error {}

export const monthExportFileName = (month: string) => `doklady-${month}.zip`;
export const bookFileName = (month: string) => `kniha-vydanych-dokladu-${month}.csv`;

/**
 * Streams the month's ZIP: the CSV book first, then `doklady/<number>.pdf` and `.isdoc` per
 * document. Each entry is handed to the archive only after the previous one was consumed, so a
 * slow reader holds the producer back and memory does not grow with the number of documents (only
 * the archive's central-directory records, about 1 KiB an entry in yazl, are kept to the end, as
 * ZIP requires: some 20 MiB for 10 000 documents).
 * PDFs are stored (already compressed), CSV and XML deflated. ZIP64 is used when needed.
 */
export function monthExportZip(input: MonthExportInput): Readable {
  const zip = new ZipFile();
  const output = zip.outputStream as Readable;
  zip.on('error', (err: Error) => output.destroy(err));
  const mtime = input.modifiedAt;
  // A reader that goes away (a closed HTTP response) ends the production and the document cursor.
  const closed = new Promise<'closed'>((resolve) => output.once('close', () => resolve('closed')));

  const add = async (chunks: Iterable<Uint8Array> | AsyncIterable<string>, path: string, compress: boolean) => {
    const source = Readable.from(chunks, { objectMode: false });
    // Lazy, and handed over once: yazl keeps each entry's pump function for the central
    // directory, and a closure over the stream would keep every document's bytes to the end.
    let handOver: Readable | undefined = source;
    zip.addReadStreamLazy(path, { mtime, compress }, (callback) => {
      const stream = handOver;
      handOver = undefined;
      callback(stream ? null : new Error(`${path} was read twice`), stream!);
    });
    if ((await Promise.race([finished(source), closed])) === 'closed') {
      source.destroy();
      throw new ExportAbandoned();
    }
  };

  const produce = async () => {
    await add(issuedDocumentsBookCsv(input.book), bookFileName(input.month), true);
    for await (const doc of input.documents) {
      await add([doc.pdf], `doklady/${doc.number}.pdf`, false);
      if (doc.isdoc !== undefined) await add([doc.isdoc], `doklady/${isdocFileName(doc.number)}`, true);
    }
    zip.end();
  };
  produce().catch((err: unknown) => {
    if (!(err instanceof ExportAbandoned)) output.destroy(err instanceof Error ? err : new Error(String(err)));
  });
  return output;
}
