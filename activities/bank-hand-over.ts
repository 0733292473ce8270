import { handOverMatchedPayments, tellWaitingOrders } from '../usecases/bank-hand-over';
import type { PaymentsHandedOver } from '../workflows/bank-hand-over/contract';
import type { ActivityDeps } from './deps';

/** The bank hand-over workflow's activity. */
export function createBankHandOverActivities(deps: Pick<ActivityDeps, 'config' | 'db' | 'logger' | 'temporal'>) {
  return {
    /** Every credit an import matched, to the workflow that owns its document (usecases/bank-hand-over.ts). */
    async handOverMatchedPayments(): Promise<PaymentsHandedOver> {
      return handOverMatchedPayments(deps);
    },
    /** Every overdue transfer order, how far the imported statements now reach. */
    async tellWaitingOrders(): Promise<number> {
      return tellWaitingOrders(deps);
    },
  };
}
