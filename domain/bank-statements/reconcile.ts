/**
 * Does a statement add up? Its stated opening and closing balance (and, in GPC, the debit and
 * credit turnovers of the 074 header) against the sum of its movements. Published partial
 * exports do not add up, so a mismatch is a warning shown with the import, never a refusal.
 *
 * Turnovers: debits are the money out (posting code 1, and a reversal of a credit, code 5),
 * credits the money in (code 2, and a reversal of a debit, code 4), each as a positive sum.
 * Banks differ in where they count reversals; the balance check does not depend on it.
 */
import { halereToDecimalString } from '../money';
import type { BankStatement } from './types';

export const STATEMENT_WARNING_RULES = ['balance_mismatch', 'debit_turnover_mismatch', 'credit_turnover_mismatch'] as const;
export type StatementWarningRule = (typeof STATEMENT_WARNING_RULES)[number];

export interface StatementWarning {
  rule: StatementWarningRule;
  message: string;
  /** What the header states, and what the movements add up to (haléře). */
  statedHalere: number;
  computedHalere: number;
}

const kc = (halere: number) => `${halereToDecimalString(halere)} CZK`;

export function reconcileStatement(statement: BankStatement): StatementWarning[] {
  const credits = statement.movements.reduce((sum, m) => sum + Math.max(0, m.amountHalere), 0);
  const debits = statement.movements.reduce((sum, m) => sum + Math.max(0, -m.amountHalere), 0);
  const warnings: StatementWarning[] = [];
  const check = (rule: StatementWarningRule, what: string, stated: number | undefined, computed: number) => {
    if (stated === undefined || stated === computed) return;
    warnings.push({ rule, message: `${what}: the statement states ${kc(stated)}, its movements add up to ${kc(computed)}`, statedHalere: stated, computedHalere: computed });
  };
  if (statement.openingBalanceHalere !== undefined) {
    check('balance_mismatch', 'closing balance (opening balance + movements)', statement.closingBalanceHalere, statement.openingBalanceHalere + credits - debits);
  }
  check('debit_turnover_mismatch', 'debit turnover', statement.debitTurnoverHalere, debits);
  check('credit_turnover_mismatch', 'credit turnover', statement.creditTurnoverHalere, credits);
  return warnings;
}
