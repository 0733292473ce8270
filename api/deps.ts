import type { Client } from '@temporalio/client';
import type { Config } from '../infra/config';
import type { PrismaClient } from '../infra/db';
import type { Logger } from '../infra/logger';

/** What route factories receive; built once in `api/main.ts` (or by a test). */
export interface ApiDeps {
  config: Config;
  db: PrismaClient;
  temporal: Client;
  logger: Logger;
}
