/**
 * Starts one throwaway stack for the whole jest run, on free ports, with its data under
 * .data/test/run-<pid>/ (removed at teardown): PostgreSQL (database atime_test, migrated,
 * catalogue seeded), an in-memory Temporal dev server with our search attributes, and a
 * mailbox. Test workers read the addresses from process.env (test/helpers/stack-env.ts).
 * Runs are independent (several may share a checkout); what a killed run left behind
 * is cleaned up by the next one.
 */
import { constants } from 'node:fs';
import { access, mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createPrismaClient } from '../infra/db';
import { applyMigrations } from '../prisma/migrate';
import { seedCatalogue } from '../prisma/seed';
import { getFreePort, REPO_ROOT } from '../scripts/stack/common';
import { startMailbox } from '../scripts/stack/mailbox';
import { postgresProblemsOnly, startPostgres } from '../scripts/stack/postgres';
import { prefixedPrinter, runningPids, stopChildrenOnSignals } from '../scripts/stack/processes';
import { ensureTemporalCli } from '../scripts/stack/temporal-cli';
import { startTemporalDevServer } from '../scripts/stack/temporal-server';
import { removeAbandonedRuns, stopInReverse, type StartedService } from '../scripts/stack/run-dirs';
import { ensureTemporalTestServer } from '../scripts/stack/test-server';
import { devServerSearchAttributeArgs } from '../workflows/search-attributes';

export interface TestStack {
  /** Stop functions, in start order; global-teardown calls them in reverse. */
  stops: StartedService[];
  /** This run's data directory, removed after the stop functions ran. */
  dataDir: string;
}

declare global {
  // Shared with global-teardown.ts, which jest runs in this same process.
  var __ATIME_TEST_STACK__: TestStack | undefined;
}

async function executable(path: string): Promise<boolean> {
  return await access(path, constants.X_OK).then(() => true, () => false);
}

export default async function globalSetup(): Promise<void> {
  const started = Date.now();
  const testRoot = join(REPO_ROOT, '.data', 'test');
  const dataDir = join(testRoot, `run-${process.pid}`);
  const stack: TestStack = { stops: [], dataDir };
  globalThis.__ATIME_TEST_STACK__ = stack;
  stopChildrenOnSignals();

  const chromium = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
  if (!(await executable(chromium))) {
    throw new Error(`Chromium is missing at ${chromium} (CHROMIUM_PATH): apt-get install -y chromium fonts-dejavu-core`);
  }

  await removeAbandonedRuns(testRoot);
  await rm(dataDir, { recursive: true, force: true });
  await mkdir(dataDir, { recursive: true });

  // scripts/test.ts has made sure of both already; running jest directly still works.
  const envCli = process.env.TEMPORAL_CLI_PATH;
  const envTestServer = process.env.TEMPORAL_TEST_SERVER_PATH;
  const [temporalCli, testServer] = await Promise.all([
    envCli && (await executable(envCli)) ? envCli : ensureTemporalCli(),
    envTestServer && (await executable(envTestServer)) ? envTestServer : ensureTemporalTestServer(),
  ]);

  const [pgPort, temporalPort, smtpPort, webPort] = await distinctFreePorts();
  const namespace = 'default';
  try {
    const [databaseUrl, temporal, mailbox] = await Promise.all([
      (async () => {
        const pg = await startPostgres({
          dataDir: join(dataDir, 'postgres'),
          port: pgPort,
          user: 'postgres',
          password: 'postgres',
          database: 'atime_test',
          durable: false,
          onLine: prefixedPrinter('test-postgres', postgresProblemsOnly),
        });
        stack.stops.push({ name: 'PostgreSQL', stop: pg.stop });
        await applyMigrations(pg.url);
        const db = createPrismaClient(pg.url);
        try {
          await seedCatalogue(db);
        } finally {
          await db.$disconnect();
        }
        return pg.url;
      })(),
      (async () => {
        const server = await startTemporalDevServer({
          cliPath: temporalCli,
          port: temporalPort,
          uiPort: null,
          namespace,
          searchAttributeArgs: devServerSearchAttributeArgs(),
          onLine: prefixedPrinter('test-temporal', (line) => /level=(ERROR|FATAL)|panic/i.test(line)),
        });
        stack.stops.push({ name: 'Temporal dev server', stop: server.stop });
        return server;
      })(),
      (async () => {
        const mail = await startMailbox({ smtpPort, webPort, mailDir: join(dataDir, 'mail'), verbose: false });
        stack.stops.push({ name: 'mailbox', stop: mail.stop });
        return mail;
      })(),
    ]);

    Object.assign(process.env, {
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      DATA_DIR: dataDir,
      DATABASE_URL: databaseUrl,
      TEMPORAL_ADDRESS: temporal.address,
      TEMPORAL_NAMESPACE: namespace,
      SMTP_HOST: mailbox.smtpHost,
      SMTP_PORT: String(mailbox.smtpPort),
      MAILBOX_URL: mailbox.webUrl,
      TEMPORAL_TEST_SERVER_PATH: testServer,
      TEMPORAL_CLI_PATH: temporalCli,
      CHROMIUM_PATH: chromium,
    });
    // Lets a later run stop these servers if this one is killed before its teardown.
    await writeFile(join(dataDir, 'pids.json'), JSON.stringify(runningPids()));
  } catch (error) {
    await stopStack(stack);
    throw error;
  }
  process.stdout.write(`\ntest stack ready in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}

export async function stopStack(stack: TestStack): Promise<void> {
  await stopInReverse(stack.stops, (message) => process.stderr.write(`${message}\n`));
  await rm(stack.dataDir, { recursive: true, force: true });
}

async function distinctFreePorts(): Promise<[number, number, number, number]> {
  const ports = new Set<number>();
  while (ports.size < 4) ports.add(await getFreePort());
  const [a = 0, b = 0, c = 0, d = 0] = ports;
  return [a, b, c, d];
}
