import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { HISTORIES_DIR } from '../helpers/history';
import { Worker } from '../helpers/temporal-sdk';
import { testWorkflowBundle } from '../helpers/workflow-bundle';

/**
 * Today's workflow code must replay every recorded history without a determinism error: orders
 * wait weeks for payment, tickets live 12 months, trials stay open after expiry, so a change that
 * would break running workflows fails here. Histories are recorded from real runs with
 * `RECORD_HISTORIES=1 npx jest test/workflows test/activities/support-billing.test.ts test/api/accounts.test.ts`.
 */
type HistoryJson = { events: Record<string, unknown>[] };

const files = readdirSync(HISTORIES_DIR).filter((f) => f.endsWith('.json'));
const load = (file: string) => JSON.parse(readFileSync(path.join(HISTORIES_DIR, file), 'utf8')) as HistoryJson;
/** What replaying each history (by name) ended with: undefined, or the error. */
const outcomes = new Map<string, Error | undefined>();

/** The same history, with the activity the code schedules at one point renamed. */
function withActivityRenamed(file: string, from: string, to: string): HistoryJson {
  const json = load(file);
  const scheduled = json.events.find(
    (e) => (e.activityTaskScheduledEventAttributes as { activityType?: { name?: string } } | undefined)?.activityType?.name === from,
  );
  if (!scheduled) throw new Error(`${file} schedules no ${from}`);
  (scheduled.activityTaskScheduledEventAttributes as { activityType: { name: string } }).activityType.name = to;
  return json;
}

const ALTERED: [file: string, from: string, to: string][] = [
  ['order-transfer-paid.json', 'issueOrderDocument', 'issueInvoice'],
  ['order-cod-completed-one-step.json', 'recordConfirmation', 'recordOrderTransition'],
  ['trial-expired-short.json', 'sendTrialReminder', 'sendReminder'],
  ['support-ticket-40-minutes.json', 'recordTicketActivated', 'recordTicketOpened'],
  ['support-billing-march-paid.json', 'issueSupportInvoice', 'issueMonthlyInvoice'],
  ['support-billing-last-day-on-time.json', 'issueSupportInvoice', 'issueMonthlyInvoice'],
];

describe('workflow replay over recorded histories', () => {
  // Every history through one replay worker (a worker per history cost about 0.1 s of CPU each).
  beforeAll(async () => {
    const histories = [
      ...files.map((file) => ({ workflowId: file, history: historyFromJSON(load(file)) })),
      ...ALTERED.map(([file, from, to]) => ({ workflowId: `altered-${file}`, history: historyFromJSON(withActivityRenamed(file, from, to)) })),
    ];
    for await (const result of Worker.runReplayHistories({ workflowBundle: await testWorkflowBundle() }, histories)) {
      outcomes.set(result.workflowId, result.error);
    }
  }, 120_000);

  it.each([
    ['order-', 12],
    ['trial-', 4],
    ['support-ticket-', 6],
    ['support-billing-', 5],
    ['bank-hand-over-', 1],
  ])('has the recorded paths of %s workflows', (prefix, atLeast) => {
    expect(files.filter((f) => f.startsWith(prefix)).length).toBeGreaterThanOrEqual(atLeast);
  });

  it.each(files)('replays %s', (file) => {
    expect(outcomes.has(file)).toBe(true);
    expect(outcomes.get(file)).toBeUndefined();
  });

  it.each(ALTERED)('detects a non-deterministic change in %s (%s scheduled where the code now does something else)', (file) => {
    expect(outcomes.get(`altered-${file}`)?.message).toMatch(/[Nn]ondetermin|DeterminismViolation/);
  });
});
