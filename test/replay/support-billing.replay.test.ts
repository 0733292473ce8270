import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { Worker } from '@temporalio/worker';
import { historyFromJson } from './history-json';

/**
 * Today's billing workflow must replay the recorded billing histories without a determinism
 * error: a month's billing runs for weeks (the month, then payment), across deployments.
 * Recorded by `RECORD_HISTORIES=1 npx jest test/workflows/support-billing.test.ts test/activities/support.test.ts`.
 */
const HISTORIES = path.join(__dirname, 'histories');
const files = readdirSync(HISTORIES).filter((f) => f.startsWith('support-billing-') && f.endsWith('.json'));
const load = (file: string) => JSON.parse(readFileSync(path.join(HISTORIES, file), 'utf8')) as { events: Record<string, unknown>[] };

describe('supportBillingWorkflow replay', () => {
  it('has recorded histories to replay (paid with reminders, duplicates, nothing to bill, supplementary, real activities)', () => {
    expect(files.length).toBeGreaterThanOrEqual(5);
  });

  it.each(files)('replays %s', async (file) => {
    const history = historyFromJson(load(file));
    expect(history.events?.length).toBeGreaterThan(5);
    await Worker.runReplayHistory({ workflowsPath: require.resolve('../../workflows') }, history, `replay-${file}`);
  });

  it('detects a non-deterministic change (the history scheduled another activity where the code issues the invoice)', async () => {
    const json = load('support-billing-march-paid.json');
    const scheduled = json.events.find(
      (e) => (e.activityTaskScheduledEventAttributes as { activityType?: { name?: string } } | undefined)?.activityType?.name === 'issueSupportInvoice',
    )!;
    (scheduled.activityTaskScheduledEventAttributes as { activityType: { name: string } }).activityType.name = 'issueMonthlyInvoice';
    await expect(
      Worker.runReplayHistory({ workflowsPath: require.resolve('../../workflows') }, historyFromJson(json), 'replay-altered'),
    ).rejects.toThrow(/[Nn]ondetermin|DeterminismViolation/);
  });
});
