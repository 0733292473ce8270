/**
 * Czech business identifiers.
 * IČO: 8 digits, the last a mod-11 check digit over the first seven weighted 8..2.
 * The register (ARES) always shows IČO as 8 digits, leading zeros included (00006947), and
 * older 6-digit IČOs were extended by leading zeros; so padding a shorter input with leading
 * zeros is lossless and normalizeIco does it.
 * DIČ: "CZ" + 8 digits (a legal person: CZ + IČO) or 9–10 digits (a person's birth number or
 * a number assigned by the tax office). Only the format is checked.
 */

/** The check digit for the first seven digits of an IČO. */
export function icoCheckDigit(firstSeven: string): number {
  if (!/^\d{7}$/.test(firstSeven)) throw new RangeError(`expected 7 digits, got "${firstSeven}"`);
  let sum = 0;
  for (let i = 0; i < 7; i++) sum += Number(firstSeven[i]) * (8 - i);
  const remainder = sum % 11;
  // Remainder 0 → 1, 1 → 0, otherwise 11 − remainder (remainder 10 → 1).
  if (remainder === 0) return 1;
  if (remainder === 1) return 0;
  return 11 - remainder;
}

/** Exactly 8 digits with a correct check digit (no spaces, no padding: normalize first). */
export function isValidIco(ico: string): boolean {
  if (typeof ico !== 'string' || !/^\d{8}$/.test(ico)) return false;
  if (ico === '00000000') return false;
  return icoCheckDigit(ico.slice(0, 7)) === Number(ico[7]);
}

/**
 * Whitespace removed and left-padded with zeros to 8 digits ("6947" → "00006947");
 * null when the input is not 1–8 digits. Does not check the checksum.
 */
export function normalizeIco(s: string): string | null {
  if (typeof s !== 'string') return null;
  const compact = s.replace(/\s+/g, '');
  if (!/^\d{1,8}$/.test(compact)) return null;
  return compact.padStart(8, '0');
}

/** "CZ" followed by 8–10 digits, exactly (normalize first). */
export function isValidDic(dic: string): boolean {
  return typeof dic === 'string' && /^CZ\d{8,10}$/.test(dic);
}

/** Whitespace removed, upper case: " cz 27082440 " → "CZ27082440". */
export function normalizeDic(s: string): string {
  return s.replace(/\s+/g, '').toUpperCase();
}
