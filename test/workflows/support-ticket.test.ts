import { randomUUID } from 'node:crypto';
import type { WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { addDays, pragueDate, pragueWallTimeToInstant, startOfPragueDay } from '../../domain/prague-calendar';
import { startCallUpdate, stopCallUpdate, ticketStateQuery, ticketWorkflowId } from '../../workflows/support-ticket/contract';
import { ticketWorkflow } from '../../workflows/support-ticket/workflow';
import { saveHistory } from '../helpers/history';
import { ticketStarterWorkflow } from './support-ticket-starter';
import { scheduledAt, startTimeSkippingWorker, updateRefusal, type Activities, type ActivityCall, type FakeActivities, type TimeSkippingWorker } from '../helpers/workflow-test';

type Call<K extends keyof Activities> = ActivityCall<K>;

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const TASK_QUEUE = 'support-ticket-test';


/** In-memory stand-ins for the ticket's database record and the usage report. */
function createFakeActivities() {
  const calls: Call<keyof Activities>[] = [];
  const tickets = new Map<string, { ticketId: string; expiresAt: string }>();
  const record = <K extends keyof Activities>(name: K, input: Parameters<Activities[K]>[0]) => calls.push({ name, at: scheduledAt(), input } as Call<K>);
  const activities: FakeActivities = {
    async loadTicket(input) {
      record('loadTicket', input);
      const ticket = tickets.get(input.code)!;
      return { ticketId: ticket.ticketId, organizationId: 'org', status: 'ISSUED', supportDay: null, usedSeconds: 0, expiresAt: ticket.expiresAt };
    },
    async recordTicketActivated(input) {
      record('recordTicketActivated', input);
    },
    async recordCallStarted(input) {
      record('recordCallStarted', input);
    },
    async recordCallEnded(input) {
      record('recordCallEnded', input);
    },
    async recordTicketClosed(input) {
      record('recordTicketClosed', input);
    },
    async reportSupportUsage(input) {
      record('reportSupportUsage', input);
      return { reported: true, month: input.supportDay.slice(0, 7), billedMinutes: 0, amountHalere: 0 };
    },
  };
  const of = <K extends keyof Activities>(name: K) => calls.filter((c): c is Call<K> => c.name === name);
  return { activities, calls, tickets, of };
}

describe('ticketWorkflow (time-skipping)', () => {
  let testServer: TimeSkippingWorker;
  let env: TestWorkflowEnvironment;
  let fake: ReturnType<typeof createFakeActivities>;

  beforeAll(async () => {
    fake = createFakeActivities();
    testServer = await startTimeSkippingWorker({ taskQueue: TASK_QUEUE, workflowsPath: require.resolve('./support-ticket-starter'), activities: () => fake.activities });
    env = testServer.env;
  }, 120_000);

  afterAll(async () => {
    await testServer?.stop();
  });

  beforeEach(() => {
    fake = createFakeActivities();
  });

  /** Moves the test server's clock to `instant` (time only goes forward). */
  const advanceTo = async (instant: Date) => {
    const now = await env.currentTimeMs();
    if (instant.getTime() > now) await env.sleep(instant.getTime() - now);
  };
  /** A Prague wall-clock time on the next day after the server's current day. */
  const tomorrowAt = async (hour: number, minute = 0) => pragueWallTimeToInstant(addDays(pragueDate(new Date(await env.currentTimeMs())), 1), hour, minute);

  const startTicket = async (expiresInMs = 365 * DAY) => {
    const code = `T-${randomUUID().slice(0, 5).toUpperCase()}-${randomUUID().slice(0, 5).toUpperCase()}`;
    fake.tickets.set(code, { ticketId: randomUUID(), expiresAt: new Date((await env.currentTimeMs()) + expiresInMs).toISOString() });
    const handle = await env.client.workflow.start(ticketWorkflow, { workflowId: ticketWorkflowId(code), taskQueue: TASK_QUEUE, args: [{ code, organizationId: randomUUID() }] });
    return { code, handle };
  };
  const consultant = { consultantId: 'user:consultant-1 (CONSULTANT)' };
  const start = (handle: WorkflowHandle<typeof ticketWorkflow>) => handle.executeUpdate(startCallUpdate, { args: [consultant] });
  const stop = (handle: WorkflowHandle<typeof ticketWorkflow>) => handle.executeUpdate(stopCallUpdate, { args: [consultant] });
  const refusal = updateRefusal;

  it('stops the running call when the 2 hours are used up in the middle of it, then refuses more calls that day', async () => {
    await advanceTo(await tomorrowAt(10));
    const { handle } = await startTicket();
    const started = await start(handle);
    const day = pragueDate(new Date(Date.parse(started.calls[0]!.startedAt)));
    expect(started).toMatchObject({ status: 'ACTIVE', supportDay: day, usedSeconds: 0, minutesLeft: 120 });
    expect(started.runningSince).toBe(started.calls[0]!.startedAt);

    await env.sleep(3 * HOUR);
    const state = await handle.query(ticketStateQuery);
    expect(state.runningSince).toBeUndefined();
    expect(state.calls).toEqual([expect.objectContaining({ durationSeconds: 7200, endReason: 'CAP_REACHED' })]);
    expect(state).toMatchObject({ status: 'ACTIVE', usedSeconds: 7200, minutesUsed: 120, minutesLeft: 0, billedMinutes: 120 });
    const [ended] = fake.of('recordCallEnded');
    expect(Date.parse(ended!.input.endedAt) - Date.parse(ended!.input.startedAt)).toBe(2 * HOUR);
    expect(ended!.input).toMatchObject({ endReason: 'CAP_REACHED', usedSeconds: 7200, actor: 'system' });
    // The auto-stop fired at the cap, not when the test looked.
    expect(ended!.at - Date.parse(ended!.input.startedAt)).toBeLessThan(2 * HOUR + 5 * SECOND);

    expect(await refusal(start(handle))).toMatchObject({ type: 'DayCapReached' });

    await advanceTo(new Date(startOfPragueDay(addDays(day, 1)).getTime() + MINUTE));
    const final = await handle.result();
    expect(final.status).toBe('CONSUMED');
    expect(fake.of('reportSupportUsage').map((c) => c.input)).toEqual([expect.objectContaining({ supportDay: day, usedSeconds: 7200 })]);
    await saveHistory('support-ticket-cap-mid-call', handle);
  });

  it('several calls that day sum to the cap: the third is stopped when the total reaches 2 hours', async () => {
    await advanceTo(await tomorrowAt(8));
    const { handle } = await startTicket();
    await start(handle);
    await env.sleep(50 * MINUTE);
    const afterFirst = await stop(handle);
    expect(afterFirst.usedSeconds).toBeGreaterThanOrEqual(3000);
    expect(afterFirst.usedSeconds).toBeLessThan(3010);
    expect(afterFirst.calls[0]!.endReason).toBe('STOPPED');

    await env.sleep(1 * HOUR); // disconnected for an hour: not counted
    await start(handle);
    await env.sleep(40 * MINUTE);
    await stop(handle);
    const third = await start(handle);
    expect(third.calls).toHaveLength(3);
    expect(third.minutesLeft).toBeLessThanOrEqual(30);
    expect(third.minutesLeft).toBeGreaterThanOrEqual(29);

    await env.sleep(45 * MINUTE);
    const state = await handle.query(ticketStateQuery);
    expect(state.calls.map((c) => c.endReason)).toEqual(['STOPPED', 'STOPPED', 'CAP_REACHED']);
    expect(state.usedSeconds).toBe(7200);
    expect(state.calls.reduce((s, c) => s + c.durationSeconds!, 0)).toBeGreaterThanOrEqual(7198);
    expect(await refusal(stop(handle))).toMatchObject({ type: 'NoRunningCall' });

    await advanceTo(startOfPragueDay(addDays(state.supportDay!, 1)));
    expect((await handle.result()).status).toBe('CONSUMED');
    await saveHistory('support-ticket-calls-sum-to-cap', handle);
  });

  it('a ticket used 40 minutes is consumed at Prague midnight and reports its usage once', async () => {
    await advanceTo(await tomorrowAt(15));
    const { handle } = await startTicket();
    await start(handle);
    expect(await refusal(start(handle))).toMatchObject({ type: 'CallAlreadyRunning' });
    await env.sleep(40 * MINUTE);
    const stopped = await stop(handle);
    expect(stopped.minutesUsed).toBe(40);
    expect(stopped.billedMinutes).toBe(45);
    const day = stopped.supportDay!;

    const midnight = startOfPragueDay(addDays(day, 1)).getTime();
    await advanceTo(new Date(midnight - MINUTE));
    expect((await handle.query(ticketStateQuery)).status).toBe('ACTIVE');
    expect(fake.of('recordTicketClosed')).toHaveLength(0);

    await env.sleep(2 * MINUTE);
    const final = await handle.result();
    expect(final).toMatchObject({ status: 'CONSUMED', minutesUsed: 40, billedMinutes: 45 });
    const [closed] = fake.of('recordTicketClosed');
    expect(closed!.input).toMatchObject({ status: 'CONSUMED' });
    // At midnight (the activity is scheduled once the timer's workflow task has run).
    expect(closed!.at - midnight).toBeGreaterThanOrEqual(0);
    expect(closed!.at - midnight).toBeLessThan(1000);
    const reports = fake.of('reportSupportUsage');
    expect(reports).toHaveLength(1);
    expect(reports[0]!.input.usedSeconds).toBeGreaterThanOrEqual(2400);
    expect(reports[0]!.input.usedSeconds).toBeLessThan(2405);
    expect(reports[0]!.input.supportDay).toBe(day);
    await saveHistory('support-ticket-40-minutes', handle);
  });

  it('a call running across midnight stops at 00:00 Prague and counts only the ticket day', async () => {
    await advanceTo(await tomorrowAt(23, 30));
    const { handle } = await startTicket();
    const started = await start(handle);
    const day = started.supportDay!;
    const midnight = startOfPragueDay(addDays(day, 1)).getTime();
    const startedAt = Date.parse(started.calls[0]!.startedAt);

    await env.sleep(2 * HOUR);
    const final = await handle.result();
    expect(final.status).toBe('CONSUMED');
    expect(final.calls).toEqual([expect.objectContaining({ endReason: 'DAY_ENDED', endedAt: new Date(midnight).toISOString() })]);
    expect(final.usedSeconds).toBe(Math.floor((midnight - startedAt) / 1000));
    expect(final.billedMinutes).toBe(30);
    expect(fake.of('reportSupportUsage')[0]!.input).toMatchObject({ supportDay: day, usedSeconds: final.usedSeconds });
    await saveHistory('support-ticket-across-midnight', handle);
  });

  it('startTicketWorkflows (called by the order workflow) starts one abandoned ticket workflow per code, once', async () => {
    const codes = [`T-${randomUUID().slice(0, 5).toUpperCase()}-SSSSS`, `T-${randomUUID().slice(0, 5).toUpperCase()}-TTTTT`];
    const expiresAt = new Date((await env.currentTimeMs()) + 365 * DAY).toISOString();
    for (const code of codes) fake.tickets.set(code, { ticketId: randomUUID(), expiresAt });
    const organizationId = randomUUID();
    // Waiting for a result would let the test server skip time, to the tickets' 12-month expiry;
    // polling describe() keeps the clock where it is.
    const runStarter = async () => {
      const parent = await env.client.workflow.start(ticketStarterWorkflow, { workflowId: `starter-${randomUUID()}`, taskQueue: TASK_QUEUE, args: [codes, organizationId] });
      while ((await parent.describe()).status.name === 'RUNNING') await new Promise((r) => setTimeout(r, 50));
      expect((await parent.describe()).status.name).toBe('COMPLETED');
    };
    await runStarter();
    // A retried confirmation starting them again leaves the running tickets alone.
    await runStarter();
    for (const code of codes) {
      const handle = env.client.workflow.getHandle(ticketWorkflowId(code));
      expect((await handle.describe()).status.name).toBe('RUNNING'); // outlives its parent
      expect(await handle.query(ticketStateQuery)).toMatchObject({ code, organizationId, status: 'ISSUED', expiresAt });
      await handle.terminate('test done');
    }
    expect(fake.of('loadTicket').map((c) => c.input.code).sort()).toEqual([...codes].sort());
  });

  it('a ticket unused for 12 months expires and reports nothing', async () => {
    const { handle } = await startTicket(365 * DAY);
    await env.sleep(364 * DAY);
    expect((await handle.query(ticketStateQuery)).status).toBe('ISSUED');
    await env.sleep(2 * DAY);
    const final = await handle.result();
    expect(final.status).toBe('EXPIRED');
    expect(fake.of('recordTicketClosed').map((c) => c.input.status)).toEqual(['EXPIRED']);
    expect(fake.of('reportSupportUsage')).toHaveLength(0);
    await saveHistory('support-ticket-expired', handle);
  });
});
