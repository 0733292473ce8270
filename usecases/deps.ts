import type { Client } from '@temporalio/client';
import type { Config } from '../infra/config';
import type { PrismaClient } from '../infra/db';
import type { Logger } from '../infra/logger';

/** What every use-case receives: the API builds it once, a script builds its own. */
export interface UseCaseDeps {
  db: PrismaClient;
  temporal: Client;
  config: Config;
  logger?: Logger;
}
