import type { ActivityDeps } from './deps';
import { createAccountActivities } from './accounts';
import { createOrderActivities } from './orders';

/** The activities of the main task queue; PDF rendering has its own (`createPdfActivities`). */
export function createActivities(deps: ActivityDeps) {
  return {
    ...createAccountActivities(deps),
    ...createOrderActivities(deps),
  };
}

export { createPdfActivities } from './pdf';
