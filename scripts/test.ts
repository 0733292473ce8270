/**
 * `npm test`: type checks and lint, then jest against a throwaway stack (test/global-setup.ts).
 * Extra arguments go to jest (`npm test -- test/unit`). The last line printed is always
 * the verdict `N passed, N failed[, N skipped]` that CI reads; the exit code is non-zero
 * when anything failed.
 * TEST_SKIP_CHECKS=1 skips the type checks and eslint (quicker local iterations; never in CI).
 * TEST_TIME_LIMIT_MINUTES (default 45) stops a hanging jest and fails the run.
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { elapsed, failureLine, missingChromium, REPO_ROOT } from './stack/common';
import { prefixFor, startProcess } from './stack/processes';
import { ensureTemporalCli } from './stack/temporal-cli';
import { ensureSchemathesis } from './stack/schemathesis';
import { ensureTemporalTestServer } from './stack/test-server';

const RESULTS_FILE = join(REPO_ROOT, '.data', `test-results-${process.pid}.json`);
/** Where test/global-setup.ts writes the one line saying why the test stack could not start. */
const STARTUP_FAILURE_FILE = join(REPO_ROOT, '.data', `test-startup-failure-${process.pid}.txt`);

function say(line: string): void {
  process.stdout.write(`${prefixFor('test')}${line}\n`);
}

function verdict(passed: number, failed: number, skipped = 0): string {
  return `${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ''}`;
}

/** Ends the run before jest could run: one failure, stated plainly, then the verdict. */
function abort(message: string): never {
  process.stderr.write(`\n${prefixFor('test', process.stderr)}${message}\n`);
  process.stdout.write(`${verdict(0, 1)}\n`);
  process.exit(1);
}

interface CheckResult {
  name: string;
  ok: boolean;
  output: string;
  seconds: string;
}

async function runCheck(name: string, script: string, args: string[]): Promise<CheckResult> {
  const started = Date.now();
  const lines: string[] = [];
  const proc = startProcess({
    name,
    command: process.execPath,
    args: [join(REPO_ROOT, 'node_modules', ...script.split('/')), ...args],
    cwd: REPO_ROOT,
    env: { ...process.env, FORCE_COLOR: process.stdout.isTTY ? '1' : '0' },
    onLine: (line) => lines.push(line),
  });
  const info = await proc.exited;
  return { name, ok: info.code === 0, output: lines.join('\n'), seconds: elapsed(started) };
}

/** What test/reporter.js writes at the end of the run. */
interface JestJson {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
  numRuntimeErrorTestSuites: number;
}

