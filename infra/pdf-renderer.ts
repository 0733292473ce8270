import type { Browser, Page } from 'puppeteer-core';
import type { Logger } from './logger';

/**
 * HTML -> A4 PDF with one long-lived headless Chromium and a fixed pool of reusable pages.
 * Launching Chromium costs ~0.5 s, a warm page renders an invoice in tens of milliseconds, so the
 * browser is kept; requests beyond the pool size wait in a FIFO queue. If Chromium dies, the
 * next render launches a new one (a render caught by the crash is retried once on it).
 */
export interface PdfRenderer {
  render(html: string): Promise<Buffer>;
  close(): Promise<void>;
  /** PID of the current Chromium process, if one is running (ops diagnostics and tests). */
  browserPid(): number | undefined;
}

export interface PdfRendererOptions {
  executablePath: string;
  /** Pages rendering in parallel; 2 saturates 2 cores. */
  pages: number;
  logger?: Logger;
  /** Per-document limit for setContent and pdf. */
  timeoutMs?: number;
}

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-dev-shm-usage',
];

async function launch(executablePath: string): Promise<Browser> {
  // Loaded with the first launch: a process that never renders (tests without PDFs) skips a
  // third of a second of module loading.
  const { default: puppeteer } = await import('puppeteer-core');
  // The process's owner closes the browser after in-flight renders finish: no kill on signals.
  return puppeteer.launch({ executablePath, headless: true, pipe: true, args: CHROMIUM_ARGS, handleSIGINT: false, handleSIGTERM: false, handleSIGHUP: false });
}

/** Documents are static: no scripts, and nothing may be fetched from outside the page. */
async function preparePage(page: Page): Promise<void> {
  await page.setJavaScriptEnabled(false);
  await page.setRequestInterception(true);
  page.on('request', (req) => {
    if (req.url().startsWith('data:') || req.url() === 'about:blank') void req.continue();
    else void req.abort('blockedbyclient');
  });
}

async function printPdf(page: Page, html: string, timeout: number): Promise<Buffer> {
  await page.setContent(html, { waitUntil: 'load', timeout });
  // Untagged: Chromium's accessibility structure nearly doubles an invoice (44 → 78 KB) and its
  // render time by about a fifth; the content is also delivered as text and as ISDOC.
  const pdf = await page.pdf({ format: 'A4', printBackground: true, tagged: false, timeout });
  return Buffer.from(pdf);
}

class RenderAttemptError extends Error {
  constructor(
    override readonly cause: unknown,
    readonly browserGone: boolean,
  ) {
    super('render attempt failed');
  }
}

/**
 * A navigation in progress (setContent waiting for 'load') is not failed by puppeteer when the
 * browser dies; it would sit until its timeout. Fail it as soon as the browser disconnects.
 */
async function untilDisconnected<T>(b: Browser, work: Promise<T>): Promise<T> {
  let onDisconnect: (() => void) | undefined;
  const gone = new Promise<never>((_resolve, reject) => {
    onDisconnect = () => reject(new Error('Chromium disconnected during rendering'));
    if (!b.connected) onDisconnect();
    else b.once('disconnected', onDisconnect);
  });
  work.catch(() => undefined); // its later rejection is expected once we have given up on it
  try {
    return await Promise.race([work, gone]);
  } finally {
    if (onDisconnect) b.off('disconnected', onDisconnect);
  }
}

export class PdfRendererClosedError extends Error {
  override name = 'PdfRendererClosedError';
}

export async function createPdfRenderer(opts: PdfRendererOptions): Promise<PdfRenderer> {
  if (!Number.isInteger(opts.pages) || opts.pages < 1) throw new Error(`pages must be a positive integer: ${opts.pages}`);
  const timeout = opts.timeoutMs ?? 30_000;
  const log = opts.logger;

  let closed = false;
  let browser: Browser | undefined;
  let launching: Promise<Browser> | undefined;
  let idle: Page[] = [];
  let busy = 0;
  const waiters: { resolve: () => void; reject: (err: Error) => void }[] = [];

  function getBrowser(): Promise<Browser> {
    if (browser?.connected) return Promise.resolve(browser);
    launching ??= (async () => {
      const started = Date.now();
      const b = await launch(opts.executablePath);
      b.once('disconnected', () => {
        if (browser === b) {
          browser = undefined;
          idle = [];
          if (!closed) log?.warn({ pid: b.process()?.pid }, 'Chromium disconnected; it will be relaunched on the next render');
        }
      });
      browser = b;
      idle = [];
      log?.info({ pid: b.process()?.pid, ms: Date.now() - started }, 'Chromium launched');
      return b;
    })().finally(() => {
      launching = undefined;
    });
    return launching;
  }

  async function acquireSlot(): Promise<void> {
    if (closed) throw new PdfRendererClosedError('PDF renderer is closed');
    if (busy < opts.pages) {
      busy++;
      return;
    }
    await new Promise<void>((resolve, reject) => waiters.push({ resolve, reject }));
  }

  function releaseSlot(): void {
    const next = waiters.shift();
    if (next) next.resolve(); // the slot passes straight to the next waiter
    else busy--;
  }

  async function renderOnce(html: string): Promise<Buffer> {
    let b: Browser | undefined;
    let page: Page | undefined;
    try {
      b = await getBrowser();
      const browserUsed = b;
      page = idle.pop();
      // Pages of a browser that died are useless even if its 'disconnected' event is still pending.
      if (!page || page.isClosed() || page.browser() !== browserUsed) {
        page = await untilDisconnected(b, (async () => {
          const p = await browserUsed.newPage();
          await preparePage(p);
          return p;
        })());
      }
      const pdf = await untilDisconnected(b, printPdf(page, html, timeout));
      if (b === browser && b.connected) idle.push(page);
      return pdf;
    } catch (err) {
      // A page that failed mid-render may be in any state: drop it rather than reuse it.
      if (b?.connected) await page?.close().catch(() => undefined);
      // The 'disconnected' event can trail the failed CDP call by a moment.
      if (b?.connected) await new Promise((r) => setTimeout(r, 200));
      throw new RenderAttemptError(err, b !== undefined && !b.connected);
    }
  }

  return {
    async render(html: string): Promise<Buffer> {
      await acquireSlot();
      try {
        try {
          return await renderOnce(html);
        } catch (err) {
          const attempt = err as RenderAttemptError;
          if (closed || !attempt.browserGone) throw attempt.cause;
          // The browser went away under us; rendering is pure, so one retry on a fresh browser is safe.
          log?.warn({ err: attempt.cause }, 'PDF render failed because Chromium disconnected; retrying on a new browser');
          try {
            return await renderOnce(html);
          } catch (retryErr) {
            throw (retryErr as RenderAttemptError).cause;
          }
        }
      } finally {
        releaseSlot();
      }
    },

    async close(): Promise<void> {
      closed = true;
      for (const w of waiters.splice(0)) w.reject(new PdfRendererClosedError('PDF renderer is closed'));
      const b = browser ?? (launching ? await launching.catch(() => undefined) : undefined);
      browser = undefined;
      idle = [];
      await b?.close().catch(() => undefined);
    },

    browserPid(): number | undefined {
      return browser?.connected ? browser.process()?.pid : undefined;
    },
  };
}

/**
 * The naive alternative, kept for the benchmark: a fresh Chromium per document (~1 doc/s).
 */
export async function renderPdfWithFreshBrowser(html: string, executablePath: string): Promise<Buffer> {
  const b = await launch(executablePath);
  try {
    const page = await b.newPage();
    await preparePage(page);
    return await printPdf(page, html, 30_000);
  } finally {
    await b.close();
  }
}
