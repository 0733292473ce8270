import { fromDateColumn } from '../domain/prague-calendar';
import type { PrismaClient } from '../infra/db';

/**
 * Activities about imported bank statements. The import itself runs in the API (it drives the
 * order and support workflows through their updates); workflows only ask how far the imported
 * statements reach.
 */
export function createBankStatementActivities({ db }: { db: PrismaClient }) {
  return {
    /**
     * The last booking day (YYYY-MM-DD) covered by any imported statement, or null when none has
     * been imported. The order workflow cancels an unpaid order only once this reaches the last
     * day of grace, so a payment already on the account is never cancelled away.
     */
    async statementsCoveredUntil(): Promise<string | null> {
      return latestCoverage(db);
    },
  };
}

/** Shared with the import service, which signals the waiting orders with the same value. */
export async function latestCoverage(db: PrismaClient): Promise<string | null> {
  const { _max } = await db.bankStatementImport.aggregate({ _max: { coveredUntil: true } });
  return fromDateColumn(_max.coveredUntil);
}
