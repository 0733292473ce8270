import type { WorkflowRefusal } from '../domain/errors';
import { returnBankPayment } from '../persistence/bank-movements';
import type { ActivityDeps } from './deps';

/** What the workflows a bank import hands payments to (orders, support billing) do with a movement. */
export function createBankMovementActivities({ db }: Pick<ActivityDeps, 'db'>) {
  return {
    /** A bank credit the workflow can no longer take (e.g. the order closed after the import matched it): back to staff. */
    async returnBankPayment(input: { movementId: string; refusal: WorkflowRefusal }): Promise<void> {
      await db.$transaction((tx) => returnBankPayment(tx, input.movementId, input.refusal));
    },
  };
}
