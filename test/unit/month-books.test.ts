import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT } from '../../scripts/stack/common';
import { buildIsdocXml } from '../../documents/isdoc/isdoc-xml';
import { bookRow, BOOK_CSV_BOM, type BookEntry, issuedDocumentsBookCsv } from '../../documents/books/issued-documents-book';
import { bookFileName, type ExportDocument, monthExportZip } from '../../documents/books/month-export-zip';
import { sampleDocumentContent } from '../../scripts/fixtures/sample-documents';
import { isdocFixtures } from '../helpers/isdoc-fixtures';
import { collect, parseCsv, unzip } from '../helpers/month-export';

const run = promisify(execFile);
const fixtures = isdocFixtures();
const entries: BookEntry[] = fixtures.map((f, i) => ({ content: f.content, paidHalere: i === 0 ? f.content.payableHalere : 0 }));

async function text(chunks: AsyncIterable<string>): Promise<string> {
  let out = '';
  for await (const chunk of chunks) out += chunk;
  return out;
}


/** "-1234,56" → -123456 haléře, exactly. */
const halere = (value: string) => {
  const m = /^(-?)(\d+),(\d{2})$/.exec(value);
  if (!m) throw new Error(`not an amount with a decimal comma: "${value}"`);
  return (m[1] ? -1 : 1) * (Number(m[2]) * 100 + Number(m[3]));
};

