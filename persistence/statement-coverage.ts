import { fromDateColumn } from '../domain/prague-calendar';
import type { PrismaClient } from '../infra/db';

/**
 * The last booking day (YYYY-MM-DD) covered by any imported bank statement, or null when none
 * has been imported. The order workflow cancels an unpaid order only once this reaches the last
 * day of grace, so a payment already on the account is never cancelled away; the import signals
 * the waiting orders with the same value.
 */
export async function latestCoverage(db: PrismaClient): Promise<string | null> {
  const { _max } = await db.bankStatementImport.aggregate({ _max: { coveredUntil: true } });
  return fromDateColumn(_max.coveredUntil);
}
