import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';

/**
 * PDF inspection for tests, with pdf-parse (pdf.js). pdf.js starts its worker through a dynamic
 * `import()`, which jest's CommonJS sandbox refuses ("invoked without --experimental-vm-modules"),
 * so the parsing runs in a short-lived plain Node process and returns JSON.
 */
const REPO_ROOT = resolve(__dirname, '..', '..');

const SCRIPT = `
import { PDFParse } from 'pdf-parse';
const chunks = [];
for await (const c of process.stdin) chunks.push(c);
const parser = new PDFParse({ data: new Uint8Array(Buffer.concat(chunks)) });
try {
  if (process.argv[1] === 'text') {
    const r = await parser.getText();
    process.stdout.write(JSON.stringify({ text: r.text }));
  } else {
    const r = await parser.getImage({ imageBuffer: true, imageDataUrl: false, imageThreshold: 20 });
    const images = r.pages.flatMap((p) => p.images.map((i) => ({ page: p.pageNumber, width: i.width, height: i.height, png: Buffer.from(i.data).toString('base64') })));
    process.stdout.write(JSON.stringify({ images }));
  }
} finally {
  await parser.destroy();
}
`;

function runParser<T>(mode: 'text' | 'images', pdf: Buffer): Promise<T> {
  return new Promise((resolvePromise, reject) => {
    const child = execFile(
      process.execPath,
      ['--input-type=module', '-e', SCRIPT, mode],
      { cwd: REPO_ROOT, maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' },
      (err, stdout, stderr) => {
        if (err) return reject(new Error(`pdf-parse (${mode}) failed: ${err.message}\n${stderr}`));
        try {
          resolvePromise(JSON.parse(stdout) as T);
        } catch (parseErr) {
          reject(new Error(`pdf-parse (${mode}) gave no JSON: ${String(parseErr)}\n${stderr}`));
        }
      },
    );
    child.stdin!.end(pdf);
  });
}

/** All text of a PDF, pages joined (what a reader could copy out of it). */
export async function extractPdfText(pdf: Buffer): Promise<string> {
  return (await runParser<{ text: string }>('text', pdf)).text;
}

export interface PdfImage {
  page: number;
  width: number;
  height: number;
  png: Buffer;
}

/** Embedded raster images, re-encoded as PNG. */
export async function extractPdfImages(pdf: Buffer): Promise<PdfImage[]> {
  const { images } = await runParser<{ images: (Omit<PdfImage, 'png'> & { png: string })[] }>('images', pdf);
  return images.map((i) => ({ ...i, png: Buffer.from(i.png, 'base64') }));
}

/**
 * The payload of the first embedded image that decodes as a QR code, or null. The QR code is
 * embedded as a raster image, so extracting it is exact; no page rasterisation is needed.
 */
export async function decodeQrFromPdf(pdf: Buffer): Promise<string | null> {
  for (const image of await extractPdfImages(pdf)) {
    const png = PNG.sync.read(image.png);
    const code = jsQR(new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.length), png.width, png.height);
    if (code) return code.data;
  }
  return null;
}
