/**
 * What every `npm run bench:*` script shares: the throwaway stack it measures (its own
 * PostgreSQL, Temporal dev server and mailbox on free ports, then the real worker and API
 * processes), percentiles, Markdown tables and the machine facts printed beside each figure.
 */
import { execFileSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { startAppProcesses, type RunningStack } from '../stack/app-processes';
import { missingChromium, REPO_ROOT } from '../stack/common';
import { prefixedPrinter, runningPids, stopAllProcesses, stopChildrenOnSignals } from '../stack/processes';
import { removeAbandonedRuns, removeRunDir, stopInReverse } from '../stack/run-dirs';
import { ensureTemporalCli } from '../stack/temporal-cli';
import { startThrowawayServices, type ThrowawayServices } from '../stack/throwaway-services';

export function say(line: string): void {
  process.stdout.write(`[bench] ${line}\n`);
}

/** Nearest rank: the smallest value with at least p % of the samples at or below it. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1]!;
}

/** A Markdown table, the first column left-aligned and the figures right-aligned. */
export function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]): string => `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ')} |`;
  return [line(header), `|${widths.map((w, i) => (i === 0 ? `:${'-'.repeat(w + 1)}` : `${'-'.repeat(w + 1)}:`)).join('|')}|`, ...rows.map(line)];
}

export interface MachineFacts {
  date: string;
  cpuModel: string;
  cores: number;
  nproc: string;
  memoryGiB: string;
  node: string;
  chromium: string;
  postgres: string;
  temporalCli: string;
  loadBefore: number[];
  loadAfter: number[];
}

function commandOutput(command: string, args: string[]): string {
  try {
    return execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 10_000 }).trim();
  } catch {
    return 'unknown';
  }
}

/** Now on the Prague wall clock, the zone said explicitly. */
export function pragueNow(): string {
  // sv-SE formats as YYYY-MM-DD HH:MM:SS.
  return `${new Date().toLocaleString('sv-SE', { timeZone: 'Europe/Prague' })} Europe/Prague`;
}

export async function machineFacts(input: { chromiumPath: string; postgresVersion: string; loadBefore: number[] }): Promise<MachineFacts> {
  return {
    date: pragueNow(),
    cpuModel: cpus()[0]?.model.trim() ?? 'unknown CPU',
    cores: cpus().length,
    nproc: commandOutput('nproc', []),
    memoryGiB: (totalmem() / 1024 ** 3).toFixed(0),
    node: process.versions.node,
    chromium: commandOutput(input.chromiumPath, ['--version']),
    postgres: input.postgresVersion,
    temporalCli: commandOutput(await ensureTemporalCli(), ['--version']).replace(/^temporal version /, ''),
    loadBefore: input.loadBefore,
    loadAfter: loadavg(),
  };
}

/** The lines saying which machine, which versions and how busy it was. */
export function machineLines(facts: MachineFacts): string[] {
  const busy = facts.loadBefore[0]! > facts.cores || facts.loadAfter[0]! > facts.cores;
  return [
    `Machine: ${facts.cpuModel}, ${facts.cores} cores (\`nproc\`: ${facts.nproc}), ${facts.memoryGiB} GiB RAM; Node ${facts.node}, ${facts.chromium},`,
    `PostgreSQL ${facts.postgres} (embedded, fsync on), Temporal CLI ${facts.temporalCli} dev server (in memory).`,
    `Load average (1/5/15 min) ${facts.loadBefore.map((l) => l.toFixed(2)).join(' / ')} before the run and ${facts.loadAfter.map((l) => l.toFixed(2)).join(' / ')} after it.`,
    ...(busy
      ? [
          `**Load note:** a 1-minute load average above the ${facts.cores} cores means other work (other test runs) shared`,
          'the machine during this run: read the figures as lower bounds and compare runs only at similar load.',
        ]
      : ['The machine was otherwise idle (load average below the core count).']),
  ];
}

export interface BenchStack {
  services: ThrowawayServices;
  app: RunningStack;
  chromiumPath: string;
  loadBefore: number[];
  /** Stops the worker and the API early (e.g. before measuring the renderer on a quiet machine). */
  stopApp(): Promise<void>;
}

/**
 * Runs `measure` against a stack of its own under .data/bench/run-<pid>/ and stops all of it
 * afterwards, whatever happens (the data directory is removed unless keepData).
 */
export async function withBenchStack<T>(options: { name: string; keepData: boolean; env?: Record<string, string> }, measure: (stack: BenchStack) => Promise<T>): Promise<T> {
  const chromiumPath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
  const chromiumMissing = await missingChromium(chromiumPath, 'the benchmark renders PDFs with it.');
  if (chromiumMissing) throw new Error(chromiumMissing);
  const started = Date.now();
  const loadBefore = loadavg();
  stopChildrenOnSignals();

  const benchRoot = join(REPO_ROOT, '.data', 'bench');
  const dataDir = join(benchRoot, `run-${process.pid}`);
  await removeAbandonedRuns(benchRoot);
  await removeRunDir(dataDir);
  await mkdir(dataDir, { recursive: true });

  let services: ThrowawayServices | undefined;
  let app: RunningStack | undefined;
  try {
    say(`starting PostgreSQL, Temporal and the mailbox under ${dataDir} ...`);
    services = await startThrowawayServices({
      dataDir,
      name: options.name,
      temporalCli: await ensureTemporalCli({ log: (line) => say(`temporal-cli: ${line}`) }),
      // Durable (fsync on), as in production: the figure includes real commits.
      durablePostgres: true,
    });
    await writeFile(join(dataDir, 'pids.json'), JSON.stringify(runningPids()));
    say(`services up in ${((Date.now() - started) / 1000).toFixed(1)} s; starting the worker and the API ...`);
    app = await startAppProcesses({
      name: options.name,
      services: {
        databaseUrl: services.databaseUrl,
        temporalAddress: services.temporalAddress,
        temporalNamespace: services.namespace,
        smtpHost: services.smtpHost,
        smtpPort: services.smtpPort,
        chromiumPath,
      },
      env: { NODE_ENV: 'production', LOG_LEVEL: 'warn', DATA_DIR: dataDir, ...options.env },
      // The pdf-only half of the worker says at start that it polls no workflows: expected.
      onLine: (kind) => prefixedPrinter(`${options.name}-${kind}`, (line) => !line.includes('No workflows registered')),
    });
    await writeFile(join(dataDir, 'pids.json'), JSON.stringify(runningPids()));
    say(`stack up in ${((Date.now() - started) / 1000).toFixed(1)} s (API ${app.apiUrl})`);
    const running = app;
    return await measure({
      services,
      app: running,
      chromiumPath,
      loadBefore,
      stopApp: async () => {
        await running.stop();
        app = undefined;
      },
    });
  } finally {
    await app?.stop().catch((error: unknown) => say(`stopping the worker/API failed: ${String(error)}`));
    if (services) await stopInReverse(services.stops, say);
    await stopAllProcesses(5_000);
    if (!options.keepData) await removeRunDir(dataDir);
    else say(`data kept in ${dataDir}`);
  }
}

/** Ends a benchmark script: exit 0 when measured, 1 with the error otherwise. */
export function runBenchMain(main: () => Promise<void>): void {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(`[bench] ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      process.exit(1);
    },
  );
}
