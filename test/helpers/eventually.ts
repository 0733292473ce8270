import { waitFor } from '../../scripts/stack/common';

export interface EventuallyOptions {
  /** Default 10 000. */
  timeoutMs?: number;
  /** Default 100. */
  intervalMs?: number;
}

/**
 * Runs `probe` until it passes — returns without throwing, so it can hold jest `expect`s — and
 * returns what it returned. After `timeoutMs` it fails with the probe's last failure. The one way
 * tests wait for something that happens asynchronously (an e-mail, a workflow closing, a
 * visibility record), instead of hand-written loops or fixed sleeps.
 */
export async function eventually<T>(probe: () => T | Promise<T>, options: EventuallyOptions = {}): Promise<T> {
  const { value } = await waitFor('a condition to hold', async () => ({ value: await probe() }), {
    timeoutMs: options.timeoutMs ?? 10_000,
    intervalMs: options.intervalMs ?? 100,
  });
  return value;
}
