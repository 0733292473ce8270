import { PNG } from 'pngjs';
import QRCode, { type QRCodeErrorCorrectionLevel } from 'qrcode';

export interface QrCodePngOptions {
  errorCorrectionLevel: QRCodeErrorCorrectionLevel;
  /** Quiet zone around the code, in modules. */
  margin: number;
  /** Pixels per module. */
  scale: number;
}

/**
 * A QR code as a black-and-white greyscale PNG: `qrcode` encodes the text, pngjs writes the image.
 * qrcode's own PNG renderer paints RGBA and lets pngjs try all five row filters and convert every
 * pixel: 8.7 ms and 3.3 KB an invoice code, against 1.6 ms and 1.4 KB here (filter "Up": a
 * module's rows repeat `scale` times, so most filtered rows are zeros).
 */
export function qrCodePng(text: string, { errorCorrectionLevel, margin, scale }: QrCodePngOptions): Buffer {
  const { modules } = QRCode.create(text, { errorCorrectionLevel });
  const size = (modules.size + 2 * margin) * scale;
  const pixels = Buffer.alloc(size * size, 0xff);
  for (let row = 0; row < modules.size; row++) {
    for (let col = 0; col < modules.size; col++) {
      if (!modules.get(row, col)) continue;
      const left = (col + margin) * scale;
      for (let y = (row + margin) * scale, end = y + scale; y < end; y++) pixels.fill(0, y * size + left, y * size + left + scale);
    }
  }
  const png = new PNG({ width: size, height: size });
  png.data = pixels;
  return PNG.sync.write(png, { colorType: 0, inputColorType: 0, bitDepth: 8, filterType: 2 });
}