async function main(): Promise<void> {
  const jestArgs = process.argv.slice(2);
  const started = Date.now();

  const chromium = process.env.CHROMIUM_PATH && process.env.CHROMIUM_PATH !== '' ? process.env.CHROMIUM_PATH : '/usr/bin/chromium';
  const chromiumMissing = await missingChromium(chromium, 'the PDF tests need it.');
  if (chromiumMissing) abort(chromiumMissing);

  // The tools (each installed once per machine, mostly download time) come in beside the checks;
  // the contract test's tool too, so that its first install does not count against a test's time.
  const tools = Promise.all([
    ensureTemporalCli({ log: (line) => process.stdout.write(`${prefixFor('temporal-cli')}${line}\n`) }),
    ensureTemporalTestServer({ log: (line) => process.stdout.write(`${prefixFor('test-server')}${line}\n`) }),
    ensureSchemathesis({ log: (line) => process.stdout.write(`${prefixFor('schemathesis')}${line}\n`) }),
  ]);
  tools.catch(() => undefined); // awaited after the checks; a failed check ends the run first
  if (process.env.TEST_SKIP_CHECKS === '1' && process.env.CI !== 'true') {
    say('TEST_SKIP_CHECKS=1: skipping the type checks and lint');
  } else {
    say('type checks and lint...');
    // All at once: each is mostly one core busy for a while. (Run beside jest instead, they made
    // the whole run slower: jest's suites keep both cores busy.) Each project's type check and
    // lint share one TypeScript program (scripts/typecheck-and-lint.ts).
    const checks = await Promise.all([
      runCheck('tsc and eslint', 'tsx/dist/cli.mjs', ['scripts/typecheck-and-lint.ts', 'tsconfig.json', '--ignore', 'web/**']),
      runCheck('tsc and eslint web', 'tsx/dist/cli.mjs', ['scripts/typecheck-and-lint.ts', 'web/tsconfig.json']),
      // The pages are typed against the API's own OpenAPI document: a drift fails here.
      runCheck('api types', 'tsx/dist/cli.mjs', ['scripts/generate-api-types.ts', '--check']),
    ]);
    for (const check of checks) {
      if (check.ok) say(`${check.name} ok (${check.seconds})`);
      else process.stdout.write(`${check.output}\n`);
    }
    const failed = checks.filter((check) => !check.ok).map((check) => check.name);
    if (failed.length > 0) abort(`${failed.join(' and ')} failed (output above); no tests were run.`);
  }

  let temporalCli: string;
  let testServer: string;
  try {
    [temporalCli, testServer] = await tools;
  } catch (error) {
    abort(failureLine(error));
  }

  await mkdir(join(REPO_ROOT, '.data'), { recursive: true });
  await rm(RESULTS_FILE, { force: true });
  say(`jest ${jestArgs.join(' ')}`.trimEnd());
  const jest = startProcess({
    name: 'jest',
    command: process.execPath,
    args: [
      join(REPO_ROOT, 'node_modules', 'jest', 'bin', 'jest.js'),
      ...jestArgs,
    ],
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      TEMPORAL_CLI_PATH: temporalCli,
      ATIME_STARTUP_FAILURE_FILE: STARTUP_FAILURE_FILE,
      ATIME_TEST_RESULTS_FILE: RESULTS_FILE,
      TEMPORAL_TEST_SERVER_PATH: testServer,
      CHROMIUM_PATH: chromium,
      FORCE_COLOR: process.stdout.isTTY ? '1' : process.env.FORCE_COLOR,
    },
    onLine: (line, stream) => (stream === 'stderr' ? process.stderr : process.stdout).write(`${line}\n`),
  });
  // Ctrl-C reaches only us (jest runs in its own process group): pass it on so its servers stop.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => void jest.stop({ signal, graceMs: 30_000, wholeGroup: false }));
  // A run that hangs must end well inside CI's 90 minutes, with a verdict.
  const limitMinutes = Number(process.env.TEST_TIME_LIMIT_MINUTES ?? 45);
  let timedOut = false;
  const limit = setTimeout(() => {
    timedOut = true;
    process.stderr.write(`${prefixFor('test', process.stderr)}jest still running after ${limitMinutes} min (TEST_TIME_LIMIT_MINUTES): stopping it\n`);
    void jest.stop({ signal: 'SIGTERM', graceMs: 20_000, wholeGroup: false });
  }, limitMinutes * 60_000);
  limit.unref();
  const info = await jest.exited;
  clearTimeout(limit);
  if (timedOut) abort(`jest was stopped after ${limitMinutes} minutes; some test hangs (see the output above).`);

  if (existsSync(STARTUP_FAILURE_FILE)) {
    const line = readFileSync(STARTUP_FAILURE_FILE, 'utf8').trim();
    await rm(STARTUP_FAILURE_FILE, { force: true });
    abort(line);
  }
  if (!existsSync(RESULTS_FILE)) {
    abort(`jest ended without results (exit code ${info.code ?? info.signal ?? '?'}): it crashed (see above).`);
  }
  const results = JSON.parse(readFileSync(RESULTS_FILE, 'utf8')) as JestJson;
  await rm(RESULTS_FILE, { force: true });
  const passed = results.numPassedTests;
  let failed = results.numFailedTests + results.numRuntimeErrorTestSuites;
  const skipped = results.numPendingTests + results.numTodoTests;
  if (info.code !== 0 && failed === 0) {
    // e.g. no tests matched, or a failure outside any test: still a failed run.
    process.stderr.write(`${prefixFor('test', process.stderr)}jest exited with code ${info.code ?? '?'} without a failing test (see above)\n`);
    failed = 1;
  }
  say(`finished in ${elapsed(started)}`);
  process.stdout.write(`${verdict(passed, failed, skipped)}\n`);
  process.exit(failed > 0 ? 1 : 0);
}

main().catch((error: unknown) => abort(failureLine(error)));
