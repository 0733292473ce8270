import { asyncLocalStorage } from '@temporalio/activity';

/** How many heartbeats fit in the activity's heartbeat timeout: one lost or late one is no timeout. */
const HEARTBEATS_PER_TIMEOUT = 3;

/**
 * Every activity heartbeats while it runs, when its workflow gave it a heartbeat timeout
 * (workflows/shared/activity-options.ts). Why: a SIGKILLed worker's activity is otherwise retried
 * only after its whole start-to-close timeout (a minute for a PDF or an e-mail); with heartbeats
 * the server gives up on it after the heartbeat timeout. A call outside a worker (an activity
 * test) has no context and does not heartbeat.
 */
export function heartbeating<T extends object>(activities: T): T {
  return Object.fromEntries(
    Object.entries(activities as Record<string, (...args: unknown[]) => Promise<unknown>>).map(([name, activity]) => [
      name,
      async (...args: unknown[]) => {
        const context = asyncLocalStorage.getStore();
        const timeoutMs = context?.info.heartbeatTimeoutMs;
        if (!context || !timeoutMs) return activity(...args);
        const timer = setInterval(() => context.heartbeat(), timeoutMs / HEARTBEATS_PER_TIMEOUT);
        try {
          return await activity(...args);
        } finally {
          clearInterval(timer);
        }
      },
    ]),
  ) as T;
}
