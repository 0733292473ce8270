import { createServer } from 'node:http';
import { loadConfig } from '../infra/config';
import { createPrismaClient } from '../infra/db';
import { createLogger } from '../infra/logger';
import { createTemporalClient } from '../infra/temporal';
import { createApp } from './app';
import { ensureDraftWorkflows } from '../usecases/create-draft-order';
import { ensureTrialWorkflows } from '../usecases/trial-workflows';
import { ensureBootstrapAdmin } from '../usecases/users';

const SHUTDOWN_GRACE_MS = 10_000;

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config, 'api');
  const db = createPrismaClient(config.DATABASE_URL);
  const temporal = await createTemporalClient(config);
  const bootstrap = await ensureBootstrapAdmin(db, config);
  if (bootstrap === 'created') logger.info({ email: config.BOOTSTRAP_ADMIN_EMAIL }, 'bootstrap admin created');
  // Repairs a registration that died between its commit and its trial workflow's start.
  await ensureTrialWorkflows(db, temporal, config, logger);
  await ensureDraftWorkflows({ db, temporal, config, logger });
  const server = createServer(createApp({ config, db, temporal, logger }));

  await new Promise<void>((resolve) => server.listen(config.API_PORT, resolve));
  logger.info({ port: config.API_PORT }, 'API listening');

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: finishing in-flight requests');
    const force = setTimeout(() => {
      logger.warn('grace period over, closing remaining connections');
      server.closeAllConnections();
    }, SHUTDOWN_GRACE_MS);
    server.closeIdleConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    clearTimeout(force);
    await Promise.allSettled([db.$disconnect(), temporal.connection.close()]);
    logger.info('stopped');
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void shutdown(signal));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
