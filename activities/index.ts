import { createBankHandOverActivities } from './bank-hand-over';
import { createBankMovementActivities } from './bank-movements';
import { createContactRequestActivities } from './contact-request';
import type { ActivityDeps } from './deps';
import { heartbeating } from './heartbeat';
import { createOrderActivities } from './order';
import { createSupportBillingActivities } from './support-billing';
import { createSupportTicketActivities } from './support-ticket';
import { createTrialActivities } from './trial';

/**
 * The activities of the main task queue, heartbeating while they run; PDF rendering has its own
 * (`createPdfActivities`).
 */
export function createActivities(deps: ActivityDeps) {
  return heartbeating({
    ...createOrderActivities(deps),
    ...createTrialActivities(deps),
    ...createContactRequestActivities(deps),
    ...createSupportTicketActivities(deps),
    ...createSupportBillingActivities(deps),
    ...createBankMovementActivities(deps),
    ...createBankHandOverActivities(deps),
  });
}

export { createPdfActivities } from './pdf';
