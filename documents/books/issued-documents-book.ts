import { halereToDecimalString } from '../../domain/money';
import type { DocumentContent, DocumentKind } from '../document-content';
import { formatDate } from '../format';
import { LABELS } from '../labels';

/**
 * The month's book of issued documents (kniha vydaných dokladů) for the accountant, as CSV for a
 * Czech Excel or accounting import: UTF-8 with BOM, `;` between fields, decimal comma without
 * thousands separators, dates as d.m.yyyy, CRLF line ends. Every amount is copied from the stored
 * content (credit notes are stored negated, so they appear with negative amounts) and the rows'
 * per-rate columns add up to their totals to the haléř.
 */
export interface BookEntry {
  content: DocumentContent;
  /** Money received against this document (`Document.paidHalere`). */
  paidHalere: number;
}

/** The kinds the book lists: the documents that get ISDOC. Order confirmations are no accounting documents. */
export const BOOK_KINDS: readonly DocumentKind[] = ['PROFORMA_INVOICE', 'TAX_INVOICE', 'CREDIT_NOTE'];
const TAX_DOCUMENT_KINDS: readonly DocumentKind[] = ['TAX_INVOICE', 'CREDIT_NOTE'];

export interface BookRow {
  number: string;
  kind: DocumentKind;
  taxDocument: boolean;
  correctsNumber: string;
  customerName: string;
  customerIco: string;
  customerDic: string;
  issueDate: string;
  taxableSupplyDate: string;
  dueDate: string;
  base21Halere: number;
  vat21Halere: number;
  base12Halere: number;
  vat12Halere: number;
  /** Supplies at 0 % (no Czech VAT). */
  base0Halere: number;
  /** COD rounding: untaxed, outside every base. */
  roundingHalere: number;
  /** gross + rounding: the document's total. */
  totalHalere: number;
  paidByDepositHalere: number;
  payableHalere: number;
  paidHalere: number;
  variableSymbol: string;
  orderNumber: string;
}

export function bookRow(entry: BookEntry): BookRow {
  const c = entry.content;
  if (!BOOK_KINDS.includes(c.kind)) throw new RangeError(`document ${c.number}: ${c.kind} does not belong in the book`);
  const perRate = new Map<number, { base: number; vat: number }>();
  for (const s of c.vatSummary) {
    if (s.ratePercent !== 21 && s.ratePercent !== 12 && s.ratePercent !== 0) {
      throw new RangeError(`document ${c.number}: the book has no column for ${s.ratePercent} % VAT`);
    }
    perRate.set(s.ratePercent, { base: s.baseHalere, vat: s.vatHalere });
  }
  const rounding = c.roundingHalere ?? 0;
  return {
    number: c.number,
    kind: c.kind,
    taxDocument: TAX_DOCUMENT_KINDS.includes(c.kind),
    correctsNumber: c.correctsNumber ?? '',
    customerName: c.customer.name,
    customerIco: c.customer.ico ?? '',
    customerDic: c.customer.dic ?? '',
    issueDate: c.issueDate,
    taxableSupplyDate: c.kind === 'PROFORMA_INVOICE' ? '' : (c.taxableSupplyDate ?? ''),
    dueDate: c.dueDate ?? '',
    base21Halere: perRate.get(21)?.base ?? 0,
    vat21Halere: perRate.get(21)?.vat ?? 0,
    base12Halere: perRate.get(12)?.base ?? 0,
    vat12Halere: perRate.get(12)?.vat ?? 0,
    base0Halere: perRate.get(0)?.base ?? 0,
    roundingHalere: rounding,
    totalHalere: c.grossHalere + rounding,
    paidByDepositHalere: c.paidHalere ?? 0,
    payableHalere: c.payableHalere,
    paidHalere: entry.paidHalere,
    variableSymbol: c.variableSymbol ?? '',
    orderNumber: c.orderNumber ?? '',
  };
}

const AMOUNT_FIELDS = [
  'base21Halere',
  'vat21Halere',
  'base12Halere',
  'vat12Halere',
  'base0Halere',
  'roundingHalere',
  'totalHalere',
  'paidByDepositHalere',
  'payableHalere',
  'paidHalere',
] as const;
type AmountField = (typeof AMOUNT_FIELDS)[number];

const HEADER = [
  'Číslo dokladu',
  'Druh dokladu',
  'Daňový doklad',
  'Opravuje doklad',
  'Odběratel',
  'IČO odběratele',
  'DIČ odběratele',
  'Datum vystavení',
  'DUZP',
  'Datum splatnosti',
  'Základ 21 %',
  'DPH 21 %',
  'Základ 12 %',
  'DPH 12 %',
  'Základ 0 % (bez DPH)',
  'Zaokrouhlení (bez DPH)',
  'Celkem',
  'Odečteno zálohou',
  'K úhradě',
  'Uhrazeno',
  'Variabilní symbol',
  'Objednávka',
];

export const BOOK_CSV_BOM = '\uFEFF';
const EOL = '\r\n';

/** Quotes a field when it needs it; text a spreadsheet would run as a formula starts with an apostrophe. */
function field(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[;"\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

const amount = (halere: number) => halereToDecimalString(halere).replace('.', ',');
const date = (iso: string) => (iso === '' ? '' : formatDate(iso, 'CS').replace(/ /g, ''));

function csvLine(row: BookRow): string {
  const text = [
    row.number,
    LABELS.CS.title[row.kind],
    row.taxDocument ? 'ano' : 'ne',
    row.correctsNumber,
    row.customerName,
    row.customerIco,
    row.customerDic,
  ].map(field);
  const dates = [row.issueDate, row.taxableSupplyDate, row.dueDate].map(date);
  const amounts = AMOUNT_FIELDS.map((f) => amount(row[f]));
  return [...text, ...dates, ...amounts, field(row.variableSymbol), field(row.orderNumber)].join(';') + EOL;
}

export type BookTotals = Record<AmountField, number> & { count: number };

/** Sums of the tax documents' rows: what the VAT return and control statement are filed from. */
export function emptyBookTotals(): BookTotals {
  return { count: 0, ...(Object.fromEntries(AMOUNT_FIELDS.map((f) => [f, 0])) as Record<AmountField, number>) };
}

export function addToBookTotals(totals: BookTotals, row: BookRow): void {
  if (!row.taxDocument) return;
  totals.count += 1;
  for (const f of AMOUNT_FIELDS) totals[f] += row[f];
}

function totalsLine(totals: BookTotals): string {
  const label = field(`Celkem daňové doklady (${totals.count})`);
  return [label, '', '', '', '', '', '', '', '', '', ...AMOUNT_FIELDS.map((f) => amount(totals[f])), '', ''].join(';') + EOL;
}

/**
 * Streams the book: BOM and header, one line per entry in the order given, and a closing line
 * with the sums over the tax documents (proformas are listed but are no tax documents, so they
 * are not in the sums). Holds one row at a time.
 */
export async function* issuedDocumentsBookCsv(entries: AsyncIterable<BookEntry> | Iterable<BookEntry>): AsyncGenerator<string> {
  yield BOOK_CSV_BOM + HEADER.map(field).join(';') + EOL;
  const totals = emptyBookTotals();
  for await (const entry of entries) {
    const row = bookRow(entry);
    addToBookTotals(totals, row);
    yield csvLine(row);
  }
  yield totalsLine(totals);
}
