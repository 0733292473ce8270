/**
 * Czech GPC ("ABO") account statement: windows-1250 text, 128-character records, CRLF or LF.
 * Layout per shared/reference/czech-invoicing.md §3.2:
 *   074 header: account 4–19, short name 20–39, old balance date 40–45, old balance 46–59 +
 *     sign 60, new balance 61–74 + sign 75, debit turnover 76–89/90, credit turnover 91–104/105,
 *     statement number 106–108, statement date 109–114.
 *   075 movement: own account 4–19, counter-account 20–35, document number 36–48, amount
 *     49–60 (haléře), posting code 61, VS 62–71, "00"+bank code 74–77 + KS 78–81, SS 82–91,
 *     value date 92–97, name 98–117, change code 118, currency 119–122 (ISO 4217 numeric,
 *     "0203" = CZK: anything else is refused), booking date 123–128.
 * The document number (36–48) is the bank's movement id (Fio writes the same number as
 * `column22` of its JSON list), so the movement's key is bankMovementKey(account, number).
 * Posting codes follow Fio: 1 debit, 2 credit, 4 reversal of a debit, 5 reversal of a credit;
 * other codes are bank-specific (3/4 mean different things elsewhere) and are rejected rather
 * than guessed. 076 records are skipped; 078/079 carry the payment message (Fio) and are
 * appended to the preceding movement's message. The "internal" account permutation some
 * banks use is not undone: the account is reported as written.
 * Any malformed record rejects the whole file with the 1-based line number.
 */
import * as iconv from 'iconv-lite';
import {
  type BankMovement,
  type BankStatement,
  StatementParseError,
  bankMovementKey,
  formatAccountNumber,
  normalizeSymbol,
  notCzkError,
} from './types';

/** ISO 4217 numeric code of CZK, as GPC writes it in positions 119–122. */
const GPC_CZK = '0203';

export const GPC_RECORD_LENGTH = 128;

/** 1-based inclusive positions, as in the format description. */
function field(record: string, from: number, to: number): string {
  return record.slice(from - 1, to);
}

function digits(record: string, from: number, to: number, name: string, line: number): string {
  const value = field(record, from, to);
  if (!/^\d+$/.test(value)) {
    throw new StatementParseError(`${name} (positions ${from}–${to}) must be digits, got "${value}"`, line);
  }
  return value;
}

/** DDMMYY → YYYY-MM-DD (years 2000–2099); null for "000000" or blanks. */
function date(record: string, from: number, to: number, name: string, line: number): string | null {
  const raw = field(record, from, to);
  if (raw === '000000' || raw.trim() === '') return null;
  if (!/^\d{6}$/.test(raw)) throw new StatementParseError(`${name} must be DDMMYY, got "${raw}"`, line);
  const day = Number(raw.slice(0, 2));
  const month = Number(raw.slice(2, 4));
  const year = 2000 + Number(raw.slice(4, 6));
  const probe = new Date(Date.UTC(year, month - 1, day));
  if (month < 1 || month > 12 || probe.getUTCDate() !== day) {
    throw new StatementParseError(`${name} is not a calendar date: "${raw}"`, line);
  }
  return `${year}-${raw.slice(2, 4)}-${raw.slice(0, 2)}`;
}

function signedBalance(record: string, from: number, name: string, line: number): number {
  const value = Number(digits(record, from, from + 13, name, line));
  const sign = field(record, from + 14, from + 14);
  if (sign !== '+' && sign !== '-' && sign !== '0') {
    throw new StatementParseError(`${name} sign must be "+" or "-", got "${sign}"`, line);
  }
  return sign === '-' ? -value : value;
}

function account(record: string, from: number, name: string, line: number): string {
  const raw = digits(record, from, from + 15, name, line);
  return formatAccountNumber(raw.slice(0, 6), raw.slice(6));
}

function text(record: string, from: number, to: number): string | undefined {
  const value = field(record, from, to).trim();
  return value === '' ? undefined : value;
}

