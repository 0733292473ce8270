import { randomUUID } from 'node:crypto';
import { WorkflowFailedError } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { BANK_HAND_OVER_WORKFLOW_TYPE, bankHandOverWorkflowId, type BankHandOverWorkflow } from '../../workflows/bank-hand-over/contract';
import { saveHistory } from '../helpers/history';
import { startTimeSkippingWorker, type FakeActivities, type TimeSkippingWorker } from '../helpers/workflow-test';

const TASK_QUEUE = 'bank-hand-over-workflow-test';

describe('bankHandOverWorkflow', () => {
  let testServer: TimeSkippingWorker;
  let env: TestWorkflowEnvironment;
  let attempts: number;

  /** How many attempts fail before the hand-over goes through (as when PostgreSQL is unreachable). */
  let failingAttempts: number;
  const activities: FakeActivities = {
    handOverMatchedPayments: jest.fn(async () => {
      attempts += 1;
      if (attempts <= failingAttempts) throw new Error('connect ECONNREFUSED 127.0.0.1:5432');
      return { handedOver: 3, workflowEnded: 1 };
    }),
    tellWaitingOrders: jest.fn(async () => {
      // After the payments: an overdue order paid on the statement has its payment first.
      expect(attempts).toBe(3);
      return 2;
    }),
  };

  beforeAll(async () => {
    testServer = await startTimeSkippingWorker({ taskQueue: TASK_QUEUE, workflowsPath: require.resolve('../../workflows/bank-hand-over/workflow'), activities: () => activities });
    env = testServer.env;
  }, 120_000);

  afterAll(async () => {
    await testServer?.stop();
  });

  const start = () =>
    env.client.workflow.start<BankHandOverWorkflow>(BANK_HAND_OVER_WORKFLOW_TYPE, {
      taskQueue: TASK_QUEUE,
      workflowId: bankHandOverWorkflowId(randomUUID()),
      args: [{ requestedBy: 'user:00000000-0000-0000-0000-000000000001 (STAFF)' }],
    });

  beforeEach(() => {
    attempts = 0;
    jest.clearAllMocks();
  });

  it('retries the hand-over until it went through, then tells the overdue orders, and answers what it did', async () => {
    failingAttempts = 2;
    const handle = await start();
    expect(await handle.result()).toEqual({ handedOver: 3, workflowEnded: 1, ordersTold: 2 });
    expect(attempts).toBe(3);
    expect(activities.tellWaitingOrders).toHaveBeenCalledTimes(1);
    await saveHistory('bank-hand-over-retried', handle);
  });

  it('a failure that keeps repeating ends the run as failed after ten attempts, telling no order', async () => {
    failingAttempts = Number.POSITIVE_INFINITY;
    const handle = await start();
    await expect(handle.result()).rejects.toThrow(WorkflowFailedError);
    expect(attempts).toBe(10);
    expect(activities.tellWaitingOrders).not.toHaveBeenCalled();
  });
});
