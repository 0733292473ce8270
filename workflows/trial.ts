import {
  ActivityFailure,
  ApplicationFailure,
  allHandlersFinished,
  condition,
  defineQuery,
  defineUpdate,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { createAccountActivities } from '../activities/accounts';
import { ALREADY_ACTIVE, isActive as isActiveStatus } from '../domain/organization-activation';

/**
 * The trial of one organisation, workflow id `trial-<organizationId>` (SPEC 2).
 *
 * TRIAL → (reminders before the end) → EXPIRED at the end, unless activated; activation is
 * accepted during the trial and after it expired. The workflow stays open after expiry, only
 * waiting for activation (a sleeping workflow costs nothing), and ends when the organisation
 * becomes ACTIVE. The database row is written by activities; this workflow owns the decisions.
 */

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

const DAY_MS = 86_400_000;

const { sendTrialReminder, expireTrial, activateOrganization } = proxyActivities<ReturnType<typeof createAccountActivities>>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '5 minutes', nonRetryableErrorTypes: ['TermsVersionMismatch', 'OrganizationNotFound'] },
});

export async function trialWorkflow(input: TrialWorkflowInput): Promise<TrialState> {
  const startMs = input.startedAt ? Date.parse(input.startedAt) : workflowInfo().runStartTime.getTime();
  const endMs = startMs + input.trialDurationMs;
  const state: TrialState = {
    organizationId: input.organizationId,
    status: 'TRIAL',
    trialEndsAt: new Date(endMs).toISOString(),
    remindersSentMs: [],
    activatedAt: null,
  };
  // Set while an activity changes the organisation, so expiry and activation never interleave.
  let busy = false;

  setHandler(trialStateQuery, () => state);
  setHandler(
    activateUpdate,
    async ({ termsVersion, actor }) => {
      await condition(() => !busy);
      if (isActiveStatus(state.status)) throw ApplicationFailure.create({ type: ALREADY_ACTIVE.code, message: ALREADY_ACTIVE.message, nonRetryable: true });
      busy = true;
      try {
        const result = await activateOrganization({ organizationId: input.organizationId, termsVersion, actor });
        state.status = 'ACTIVE';
        state.activatedAt = result.activatedAt;
        return { status: 'ACTIVE', activatedAt: result.activatedAt, termsVersion: result.termsVersion };
      } catch (error) {
        // An activity's business refusal reaches the caller as the update's own failure.
        if (error instanceof ActivityFailure && error.cause instanceof ApplicationFailure) {
          throw ApplicationFailure.create({ type: error.cause.type ?? 'ActivationRefused', message: error.cause.message, nonRetryable: true });
        }
        throw error;
      } finally {
        busy = false;
      }
    },
    {
      validator: ({ termsVersion, actor }) => {
        if (isActiveStatus(state.status)) throw ApplicationFailure.create({ type: ALREADY_ACTIVE.code, message: ALREADY_ACTIVE.message });
        if (typeof termsVersion !== 'string' || !termsVersion) throw ApplicationFailure.create({ type: 'InvalidInput', message: 'termsVersion is required.' });
        if (typeof actor !== 'string' || !actor) throw ApplicationFailure.create({ type: 'InvalidInput', message: 'actor is required.' });
      },
    },
  );

  const isActive = () => isActiveStatus(state.status);

  // Earliest reminder first; a lead longer than the trial itself would fire before it began.
  const leads = [...new Set(input.reminderLeadsMs)].filter((lead) => lead > 0 && lead < input.trialDurationMs).sort((a, b) => b - a);
  for (const lead of leads) {
    const wait = endMs - lead - Date.now();
    // A reminder whose moment has passed (a trial workflow started late by a repair) is skipped.
    if (wait <= 0) continue;
    if (await condition(isActive, wait)) break;
    await condition(() => !busy);
    if (isActive()) break;
    await sendTrialReminder({ organizationId: input.organizationId, daysLeft: Math.max(1, Math.round(lead / DAY_MS)), trialEndsAt: state.trialEndsAt });
    state.remindersSentMs.push(lead);
  }

  if (!isActive()) {
    const untilEnd = endMs - Date.now();
    if (untilEnd > 0) await condition(isActive, untilEnd);
    // An activation running at the very end wins; a failed one leaves the trial to expire.
    await condition(() => !busy);
    if (!isActive()) {
      busy = true;
      try {
        const result = await expireTrial({ organizationId: input.organizationId });
        // The database is the truth: it may already say ACTIVE (activated outside this run).
        state.status = result.status;
        if (result.activatedAt) state.activatedAt = result.activatedAt;
      } finally {
        busy = false;
      }
    }
  }

  // Open until activation; then let a running update handler finish before completing.
  await condition(isActive);
  await condition(allHandlersFinished);
  return state;
}
