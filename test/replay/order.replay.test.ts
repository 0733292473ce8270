import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Worker } from '@temporalio/worker';
import { HISTORIES_DIR } from '../helpers/history';

// Histories recorded from real runs of every order path (RECORD_HISTORIES=1 npx jest
// test/workflows/order.test.ts). Today's workflow code must replay each one without a
// determinism error: a change that would break running orders fails here.
const histories = readdirSync(HISTORIES_DIR).filter((f) => f.startsWith('order-') && f.endsWith('.json'));

describe('orderWorkflow replay', () => {
  it('has recorded histories to replay', () => {
    expect(histories.length).toBeGreaterThanOrEqual(8);
  });

  it.each(histories)('replays %s', async (file) => {
    const history = JSON.parse(readFileSync(path.join(HISTORIES_DIR, file), 'utf8'));
    await expect(
      Worker.runReplayHistory({ workflowsPath: require.resolve('../../workflows'), replayName: file }, history),
    ).resolves.toBeUndefined();
  });
});
