/**
 * Starts one throwaway stack for the whole jest run, on free ports, with its data under
 * .data/test/run-<pid>/ (removed at teardown): PostgreSQL (database atime_test, migrated,
 * catalogue seeded), an in-memory Temporal dev server with our search attributes, and a
 * mailbox. Test workers read the addresses from process.env (test/helpers/stack-env.ts).
 * Runs are independent (several may share a checkout); what a killed run left behind
 * is cleaned up by the next one.
 */
import { constants } from 'node:fs';
import { access, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { failureLine, missingChromium, REPO_ROOT, StartupError } from '../scripts/stack/common';
import { runningPids, stopChildrenOnSignals } from '../scripts/stack/processes';
import { ensureTemporalCli } from '../scripts/stack/temporal-cli';
import { removeAbandonedRuns, removeRunDir, stopInReverse, type StartedService } from '../scripts/stack/run-dirs';
import { startThrowawayServices } from '../scripts/stack/throwaway-services';
import { ensureTemporalTestServer } from '../scripts/stack/test-server';
import { testWorkflowBundle } from './helpers/workflow-bundle';

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

/**
 * jest prints a failed global setup with its stack trace; a start-up failure is instead one line
 * (scripts/test.ts shows it from ATIME_STARTUP_FAILURE_FILE) and jest ends at once.
 */
export default async function globalSetup(): Promise<void> {
  try {
    await startTestStack();
  } catch (error) {
    const line = failureLine(error);
    const file = process.env.ATIME_STARTUP_FAILURE_FILE;
    if (file) await writeFile(file, `${line}\n`);
    else process.stderr.write(`\n${line}\n`);
    process.exit(1);
  }
}

async function startTestStack(): Promise<void> {
  const started = Date.now();
  const testRoot = join(REPO_ROOT, '.data', 'test');
  const dataDir = join(testRoot, `run-${process.pid}`);
  const stack: TestStack = { stops: [], dataDir };
  globalThis.__ATIME_TEST_STACK__ = stack;
  stopChildrenOnSignals();

  const chromium = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
  const chromiumMissing = await missingChromium(chromium, 'the PDF tests need it.');
  if (chromiumMissing) throw new StartupError(chromiumMissing);

  await removeAbandonedRuns(testRoot);
  await removeRunDir(dataDir);
  await mkdir(dataDir, { recursive: true });

  // scripts/test.ts has made sure of both already; running jest directly still works.
  const envCli = process.env.TEMPORAL_CLI_PATH;
  const envTestServer = process.env.TEMPORAL_TEST_SERVER_PATH;
  const [temporalCli, testServer] = await Promise.all([
    envCli && (await executable(envCli)) ? envCli : ensureTemporalCli(),
    envTestServer && (await executable(envTestServer)) ? envTestServer : ensureTemporalTestServer(),
  ]);

  try {
    // The workflows are bundled while the services start, once for the whole run; every test
    // worker (and the stack tests' worker processes) then reads the bundle from the cache.
    const [services] = await Promise.all([startThrowawayServices({ dataDir, name: 'test', temporalCli, durablePostgres: false }), testWorkflowBundle()]);
    stack.stops.push(...services.stops);
    Object.assign(process.env, {
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      DATA_DIR: dataDir,
      DATABASE_URL: services.databaseUrl,
      TEMPORAL_ADDRESS: services.temporalAddress,
      TEMPORAL_NAMESPACE: services.namespace,
      SMTP_HOST: services.smtpHost,
      SMTP_PORT: String(services.smtpPort),
      MAILBOX_URL: services.mailboxUrl,
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
  await removeRunDir(stack.dataDir);
}

