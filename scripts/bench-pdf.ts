/**
 * PDF throughput: the long-lived pool (1 and 2 pages) against a fresh Chromium per document.
 *   npx tsx scripts/bench-pdf.ts [documents=40] [fresh-browser documents=8]
 * CHROMIUM_PATH overrides /usr/bin/chromium.
 */
import { renderDocumentHtml } from '../documents/render-document-html';
import { sampleDocumentContent } from '../documents/sample-documents';
import { createPdfRenderer, renderPdfWithFreshBrowser } from '../infra/pdf-renderer';

const executablePath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

async function timed(label: string, count: number, run: () => Promise<void>): Promise<void> {
  const started = process.hrtime.bigint();
  await run();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  console.log(`${label.padEnd(34)} ${String(count).padStart(4)} docs  ${seconds.toFixed(2).padStart(7)} s  ${(count / seconds).toFixed(1).padStart(6)} docs/s`);
}

async function main(): Promise<void> {
  const n = Number(process.argv[2] ?? 40);
  const freshN = Number(process.argv[3] ?? 8);

  // Distinct documents (different numbers), so nothing is cached between renders.
  const htmls = await Promise.all(
    Array.from({ length: n }, (_, i) => {
      const number = String(2026200000 + i);
      const base = sampleDocumentContent('TAX_INVOICE');
      return renderDocumentHtml({ ...base, number, variableSymbol: number, qrPayment: { ...base.qrPayment!, variableSymbol: number } });
    }),
  );
  await timed('HTML templates (incl. QR PNG)', n, async () => {
    const content = sampleDocumentContent('TAX_INVOICE');
    for (let i = 0; i < n; i++) await renderDocumentHtml(content);
  });

  for (const pages of [1, 2]) {
    const renderer = await createPdfRenderer({ executablePath, pages });
    try {
      await Promise.all(Array.from({ length: pages }, () => renderer.render(htmls[0]!))); // warm pages
      await timed(`pool, ${pages} page${pages > 1 ? 's' : ''} (warm browser)`, n, async () => {
        await Promise.all(htmls.map((h) => renderer.render(h)));
      });
    } finally {
      await renderer.close();
    }
  }

  await timed('fresh browser per document', freshN, async () => {
    for (const h of htmls.slice(0, freshN)) await renderPdfWithFreshBrowser(h, executablePath);
  });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
