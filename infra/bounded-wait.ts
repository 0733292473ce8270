import { WorkflowUpdateStage, type Client, type UpdateDefinition, type WithStartWorkflowOperation, type Workflow, type WorkflowHandle, type WorkflowUpdateHandle } from '@temporalio/client';
import { Unavailable } from '../domain/errors';

/** An answer within a bound, or word that the work goes on without the caller. */
export type Bounded<T> = { done: true; value: T } | { done: false };

/**
 * Runs `work` for at most `ms`: its result when it settles in time (a rejection is rethrown),
 * otherwise `{ done: false }` once the bound passes, with `work`'s signal aborted so that the
 * calls it made stop (a request never waits without bound on a worker or a mail server).
 */
export async function withinBound<T>(ms: number, work: (signal: AbortSignal) => Promise<T>): Promise<Bounded<T>> {
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

/** Seconds a caller waits before trying again when no worker took an update in time. */
export const NOT_ACCEPTED_RETRY_AFTER_SECONDS = 5;

/**
 * An update, answered within `ms`. `start` sends it and resolves once the workflow accepted it
 * (its validator took it, or refused it: that refusal is thrown as it comes). An accepted update
 * is durable and runs to its end whoever waits, so when its result is not there in time the
 * answer is `{ done: false }`: under way, look at the resource again. Not even accepted in time
 * means no worker is running the workflow now: Unavailable (503, Retry-After).
 */
export async function acceptedUpdateWithinBound<Ret>(temporal: Client, start: () => Promise<WorkflowUpdateHandle<Ret>>, ms: number): Promise<Bounded<Ret>> {
  const deadline = Date.now() + ms;
  const accepted = await withinBound(ms, (signal) => temporal.withAbortSignal(signal, start));
  if (!accepted.done) {
    throw new Unavailable(`The workflow did not take the request within ${Math.round(ms / 1000)} s; look at the resource before repeating it.`, 'WorkflowNotAnswering', NOT_ACCEPTED_RETRY_AFTER_SECONDS);
  }
  return withinBound(Math.max(0, deadline - Date.now()), (signal) => temporal.withAbortSignal(signal, () => accepted.value.result()));
}

/** An update on a running workflow, answered within `ms` (see acceptedUpdateWithinBound). */
export function updateWithinBound<Ret, Args extends [unknown, ...unknown[]]>(
  temporal: Client,
  handle: WorkflowHandle,
  definition: UpdateDefinition<Ret, Args>,
  args: Args,
  ms: number,
): Promise<Bounded<Ret>> {
  return acceptedUpdateWithinBound(temporal, () => handle.startUpdate(definition, { args, waitForStage: WorkflowUpdateStage.ACCEPTED }), ms);
}

/** An update that starts its workflow when it is not running, answered within `ms` (see acceptedUpdateWithinBound). */
export function updateWithStartWithinBound<Ret, Args extends [unknown, ...unknown[]]>(
  temporal: Client,
  definition: UpdateDefinition<Ret, Args>,
  options: { args: Args; startWorkflowOperation: WithStartWorkflowOperation<Workflow> },
  ms: number,
): Promise<Bounded<Ret>> {
  return acceptedUpdateWithinBound(temporal, () => temporal.workflow.startUpdateWithStart(definition, { ...options, waitForStage: WorkflowUpdateStage.ACCEPTED }), ms);
}
