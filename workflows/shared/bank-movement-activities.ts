import { proxyActivities } from '@temporalio/workflow';
import type { createBankMovementActivities } from '../../activities/bank-movements';
import { ACTIVITY_HEARTBEAT_TIMEOUT } from './activity-options';

/** What a workflow that takes bank payments from the import does with a movement it refuses. */
export const bankMovements = proxyActivities<ReturnType<typeof createBankMovementActivities>>({
  startToCloseTimeout: '30 seconds',
  heartbeatTimeout: ACTIVITY_HEARTBEAT_TIMEOUT,
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});
