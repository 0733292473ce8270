/**
 * Writes GPC statements byte by byte (windows-1250, 128-character records, CRLF), field by field
 * as in shared/reference/czech-invoicing.md §3.2: test data for imports, independent of the parser.
 */
import * as iconv from 'iconv-lite';

const num = (value: number | string, width: number): string => {
  const s = String(value);
  if (!/^\d*$/.test(s) || s.length > width) throw new Error(`"${s}" is not a number of at most ${width} digits`);
  return s.padStart(width, '0');
};
const txt = (value: string, width: number): string => value.padEnd(width, ' ').slice(0, width);
/** YYYY-MM-DD → DDMMYY. */
const ddmmyy = (iso: string): string => `${iso.slice(8, 10)}${iso.slice(5, 7)}${iso.slice(2, 4)}`;
/** "2800000000" or "19-2000145399" → 16 digits (6 prefix + 10 number). */
const account16 = (account: string): string => {
  const [prefix, number] = account.includes('-') ? account.split('-') : ['', account];
  return num(prefix ?? '', 6) + num(number ?? '', 10);
};

export interface GpcMovement {
  /** Document number (positions 36–48): the bank's movement reference. */
  documentNumber: string;
  /** Signed haléře: > 0 credit (code 2), < 0 debit (code 1); `reversal` turns them into 4/5. */
  amountHalere: number;
  /** Written as the bank pads it: 10 digits with leading zeros. */
  variableSymbol?: string;
  counterAccount?: string;
  bankCode?: string;
  constantSymbol?: string;
  specificSymbol?: string;
  /** Czech names are written in windows-1250; at most 20 characters. */
  counterpartyName?: string;
  bookedOn: string;
  /** Value date (valuta); the booking day when absent. */
  valueOn?: string;
  reversal?: boolean;
  /** ISO 4217 numeric currency code, positions 119–122: "0203" (CZK) when absent. */
  currencyCode?: string;
}

export interface GpcStatement {
  account: string;
  ownerName?: string;
  /** YYYY-MM-DD. */
  statementDate: string;
  previousDate?: string;
  statementNumber?: number;
  /** The old balance in the 074 header (haléře); 0 when absent. */
  openingBalanceHalere?: number;
  /**
   * What the 074 header states instead of what the movements add up to: a file that does not
   * add up (as published partial exports do not).
   */
  stated?: { closingBalanceHalere?: number; debitTurnoverHalere?: number; creditTurnoverHalere?: number };
  movements: GpcMovement[];
}

/** 14 digits and a sign: "+"/"-" for balances, "0"/"-" for turnovers. */
const signed = (halere: number, plus: string): string => num(Math.abs(halere), 14) + (halere < 0 ? '-' : plus);

export function gpcHeader(s: GpcStatement): string {
  const credits = s.movements.filter((m) => m.amountHalere > 0).reduce((a, m) => a + m.amountHalere, 0);
  const debits = s.movements.filter((m) => m.amountHalere < 0).reduce((a, m) => a - m.amountHalere, 0);
  const opening = s.openingBalanceHalere ?? 0;
  const record =
    '074' +
    account16(s.account) +
    txt(s.ownerName ?? 'aTime s.r.o.', 20) +
    ddmmyy(s.previousDate ?? s.statementDate) +
    signed(opening, '+') +
    signed(s.stated?.closingBalanceHalere ?? opening + credits - debits, '+') +
    signed(s.stated?.debitTurnoverHalere ?? debits, '0') +
    signed(s.stated?.creditTurnoverHalere ?? credits, '0') +
    num(s.statementNumber ?? 1, 3) +
    ddmmyy(s.statementDate) +
    ' '.repeat(14);
  if (record.length !== 128) throw new Error(`074 record is ${record.length} characters`);
  return record;
}

export function gpcMovement(account: string, m: GpcMovement): string {
  const credit = m.amountHalere > 0;
  const code = m.reversal ? (credit ? '4' : '5') : credit ? '2' : '1';
  const record =
    '075' +
    account16(account) +
    account16(m.counterAccount ?? '0') +
    num(m.documentNumber, 13) +
    num(Math.abs(m.amountHalere), 12) +
    code +
    num(m.variableSymbol ?? '', 10) +
    '00' + num(m.bankCode ?? '0', 4) + num(m.constantSymbol ?? '', 4) +
    num(m.specificSymbol ?? '', 10) +
    ddmmyy(m.valueOn ?? m.bookedOn) +
    txt(m.counterpartyName ?? '', 20) +
    '0' +
    (m.currencyCode ?? '0203') +
    ddmmyy(m.bookedOn);
  if (record.length !== 128) throw new Error(`075 record is ${record.length} characters`);
  return record;
}

/** The statement as the bank sends it: windows-1250 bytes, CRLF after every record. */
export function writeGpc(s: GpcStatement): Buffer {
  const lines = [gpcHeader(s), ...s.movements.map((m) => gpcMovement(s.account, m))];
  return iconv.encode(lines.map((l) => `${l}\r\n`).join(''), 'windows-1250');
}
