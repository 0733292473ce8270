import { defineQuery, defineUpdate } from '@temporalio/workflow';
import { OrganizationId } from '../shared/search-attributes';

/**
 * The trial workflow's contract (`trial-<organizationId>`, SPEC 2): its messages, input and state.
 * The API, the activities and tests use these same definitions.
 */

export const TRIAL_WORKFLOW_TYPE = 'trialWorkflow';

/** Search attributes the trial is started with. */
export const trialSearchAttributes = { organizationId: OrganizationId };

export const trialWorkflowId = (organizationId: string): string => `trial-${organizationId}`;

export interface TrialWorkflowInput {
  organizationId: string;
  /** When the trial began (ISO 8601); defaults to the workflow start. The end is this + trialDurationMs. */
  startedAt?: string;
  trialDurationMs: number;
  /** How long before the end each reminder goes out (default config: 7 days and 1 day). */
  reminderLeadsMs: number[];
}

export type TrialStatus = 'TRIAL' | 'EXPIRED' | 'ACTIVE';

export interface ActivateInput {
  /** The terms-of-business version the customer accepted; must equal the current one. */
  termsVersion: string;
  /** Who activated, e.g. `user:<id>`. */
  actor: string;
}

export interface ActivateResult {
  status: 'ACTIVE';
  activatedAt: string;
  termsVersion: string;
}

export interface TrialState {
  organizationId: string;
  status: TrialStatus;
  trialEndsAt: string;
  /** Lead times (ms before the end) of the reminders already sent. */
  remindersSentMs: number[];
  activatedAt: string | null;
}

export const activateUpdate = defineUpdate<ActivateResult, [ActivateInput]>('activate');
export const trialStateQuery = defineQuery<TrialState>('trialState');

export type TrialWorkflow = (input: TrialWorkflowInput) => Promise<TrialState>;

/** One reminder e-mail: how many days are left and when the trial ends (ISO 8601). */
export interface TrialReminderRequest {
  organizationId: string;
  daysLeft: number;
  trialEndsAt: string;
}

/** What expiry found: EXPIRED, or ACTIVE when the organisation was activated outside this run. */
export interface ExpiryResult {
  status: 'EXPIRED' | 'ACTIVE';
  activatedAt?: string;
}
