import type { LogLevel, LogMetadata, Logger as SdkLogger } from '@temporalio/common';
import type { Logger } from '../infra/logger';

const PINO_LEVEL: Record<LogLevel, 'trace' | 'debug' | 'info' | 'warn' | 'error'> = {
  TRACE: 'trace',
  DEBUG: 'debug',
  INFO: 'info',
  WARN: 'warn',
  ERROR: 'error',
};

/**
 * The SDK passes a failure as `error`, which JSON drops (an Error's fields are not enumerable):
 * hand it to pino's error serializer as `err` and repeat its message at the top level, so one
 * search for a workflow id (e.g. `order-2026-000123`) shows why its activity failed.
 */
function withReadableError(meta: LogMetadata | undefined): Record<string, unknown> {
  const { error, ...rest } = meta ?? {};
  if (!(error instanceof Error)) return { ...meta };
  return { ...rest, err: error, errorMessage: error.message };
}

/** The Temporal SDK's logs (worker, workflow `log`, activity `log`) as pino lines, filtered by LOG_LEVEL. */
export function toSdkLogger(logger: Logger): SdkLogger {
  const log = (level: LogLevel, message: string, meta?: LogMetadata) => logger[PINO_LEVEL[level]](withReadableError(meta), message);
  return {
    log,
    trace: (message, meta) => log('TRACE', message, meta),
    debug: (message, meta) => log('DEBUG', message, meta),
    info: (message, meta) => log('INFO', message, meta),
    warn: (message, meta) => log('WARN', message, meta),
    error: (message, meta) => log('ERROR', message, meta),
  };
}
