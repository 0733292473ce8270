import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildSpayd, parseSpayd } from '../../domain/spayd';
import { renderDocumentHtml } from '../../documents/render-document-html';
import { sampleDocumentContent } from '../../scripts/fixtures/sample-documents';
import { createPdfRenderer, PdfRendererClosedError, type PdfRenderer } from '../../infra/pdf-renderer';
import { eventually } from '../helpers/eventually';
import { decodeQrFromPdf, extractPdfText } from '../helpers/pdf';

const executablePath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const PANGRAM = 'Příliš žluťoučký kůň úpěl ďábelské ódy';

function taxInvoice() {
  const base = sampleDocumentContent('TAX_INVOICE');
  return sampleDocumentContent('TAX_INVOICE', {
    customer: { ...base.customer, name: PANGRAM },
    lines: [{ ...base.lines[0]!, description: `Docházkový terminál – ${PANGRAM}` }, ...base.lines.slice(1)],
  });
}

function isPdf(buf: Buffer): boolean {
  return buf.subarray(0, 5).toString('latin1') === '%PDF-';
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('PDF renderer (real Chromium)', () => {
  let renderer: PdfRenderer;

  beforeAll(async () => {
    renderer = await createPdfRenderer({ executablePath, pages: 2 });
  });

  afterAll(async () => {
    await renderer.close();
  });

  it('renders a tax invoice whose text, Czech diacritics included, can be read back', async () => {
    const pdf = await renderer.render(renderDocumentHtml(taxInvoice()));
    expect(isPdf(pdf)).toBe(true);
    const text = await extractPdfText(pdf);
    expect(text).toContain(PANGRAM);
    expect(text).toContain('Faktura – daňový doklad');
    expect(text).toContain('DIČ: CZ27082440');
    expect(text).toContain('34 388,20 Kč');
    expect(text).toContain('Datum uskutečnění zdanitelného plnění (DUZP)');
  });

  it('embeds a QR Platba code that decodes back to the SPAYD string', async () => {
    const content = taxInvoice();
    const pdf = await renderer.render(renderDocumentHtml(content));
    const decoded = await decodeQrFromPdf(pdf);
    expect(decoded).toBe(buildSpayd(content.qrPayment!));
    expect(parseSpayd(decoded!)).toMatchObject({ AM: '34388.20', CC: 'CZK', 'X-VS': '2026100042' });
  });

  it('has no QR code where no transfer is expected (credit note)', async () => {
    const pdf = await renderer.render(renderDocumentHtml(sampleDocumentContent('CREDIT_NOTE')));
    expect(await decodeQrFromPdf(pdf)).toBeNull();
    expect(await extractPdfText(pdf)).toContain('Opravný daňový doklad');
  });

  it('queues more concurrent renders than pages, all on one browser', async () => {
    const pidBefore = renderer.browserPid();
    const htmls = ['ORDER_CONFIRMATION', 'PROFORMA_INVOICE', 'TAX_INVOICE', 'CREDIT_NOTE', 'PROFORMA_INVOICE', 'TAX_INVOICE'].map((k) =>
      renderDocumentHtml(sampleDocumentContent(k as Parameters<typeof sampleDocumentContent>[0])),
    );
    const pdfs = await Promise.all(htmls.map((h) => renderer.render(h)));
    expect(pdfs.every(isPdf)).toBe(true);
    const titles = await Promise.all(pdfs.map(async (p) => (await extractPdfText(p)).slice(0, 200)));
    expect(titles[0]).toContain('Potvrzení objednávky');
    expect(titles[1]).toContain('Zálohová faktura');
    expect(titles[3]).toContain('Opravný daňový doklad');
    expect(renderer.browserPid()).toBe(pidBefore);
  });

  it('relaunches Chromium on the next render after the browser process is killed', async () => {
    await renderer.render('<p>warm</p>');
    const pid = renderer.browserPid();
    expect(pid).toBeDefined();
    process.kill(pid!, 'SIGKILL');
    await eventually(() => expect(renderer.browserPid()).toBeUndefined());
    await eventually(() => expect(processAlive(pid!)).toBe(false)); // reaped, not just a zombie

    const pdf = await renderer.render(renderDocumentHtml(taxInvoice()));
    expect(await extractPdfText(pdf)).toContain(PANGRAM);
    const newPid = renderer.browserPid();
    expect(newPid).toBeDefined();
    expect(newPid).not.toBe(pid);
  });

  it('completes renders that were in flight when the browser died', async () => {
    await renderer.render('<p>warm</p>');
    const pid = renderer.browserPid()!;
    const html = renderDocumentHtml(taxInvoice());
    const started = Date.now();
    const inFlight = [renderer.render(html), renderer.render(html), renderer.render(html)];
    await new Promise((r) => setTimeout(r, 15));
    process.kill(pid, 'SIGKILL');
    const pdfs = await Promise.all(inFlight);
    // Retried at once on a new browser, not after the 30 s navigation timeout.
    expect(Date.now() - started).toBeLessThan(15_000);
    for (const pdf of pdfs) expect(await extractPdfText(pdf)).toContain(PANGRAM);
    expect(renderer.browserPid()).not.toBe(pid);
  });

  it('never fetches external resources referenced by the HTML', async () => {
    let hits = 0;
    const server: Server = createServer((_req, res) => {
      hits++;
      res.end('x');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const { port } = server.address() as AddressInfo;
      const pdf = await renderer.render(
        `<html><head><link rel="stylesheet" href="http://127.0.0.1:${port}/a.css"></head><body><img src="http://127.0.0.1:${port}/b.png"><p>offline</p></body></html>`,
      );
      expect(await extractPdfText(pdf)).toContain('offline');
      expect(hits).toBe(0);
    } finally {
      server.close();
    }
  });

  it('rejects renders after close', async () => {
    const r = await createPdfRenderer({ executablePath, pages: 1 });
    expect(isPdf(await r.render('<p>once</p>'))).toBe(true);
    const pid = r.browserPid()!;
    await r.close();
    await expect(r.render('<p>again</p>')).rejects.toBeInstanceOf(PdfRendererClosedError);
    await eventually(() => expect(processAlive(pid)).toBe(false));
  });
});
