import type { Client } from '@temporalio/client';
import type { Config } from '../../infra/config';
import type { Organization } from '../../infra/db';
import { joiningStartOptions } from '../shared/start-options';
import { TRIAL_WORKFLOW_TYPE, trialSearchAttributes, trialWorkflowId, type TrialWorkflow, type TrialWorkflowInput } from './contract';

const DAY_MS = 86_400_000;

export type TrialStartConfig = Pick<Config, 'TRIAL_REMINDER_DAYS' | 'TEMPORAL_TASK_QUEUE'>;
type TrialOrganization = Pick<Organization, 'id' | 'createdAt' | 'trialEndsAt'>;

/** The trial workflow's input for an organisation: its own start, durations from config. */
export function trialInput(organization: TrialOrganization, config: Pick<Config, 'TRIAL_REMINDER_DAYS'>): TrialWorkflowInput {
  return {
    organizationId: organization.id,
    startedAt: organization.createdAt.toISOString(),
    // The end stored at registration is authoritative, even if TRIAL_DAYS changed since.
    trialDurationMs: organization.trialEndsAt.getTime() - organization.createdAt.getTime(),
    reminderLeadsMs: config.TRIAL_REMINDER_DAYS.map((days) => days * DAY_MS),
  };
}

/** Start options of `trial-<organizationId>`, shared by the plain start and update-with-start. */
export function trialStartOptions(organization: TrialOrganization, config: TrialStartConfig) {
  return {
    ...joiningStartOptions(config, trialWorkflowId(organization.id), trialInput(organization, config)),
    typedSearchAttributes: [{ key: trialSearchAttributes.organizationId, value: organization.id }],
  };
}

/** Starts the trial workflow unless it already runs. Safe to call any number of times. */
export async function ensureTrialWorkflow(temporal: Client, config: TrialStartConfig, organization: TrialOrganization): Promise<void> {
  await temporal.workflow.start<TrialWorkflow>(TRIAL_WORKFLOW_TYPE, trialStartOptions(organization, config));
}
