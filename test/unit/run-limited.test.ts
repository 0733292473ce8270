import { runLimited } from '../../infra/run-limited';

describe('runLimited', () => {
  /** A call that ends when the test lets it: the order of events is the test's, not a timer's. */
  const gate = () => {
    let open!: () => void;
    const opened = new Promise<void>((resolve) => (open = resolve));
    return { open, opened };
  };

  it('keeps at most `limit` calls in flight and runs every item once', async () => {
    let inFlight = 0;
    let most = 0;
    const seen: number[] = [];
    await runLimited([1, 2, 3, 4, 5, 6, 7], 3, async (item) => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      await Promise.resolve();
      seen.push(item);
      inFlight -= 1;
    });
    expect(most).toBe(3);
    expect(seen.sort()).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it('after a failure starts nothing more, and rejects only once the calls in flight have ended', async () => {
    const slow = gate();
    const started: number[] = [];
    let slowEnded = false;
    const run = runLimited([1, 2, 3, 4, 5], 2, async (item) => {
      started.push(item);
      if (item === 1) {
        await slow.opened;
        slowEnded = true;
        return;
      }
      throw new Error(`item ${item} failed`);
    });
    let settled = false;
    void run.catch(() => undefined).finally(() => (settled = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(started).toEqual([1, 2]);
    expect(settled).toBe(false);
    slow.open();
    await expect(run).rejects.toThrow('item 2 failed');
    expect(slowEnded).toBe(true);
    expect(started).toEqual([1, 2]);
  });
});