describe('the book of issued documents (CSV)', () => {
  test('UTF-8 with BOM, ; separated, one line per document and a closing sum line', async () => {
    const csv = await text(issuedDocumentsBookCsv(entries));
    expect(csv.startsWith(BOOK_CSV_BOM)).toBe(true);
    expect(Buffer.from(csv, 'utf8').subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const rows = parseCsv(csv.slice(1));
    expect(rows[0]![0]).toBe('Číslo dokladu');
    expect(rows).toHaveLength(1 + entries.length + 1);
    expect(rows.every((r) => r.length === rows[0]!.length)).toBe(true);
    const customer = rows[1]![rows[0]!.indexOf('Odběratel')];
    expect(customer).toBe(fixtures[0]!.content.customer.name);
    expect(rows[1]![rows[0]!.indexOf('Datum vystavení')]).toBe('2.11.2026');
  });

  test('every row adds up, equals its document to the haléř, and credit notes are negative', async () => {
    const rows = parseCsv((await text(issuedDocumentsBookCsv(entries))).slice(1));
    const header = rows[0]!;
    const col = (row: string[], name: string) => halere(row[header.indexOf(name)]!);
    const parts = ['Základ 21 %', 'DPH 21 %', 'Základ 12 %', 'DPH 12 %', 'Základ 0 % (bez DPH)', 'Zaokrouhlení (bez DPH)'];
    entries.forEach((entry, i) => {
      const row = rows[i + 1]!;
      const c = entry.content;
      expect(row[0]).toBe(c.number);
      const total = col(row, 'Celkem');
      expect(parts.reduce((sum, p) => sum + col(row, p), 0)).toBe(total);
      expect(total).toBe(c.grossHalere + (c.roundingHalere ?? 0));
      for (const s of c.vatSummary) {
        if (s.ratePercent === 0) {
          expect(col(row, 'Základ 0 % (bez DPH)')).toBe(s.baseHalere);
          expect(s.vatHalere).toBe(0);
        } else {
          expect(col(row, `Základ ${s.ratePercent} %`)).toBe(s.baseHalere);
          expect(col(row, `DPH ${s.ratePercent} %`)).toBe(s.vatHalere);
        }
      }
      expect(col(row, 'K úhradě')).toBe(c.payableHalere);
      expect(col(row, 'Uhrazeno')).toBe(entry.paidHalere);
      expect(row[header.indexOf('Variabilní symbol')]).toBe(c.variableSymbol ?? '');
      if (c.kind === 'CREDIT_NOTE') {
        expect(total).toBeLessThan(0);
        expect(col(row, 'Základ 21 %')).toBeLessThan(0);
        expect(row[header.indexOf('Opravuje doklad')]).toBe(c.correctsNumber);
      }
    });
    // The closing line sums the tax documents (not the proformas) to the haléř.
    const sums = rows.at(-1)!;
    const taxDocuments = entries.filter((e) => e.content.kind !== 'PROFORMA_INVOICE');
    expect(sums[0]).toBe(`Celkem daňové doklady (${taxDocuments.length})`);
    expect(col(sums, 'Celkem')).toBe(taxDocuments.reduce((s, e) => s + e.content.grossHalere + (e.content.roundingHalere ?? 0), 0));
    expect(col(sums, 'DPH 21 %')).toBe(
      taxDocuments.reduce((s, e) => s + (e.content.vatSummary.find((v) => v.ratePercent === 21)?.vatHalere ?? 0), 0),
    );
    for (const p of parts) {
      expect(col(sums, p)).toBe(rows.slice(1, -1).filter((r) => r[2] === 'ano').reduce((s, r) => s + col(r, p), 0));
    }
  });

  test('text a spreadsheet would run is defused; quotes and separators are quoted', async () => {
    const content = { ...fixtures[1]!.content, customer: { ...fixtures[1]!.content.customer, name: '=HYPERLINK("x";"y")' } };
    const rows = parseCsv((await text(issuedDocumentsBookCsv([{ content, paidHalere: 0 }]))).slice(1));
    expect(rows[1]![rows[0]!.indexOf('Odběratel')]).toBe(`'=HYPERLINK("x";"y")`);
  });

  test('refuses what it cannot book: an order confirmation, a VAT rate without a column', () => {
    expect(() => bookRow({ content: sampleDocumentContent('ORDER_CONFIRMATION'), paidHalere: 0 })).toThrow(/does not belong/);
    const c = sampleDocumentContent('TAX_INVOICE');
    expect(() => bookRow({ content: { ...c, vatSummary: [{ ratePercent: 15, baseHalere: 100, vatHalere: 15, grossHalere: 115 }] }, paidHalere: 0 })).toThrow(
      /15 %/,
    );
  });
});


describe('the month export ZIP', () => {
  test('holds the book and every document\'s PDF and ISDOC, byte for byte', async () => {
    const documents: ExportDocument[] = fixtures.map((f, i) => ({
      number: f.content.number,
      pdf: Buffer.from(`%PDF-1.7 fake document ${i}`),
      isdoc: Buffer.from(buildIsdocXml(f.content, f.facts)),
    }));
    const zip = await collect(monthExportZip({ month: '2026-11', book: entries, documents, modifiedAt: new Date('2026-12-01T08:00:00Z') }));
    const files = await unzip(zip);
    expect([...files.keys()]).toEqual([
      bookFileName('2026-11'),
      ...documents.flatMap((d) => [`doklady/${d.number}.pdf`, `doklady/${d.number}.isdoc`]),
    ]);
    expect(files.get(bookFileName('2026-11'))!.data.toString('utf8')).toBe(await text(issuedDocumentsBookCsv(entries)));
    for (const d of documents) {
      expect(files.get(`doklady/${d.number}.pdf`)).toEqual({ data: Buffer.from(d.pdf), method: 0 });
      expect(files.get(`doklady/${d.number}.isdoc`)).toEqual({ data: Buffer.from(d.isdoc!), method: 8 });
    }
  });

  test('a failing document source fails the stream instead of ending a truncated ZIP', async () => {
    async function* failing(): AsyncGenerator<ExportDocument> {
      yield { number: '1', pdf: Buffer.from('x') };
      throw new Error('database went away');
    }
    const stream = monthExportZip({ month: '2026-11', book: [], documents: failing(), modifiedAt: new Date() });
    await expect(collect(stream)).rejects.toThrow('database went away');
  });

  test('a reader that goes away stops the production and closes the document source', async () => {
    let yielded = 0;
    let sourceClosed = false;
    async function* endless(): AsyncGenerator<ExportDocument> {
      try {
        for (;;) yield { number: String(++yielded), pdf: Buffer.alloc(64 * 1024, 1) };
      } finally {
        sourceClosed = true;
      }
    }
    const stream = monthExportZip({ month: '2026-11', book: [], documents: endless(), modifiedAt: new Date() });
    let received = 0;
    for await (const chunk of stream) {
      received += (chunk as Buffer).length;
      if (received > 256 * 1024) break; // for-await's break destroys the stream, as a closed response does
    }
    expect(yielded).toBeGreaterThan(0);
    for (let i = 0; i < 100 && !sourceClosed; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(sourceClosed).toBe(true);
    const stoppedAt = yielded;
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(yielded).toBe(stoppedAt);
    expect(stoppedAt).toBeLessThan(10);
  });

  test('3 000 documents (120 MiB) stream with memory that does not grow with their number', async () => {
    const count = 3_000;
    // Measured in a process of its own (see the helper): the jest worker's heap is shared.
    const { stdout } = await run(process.execPath, ['--expose-gc', '--import', 'tsx', join(__dirname, '../helpers/month-export-memory.ts'), String(count)], { cwd: REPO_ROOT });
    const { documents, entries, dataMiB, growthMiB } = JSON.parse(stdout) as { documents: number; entries: number; dataMiB: number; growthMiB: number };
    process.stdout.write(`month ZIP of ${count} documents: ${dataMiB.toFixed(0)} MiB streamed, memory grew ${growthMiB.toFixed(1)} MiB\n`);
    expect(documents).toBe(count);
    // End of central directory: the number of entries is the book + a PDF and an ISDOC per document.
    expect(entries).toBe(1 + 2 * count);
    // All documents together are over 100 MiB; holding them would show. What the archive keeps
    // for its central directory (about 1 KiB an entry: 6 MiB here) stays well below this bound.
    expect(dataMiB).toBeGreaterThan(100);
    expect(growthMiB).toBeLessThan(40);
  }, 60_000);
});
