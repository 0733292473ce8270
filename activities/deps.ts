import type { Client } from '@temporalio/client';
import type { Config } from '../infra/config';
import type { PrismaClient } from '../infra/db';
import type { Logger } from '../infra/logger';
import type { Mailer } from '../infra/mailer';
import type { PdfRenderer } from '../infra/pdf-renderer';

/**
 * Everything activities touch, built once by the worker (or by a test) and handed to the
 * activity factories: no activity creates a client of its own.
 */
export interface ActivityDeps {
  config: Config;
  db: PrismaClient;
  mailer: Mailer;
  logger: Logger;
  /** For signal-with-start from an activity (support usage → the month's billing workflow). */
  temporal: Client;
}

export interface PdfActivityDeps {
  db: PrismaClient;
  pdf: PdfRenderer;
}
