/**
 * Runs `work` for at most `ms`: its result when it settles in time (a rejection is rethrown),
 * otherwise `{ done: false }` once the bound passes, with `work`'s signal aborted so that the
 * calls it made stop (a request never waits without bound on a worker or a mail server).
 */
export async function withinBound<T>(ms: number, work: (signal: AbortSignal) => Promise<T>): Promise<{ done: true; value: T } | { done: false }> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const bound = new Promise<{ done: false }>((resolve) => {
    timer = setTimeout(() => resolve({ done: false }), ms);
  });
  const working = work(controller.signal).then((value) => ({ done: true as const, value }));
  try {
    const outcome = await Promise.race([working, bound]);
    if (!outcome.done) {
      working.catch(() => undefined); // aborted: its rejection is the expected end
      controller.abort();
    }
    return outcome;
  } finally {
    clearTimeout(timer);
  }
}
