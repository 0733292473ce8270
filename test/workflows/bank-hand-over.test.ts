import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { BANK_HAND_OVER_WORKFLOW_TYPE, bankHandOverWorkflowId, type BankHandOverWorkflow } from '../../workflows/bank-hand-over/contract';
import { saveHistory } from '../helpers/history';
import { startTimeSkippingWorker, type FakeActivities, type TimeSkippingWorker } from '../helpers/workflow-test';

const TASK_QUEUE = 'bank-hand-over-workflow-test';

describe('bankHandOverWorkflow', () => {
  let testServer: TimeSkippingWorker;
  let env: TestWorkflowEnvironment;
  let attempts: number;

  // The hand-over fails twice as when PostgreSQL or Temporal is briefly unreachable, then succeeds.
  const activities: FakeActivities = {
    handOverMatchedPayments: jest.fn(async () => {
      attempts += 1;
      if (attempts <= 2) throw new Error('connect ECONNREFUSED 127.0.0.1:5432');
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

  it('retries the hand-over until it went through, then tells the overdue orders, and answers what it did', async () => {
    attempts = 0;
    const handle = await env.client.workflow.start<BankHandOverWorkflow>(BANK_HAND_OVER_WORKFLOW_TYPE, {
      taskQueue: TASK_QUEUE,
      workflowId: bankHandOverWorkflowId(randomUUID()),
      args: [{ requestedBy: 'user:00000000-0000-0000-0000-000000000001 (STAFF)' }],
    });
    expect(await handle.result()).toEqual({ handedOver: 3, workflowEnded: 1, ordersTold: 2 });
    expect(attempts).toBe(3);
    expect(activities.tellWaitingOrders).toHaveBeenCalledTimes(1);
    await saveHistory('bank-hand-over-retried', handle);
  });
});
