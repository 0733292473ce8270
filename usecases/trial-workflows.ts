import type { Client } from '@temporalio/client';
import type { Config } from '../infra/config';
import type { PrismaClient } from '../infra/db';
import type { Logger } from '../infra/logger';
import { ensureTrialWorkflow } from '../workflows/trial/start';

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
