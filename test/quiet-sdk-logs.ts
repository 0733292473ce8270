import { DefaultLogger, Runtime, type LogLevel } from '@temporalio/worker';

// Test output shows the SDK's errors only (TS side and its Rust core), not every bundle build,
// worker state or retried task: tests provoke failures on purpose. TEST_SDK_LOG_LEVEL=WARN (or
// INFO, DEBUG) shows more when investigating a failing test.
const level = (process.env.TEST_SDK_LOG_LEVEL ?? 'ERROR') as LogLevel;
Runtime.install({
  logger: new DefaultLogger(level),
  telemetryOptions: { logging: { filter: { core: level, other: level }, forward: {} } },
});
