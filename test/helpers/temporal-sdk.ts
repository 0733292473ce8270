import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime, type LogLevel } from '@temporalio/worker';
import { allSearchAttributes } from '../../workflows/shared/search-attributes';
import { stackEnv } from './stack-env';

/**
 * The SDK's worker side as tests use it: test files take `Worker`, `NativeConnection` and the
 * time-skipping environment from here (lint enforces it), so the SDK runtime is installed with
 * quiet logs before any of them exists. Only files that run a worker load the SDK's worker
 * package: jest loads it anew for every file, a third of a second of CPU each.
 */
export { NativeConnection, Worker } from '@temporalio/worker';

// Test output shows the SDK's errors only (TS side and its Rust core), not every bundle build,
// worker state or retried task, and each as one line: its metadata dumps whole tasks. Tests
// provoke failures on purpose. TEST_SDK_LOG_LEVEL=WARN (or INFO, DEBUG) shows more when
// investigating a failing test.
const level = (process.env.TEST_SDK_LOG_LEVEL ?? 'ERROR') as LogLevel;
Runtime.install({
  logger: new DefaultLogger(level, ({ level: entryLevel, message, meta }) => {
    const where = [meta?.workflowType ?? meta?.workflowId, meta?.activityType].filter(Boolean).join(' ');
    const cause = meta?.error instanceof Error ? `: ${meta.error.message.slice(0, 300)}` : '';
    process.stderr.write(`[sdk] ${entryLevel}${cause} ${message.split('\n')[0]?.slice(0, 300)}${where ? ` (${String(where)})` : ''}\n`);
  }),
  // Core's own lines go straight to stderr: forwarding them to the logger above would hold a
  // native handle that keeps jest from exiting.
  telemetryOptions: { logging: { filter: { core: level, other: level } } },
});

/**
 * A time-skipping test environment on the Java test server from the global setup, with
 * our search attributes registered (that server rejects upserts of unknown ones:
 * "search attribute X is not defined"). Call `teardown()` when done.
 */
export async function createTimeSkippingTestEnv(): Promise<TestWorkflowEnvironment> {
  const env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: stackEnv().TEMPORAL_TEST_SERVER_PATH } },
  });
  try {
    // temporal.api.enums.v1.IndexedValueType: KEYWORD = 2, KEYWORD_LIST = 7.
    const indexedValueType = { KEYWORD: 2, KEYWORD_LIST: 7 } as const;
    await env.connection.operatorService.addSearchAttributes({
      namespace: env.namespace ?? 'default',
      searchAttributes: Object.fromEntries(allSearchAttributes.map((key) => [key.name, indexedValueType[key.type as keyof typeof indexedValueType]])),
    });
  } catch (error) {
    await env.teardown();
    throw error;
  }
  return env;
}
