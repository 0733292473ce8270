import { DefaultLogger, Runtime, type LogLevel } from '@temporalio/worker';

/**
 * The SDK's worker side as tests use it: test files take `Worker` and `NativeConnection` from here
 * and the time-skipping environment from ./time-skipping-env.ts (lint enforces both), so the SDK
 * runtime is installed with quiet logs before any of them exists. Only files that run a worker
 * load the SDK's worker package: jest loads it anew for every file, a third of a second of CPU each.
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
