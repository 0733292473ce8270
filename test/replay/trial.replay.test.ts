import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { Worker } from '@temporalio/worker';
import { historyFromJson } from './history-json';

/**
 * Today's workflow code must replay the recorded trial histories without a determinism error,
 * so a change cannot break trials already running (30 days long, open after expiry).
 * Histories are recorded by `RECORD_HISTORIES=1 npx jest test/workflows/trial.test.ts`.
 */
const HISTORIES = path.join(__dirname, 'histories');
const files = readdirSync(HISTORIES).filter((f) => f.startsWith('trial-') && f.endsWith('.json'));

describe('trialWorkflow replay', () => {
  it('has recorded histories to replay', () => {
    expect(files.length).toBeGreaterThanOrEqual(3);
  });

  it.each(files)('replays %s', async (file) => {
    const history = historyFromJson(JSON.parse(readFileSync(path.join(HISTORIES, file), 'utf8')));
    expect(history.events?.length).toBeGreaterThan(5);
    await Worker.runReplayHistory({ workflowsPath: require.resolve('../../workflows') }, history, `replay-${file}`);
  });

  it('detects a non-deterministic change (a reminder history replayed with the timers removed)', async () => {
    const json = JSON.parse(readFileSync(path.join(HISTORIES, 'trial-expired-short.json'), 'utf8')) as { events: { eventType?: string; workflowExecutionStartedEventAttributes?: { input?: { payloads?: { data?: string }[] } } }[] };
    // Same history, but the input now has no reminder: the code would not start the reminder timer.
    const started = json.events[0]!.workflowExecutionStartedEventAttributes!.input!.payloads![0]!;
    const input = JSON.parse(Buffer.from(started.data!, 'base64').toString('utf8')) as { reminderLeadsMs: number[] };
    input.reminderLeadsMs = [];
    started.data = Buffer.from(JSON.stringify(input)).toString('base64');
    await expect(
      Worker.runReplayHistory({ workflowsPath: require.resolve('../../workflows') }, historyFromJson(json), 'replay-altered'),
    ).rejects.toThrow(/[Nn]ondetermin|DeterminismViolation/);
  });
});
