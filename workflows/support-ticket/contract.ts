import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { TicketStatus } from '../../domain/support-usage';
import { OrganizationId, TicketStatus as TicketStatusKey } from '../shared/search-attributes';

/**
 * The support ticket workflow's contract (`ticket-<code>`): its messages, input and view, and
 * what its activities are asked. The API, activities and tests use these same definitions.
 */

export const TICKET_WORKFLOW_TYPE = 'ticketWorkflow';

/** Search attributes the workflow sets. */
export const ticketSearchAttributes = { status: TicketStatusKey, organizationId: OrganizationId };

export type { TicketStatus };
export type CallEndReason = 'STOPPED' | 'CAP_REACHED' | 'DAY_ENDED';

export interface SupportCallView {
  consultantId: string;
  startedAt: string;
  endedAt?: string;
  /** Whole seconds of a finished call. */
  durationSeconds?: number;
  endReason?: CallEndReason;
}

export interface TicketView {
  code: string;
  organizationId: string;
  status: TicketStatus;
  /** The Europe/Prague day of the first call, YYYY-MM-DD. */
  supportDay?: string;
  expiresAt?: string;
  calls: SupportCallView[];
  /** Start of the running call, if one runs. */
  runningSince?: string;
  /** Time of the finished calls (a running call is added by the caller: `ticketUsage` in domain/support-usage.ts). */
  usedSeconds: number;
  minutesUsed: number;
  minutesLeft: number;
  /** What the day bills: the used time rounded up to 15 minutes, capped at 120. */
  billedMinutes: number;
}

export interface CallInput {
  /** The consultant, e.g. `user:<uuid>`. */
  consultantId: string;
}

export const startCallUpdate = defineUpdate<TicketView, [CallInput]>('startCall');
export const stopCallUpdate = defineUpdate<TicketView, [CallInput]>('stopCall');
export const ticketStateQuery = defineQuery<TicketView>('ticketState');
/** The ticket's order was cancelled: an unused ticket becomes VOID; one already used stays as it is. */
export const voidTicketSignal = defineSignal<[{ orderNumber: string }]>('voidTicket');

export interface TicketWorkflowInput {
  code: string;
  organizationId: string;
}

export const ticketWorkflowId = (code: string): string => `ticket-${code}`;

export type TicketWorkflow = (input: TicketWorkflowInput) => Promise<TicketView>;

/** The ticket's stored record: where its workflow starts (or resumes) from. */
export interface StoredTicket {
  ticketId: string;
  organizationId: string;
  status: TicketStatus;
  supportDay: string | null;
  usedSeconds: number;
  expiresAt: string;
}