interface Header {
  accountNumber: string;
  ownerName?: string;
  openingBalanceHalere: number;
  closingBalanceHalere: number;
  debitTurnoverHalere: number;
  creditTurnoverHalere: number;
  statementNumber: string;
  statementDate: string | null;
}

function parseHeader(record: string, line: number): Header {
  const accountNumber = account(record, 4, 'account', line);
  const ownerName = text(record, 20, 39);
  date(record, 40, 45, 'old balance date', line);
  const openingBalanceHalere = signedBalance(record, 46, 'old balance', line);
  const closingBalanceHalere = signedBalance(record, 61, 'new balance', line);
  // A turnover's sign is "0" (or "+") for a positive sum, "-" for a negative one.
  const debitTurnoverHalere = signedBalance(record, 76, 'debit turnover', line);
  const creditTurnoverHalere = signedBalance(record, 91, 'credit turnover', line);
  const statementNumber = digits(record, 106, 108, 'statement number', line);
  const statementDate = date(record, 109, 114, 'statement date', line);
  return {
    accountNumber,
    ...(ownerName !== undefined ? { ownerName } : {}),
    openingBalanceHalere,
    closingBalanceHalere,
    debitTurnoverHalere,
    creditTurnoverHalere,
    statementNumber,
    statementDate,
  };
}

function parseMovement(record: string, line: number, fallbackDate: string | null): BankMovement {
  const accountNumber = account(record, 4, 'account', line);
  const counterRaw = digits(record, 20, 35, 'counter-account', line);
  const documentNumber = field(record, 36, 48).trim();
  if (!/^[0-9A-Za-z]*$/.test(documentNumber)) {
    throw new StatementParseError(`document number must be alphanumeric, got "${documentNumber}"`, line);
  }
  const amount = Number(digits(record, 49, 60, 'amount', line));
  const code = field(record, 61, 61);
  let sign: 1 | -1;
  let isReversal = false;
  switch (code) {
    case '1':
      sign = -1;
      break;
    case '2':
      sign = 1;
      break;
    case '4': // reversal of a debit: the money comes back
      sign = 1;
      isReversal = true;
      break;
    case '5': // reversal of a credit: the money goes out again
      sign = -1;
      isReversal = true;
      break;
    default:
      throw new StatementParseError(`unknown posting code "${code}" (expected 1, 2, 4 or 5)`, line);
  }
  const vs = digits(record, 62, 71, 'variable symbol', line);
  const bankAndKs = digits(record, 72, 81, 'bank code and constant symbol', line);
  const ss = digits(record, 82, 91, 'specific symbol', line);
  const valueDate = date(record, 92, 97, 'value date', line);
  const currency = field(record, 119, 122);
  if (currency !== GPC_CZK) throw notCzkError(`currency (positions 119–122, ${GPC_CZK} = CZK)`, `"${currency}"`, line);
  const bookingDate = date(record, 123, 128, 'booking date', line);
  const bookedOn = bookingDate ?? valueDate ?? fallbackDate;
  if (bookedOn === null) throw new StatementParseError('movement has no date', line);

  const bankCode = bankAndKs.slice(2, 6);
  const counterpartyAccount = /^0+$/.test(counterRaw)
    ? undefined
    : `${formatAccountNumber(counterRaw.slice(0, 6), counterRaw.slice(6))}${/^0+$/.test(bankCode) ? '' : `/${bankCode}`}`;
  const counterpartyName = text(record, 98, 117);
  const movement: BankMovement = {
    movementId: '', // set by the caller once duplicates of a missing document number are known
    accountNumber,
    bookedOn,
    ...(valueDate !== null ? { valueOn: valueDate } : {}),
    amountHalere: sign * amount,
    variableSymbol: normalizeSymbol(vs),
    constantSymbol: normalizeSymbol(bankAndKs.slice(6, 10)),
    specificSymbol: normalizeSymbol(ss),
    ...(counterpartyAccount !== undefined ? { counterpartyAccount } : {}),
    ...(counterpartyName !== undefined ? { counterpartyName } : {}),
    isReversal,
  };
  const doc = documentNumber.replace(/^0+/, '');
  movement.movementId = doc === '' ? '' : bankMovementKey(accountNumber, doc);
  return movement;
}

