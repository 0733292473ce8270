import type { Client } from '@temporalio/client';
import type { Config } from '../infra/config';
import type { Organization, PrismaClient } from '../infra/db';
import type { Logger } from '../infra/logger';
import { OrganizationId } from '../workflows/search-attributes';
import { trialWorkflow, trialWorkflowId, type TrialWorkflowInput } from '../workflows/trial';

const DAY_MS = 86_400_000;

/** The trial workflow's input for an organisation: its own start, durations from config. */
export function trialInput(organization: Pick<Organization, 'id' | 'createdAt' | 'trialEndsAt'>, config: Pick<Config, 'TRIAL_REMINDER_DAYS'>): TrialWorkflowInput {
  return {
    organizationId: organization.id,
    startedAt: organization.createdAt.toISOString(),
    // The end stored at registration is authoritative, even if TRIAL_DAYS changed since.
    trialDurationMs: organization.trialEndsAt.getTime() - organization.createdAt.getTime(),
    reminderLeadsMs: config.TRIAL_REMINDER_DAYS.map((days) => days * DAY_MS),
  };
}

/** Start options of `trial-<organizationId>`, shared by the plain start and update-with-start. */
export function trialStartOptions(organization: Pick<Organization, 'id' | 'createdAt' | 'trialEndsAt'>, config: Pick<Config, 'TRIAL_REMINDER_DAYS' | 'TEMPORAL_TASK_QUEUE'>) {
  return {
    workflowId: trialWorkflowId(organization.id),
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    args: [trialInput(organization, config)] as [TrialWorkflowInput],
    // A second start (retry, repair) joins the running trial instead of failing or duplicating it.
    workflowIdConflictPolicy: 'USE_EXISTING' as const,
    typedSearchAttributes: [{ key: OrganizationId, value: organization.id }],
  };
}

/** Starts the trial workflow unless it already runs. Safe to call any number of times. */
export async function ensureTrialWorkflow(
  temporal: Client,
  config: Pick<Config, 'TRIAL_REMINDER_DAYS' | 'TEMPORAL_TASK_QUEUE'>,
  organization: Pick<Organization, 'id' | 'createdAt' | 'trialEndsAt'>,
): Promise<void> {
  await temporal.workflow.start(trialWorkflow, trialStartOptions(organization, config));
}

/**
 * Repair path for the window between the registration commit and the workflow start (a crash
 * or a Temporal outage there leaves an organisation without its trial workflow): starts the
 * workflow of every organisation still in TRIAL or EXPIRED; running ones are left as they are.
 * Call it at API start. Returns how many organisations were checked.
 */
export async function ensureTrialWorkflows(db: PrismaClient, temporal: Client, config: Config, logger: Logger): Promise<number> {
  const organizations = await db.organization.findMany({
    where: { status: { in: ['TRIAL', 'EXPIRED'] } },
    select: { id: true, createdAt: true, trialEndsAt: true },
  });
  for (const organization of organizations) {
    try {
      await ensureTrialWorkflow(temporal, config, organization);
    } catch (error) {
      logger.error({ err: error, organizationId: organization.id }, 'could not ensure the trial workflow');
    }
  }
  return organizations.length;
}
