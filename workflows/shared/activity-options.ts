/**
 * How long the server waits for a running activity's heartbeat before it retries the activity
 * elsewhere (activities/heartbeat.ts sends them): a killed worker costs this, not the activity's
 * start-to-close timeout. Every activity of every workflow has it.
 */
export const ACTIVITY_HEARTBEAT_TIMEOUT = '10 seconds';
