/**
 * Activation (SPEC 1): the customer admin accepts the current terms of business, during the
 * trial or after it expired. Used by `POST /organizations/me/activation`.
 */
import { WithStartWorkflowOperation } from '@temporalio/client';
import { NotFound, Refused } from '../domain/errors';
import { activationRefusal } from '../domain/organization-activation';
import { TRIAL_WORKFLOW_TYPE, activateUpdate, type ActivateResult, type TrialWorkflow } from '../workflows/trial/contract';
import { type Bounded, updateWithStartWithinBound } from '../infra/bounded-wait';
import type { UseCaseDeps } from './deps';
import { trialStartOptions } from '../workflows/trial/start';

/**
 * Activates through the trial workflow's update; should the workflow never have started (the
 * registration crash window), update-with-start starts it and activates in one step.
 * @throws NotFound, Refused `AlreadyActive` or `TermsVersionMismatch` (naming `termsVersion`)
 */
export async function activateOrganization(deps: UseCaseDeps, organizationId: string | null, termsVersion: string, actor: string): Promise<Bounded<ActivateResult>> {
  const organization = organizationId ? await deps.db.organization.findUnique({ where: { id: organizationId } }) : null;
  if (!organization) throw new NotFound('Organization');
  const refusal = activationRefusal(organization.status, termsVersion, deps.config.TERMS_VERSION);
  if (refusal) {
    throw new Refused(
      refusal.code,
      refusal.message,
      refusal.code === 'TermsVersionMismatch' ? [{ field: 'termsVersion', rule: 'terms_version', message: `Must be "${deps.config.TERMS_VERSION}".` }] : undefined,
    );
  }
  const startWorkflowOperation = new WithStartWorkflowOperation<TrialWorkflow>(TRIAL_WORKFLOW_TYPE, trialStartOptions(organization, deps.config));
  return updateWithStartWithinBound(deps.temporal, activateUpdate, { args: [{ termsVersion, actor }], startWorkflowOperation }, deps.config.ACTION_WAIT_SECONDS * 1000);
}
