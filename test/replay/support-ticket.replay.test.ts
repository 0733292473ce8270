import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { Worker } from '@temporalio/worker';
import { historyFromJson } from './history-json';

/**
 * Today's ticket workflow must replay the recorded ticket histories without a determinism error:
 * a ticket lives up to 12 months, so a code change must not break tickets already issued.
 * Recorded by `RECORD_HISTORIES=1 npx jest test/workflows/support-ticket.test.ts test/activities/support.test.ts`.
 */
const HISTORIES = path.join(__dirname, 'histories');
const files = readdirSync(HISTORIES).filter((f) => f.startsWith('support-ticket-') && f.endsWith('.json'));
const load = (file: string) => JSON.parse(readFileSync(path.join(HISTORIES, file), 'utf8')) as { events: Record<string, unknown>[] };

describe('ticketWorkflow replay', () => {
  it('has recorded histories to replay (cap mid-call, calls to the cap, 40 minutes, across midnight, expired, real activities)', () => {
    expect(files.length).toBeGreaterThanOrEqual(6);
  });

  it.each(files)('replays %s', async (file) => {
    const history = historyFromJson(load(file));
    expect(history.events?.length).toBeGreaterThan(10);
    await Worker.runReplayHistory({ workflowsPath: require.resolve('../../workflows') }, history, `replay-${file}`);
  });

  it('detects a non-deterministic change (the history scheduled another activity where the code records the activation)', async () => {
    const json = load('support-ticket-40-minutes.json');
    const scheduled = json.events.find(
      (e) => (e.activityTaskScheduledEventAttributes as { activityType?: { name?: string } } | undefined)?.activityType?.name === 'recordTicketActivated',
    )!;
    (scheduled.activityTaskScheduledEventAttributes as { activityType: { name: string } }).activityType.name = 'recordTicketOpened';
    await expect(
      Worker.runReplayHistory({ workflowsPath: require.resolve('../../workflows') }, historyFromJson(json), 'replay-altered'),
    ).rejects.toThrow(/[Nn]ondetermin|DeterminismViolation/);
  });
});
