import { NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { createActivities, createPdfActivities } from '../activities';
import { ConfigError, loadConfig } from '../infra/config';
import { createPrismaClient } from '../infra/db';
import { createLogger } from '../infra/logger';
import { createMailer, createSmtpTransport } from '../infra/mailer';
import { createPdfRenderer, type PdfRenderer } from '../infra/pdf-renderer';
import { createTemporalClient, temporalConnectionOptions } from '../infra/temporal';
import { ensureBankHandOverSchedule } from '../workflows/bank-hand-over/start';
import { toSdkLogger } from './sdk-logger';
import { BUNDLE_CACHE_DIR, loadWorkflowBundle } from './workflow-bundle';

/**
 * One process, one or both task queues: `main` runs workflows and the database/e-mail
 * activities, `pdf` runs Chromium. Stops on SIGINT/SIGTERM after in-flight tasks finish.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config, 'worker');
  Runtime.install({ logger: toSdkLogger(logger) });
  const connection = await NativeConnection.connect(await temporalConnectionOptions(config));
  const temporal = await createTemporalClient(config);
  const db = createPrismaClient(config.DATABASE_URL);
  const transport = createSmtpTransport(config);
  const mailer = createMailer({ db, transport, from: config.MAIL_FROM, messageIdDomain: 'atime.example', logger });
  let pdf: PdfRenderer | undefined;

  const workers: Worker[] = [];
  if (config.WORKER_TASK_QUEUES.includes('main')) {
    workers.push(
      await Worker.create({
        connection,
        namespace: config.TEMPORAL_NAMESPACE,
        taskQueue: config.TEMPORAL_TASK_QUEUE,
        workflowBundle: await loadWorkflowBundle({ workflowsPath: require.resolve('../workflows'), cacheDir: BUNDLE_CACHE_DIR, logger: Runtime.instance().logger }),
        activities: createActivities({ config, db, mailer, logger, temporal }),
        maxCachedWorkflows: config.WORKER_MAX_CACHED_WORKFLOWS,
      }),
    );
  }
  if (config.WORKER_TASK_QUEUES.includes('pdf')) {
    pdf = await createPdfRenderer({ executablePath: config.CHROMIUM_PATH, pages: config.PDF_PAGES, logger });
    workers.push(
      await Worker.create({
        connection,
        namespace: config.TEMPORAL_NAMESPACE,
        taskQueue: config.TEMPORAL_PDF_TASK_QUEUE,
        activities: createPdfActivities({ db, pdf }),
      }),
    );
  }
  // The main queue's workers keep its sweep of bank credits still waiting to be handed over.
  if (config.WORKER_TASK_QUEUES.includes('main')) await ensureBankHandOverSchedule(temporal, config);
  logger.info({ queues: config.WORKER_TASK_QUEUES }, 'worker running');
  try {
    await Promise.all(workers.map((w) => w.run()));
  } finally {
    await Promise.allSettled([pdf?.close(), mailer.close(), db.$disconnect()]);
    await Promise.allSettled([connection.close(), temporal.connection.close()]);
    logger.info('worker stopped');
  }
}

main().catch((error: unknown) => {
  // A configuration error is one line naming the settings; anything else with its stack.
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