/** Decodes and parses a GPC statement; throws StatementParseError and returns nothing on any error. */
export function parseGpc(bytes: Buffer): BankStatement {
  const content = iconv.decode(bytes, 'windows-1250');
  const lines = content.split(/\r?\n/);
  let header: Header | undefined;
  const movements: BankMovement[] = [];
  const anonymousKeys = new Map<string, number>();

  lines.forEach((rawLine, index) => {
    const line = index + 1;
    // A trailing DOS end-of-file mark (0x1A) and blank lines carry no data.
    const record = rawLine.replace(/\x1a+$/, '');
    if (record.trim() === '') return;
    const type = record.slice(0, 3);
    const isAdditional = type === '076' || type === '078' || type === '079';
    if (isAdditional ? record.length > GPC_RECORD_LENGTH : record.length !== GPC_RECORD_LENGTH) {
      throw new StatementParseError(
        `record must be ${GPC_RECORD_LENGTH} characters, got ${record.length}`,
        line,
      );
    }
    switch (type) {
      case '074': {
        const next = parseHeader(record, line);
        if (header && header.accountNumber !== next.accountNumber) {
          throw new StatementParseError(
            `a second statement header for another account (${next.accountNumber}, expected ${header.accountNumber})`,
            line,
          );
        }
        if (!header) header = next;
        else {
          // A multi-page statement: one balance from the first page to the last, turnovers summed.
          header.closingBalanceHalere = next.closingBalanceHalere;
          header.debitTurnoverHalere += next.debitTurnoverHalere;
          header.creditTurnoverHalere += next.creditTurnoverHalere;
          header.statementDate = next.statementDate ?? header.statementDate;
        }
        return;
      }
      case '075': {
        if (!header) throw new StatementParseError('movement record before the 074 statement header', line);
        const movement = parseMovement(record, line, header.statementDate);
        if (movement.accountNumber !== header.accountNumber) {
          throw new StatementParseError(
            `movement of account ${movement.accountNumber} in a statement of ${header.accountNumber}`,
            line,
          );
        }
        if (movement.movementId === '') {
          // No document number: key on the content, numbering repeats so that importing the
          // same statement again yields the same keys.
          const key = `gpc:${movement.accountNumber}:${movement.bookedOn}:${movement.amountHalere}:${movement.variableSymbol ?? ''}:${movement.counterpartyAccount ?? ''}`;
          const n = (anonymousKeys.get(key) ?? 0) + 1;
          anonymousKeys.set(key, n);
          movement.movementId = `${key}:${n}`;
        }
        movements.push(movement);
        return;
      }
      case '076':
        if (movements.length === 0) throw new StatementParseError('076 record without a preceding 075 movement', line);
        return;
      case '078':
      case '079': {
        const last = movements[movements.length - 1];
        if (!last) throw new StatementParseError(`${type} record without a preceding 075 movement`, line);
        const piece = record.slice(3).replace(/\s+/g, ' ').trim();
        if (piece !== '') last.message = last.message ? `${last.message} ${piece}` : piece;
        return;
      }
      default:
        throw new StatementParseError(`unknown record type "${type}"`, line);
    }
  });

  if (!header) throw new StatementParseError('no 074 statement header', lines.length > 0 ? 1 : 0);
  return {
    accountNumber: header.accountNumber,
    ...(header.statementDate ? { statementDate: header.statementDate } : {}),
    statementNumber: header.statementNumber,
    ...(header.ownerName !== undefined ? { ownerName: header.ownerName } : {}),
    openingBalanceHalere: header.openingBalanceHalere,
    closingBalanceHalere: header.closingBalanceHalere,
    debitTurnoverHalere: header.debitTurnoverHalere,
    creditTurnoverHalere: header.creditTurnoverHalere,
    movements,
  };
}
