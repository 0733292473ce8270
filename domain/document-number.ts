/**
 * Document and order numbering. Each document kind is its own gap-free series per calendar
 * year (Europe/Prague year of the issue date), numbered when the document is finalised.
 * The 10-digit document number doubles as the variable symbol (QR Platba and bank formats
 * allow at most 10 digits), so it never starts with 0 as long as the year does not.
 */

export const DOCUMENT_SERIES = {
  ORDER_CONFIRMATION: '0',
  PROFORMA_INVOICE: '1',
  TAX_INVOICE: '2',
  CREDIT_NOTE: '3',
} as const;

export type DocumentSeriesKind = keyof typeof DOCUMENT_SERIES;

export const MAX_DOCUMENT_SEQUENCE = 99_999;
export const MAX_ORDER_SEQUENCE = 999_999;

function assertYear(year: number): void {
  if (!Number.isInteger(year) || year < 1000 || year > 9999) {
    throw new RangeError(`year must be a four-digit integer, got ${String(year)}`);
  }
}

function assertSequence(sequence: number, max: number): void {
  if (!Number.isInteger(sequence) || sequence < 1 || sequence > max) {
    throw new RangeError(`sequence must be an integer from 1 to ${max}, got ${String(sequence)}`);
  }
}

/** `${year}${seriesDigit}${sequence padded to 5}`, e.g. TAX_INVOICE 2026 #1 → "2026200001". */
export function formatDocumentNumber(kind: DocumentSeriesKind, year: number, sequence: number): string {
  const digit = DOCUMENT_SERIES[kind];
  if (digit === undefined) throw new RangeError(`unknown document kind ${String(kind)}`);
  assertYear(year);
  assertSequence(sequence, MAX_DOCUMENT_SEQUENCE);
  return `${year}${digit}${String(sequence).padStart(5, '0')}`;
}

export interface ParsedDocumentNumber {
  kind: DocumentSeriesKind;
  year: number;
  sequence: number;
}

const KIND_BY_DIGIT: Record<string, DocumentSeriesKind> = Object.fromEntries(
  Object.entries(DOCUMENT_SERIES).map(([kind, digit]) => [digit, kind as DocumentSeriesKind]),
);

/**
 * The parts of a document number, or null when it is not one. Leading zeros and spaces are
 * tolerated (a bank may pad the variable symbol), so a VS from a statement can be passed as is.
 */
export function parseDocumentNumber(number: string): ParsedDocumentNumber | null {
  const normalized = normalizeVariableSymbol(number);
  const m = /^(\d{4})(\d)(\d{5})$/.exec(normalized);
  if (!m) return null;
  const kind = KIND_BY_DIGIT[m[2]!];
  const year = Number(m[1]);
  const sequence = Number(m[3]);
  if (kind === undefined || year < 1000 || sequence < 1) return null;
  return { kind, year, sequence };
}

/** The next number of a gap-free series: 1 for an empty series; throws when exhausted. */
export function nextSequence(lastSequence: number | null, max: number = MAX_DOCUMENT_SEQUENCE): number {
  const next = (lastSequence ?? 0) + 1;
  assertSequence(next, max);
  return next;
}

/** `${year}-${sequence padded to 6}`, e.g. "2026-000042". */
export function formatOrderNumber(year: number, sequence: number): string {
  assertYear(year);
  assertSequence(sequence, MAX_ORDER_SEQUENCE);
  return `${year}-${String(sequence).padStart(6, '0')}`;
}

export function parseOrderNumber(number: string): { year: number; sequence: number } | null {
  const m = /^(\d{4})-(\d{6})$/.exec(number.trim());
  if (!m) return null;
  const year = Number(m[1]);
  const sequence = Number(m[2]);
  if (year < 1000 || sequence < 1) return null;
  return { year, sequence };
}

/**
 * Canonical form of a variable symbol for matching: whitespace removed, leading zeros
 * stripped ("0002026100001" → "2026100001"). Returns "" when nothing usable is left
 * (empty, all zeros, or any character other than digits and whitespace).
 */
export function normalizeVariableSymbol(vs: string): string {
  const compact = vs.replace(/\s+/g, '');
  if (!/^\d+$/.test(compact)) return '';
  return compact.replace(/^0+/, '');
}

/** True when both are usable variable symbols with the same numeric value. */
export function variableSymbolsEqual(a: string | null | undefined, b: string | null | undefined): boolean {
  if (a === null || a === undefined || b === null || b === undefined) return false;
  const na = normalizeVariableSymbol(a);
  return na !== '' && na === normalizeVariableSymbol(b);
}
