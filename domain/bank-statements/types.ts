import { ValidationFailed } from '../errors';

/** The common shape every bank-statement parser returns. */

export interface BankMovement {
  /**
   * Stable, globally unique key of the movement for idempotent import (Payment.externalId):
   * "bank:<our account>:<bank movement id>" whatever the file format (bankMovementKey), so the
   * same transaction from a GPC file and from the JSON list is one movement. Only a GPC record
   * without a document number gets a content key ("gpc:…"), which no other format can share.
   */
  movementId: string;
  /** Our account, "prefix-number" without leading zeros, or "number"; no bank code. */
  accountNumber: string;
  /** YYYY-MM-DD: the posting (booking) day. */
  bookedOn: string;
  /** YYYY-MM-DD: the value date (valuta) when the format has one (GPC), else absent. */
  valueOn?: string;
  /** Signed haléře: credit (money in) > 0, debit < 0. */
  amountHalere: number;
  /** Leading zeros stripped; null when absent or all zeros. */
  variableSymbol: string | null;
  constantSymbol?: string | null;
  specificSymbol?: string | null;
  /** "prefix-number/bank" or "number/bank" when known. */
  counterpartyAccount?: string;
  counterpartyName?: string;
  message?: string;
  /** A reversal (storno) of an earlier movement: never a customer payment. */
  isReversal?: boolean;
}

export interface BankStatement {
  accountNumber: string;
  /** YYYY-MM-DD. */
  statementDate?: string;
  statementNumber?: string;
  ownerName?: string;
  openingBalanceHalere?: number;
  closingBalanceHalere?: number;
  /** GPC 074: the statement's debit and credit turnovers (haléře, as the bank states them). */
  debitTurnoverHalere?: number;
  creditTurnoverHalere?: number;
  movements: BankMovement[];
}

/** The one identity of a bank movement: our account and the bank's own movement id. */
export function bankMovementKey(accountNumber: string, bankMovementId: string): string {
  return `bank:${accountNumber}:${bankMovementId}`;
}

/** Amounts are haléře, so only CZK statements can be read. */
export const STATEMENT_CURRENCY = 'CZK';

/**
 * A statement that cannot be read. `line` is 1-based: the line of the file for GPC (and for a
 * JSON syntax error); for a Fio JSON transaction that is wrong, the 1-based index of that
 * transaction in transactionList.transaction; 0 when the whole document is wrong.
 */
export class StatementParseError extends ValidationFailed {
  readonly line: number;

  constructor(message: string, line: number, rule = 'invalid_statement') {
    const located = line > 0 ? `line ${line}: ${message}` : message;
    super([{ field: 'file', rule, message: located }], { message: located, code: 'InvalidStatement', title: 'Invalid bank statement', details: { line } });
    this.line = line;
  }
}

/** A statement (or movement) in another currency than CZK: refused whole, rule `currency_not_czk`. */
export function notCzkError(what: string, found: string, line: number): StatementParseError {
  return new StatementParseError(`${what} must be ${STATEMENT_CURRENCY}: only ${STATEMENT_CURRENCY} statements are supported, got ${found}`, line, 'currency_not_czk');
}

/** "0000190000012345" (6 prefix + 10 number digits) → "19-12345"; "0" for all zeros. */
export function formatAccountNumber(prefix: string, number: string): string {
  const p = prefix.replace(/^0+/, '');
  const n = number.replace(/^0+/, '') || '0';
  return p ? `${p}-${n}` : n;
}

/** Strip leading zeros; null when empty or all zeros. */
export function normalizeSymbol(raw: string | number | null | undefined): string | null {
  if (raw === null || raw === undefined) return null;
  const s = String(raw).trim().replace(/^0+/, '');
  return s === '' ? null : s;
}
