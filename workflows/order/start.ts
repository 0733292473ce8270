import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import type { Client } from '@temporalio/client';
import type { Config } from '../../infra/config';
import type { Order, OrderLine } from '../../infra/db';
import { joiningStartOptions } from '../shared/start-options';
import { ORDER_WORKFLOW_TYPE, orderWorkflowId, type OrderWorkflow, type OrderWorkflowInput } from './contract';

export type OrderStartConfig = Pick<
  Config,
  | 'TEMPORAL_TASK_QUEUE'
  | 'TEMPORAL_PDF_TASK_QUEUE'
  | 'PAYMENT_DUE_DAYS'
  | 'PAYMENT_REMINDER_DAYS_BEFORE'
  | 'PAYMENT_CANCEL_DAYS_AFTER'
  | 'PAYMENT_CANCEL_WAITS_FOR_STATEMENTS'
  | 'PAYMENT_CANCEL_MAX_WAIT_DAYS'
>;

/** The order workflow's input: the draft, and the payment terms of today's configuration. */
export function orderInput(order: Order & { lines: OrderLine[] }, config: OrderStartConfig): OrderWorkflowInput {
  return {
    orderId: order.id,
    orderNumber: order.number,
    organizationId: order.organizationId,
    paymentMethod: order.paymentMethod,
    hasComponents: order.lines.some((l) => l.kind === 'COMPONENT'),
    timing: {
      draftTtlMs: Math.max(0, order.expiresAt.getTime() - Date.now()),
      paymentDueDays: config.PAYMENT_DUE_DAYS,
      reminderDaysBefore: config.PAYMENT_REMINDER_DAYS_BEFORE,
      cancelDaysAfter: config.PAYMENT_CANCEL_DAYS_AFTER,
      cancelWaitsForStatementImport: config.PAYMENT_CANCEL_WAITS_FOR_STATEMENTS,
      cancelMaxWaitDays: config.PAYMENT_CANCEL_MAX_WAIT_DAYS,
    },
    pdfTaskQueue: config.TEMPORAL_PDF_TASK_QUEUE,
  };
}

export function orderStartOptions(order: Order & { lines: OrderLine[] }, config: OrderStartConfig) {
  return {
    ...joiningStartOptions(config, orderWorkflowId(order.number), orderInput(order, config)),
    // A finished order's id is never reused: the repeated request must not start it again.
    workflowIdReusePolicy: 'REJECT_DUPLICATE' as const,
  };
}

/** Starts the draft's workflow; a running or finished one is left as it is. */
export async function startOrderWorkflow(temporal: Client, config: OrderStartConfig, order: Order & { lines: OrderLine[] }): Promise<void> {
  try {
    await temporal.workflow.start<OrderWorkflow>(ORDER_WORKFLOW_TYPE, orderStartOptions(order, config));
  } catch (error) {
    if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
  }
}
