/**
 * Runs async message handlers one at a time, in arrival order. Updates that call activities
 * would otherwise interleave at every await and could, say, ship an order being cancelled.
 * Deterministic: it is plain promise chaining inside the workflow.
 */
export function createSerializer(): <T>(work: () => Promise<T>) => Promise<T> {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(work: () => Promise<T>): Promise<T> => {
    const run = tail.then(work);
    tail = run.catch(() => undefined);
    return run;
  };
}
