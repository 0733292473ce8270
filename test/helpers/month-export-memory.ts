/**
 * Measures what a month's ZIP keeps in memory while it streams `count` documents, in a process of
 * its own: a jest worker's heap also holds whatever earlier test files left running, which a
 * process-wide figure would count. Run as `node --expose-gc --import tsx <this file> <count>`;
 * prints one JSON line: { documents, entries, dataMiB, growthMiB }.
 */
import { buildIsdocXml } from '../../documents/isdoc/isdoc-xml';
import type { BookEntry } from '../../documents/books/issued-documents-book';
import { type ExportDocument, monthExportZip } from '../../documents/books/month-export-zip';
import { isdocFixtures } from './isdoc-fixtures';

/** About an invoice's PDF (40–45 kB): the bytes, not the count of documents, are what a ZIP could hold. */
const PDF_BYTES = 40_000;

async function measure(count: number) {
  const template = isdocFixtures()[1]!;
  const xml = buildIsdocXml(template.content, template.facts);
  async function* book(): AsyncGenerator<BookEntry> {
    for (let i = 0; i < count; i++) yield { content: { ...template.content, number: String(2026200000 + i) }, paidHalere: 0 };
  }
  let produced = 0;
  async function* documents(): AsyncGenerator<ExportDocument> {
    for (let i = 0; i < count; i++) {
      produced++;
      // A fresh buffer per document, as a database row would give.
      yield { number: String(2026200000 + i), pdf: Buffer.alloc(PDF_BYTES, i % 251), isdoc: Buffer.from(xml.replace(template.content.number, String(i))) };
    }
  }
  // What stays reachable, not garbage that is merely not collected yet: collect before measuring.
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with node --expose-gc');
  const memory = () => {
    gc();
    const m = process.memoryUsage();
    return m.heapUsed + m.arrayBuffers;
  };
  const baseline = memory();
  let peak = baseline;
  let bytes = 0;
  let chunks = 0;
  let tail = Buffer.alloc(0);
  for await (const chunk of monthExportZip({ month: '2026-11', book: book(), documents: documents(), modifiedAt: new Date() })) {
    const b = chunk as Buffer;
    bytes += b.length;
    // The end of central directory is in the last chunk or spans the last two.
    tail = Buffer.concat([tail.subarray(-64), b]);
    if (++chunks % 1000 === 0) peak = Math.max(peak, memory());
  }
  const eocd = tail.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  return { documents: produced, entries: tail.readUInt16LE(eocd + 10), dataMiB: bytes / 2 ** 20, growthMiB: (peak - baseline) / 2 ** 20 };
}

measure(Number(process.argv[2])).then(
  (result) => process.stdout.write(`${JSON.stringify(result)}\n`),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
