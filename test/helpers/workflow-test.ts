import { Context } from '@temporalio/activity';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { createTimeSkippingTestEnv } from './stack-env';

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
 * A time-skipping test server and one worker for a whole test file. The worker's activities
 * delegate to whatever `current()` returns when they run, so each test can hand in fresh fakes
 * without a new worker (bundling the workflows takes seconds).
 */
export async function startTimeSkippingWorker(options: {
  taskQueue: string;
  workflowsPath: string;
  current: () => Record<string, unknown>;
}): Promise<TimeSkippingWorker> {
  const env = await createTimeSkippingTestEnv();
  const names = Object.keys(options.current());
  const activities = Object.fromEntries(
    names.map((name) => [name, (...args: unknown[]) => (options.current()[name] as (...a: unknown[]) => unknown)(...args)]),
  );
  const worker = await Worker.create({ connection: env.nativeConnection, taskQueue: options.taskQueue, workflowsPath: options.workflowsPath, activities });
  const running = worker.run();
  return {
    env,
    async stop() {
      worker.shutdown();
      await running;
      await env.teardown();
    },
  };
}
