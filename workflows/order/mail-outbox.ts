import { condition, log, patched, proxyActivities } from '@temporalio/workflow';
import type { createOrderActivities } from '../../activities/order';
import type { OrderEmailRequest } from './contract';
import { ACTIVITY_HEARTBEAT_TIMEOUT } from '../shared/activity-options';

/** Orders whose runs reached an e-mail after this change send it beside the order's path. */
export const EMAILS_OFF_ORDER_PATH_PATCH = 'emails-off-the-order-path';

/**
 * E-mail delivery with a retry policy of its own: the mail server may be down for hours, and
 * every attempt carries the same key (one Message-ID, one send: see infra/mailer.ts).
 */
const delivery = proxyActivities<Pick<ReturnType<typeof createOrderActivities>, 'sendOrderEmail'>>({
  startToCloseTimeout: '1 minute',
  heartbeatTimeout: ACTIVITY_HEARTBEAT_TIMEOUT,
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

/**
 * The order's e-mails: documents and status move on while a message waits for the mail server.
 * Runs that sent e-mails in line before keep doing so where their histories say they did.
 */
export function createMailOutbox(sendInline: (request: OrderEmailRequest) => Promise<void>) {
  let pending = 0;
  return {
    /** Resolves once the message is handed to delivery (new runs) or sent (old runs). */
    send(request: OrderEmailRequest): Promise<void> {
      if (!patched(EMAILS_OFF_ORDER_PATH_PATCH)) return sendInline(request);
      pending += 1;
      delivery.sendOrderEmail(request).then(
        () => (pending -= 1),
        (err: unknown) => {
          // Only cancellation ends an unlimited retry; the order must not fail for an e-mail.
          pending -= 1;
          log.warn('order e-mail not delivered', { key: request.key, error: err instanceof Error ? err.message : String(err) });
        },
      );
      return Promise.resolve();
    },
    /** The workflow ends only once its e-mails are out. */
    drained: () => condition(() => pending === 0),
  };
}
