import { Context } from '@temporalio/activity';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createActivities, createPdfActivities } from '../../activities';
import type { ActivityDeps, PdfActivityDeps } from '../../activities/deps';
import { Worker } from './temporal-sdk';
import { createTimeSkippingTestEnv } from './time-skipping-env';
import { testWorkflowBundle } from './workflow-bundle';

/** Every activity a workflow can call: the main queue's and the PDF queue's. */
export type Activities = ReturnType<typeof createActivities> & ReturnType<typeof createPdfActivities>;
/** What a test hands in for the activities its workflows call: typed like the real ones, any subset. */
export type FakeActivities = Partial<Activities>;
/** One recorded activity call: its name, when it was scheduled (server time) and its input. */
export type ActivityCall<K extends keyof Activities = keyof Activities> = { name: K; at: number; input: Parameters<Activities[K]>[0] };

// The factories only capture their dependencies, so the names can be read without any.
const ACTIVITY_NAMES = Object.keys({ ...createActivities({} as ActivityDeps), ...createPdfActivities({} as PdfActivityDeps) }) as (keyof Activities)[];

/** Server time (the skipped clock) at which the running activity was scheduled. */
export const scheduledAt = (): number => Context.current().info.currentAttemptScheduledTimestampMs;

/** The ApplicationFailure a workflow refused an update with; fails the test if it was accepted. */
export async function updateRefusal(promise: Promise<unknown>): Promise<{ type?: string; message: string }> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(WorkflowUpdateFailedError);
  return (error as WorkflowUpdateFailedError).cause as { type?: string; message: string };
}

export interface TimeSkippingWorker {
  env: TestWorkflowEnvironment;
  stop(): Promise<void>;
}

/**
 * The one way workflow tests run a worker: a time-skipping test server and one worker for the
 * whole test file, serving every activity name. Each call is delegated to whatever
 * `activities()` returns when it runs, so a test can hand in fresh fakes (or the real
 * activities) without a new worker, since bundling the workflows takes seconds. An activity
 * the test did not provide fails without retries and names itself.
 */
export async function startTimeSkippingWorker(options: {
  taskQueue: string;
  /** The workflows to bundle; default the production entry, `workflows/index.ts`. */
  workflowsPath?: string;
  activities: () => FakeActivities;
  /** Further task queues that run activities only (e.g. real PDF rendering on its own queue). */
  activityQueues?: { taskQueue: string; activities: object }[];
}): Promise<TimeSkippingWorker> {
  const env = await createTimeSkippingTestEnv();
  const delegate = (name: keyof Activities) => (input: never) => {
    const activity = options.activities()[name] as ((input: never) => Promise<unknown>) | undefined;
    if (!activity) throw ApplicationFailure.create({ type: 'NotFaked', message: `activity ${name} is not provided by this test`, nonRetryable: true });
    return activity(input);
  };
  const workers = [
    await Worker.create({
      connection: env.nativeConnection,
      taskQueue: options.taskQueue,
      workflowBundle: await testWorkflowBundle(options.workflowsPath),
      activities: Object.fromEntries(ACTIVITY_NAMES.map((name) => [name, delegate(name)])),
    }),
    ...(await Promise.all(
      (options.activityQueues ?? []).map((queue) => Worker.create({ connection: env.nativeConnection, taskQueue: queue.taskQueue, activities: queue.activities })),
    )),
  ];
  const running = Promise.all(workers.map((w) => w.run()));
  return {
    env,
    async stop() {
      for (const w of workers) w.shutdown();
      await running;
      await env.teardown();
    },
  };
}
