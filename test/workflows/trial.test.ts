import { randomUUID } from 'node:crypto';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { activateUpdate, trialStateQuery, type TrialWorkflowInput } from '../../workflows/trial/contract';
import { trialWorkflow } from '../../workflows/trial/workflow';
import { saveHistory } from '../helpers/history';
import { scheduledAt, startTimeSkippingWorker, type Activities, type FakeActivities, type TimeSkippingWorker } from '../helpers/workflow-test';


const DAY = 86_400_000;
const MINUTE = 60_000;
const TASK_QUEUE = 'trial-workflow-test';

describe('trialWorkflow', () => {
  let testServer: TimeSkippingWorker;
  let env: TestWorkflowEnvironment;
  let calls: { name: keyof Activities; at: number; input: unknown }[];
  let activateBehaviour: 'ok' | 'terms-mismatch';

  const activities: FakeActivities = {
    sendTrialReminder: jest.fn(async (input: Parameters<Activities['sendTrialReminder']>[0]) => {
      calls.push({ name: 'sendTrialReminder', at: scheduledAt(), input });
      return { sent: true, messageId: `<reminder-${input.daysLeft}@test>` };
    }),
    expireTrial: jest.fn(async (input: Parameters<Activities['expireTrial']>[0]) => {
      calls.push({ name: 'expireTrial', at: scheduledAt(), input });
      return { status: 'EXPIRED' as const };
    }),
    activateOrganization: jest.fn(async (input: Parameters<Activities['activateOrganization']>[0]) => {
      calls.push({ name: 'activateOrganization', at: scheduledAt(), input });
      if (activateBehaviour === 'terms-mismatch') {
        throw ApplicationFailure.create({ type: 'TermsVersionMismatch', message: 'Not the current terms.', nonRetryable: true });
      }
      return { status: 'ACTIVE' as const, activatedAt: new Date(scheduledAt()).toISOString(), termsVersion: input.termsVersion };
    }),
  };

  beforeAll(async () => {
    testServer = await startTimeSkippingWorker({ taskQueue: TASK_QUEUE, workflowsPath: require.resolve('../../workflows/trial/workflow'), activities: () => activities });
    env = testServer.env;
  }, 120_000);

  afterAll(async () => {
    await testServer?.stop();
  });

  beforeEach(() => {
    calls = [];
    activateBehaviour = 'ok';
    jest.clearAllMocks();
  });

  const input = (overrides: Partial<TrialWorkflowInput> = {}): TrialWorkflowInput => ({
    organizationId: randomUUID(),
    trialDurationMs: 30 * DAY,
    reminderLeadsMs: [7 * DAY, 1 * DAY],
    ...overrides,
  });

  async function start(wfInput: TrialWorkflowInput) {
    const handle = await env.client.workflow.start(trialWorkflow, { workflowId: `trial-${wfInput.organizationId}`, taskQueue: TASK_QUEUE, args: [wfInput] });
    const startedAt = (await handle.describe()).startTime.getTime();
    return { handle, startedAt };
  }

  it('sends the reminders 7 days and 1 day before the end, once each, and expires the trial at 30 days', async () => {
    const wfInput = input();
    const { handle, startedAt } = await start(wfInput);

    await env.sleep(23 * DAY - 10 * MINUTE);
    expect(calls).toEqual([]);

    await env.sleep(8 * DAY);
    const state = await handle.query(trialStateQuery);
    expect(state.status).toBe('EXPIRED');
    expect(state.remindersSentMs).toEqual([7 * DAY, 1 * DAY]);

    expect(calls.map((c) => c.name)).toEqual(['sendTrialReminder', 'sendTrialReminder', 'expireTrial']);
    const [first, second, expiry] = calls;
    expect(first!.at - startedAt).toBeGreaterThanOrEqual(23 * DAY);
    expect(first!.at - startedAt).toBeLessThan(23 * DAY + MINUTE);
    expect(first!.input).toMatchObject({ organizationId: wfInput.organizationId, daysLeft: 7 });
    const endsAt = Date.parse((first!.input as { trialEndsAt: string }).trialEndsAt);
    expect(Math.abs(endsAt - (startedAt + 30 * DAY))).toBeLessThan(1000);
    expect(second!.at - startedAt).toBeGreaterThanOrEqual(29 * DAY);
    expect(second!.at - startedAt).toBeLessThan(29 * DAY + MINUTE);
    expect(second!.input).toMatchObject({ daysLeft: 1 });
    expect(expiry!.at - startedAt).toBeGreaterThanOrEqual(30 * DAY);
    expect(expiry!.at - startedAt).toBeLessThan(30 * DAY + MINUTE);

    // Expired, the workflow stays open for a late activation; time passing sends nothing more.
    await env.sleep(60 * DAY);
    expect(calls).toHaveLength(3);
    expect((await handle.describe()).status.name).toBe('RUNNING');
    await handle.terminate('test done');
  });

  it('activation during the trial makes it ACTIVE, stops the reminders and never expires it', async () => {
    const wfInput = input();
    const { handle } = await start(wfInput);

    await env.sleep(24 * DAY);
    expect(calls.map((c) => c.name)).toEqual(['sendTrialReminder']);

    const result = await handle.executeUpdate(activateUpdate, { args: [{ termsVersion: '2026-01', actor: 'user:42' }] });
    expect(result).toMatchObject({ status: 'ACTIVE', termsVersion: '2026-01' });
    expect(activities.activateOrganization).toHaveBeenCalledWith({ organizationId: wfInput.organizationId, termsVersion: '2026-01', actor: 'user:42' });

    const final = await handle.result();
    expect(final.status).toBe('ACTIVE');
    await env.sleep(30 * DAY);
    expect(calls.map((c) => c.name)).toEqual(['sendTrialReminder', 'activateOrganization']);
    await saveHistory('trial-activated-during-trial', handle);
  });

  it('activation after expiry makes an EXPIRED organisation ACTIVE and completes the workflow', async () => {
    const { handle } = await start(input());
    await env.sleep(40 * DAY);
    expect((await handle.query(trialStateQuery)).status).toBe('EXPIRED');

    const result = await handle.executeUpdate(activateUpdate, { args: [{ termsVersion: '2026-01', actor: 'user:7' }] });
    expect(result.status).toBe('ACTIVE');
    const final = await handle.result();
    expect(final).toMatchObject({ status: 'ACTIVE', remindersSentMs: [7 * DAY, 1 * DAY] });
    expect(calls.map((c) => c.name)).toEqual(['sendTrialReminder', 'sendTrialReminder', 'expireTrial', 'activateOrganization']);
    await saveHistory('trial-activated-after-expiry', handle);
  });

  it('refuses an activation with the wrong terms version and lets the trial run on to expiry', async () => {
    activateBehaviour = 'terms-mismatch';
    const { handle } = await start(input());
    await env.sleep(2 * DAY);

    const refusal = await handle.executeUpdate(activateUpdate, { args: [{ termsVersion: '1999-01', actor: 'user:1' }] }).catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(WorkflowUpdateFailedError);
    expect((refusal as WorkflowUpdateFailedError).cause).toBeInstanceOf(ApplicationFailure);
    expect(((refusal as WorkflowUpdateFailedError).cause as ApplicationFailure).type).toBe('TermsVersionMismatch');
    expect((await handle.query(trialStateQuery)).status).toBe('TRIAL');

    await env.sleep(30 * DAY);
    expect((await handle.query(trialStateQuery)).status).toBe('EXPIRED');
    expect(calls.map((c) => c.name)).toEqual(['activateOrganization', 'sendTrialReminder', 'sendTrialReminder', 'expireTrial']);
    await handle.terminate('test done');
  });

  it('rejects an update without an actor in the validator, before anything runs', async () => {
    const { handle } = await start(input());
    const refusal = await handle.executeUpdate(activateUpdate, { args: [{ termsVersion: '2026-01', actor: '' }] }).catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(WorkflowUpdateFailedError);
    expect(((refusal as WorkflowUpdateFailedError).cause as ApplicationFailure).type).toBe('InvalidInput');
    expect(activities.activateOrganization).not.toHaveBeenCalled();
    await handle.terminate('test done');
  });

  it('takes every duration from its input: a 10-minute trial with a 3-minute reminder', async () => {
    const { handle, startedAt } = await start(input({ trialDurationMs: 10 * MINUTE, reminderLeadsMs: [3 * MINUTE, 20 * MINUTE] }));
    await env.sleep(11 * MINUTE);
    // The 20-minute lead is longer than the trial and is dropped.
    expect(calls.map((c) => [c.name, Math.round((c.at - startedAt) / MINUTE)])).toEqual([
      ['sendTrialReminder', 7],
      ['expireTrial', 10],
    ]);
    expect((calls[0]!.input as { daysLeft: number }).daysLeft).toBe(1);
    await saveHistory('trial-expired-short', handle);
    await handle.terminate('test done');
  });

  it('a trial restarted late (repair) skips the reminders whose moment has passed', async () => {
    const wfInput = input();
    // Started 25 days after the organisation registered: the 7-day reminder is past.
    const now = await env.currentTimeMs();
    const { handle } = await start({ ...wfInput, startedAt: new Date(now - 25 * DAY).toISOString() });
    await env.sleep(6 * DAY);
    expect(calls.map((c) => [c.name, (c.input as { daysLeft?: number }).daysLeft])).toEqual([
      ['sendTrialReminder', 1],
      ['expireTrial', undefined],
    ]);
    await handle.terminate('test done');
  });
});
