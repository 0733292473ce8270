import { proxyActivities } from '@temporalio/workflow';
import type { createPdfActivities } from '../../activities/pdf';
import { ACTIVITY_HEARTBEAT_TIMEOUT } from './activity-options';

/** PDF rendering on its own task queue (scaled apart from the rest), retried with backoff. */
export const pdfActivities = (taskQueue: string) =>
  proxyActivities<ReturnType<typeof createPdfActivities>>({
    taskQueue,
    startToCloseTimeout: '1 minute',
    heartbeatTimeout: ACTIVITY_HEARTBEAT_TIMEOUT,
    retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '1 minute' },
  });
