import { ValidationFailed } from '../errors';

/** The common shape every bank-statement parser returns. */

export interface BankMovement {
  /**
   * Stable, globally unique key of the movement for idempotent import (Payment.externalId):
   * "fio:<account>:<bank movement id>" or "gpc:<account>:<booked on>:<document number>".
   */
  movementId: string;
  /** Our account, "prefix-number" without leading zeros, or "number"; no bank code. */
  accountNumber: string;
  /** YYYY-MM-DD. */
  bookedOn: string;
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
  movements: BankMovement[];
}

/**
 * A statement that cannot be read. `line` is 1-based: the line of the file for GPC (and for a
 * JSON syntax error); for a Fio JSON transaction that is wrong, the 1-based index of that
 * transaction in transactionList.transaction; 0 when the whole document is wrong.
 */
export class StatementParseError extends ValidationFailed {
  readonly line: number;

  constructor(message: string, line: number) {
    const located = line > 0 ? `line ${line}: ${message}` : message;
    super([{ field: 'file', rule: 'invalid_statement', message: located }], { message: located, code: 'InvalidStatement', title: 'Invalid bank statement', details: { line } });
    this.line = line;
  }
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
