import jsQR from 'jsqr';
import { PDFParse } from 'pdf-parse';
import { PNG } from 'pngjs';

/** All text of a PDF, pages joined (pdf.js text extraction, so what a reader could copy). */
export async function extractPdfText(pdf: Buffer): Promise<string> {
  const parser = new PDFParse({ data: new Uint8Array(pdf) });
  try {
    const result = await parser.getText();
    return result.text;
  } finally {
    await parser.destroy();
  }
}

/**
 * Finds the first embedded image that decodes as a QR code and returns its payload. The QR is
 * embedded as a raster image, so extracting it (as PNG) is exact; no page rasterisation needed.
 */
export async function decodeQrFromPdf(pdf: Buffer): Promise<string | null> {
  const parser = new PDFParse({ data: new Uint8Array(pdf) });
  try {
    const result = await parser.getImage({ imageBuffer: true, imageDataUrl: false, imageThreshold: 20 });
    for (const page of result.pages) {
      for (const image of page.images) {
        const png = PNG.sync.read(Buffer.from(image.data));
        const code = jsQR(new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.length), png.width, png.height);
        if (code) return code.data;
      }
    }
    return null;
  } finally {
    await parser.destroy();
  }
}
