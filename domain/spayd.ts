/**
 * QR Platba (SPAYD 1.0, ČBA standard) payload builder and parser.
 *
 * We emit the "safe profile" every Czech banking app accepts: ACC with a checksum-valid IBAN,
 * AM from integer haléře (never a float), CC:CZK, X-VS digits without leading zeros, and
 * MSG/RN transliterated to upper-case ASCII. `*` is the field separator and is written as `%2A`
 * inside values; `%` itself is written as `%25` so that decoding is unambiguous.
 *
 * No `DT`, for any document: banking apps read it as the day to EXECUTE the payment (some
 * schedule the transfer for it), not as the invoice's due date. The due date is printed beside
 * the code instead.
 */
import { normalizeVariableSymbol } from './document-number';
import { halereToDecimalString } from './money';

export interface SpaydInput {
  iban: string;
  bic?: string;
  amountHalere: number;
  variableSymbol: string;
  message?: string;
  recipientName?: string;
}

export class SpaydError extends Error {
  override name = 'SpaydError';
}

const MAX_ACC = 46;
const MAX_AM = 10;
/** The largest amount AM can carry: 10 characters, "9999999.99" (just under 10 000 000 Kč). */
export const MAX_SPAYD_AMOUNT_HALERE = 10 ** (MAX_AM - 1) - 1;
const MAX_MSG = 60;
const MAX_RN = 35;

/** Upper-cases, strips spaces and verifies the ISO 13616 mod-97 checksum (and CZ length 24). */
export function normalizeIban(raw: string): string {
  const iban = raw.replace(/\s+/g, '').toUpperCase();
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(iban)) throw new SpaydError(`Invalid IBAN format: ${raw}`);
  if (iban.startsWith('CZ') && iban.length !== 24) throw new SpaydError(`A Czech IBAN has 24 characters: ${raw}`);
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  let remainder = 0;
  for (const ch of rearranged) {
    const digits = /[A-Z]/.test(ch) ? String(ch.charCodeAt(0) - 55) : ch;
    for (const d of digits) remainder = (remainder * 10 + Number(d)) % 97;
  }
  if (remainder !== 1) throw new SpaydError(`IBAN checksum failed: ${raw}`);
  return iban;
}

/** 123450 haléřů -> "1234.50"; integer arithmetic only. */
export function formatSpaydAmount(amountHalere: number): string {
  if (!Number.isSafeInteger(amountHalere) || amountHalere <= 0) {
    throw new SpaydError(`Amount must be a positive integer number of haléře: ${amountHalere}`);
  }
  const am = halereToDecimalString(amountHalere);
  if (am.length > MAX_AM) throw new SpaydError(`Amount too large for SPAYD (max ${MAX_AM} characters): ${am}`);
  return am;
}

/** Bank statements pad or strip leading zeros, so we emit the canonical numeric form. */
export function spaydVariableSymbol(vs: string): string {
  if (!/^\d{1,10}$/.test(vs)) throw new SpaydError(`Variable symbol must be 1-10 digits: ${vs}`);
  const normalized = normalizeVariableSymbol(vs);
  if (normalized === '') throw new SpaydError(`Variable symbol must not be zero: ${vs}`);
  return normalized;
}

/**
 * Free text -> upper-case printable ASCII (diacritics removed: ISO-8859-1 is the formal charset but
 * some readers reject anything non-ASCII), escaped, cut to `max` characters without splitting an
 * escape sequence.
 */
export function sanitizeSpaydText(text: string, max: number): string {
  const ascii = text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\x20-\x7e]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .toUpperCase();
  let out = '';
  for (const ch of ascii) {
    const piece = ch === '%' ? '%25' : ch === '*' ? '%2A' : ch;
    if (out.length + piece.length > max) break;
    out += piece;
  }
  return out.trimEnd();
}

export function buildSpayd(p: SpaydInput): string {
  const iban = normalizeIban(p.iban);
  let acc = iban;
  if (p.bic !== undefined && p.bic !== '') {
    const bic = p.bic.replace(/\s+/g, '').toUpperCase();
    if (!/^[A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?$/.test(bic)) throw new SpaydError(`Invalid BIC: ${p.bic}`);
    acc = `${iban}+${bic}`;
  }
  if (acc.length > MAX_ACC) throw new SpaydError(`ACC longer than ${MAX_ACC} characters`);

  const fields: [string, string][] = [
    ['ACC', acc],
    ['AM', formatSpaydAmount(p.amountHalere)],
    ['CC', 'CZK'],
    ['X-VS', spaydVariableSymbol(p.variableSymbol)],
  ];
  if (p.message !== undefined) {
    const msg = sanitizeSpaydText(p.message, MAX_MSG);
    if (msg !== '') fields.push(['MSG', msg]);
  }
  if (p.recipientName !== undefined) {
    const rn = sanitizeSpaydText(p.recipientName, MAX_RN);
    if (rn !== '') fields.push(['RN', rn]);
  }
  return ['SPD', '1.0', ...fields.map(([k, v]) => `${k}:${v}`)].join('*');
}

/** The reference validator's shape (inmite spayd-sdk), used by tests and by parseSpayd. */
export const SPAYD_PATTERN = /^SPD\*[0-9]+\.[0-9]+(\*[0-9A-Z $%*+\-.]+:[^*]+)+\*?$/;

/** Parses a SPAYD string into its key/value pairs (values unescaped). Throws on a malformed string. */
export function parseSpayd(s: string): Record<string, string> {
  if (!SPAYD_PATTERN.test(s)) throw new SpaydError(`Not a SPAYD string: ${s}`);
  const parts = s.replace(/\*$/, '').split('*');
  const result: Record<string, string> = {};
  for (const part of parts.slice(2)) {
    const colon = part.indexOf(':');
    const key = part.slice(0, colon);
    const value = part.slice(colon + 1).replace(/%(2A|25)/gi, (_m, code: string) => (code === '25' ? '%' : '*'));
    result[key] = value;
  }
  return result;
}
