/**
 * Money helpers. Every amount in aTime is an integer number of haléře (1 Kč = 100 haléřů);
 * floats never hold money. Pure: imported by workflow code too.
 */

/** No-break space: keeps "12 990,00 Kč" on one line in PDFs and e-mails. */
export const NBSP = '\u00a0';

export type MoneyLanguage = 'CS' | 'EN';

/** Throws unless `n` is a safe integer (an exact haléř amount). */
export function assertHalere(n: number, field: string): void {
  if (typeof n !== 'number' || !Number.isSafeInteger(n)) {
    throw new RangeError(`${field} must be a safe integer amount in haléře, got ${String(n)}`);
  }
}

/**
 * A haléř amount read from a BIGINT column (payments and paid totals) as a JS number; exact,
 * since every valid sum stays below 2^53 (the RangeError says where one did not).
 */
export function halereFromBigInt(value: bigint | number | null | undefined, field: string): number {
  const n = Number(value ?? 0);
  assertHalere(n, field);
  return n;
}

/**
 * numerator / denominator rounded to the nearest integer, halves away from zero
 * (2.5 → 3, -2.5 → -3), so a credit note is the exact mirror of its invoice.
 * Exact for any safe integers: BigInt avoids float division error.
 */
export function roundHalfUp(numerator: number, denominator: number): number {
  assertHalere(numerator, 'numerator');
  assertHalere(denominator, 'denominator');
  if (denominator === 0) throw new RangeError('denominator must not be 0');
  const negative = (numerator < 0) !== (denominator < 0);
  const a = BigInt(Math.abs(numerator));
  const b = BigInt(Math.abs(denominator));
  let q = a / b;
  if ((a % b) * 2n >= b) q += 1n;
  const result = Number(q);
  // Avoid -0, which would print as "-0,00".
  return negative && result !== 0 ? -result : result;
}

function groupThousands(digits: string, separator: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, separator);
}

/**
 * "12 990,00 Kč" (CS: no-break space groups, decimal comma, no-break space before Kč) or
 * "CZK 12,990.00" (EN, no-break space after CZK). Negative: "-12 990,00 Kč", "-CZK 12,990.00".
 */
export function formatCzk(halere: number, language: MoneyLanguage): string {
  assertHalere(halere, 'halere');
  const sign = halere < 0 ? '-' : '';
  const abs = Math.abs(halere);
  const crowns = String(Math.floor(abs / 100));
  const cents = String(abs % 100).padStart(2, '0');
  if (language === 'CS') {
    return `${sign}${groupThousands(crowns, NBSP)},${cents}${NBSP}Kč`;
  }
  return `${sign}CZK${NBSP}${groupThousands(crowns, ',')}.${cents}`;
}

/** "12990.00": the plain decimal form used by QR Platba (AM) and carrier APIs. */
export function halereToDecimalString(halere: number): string {
  assertHalere(halere, 'halere');
  const sign = halere < 0 ? '-' : '';
  const abs = Math.abs(halere);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/**
 * Parses a decimal amount in crowns ("1290", "1290.5", "-12 990,50") to haléře without float
 * arithmetic. Throws on more than two decimals or anything that is not a number.
 */
export function parseCzkDecimal(text: string): number {
  const cleaned = text.trim().replace(/[\s\u00a0]/g, '').replace(',', '.');
  const m = /^([+-]?)(\d+)(?:\.(\d{1,2}))?$/.exec(cleaned);
  if (!m) throw new RangeError(`not a CZK amount with at most two decimals: "${text}"`);
  const crowns = Number(m[2]);
  const cents = Number((m[3] ?? '').padEnd(2, '0'));
  const value = crowns * 100 + cents;
  assertHalere(value, 'amount');
  return m[1] === '-' && value !== 0 ? -value : value;
}
