/**
 * aTime Support day usage: a ticket gives one Prague calendar day with at most 2 hours of calls,
 * billed per started 15 minutes.
 */
import { assertHalere, roundHalfUp } from './money';

export const SUPPORT_DAY_CAP_SECONDS = 7200;
export const BILLING_INCREMENT_MINUTES = 15;
export const SUPPORT_DAY_CAP_MINUTES = SUPPORT_DAY_CAP_SECONDS / 60;

function assertSeconds(usedSeconds: number): void {
  if (typeof usedSeconds !== 'number' || !Number.isFinite(usedSeconds) || usedSeconds < 0) {
    throw new RangeError(`usedSeconds must be a non-negative number, got ${String(usedSeconds)}`);
  }
}

/** Used time rounded up to the 15-minute increment, capped at 120: 0 → 0, 1 s → 15, 901 s → 30. */
export function billedMinutes(usedSeconds: number): number {
  assertSeconds(usedSeconds);
  const capped = Math.min(usedSeconds, SUPPORT_DAY_CAP_SECONDS);
  const incrementSeconds = BILLING_INCREMENT_MINUTES * 60;
  return Math.ceil(capped / incrementSeconds) * BILLING_INCREMENT_MINUTES;
}

/** billedMinutes × hourly rate / 60, rounded half up to the haléř. */
export function supportAmountHalere(billedMinutesValue: number, hourlyRateHalere: number): number {
  if (!Number.isSafeInteger(billedMinutesValue) || billedMinutesValue < 0) {
    throw new RangeError(`billedMinutes must be a non-negative integer, got ${String(billedMinutesValue)}`);
  }
  assertHalere(hourlyRateHalere, 'hourlyRateHalere');
  return roundHalfUp(billedMinutesValue * hourlyRateHalere, 60);
}

/** Seconds still available that day (never negative). */
export function remainingSeconds(usedSeconds: number): number {
  assertSeconds(usedSeconds);
  return Math.max(0, SUPPORT_DAY_CAP_SECONDS - usedSeconds);
}

/** How long an unused ticket stays valid after it is issued (SPEC: 12 months). */
export const TICKET_VALIDITY_MONTHS = 12;

/** Every status a ticket can have (the database enum TicketStatus). */
export const TICKET_STATUSES = ['ISSUED', 'ACTIVE', 'CONSUMED', 'EXPIRED', 'VOID'] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

/** Ticket statuses after which no call can run: the day was used, the ticket expired unused, or its order was cancelled before use. */
export const CLOSED_TICKET_STATUSES = ['CONSUMED', 'EXPIRED', 'VOID'] as const;
export const isTicketClosed = (status: string): boolean => (CLOSED_TICKET_STATUSES as readonly string[]).includes(status);

export interface TicketUsage {
  /** Seconds counted, capped at the day's 2 hours. */
  usedSeconds: number;
  minutesUsed: number;
  minutesLeft: number;
  billedMinutes: number;
}

/**
 * A ticket's usage from the seconds of its finished calls plus a running call's seconds so far:
 * the one arithmetic behind the workflow's view and the API's answers.
 */
export function ticketUsage(finishedSeconds: number, runningSeconds = 0): TicketUsage {
  assertSeconds(finishedSeconds);
  assertSeconds(runningSeconds);
  const usedSeconds = Math.min(SUPPORT_DAY_CAP_SECONDS, Math.floor(finishedSeconds + runningSeconds));
  return {
    usedSeconds,
    minutesUsed: Math.floor(usedSeconds / 60),
    minutesLeft: Math.floor(remainingSeconds(usedSeconds) / 60),
    billedMinutes: billedMinutes(usedSeconds),
  };
}

/** Whole seconds between two instants in ms (never negative): a call's duration so far. */
export const elapsedSeconds = (fromMs: number, toMs: number): number => Math.max(0, Math.floor((toMs - fromMs) / 1000));

/**
 * When a month's support billing closes and how late usage is gathered. A ticket reports its day
 * when that Prague day ends, so the month's last day arrives just after the month ends: billing
 * waits `closeGraceMinutes` past the Prague month end to put it on the month's one invoice. Usage
 * arriving after that (e.g. a ticket workflow that was down) waits `lateUsageBatchSeconds` for
 * other late reports, so that what arrives together goes on one supplementary invoice.
 * Defaults of the configuration (SUPPORT_BILLING_CLOSE_GRACE_MINUTES,
 * SUPPORT_LATE_USAGE_BATCH_SECONDS) and of billing runs started before these existed.
 */
export const SUPPORT_BILLING_TIMING_DEFAULTS = { closeGraceMinutes: 60, lateUsageBatchSeconds: 300 } as const;
/** The grace must keep the invoice on the month's first day (Prague). */
export const SUPPORT_BILLING_MAX_CLOSE_GRACE_MINUTES = 12 * 60;
