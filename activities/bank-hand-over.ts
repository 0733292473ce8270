import { handOverMatchedPayments } from '../usecases/bank-hand-over';
import type { BankHandOverResult } from '../workflows/bank-hand-over/contract';
import type { ActivityDeps } from './deps';

/** The bank hand-over workflow's activity. */
export function createBankHandOverActivities(deps: Pick<ActivityDeps, 'config' | 'db' | 'logger' | 'temporal'>) {
  return {
    /** Every credit an import matched, to the workflow that owns its document (usecases/bank-hand-over.ts). */
    async handOverMatchedPayments(): Promise<BankHandOverResult> {
      return handOverMatchedPayments(deps);
    },
  };
}
