import type { ActivityDeps } from './deps';
import { createAccountActivities } from './accounts';
import { createBankStatementActivities } from './bank-statements';
import { createOrderActivities } from './orders';
import { createSupportActivities } from './support';

/** The activities of the main task queue; PDF rendering has its own (`createPdfActivities`). */
export function createActivities(deps: ActivityDeps) {
  return {
    ...createAccountActivities(deps),
    ...createOrderActivities(deps),
    ...createSupportActivities(deps),
    ...createBankStatementActivities(deps),
  };
}

export { createPdfActivities } from './pdf';
