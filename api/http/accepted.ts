import type { Bounded } from '../../infra/bounded-wait';
import type { Reply } from './route';

/** Seconds a client waits before looking at the Location of an action still under way. */
const UNDER_WAY_RETRY_AFTER_SECONDS = 2;

/** The 202 every route that waits for a workflow declares (with the stored resource as its body, where it has one). */
export const UNDER_WAY_RESPONSE = { description: 'Accepted and still under way when the request stopped waiting: it will finish; look at Location after Retry-After seconds' };

/** Accepted, not finished within the bound: where to look, and when; `body` is the resource as stored, if the route shows it. */
export const underWayReply = (location: string, body?: unknown): Reply => ({
  status: 202,
  headers: { Location: location, 'Retry-After': String(UNDER_WAY_RETRY_AFTER_SECONDS) },
  ...(body === undefined ? {} : { body }),
});

/** The workflow's answer as the body, or 202 with where to look. */
export const boundedReply = <T>(outcome: Bounded<T>, location: string): Reply => (outcome.done ? { body: outcome.value } : underWayReply(location));
