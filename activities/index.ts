import { createContactRequestActivities } from './contact-request';
import type { ActivityDeps } from './deps';
import { createOrderActivities } from './order';
import { createSupportBillingActivities } from './support-billing';
import { createSupportTicketActivities } from './support-ticket';
import { createTrialActivities } from './trial';

/** The activities of the main task queue; PDF rendering has its own (`createPdfActivities`). */
export function createActivities(deps: ActivityDeps) {
  return {
    ...createOrderActivities(deps),
    ...createTrialActivities(deps),
    ...createContactRequestActivities(deps),
    ...createSupportTicketActivities(deps),
    ...createSupportBillingActivities(deps),
  };
}

export { createPdfActivities } from './pdf';
