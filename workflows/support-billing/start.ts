import type { Client } from '@temporalio/client';
import type { Config } from '../../infra/config';
import {
  SUPPORT_BILLING_WORKFLOW_TYPE,
  billingMonthOf,
  supportBillingWorkflowId,
  supportUsageSignal,
  type SupportBillingInput,
  type SupportBillingWorkflow,
  type SupportUsageReport,
} from './contract';

export type SupportBillingStartConfig = Pick<
  Config,
  'TEMPORAL_TASK_QUEUE' | 'TEMPORAL_PDF_TASK_QUEUE' | 'PAYMENT_DUE_DAYS' | 'PAYMENT_REMINDER_DAYS_BEFORE' | 'SUPPORT_BILLING_CLOSE_GRACE_MINUTES' | 'SUPPORT_LATE_USAGE_BATCH_SECONDS'
>;

/** The month's billing input: payment terms from configuration at start, like the order's. */
export function supportBillingInput(config: SupportBillingStartConfig, organizationId: string, month: string): SupportBillingInput {
  return {
    organizationId,
    month,
    pdfTaskQueue: config.TEMPORAL_PDF_TASK_QUEUE,
    timing: {
      paymentDueDays: config.PAYMENT_DUE_DAYS,
      reminderDaysBefore: config.PAYMENT_REMINDER_DAYS_BEFORE,
      closeGraceMinutes: config.SUPPORT_BILLING_CLOSE_GRACE_MINUTES,
      lateUsageBatchSeconds: config.SUPPORT_LATE_USAGE_BATCH_SECONDS,
    },
  };
}

/**
 * Reports one ticket's usage to its organisation's billing month, starting that month's workflow
 * if none runs (signal-with-start; a month whose workflow completed starts a new run).
 */
export async function reportUsageToBilling(temporal: Client, config: SupportBillingStartConfig, organizationId: string, report: SupportUsageReport): Promise<void> {
  const month = billingMonthOf(report.supportDay);
  await temporal.workflow.signalWithStart<SupportBillingWorkflow, [SupportUsageReport]>(SUPPORT_BILLING_WORKFLOW_TYPE, {
    workflowId: supportBillingWorkflowId(organizationId, month),
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    args: [supportBillingInput(config, organizationId, month)],
    signal: supportUsageSignal,
    signalArgs: [report],
  });
}
