import { setTimeout as sleep } from 'node:timers/promises';
import { MockActivityEnvironment } from '@temporalio/testing';
import { heartbeating } from '../../activities/heartbeat';

describe('activities heartbeat while they run', () => {
  const activities = heartbeating({
    async slow(input: { ms: number }): Promise<string> {
      await sleep(input.ms);
      return `slept ${input.ms}`;
    },
  });

  it('beat about three times per heartbeat timeout, and stop when the activity ends', async () => {
    const env = new MockActivityEnvironment({ heartbeatTimeoutMs: 300 });
    let beats = 0;
    env.on('heartbeat', () => (beats += 1));
    await expect(env.run(activities.slow, { ms: 1_050 })).resolves.toBe('slept 1050');
    // One beat every 100 ms over 1 050 ms; timers on a busy machine may fire late, never early.
    expect(beats).toBeGreaterThanOrEqual(5);
    expect(beats).toBeLessThanOrEqual(10);
    const atEnd = beats;
    await sleep(400);
    expect(beats).toBe(atEnd);
  });

  it('do not beat without a heartbeat timeout, nor outside a worker', async () => {
    const env = new MockActivityEnvironment({ heartbeatTimeoutMs: undefined });
    let beats = 0;
    env.on('heartbeat', () => (beats += 1));
    await env.run(activities.slow, { ms: 300 });
    expect(beats).toBe(0);
    await expect(activities.slow({ ms: 10 })).resolves.toBe('slept 10');
  });
});
