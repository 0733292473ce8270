import { ActivityFailure, ApplicationFailure, allHandlersFinished, condition, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type { createTrialActivities } from '../../activities/trial';
import { ALREADY_ACTIVE, isActive as isActiveStatus } from '../../domain/organization-activation';
import { refuse } from '../shared/refusal';
import { createSerializer } from '../shared/serializer';
import { activateUpdate, trialStateQuery, type TrialState, type TrialWorkflowInput } from './contract';
import { ACTIVITY_HEARTBEAT_TIMEOUT } from '../shared/activity-options';

/**
 * The trial of one organisation, workflow id `trial-<organizationId>` (SPEC 2).
 *
 * TRIAL → (reminders before the end) → EXPIRED at the end, unless activated; activation is
 * accepted during the trial and after it expired. The workflow stays open after expiry, only
 * waiting for activation (a sleeping workflow costs nothing), and ends when the organisation
 * becomes ACTIVE. The database row is written by activities; this workflow owns the decisions.
 */

const DAY_MS = 86_400_000;

const { sendTrialReminder, expireTrial, activateOrganization } = proxyActivities<ReturnType<typeof createTrialActivities>>({
  startToCloseTimeout: '1 minute',
  heartbeatTimeout: ACTIVITY_HEARTBEAT_TIMEOUT,
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
  // One step at a time changes the organisation, so expiry, reminders and activation never interleave.
  const serialized = createSerializer();

  setHandler(trialStateQuery, () => state);
  setHandler(
    activateUpdate,
    ({ termsVersion, actor }) =>
      serialized(async () => {
        if (isActiveStatus(state.status)) refuse(ALREADY_ACTIVE.code, ALREADY_ACTIVE.message);
        try {
          const result = await activateOrganization({ organizationId: input.organizationId, termsVersion, actor });
          state.status = 'ACTIVE';
          state.activatedAt = result.activatedAt;
          return { status: 'ACTIVE' as const, activatedAt: result.activatedAt, termsVersion: result.termsVersion };
        } catch (error) {
          // An activity's business refusal reaches the caller as the update's own failure.
          if (error instanceof ActivityFailure && error.cause instanceof ApplicationFailure) refuse(error.cause.type ?? 'ActivationRefused', error.cause.message);
          throw error;
        }
      }),
    {
      validator: ({ termsVersion, actor }) => {
        if (isActiveStatus(state.status)) refuse(ALREADY_ACTIVE.code, ALREADY_ACTIVE.message);
        if (typeof termsVersion !== 'string' || !termsVersion) refuse('InvalidInput', 'termsVersion is required.');
        if (typeof actor !== 'string' || !actor) refuse('InvalidInput', 'actor is required.');
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
    const sent = await serialized(async () => {
      if (isActive()) return false;
      await sendTrialReminder({ organizationId: input.organizationId, daysLeft: Math.max(1, Math.round(lead / DAY_MS)), trialEndsAt: state.trialEndsAt });
      state.remindersSentMs.push(lead);
      return true;
    });
    if (!sent) break;
  }

  if (!isActive()) {
    const untilEnd = endMs - Date.now();
    if (untilEnd > 0) await condition(isActive, untilEnd);
    // An activation running at the very end wins; a failed one leaves the trial to expire.
    await serialized(async () => {
      if (isActive()) return;
      const result = await expireTrial({ organizationId: input.organizationId });
      // The database is the truth: it may already say ACTIVE (activated outside this run).
      state.status = result.status;
      if (result.activatedAt) state.activatedAt = result.activatedAt;
    });
  }

  // Open until activation; then let a running update handler finish before completing.
  await condition(isActive);
  await condition(allHandlersFinished);
  return state;
}
