/**
 * `npm run dev`: the whole stack in one foreground command.
 *
 * PostgreSQL (embedded), the Temporal dev server with its Web UI, a local mailbox,
 * then the worker and the API. Any of the three services is skipped when its setting
 * (DATABASE_URL, TEMPORAL_ADDRESS, SMTP_HOST) is given explicitly. Ctrl-C stops
 * everything in reverse order; data stays in DATA_DIR (.data/) for the next start.
 */
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { Connection } from '@temporalio/client';
import { ConfigError, loadConfig, type Config } from '../infra/config';
import { createPrismaClient } from '../infra/db';
import { temporalConnectionOptions } from '../infra/temporal';
import { applyMigrations } from '../prisma/migrate';
import { seedCatalogue } from '../prisma/seed';
import { devServerSearchAttributeArgs } from '../workflows/shared/search-attributes';
import { DEMO_PASSWORD, ensureDemoAccounts } from './stack/demo-accounts';
import { assertPortFree, elapsed, failureLine, missingChromium, redactUrl, REPO_ROOT, StartupError, waitFor, waitForHttpOk } from './stack/common';
import { startMailbox } from './stack/mailbox';
import { startPostgres } from './stack/postgres';
import { exitedError, prefixFor, startTsProcess, stopAllProcesses, type ManagedProcess } from './stack/processes';
import { ensureTemporalCli } from './stack/temporal-cli';
import { startTemporalDevServer } from './stack/temporal-server';

interface RunningService {
  name: string;
  stop: () => Promise<void>;
  /** Settles if the service dies on its own. */
  exited: Promise<unknown>;
}

const services: RunningService[] = [];
let shuttingDown = false;

function say(line: string): void {
  process.stdout.write(`${prefixFor('dev')}${line}\n`);
}

function isExplicit(name: string): boolean {
  const value = process.env[name];
  return value !== undefined && value !== '';
}

/** Registers a started service for the ordered shutdown; stops it at once if we are already stopping. */
async function track(service: RunningService): Promise<void> {
  if (shuttingDown) {
    await service.stop();
    return;
  }
  services.push(service);
  void service.exited.then(() => {
    if (!shuttingDown) {
      say(`${service.name} stopped unexpectedly: stopping the stack.`);
      void shutdown(1);
    }
  });
}

