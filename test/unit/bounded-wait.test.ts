import type { Client, WorkflowUpdateHandle } from '@temporalio/client';
import { Unavailable } from '../../domain/errors';
import { acceptedUpdateWithinBound, withinBound } from '../../infra/bounded-wait';

const never = <T>() => new Promise<T>(() => undefined);
const later = <T>(ms: number, value: T) => new Promise<T>((resolve) => setTimeout(() => resolve(value), ms));

/** A client whose calls run as given; the signal each call got is kept to check it was aborted. */
function fakeClient() {
  const signals: AbortSignal[] = [];
  const client = {
    withAbortSignal: <R>(signal: AbortSignal, fn: () => Promise<R>) => {
      signals.push(signal);
      return fn();
    },
  } as unknown as Client;
  return { client, signals };
}

const handleWith = <T>(result: () => Promise<T>) => ({ result }) as unknown as WorkflowUpdateHandle<T>;

describe('withinBound', () => {
  it('gives the result when the work settles in time', async () => {
    expect(await withinBound(1_000, () => later(5, 'done'))).toEqual({ done: true, value: 'done' });
  });

  it('says not done once the bound passes, and aborts the work', async () => {
    let signal: AbortSignal | undefined;
    const outcome = await withinBound(20, (s) => {
      signal = s;
      return never();
    });
    expect(outcome).toEqual({ done: false });
    expect(signal?.aborted).toBe(true);
  });

  it('rethrows a rejection that comes in time', async () => {
    await expect(withinBound(1_000, () => Promise.reject(new Error('refused')))).rejects.toThrow('refused');
  });
});

describe('acceptedUpdateWithinBound', () => {
  it('answers with the result of an update accepted and finished in time', async () => {
    const { client } = fakeClient();
    expect(await acceptedUpdateWithinBound(client, async () => handleWith(() => later(5, 42)), 1_000)).toEqual({ done: true, value: 42 });
  });

  it('says under way when the accepted update outlasts the bound, and stops waiting for it', async () => {
    const { client, signals } = fakeClient();
    const outcome = await acceptedUpdateWithinBound(client, async () => handleWith(() => never<number>()), 30);
    expect(outcome).toEqual({ done: false });
    expect(signals).toHaveLength(2);
    expect(signals[1]!.aborted).toBe(true);
  });

  it('is Unavailable with a Retry-After when no worker accepts the update in time', async () => {
    const { client, signals } = fakeClient();
    const error = await acceptedUpdateWithinBound(client, () => never<WorkflowUpdateHandle<number>>(), 30).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Unavailable);
    expect(error).toMatchObject({ code: 'WorkflowNotAnswering', retryAfterSeconds: 5 });
    expect(signals[0]!.aborted).toBe(true);
  });

  it("passes the workflow's refusal on as it comes", async () => {
    const { client } = fakeClient();
    await expect(acceptedUpdateWithinBound(client, () => Promise.reject(new Error('validator refused')), 1_000)).rejects.toThrow('validator refused');
  });

  it('gives the result only the time left after acceptance: one bound for both stages', async () => {
    const { client } = fakeClient();
    // Accepted after 60 ms of a 100 ms bound, the result 60 ms later: in time for a fresh 100 ms,
    // too late for the 40 ms left.
    const outcome = await acceptedUpdateWithinBound(client, () => later(60, handleWith(() => later(60, 7))), 100);
    expect(outcome).toEqual({ done: false });
  });
});
