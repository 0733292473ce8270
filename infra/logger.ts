import pino, { type Logger } from 'pino';
import type { Config } from './config';

export type { Logger };

/** One JSON logger per process; secrets are redacted wherever they might be logged. */
export function createLogger(config: Pick<Config, 'LOG_LEVEL'>, name: string): Logger {
  return pino({
    name,
    level: config.LOG_LEVEL,
    redact: ['req.headers.authorization', 'password', '*.password', 'passwordHash', '*.passwordHash'],
  });
}