async function shutdown(code: number): Promise<void> {
  if (shuttingDown) return;
  shuttingDown = true;
  const started = Date.now();
  // A start that failed before anything ran has nothing to stop: its one line stays the last.
  const quiet = services.length === 0;
  if (!quiet) say('Stopping (Ctrl-C again to kill at once)...');
  for (const service of [...services].reverse()) {
    try {
      await service.stop();
      say(`stopped ${service.name}`);
    } catch (error) {
      say(`stopping ${service.name} failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  // Anything still starting (a Go build, a server not yet ready).
  await stopAllProcesses();
  if (!quiet) say(`Stopped in ${elapsed(started)}.`);
  process.exit(code);
}

// Output piped into something that Ctrl-C also ended (`npm run dev | tee`): keep shutting down.
for (const stream of [process.stdout, process.stderr]) stream.on('error', () => undefined);

let firstSignalAt: number | undefined;
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    if (firstSignalAt === undefined) {
      firstSignalAt = Date.now();
      void shutdown(signal === 'SIGINT' ? 0 : 143);
    } else if (Date.now() - firstSignalAt > 1000) {
      // npm and tsx relay the terminal's Ctrl-C once more: only a later one means "hurry".
      say('Killing everything now.');
      void stopAllProcesses(0).finally(() => process.exit(130));
    }
  });
}

async function main(): Promise<void> {
  const started = Date.now();
  // A local .env, if any, fills in settings not already in the environment.
  const envFile = resolve(REPO_ROOT, '.env');
  if (existsSync(envFile)) process.loadEnvFile(envFile);

  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    throw new StartupError(`Invalid configuration (environment or .env): ${error.problems.join('; ')}. Fix these settings (README, Configuration) and start again.`);
  }
  const chromiumMissing = config.WORKER_TASK_QUEUES.includes('pdf') ? await missingChromium(config.CHROMIUM_PATH, 'the worker renders PDFs with it.') : undefined;
  if (chromiumMissing) throw new StartupError(chromiumMissing);
  const dataDir = resolve(REPO_ROOT, config.DATA_DIR);
  await mkdir(dataDir, { recursive: true });
  const ownDatabase = !isExplicit('DATABASE_URL');
  const ownTemporal = !isExplicit('TEMPORAL_ADDRESS');
  const ownMailbox = !isExplicit('SMTP_HOST');

  // Built once per machine (minutes); everything else starts in seconds.
  const temporalCli = ownTemporal ? await ensureTemporalCli({ log: (line) => process.stdout.write(`${prefixFor('temporal-cli')}${line}\n`) }) : undefined;

  const startDatabase = async (): Promise<string> => {
    let url = config.DATABASE_URL;
    if (ownDatabase) {
      const wanted = new URL(config.DATABASE_URL);
      const port = Number(wanted.port || 5432);
      await assertPortFree(port, 'PostgreSQL', 'Is another `npm run dev` running? Stop it, or set DATABASE_URL to use a running PostgreSQL.');
      const pg = await startPostgres({
        dataDir: resolve(dataDir, 'postgres'),
        port,
        user: decodeURIComponent(wanted.username) || 'postgres',
        password: decodeURIComponent(wanted.password) || 'postgres',
        database: decodeURIComponent(wanted.pathname.slice(1)) || 'atime',
      });
      await track({ name: 'PostgreSQL', stop: pg.stop, exited: pg.exited });
      url = pg.url;
      say(`PostgreSQL ${pg.version} ready on port ${port}`);
    }
    const applied = await applyMigrations(url, (msg) => process.stdout.write(`${prefixFor('db')}${msg}\n`));
    if (applied.length === 0) say('database schema up to date');
    const db = createPrismaClient(url);
    try {
      await seedCatalogue(db);
    } finally {
      await db.$disconnect();
    }
    say('catalogue seeded');
    return url;
  };

  const startTemporal = async (): Promise<{ address: string; uiUrl: string | undefined }> => {
    if (!temporalCli) return { address: config.TEMPORAL_ADDRESS, uiUrl: undefined };
    const port = Number(config.TEMPORAL_ADDRESS.split(':').pop() ?? 7233) || 7233;
    const hint = 'Is another `npm run dev` or Temporal server running? Stop it, or set TEMPORAL_ADDRESS to use it.';
    await assertPortFree(port, 'Temporal gRPC', hint);
    await assertPortFree(config.TEMPORAL_UI_PORT, 'Temporal Web UI', `${hint} (Or change TEMPORAL_UI_PORT.)`);
    const server = await startTemporalDevServer({
      cliPath: temporalCli,
      port,
      uiPort: config.TEMPORAL_UI_PORT,
      namespace: config.TEMPORAL_NAMESPACE,
      dbFilename: resolve(dataDir, 'temporal.db'),
      searchAttributeArgs: devServerSearchAttributeArgs(),
    });
    await track({ name: 'Temporal dev server', stop: server.stop, exited: server.exited });
    say(`Temporal dev server ready on ${server.address}`);
    return { address: server.address, uiUrl: server.uiUrl };
  };

  const startMail = async (): Promise<{ host: string; port: number; webUrl: string | undefined }> => {
    if (!ownMailbox) return { host: config.SMTP_HOST, port: config.SMTP_PORT, webUrl: undefined };
    const hint = 'Is another `npm run dev` or maildev running? Stop it, or set SMTP_HOST to use another SMTP server.';
    await assertPortFree(config.SMTP_PORT, 'mailbox SMTP', hint);
    await assertPortFree(config.MAILBOX_WEB_PORT, 'mailbox web UI', `${hint} (Or change MAILBOX_WEB_PORT.)`);
    const mailbox = await startMailbox({ smtpPort: config.SMTP_PORT, webPort: config.MAILBOX_WEB_PORT, mailDir: resolve(dataDir, 'mail') });
    await track({ name: 'mailbox', stop: mailbox.stop, exited: mailbox.exited });
    say(`mailbox ready: SMTP ${mailbox.smtpHost}:${mailbox.smtpPort}`);
    return { host: mailbox.smtpHost, port: mailbox.smtpPort, webUrl: mailbox.webUrl };
  };

  const [databaseUrl, temporal, mail] = await Promise.all([startDatabase(), startTemporal(), startMail()]);

  await assertPortFree(config.API_PORT, 'API', 'Is another `npm run dev` or API running? Stop it, or change API_PORT.');
  const childEnv: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: config.NODE_ENV,
    // A developer's own stack: metrics without a token.
    METRICS_OPEN: 'true',
    DATA_DIR: dataDir,
    DATABASE_URL: databaseUrl,
    TEMPORAL_ADDRESS: temporal.address,
    TEMPORAL_NAMESPACE: config.TEMPORAL_NAMESPACE,
    SMTP_HOST: mail.host,
    SMTP_PORT: String(mail.port),
    ...(mail.webUrl ? { MAILBOX_URL: mail.webUrl } : {}),
  };
  const apps: ManagedProcess[] = [];
  for (const [name, entry, graceMs] of [
    ['worker', 'worker/main.ts', 30_000],
    ['api', 'api/main.ts', 15_000],
  ] as const) {
    const proc = startTsProcess(name, entry, { cwd: REPO_ROOT, env: childEnv });
    apps.push(proc);
    // Only the program itself gets SIGTERM: its own children (Chromium) must outlive its drain.
    await track({ name, stop: () => proc.stop({ signal: 'SIGTERM', graceMs, wholeGroup: false }), exited: proc.exited });
  }

  const apiUrl = `http://localhost:${config.API_PORT}`;
  await waitForHttpOk(`http://127.0.0.1:${config.API_PORT}/readyz`, {
    timeoutMs: 120_000,
    intervalMs: 300,
    abortIf: () => {
      const dead = apps.find((proc) => proc.exitInfo());
      return dead ? exitedError(dead, 'the stack was starting') : undefined;
    },
  });

  // The API answers before the worker has bundled its workflows; "up" means both serve.
  // TaskQueueType: 1 = workflow, 2 = activity (a pdf-only worker polls activities only).
  const [pollQueue, pollType] = config.WORKER_TASK_QUEUES.includes('main')
    ? [config.TEMPORAL_TASK_QUEUE, 1]
    : [config.TEMPORAL_PDF_TASK_QUEUE, 2];
  await waitFor(
    `the worker to poll task queue ${pollQueue}`,
    async () => {
      const connection = await Connection.connect(await temporalConnectionOptions({ ...config, TEMPORAL_ADDRESS: temporal.address }));
      try {
        const { pollers } = await connection.workflowService.describeTaskQueue({
          namespace: config.TEMPORAL_NAMESPACE,
          taskQueue: { name: pollQueue },
          taskQueueType: pollType,
        });
        return pollers.length > 0 ? true : undefined;
      } finally {
        await connection.close();
      }
    },
    {
      timeoutMs: 180_000,
      intervalMs: 500,
      abortIf: () => {
        const dead = apps.find((proc) => proc.exitInfo());
        return dead ? exitedError(dead, 'the stack was starting') : undefined;
      },
    },
  );

  const rows: [string, string][] = [
    ['Portal (customers)', `${apiUrl}/portal/  (pages rebuilt on change)`],
    ['Console (back office)', `${apiUrl}/console/`],
    ['API', apiUrl],
    ['API docs', `${apiUrl}/docs`],
    ['OpenAPI', `${apiUrl}/openapi.json`],
    ['Temporal Web UI', temporal.uiUrl ? `${temporal.uiUrl}/namespaces/${config.TEMPORAL_NAMESPACE}/workflows` : `(external Temporal at ${temporal.address})`],
    ['Temporal gRPC', `${temporal.address}  namespace ${config.TEMPORAL_NAMESPACE}`],
    ['Mailbox', mail.webUrl ?? `(external SMTP ${mail.host}:${mail.port})`],
    ['SMTP', `${mail.host}:${mail.port}`],
    ['Database', redactUrl(databaseUrl)],
    ['Data', `${dataDir}${ownDatabase || ownTemporal || ownMailbox ? ' (kept between starts)' : ''}`],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  const demoDb = createPrismaClient(databaseUrl);
  const demo = await ensureDemoAccounts(apiUrl, demoDb).finally(() => demoDb.$disconnect());
  say(`aTime stack is up in ${elapsed(started)}:`);
  for (const [label, value] of rows) say(`  ${label.padEnd(width)}  ${value}`);
  say(`Demo accounts (password ${DEMO_PASSWORD}):`);
  for (const login of demo) say(`  ${login.who.padEnd(33)}  ${login.email.padEnd(31)}  ${login.where}`);
  if (temporalCli) say(`  ${'Temporal CLI'.padEnd(width)}  ${temporalCli} --address ${temporal.address}`);
  say('Press Ctrl-C to stop.');
}

main().catch((error: unknown) => {
  if (shuttingDown) return;
  console.error(`${prefixFor('dev', process.stderr)}${failureLine(error)}`);
  void shutdown(1);
});
