/**
 * PDF throughput: the long-lived pool (1 and 2 pages) against a fresh Chromium per document.
 *   npx tsx scripts/bench-pdf.ts [documents=40] [fresh-browser documents=8]
 * CHROMIUM_PATH overrides /usr/bin/chromium. `npm run bench:orders` runs the same measurement
 * through benchPdfRenderer().
 */
import { renderDocumentHtml } from '../documents/render-document-html';
import { sampleDocumentContent } from './fixtures/sample-documents';
import { createPdfRenderer, renderPdfWithFreshBrowser } from '../infra/pdf-renderer';

export interface PdfBenchOptions {
  executablePath: string;
  /** Documents rendered by each pool configuration. Default 40. */
  documents?: number;
  /** Documents rendered with a browser launched for each (about 1/s: keep it small). Default 8. */
  freshBrowserDocuments?: number;
  /** Pool sizes to measure. Default [1, 2]. */
  poolPages?: number[];
  /** Called with each result as it is measured. */
  onResult?: (result: PdfBenchResult) => void;
}

export interface PdfBenchResult {
  /** 'html' = templates only (incl. the QR PNG), 'pool' = warm browser with a page pool, 'fresh' = a browser per document. */
  kind: 'html' | 'pool' | 'fresh';
  label: string;
  /** Pool size for kind 'pool'. */
  pages?: number;
  documents: number;
  seconds: number;
  documentsPerSecond: number;
  /** Bytes of the first PDF produced (sanity: the same content in every mode). */
  pdfBytes?: number;
}

async function timed(run: () => Promise<void>): Promise<number> {
  const started = process.hrtime.bigint();
  await run();
  return Number(process.hrtime.bigint() - started) / 1e9;
}

function result(kind: PdfBenchResult['kind'], label: string, documents: number, seconds: number, extra: Partial<PdfBenchResult> = {}): PdfBenchResult {
  return { kind, label, documents, seconds, documentsPerSecond: documents / seconds, ...extra };
}

/**
 * Renders the same sample tax invoice (distinct numbers, so nothing is cached between renders)
 * with the production renderer's pool of 1 and 2 warm pages, and with a browser launched per
 * document. The pools are warmed first (browser launch and one render per page are excluded).
 */
export async function benchPdfRenderer(options: PdfBenchOptions): Promise<PdfBenchResult[]> {
  const n = options.documents ?? 40;
  const freshN = Math.min(options.freshBrowserDocuments ?? 8, n);
  const poolPages = options.poolPages ?? [1, 2];
  const results: PdfBenchResult[] = [];
  const push = (r: PdfBenchResult): void => {
    results.push(r);
    options.onResult?.(r);
  };

  const htmls = Array.from({ length: n }, (_, i) => {
    const number = String(2026200000 + i);
    const base = sampleDocumentContent('TAX_INVOICE');
    return renderDocumentHtml({ ...base, number, variableSymbol: number, qrPayment: { ...base.qrPayment!, variableSymbol: number } });
  });
  const content = sampleDocumentContent('TAX_INVOICE');
  push(result('html', 'HTML templates (incl. QR PNG)', n, await timed(async () => {
    for (let i = 0; i < n; i++) renderDocumentHtml(content);
  })));

  for (const pages of poolPages) {
    const renderer = await createPdfRenderer({ executablePath: options.executablePath, pages });
    try {
      const warm = await Promise.all(Array.from({ length: pages }, () => renderer.render(htmls[0]!)));
      const seconds = await timed(async () => {
        await Promise.all(htmls.map((h) => renderer.render(h)));
      });
      push(result('pool', `pool, ${pages} page${pages > 1 ? 's' : ''} (warm browser)`, n, seconds, { pages, pdfBytes: warm[0]?.length }));
    } finally {
      await renderer.close();
    }
  }

  let firstFresh: number | undefined;
  const freshSeconds = await timed(async () => {
    for (const h of htmls.slice(0, freshN)) {
      const pdf = await renderPdfWithFreshBrowser(h, options.executablePath);
      firstFresh ??= pdf.length;
    }
  });
  push(result('fresh', 'fresh browser per document', freshN, freshSeconds, { pdfBytes: firstFresh }));
  return results;
}

export function formatPdfBenchLine(r: PdfBenchResult): string {
  return `${r.label.padEnd(34)} ${String(r.documents).padStart(4)} docs  ${r.seconds.toFixed(2).padStart(7)} s  ${r.documentsPerSecond.toFixed(1).padStart(6)} docs/s`;
}

async function main(): Promise<void> {
  await benchPdfRenderer({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    documents: Number(process.argv[2] ?? 40),
    freshBrowserDocuments: Number(process.argv[3] ?? 8),
    onResult: (r) => console.log(formatPdfBenchLine(r)),
  });
}

if (require.main === module) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
