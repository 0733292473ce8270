import { constants } from 'node:fs';
import { access, mkdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { atimeCacheDir } from './common';
import { describeExit, startProcess } from './processes';

/**
 * v1.5.1 (server 1.29.1, UI 2.42.1) is the newest CLI whose go.mod has no `replace`
 * directive; later ones cannot be built with `go install`.
 */
export const TEMPORAL_CLI_VERSION = '1.5.1';

export interface EnsureTemporalCliOptions {
  cacheDir?: string;
  version?: string;
  /** Progress and status lines. */
  log?: (line: string) => void;
}

/** Where the CLI lives once built: `<cache>/temporal-cli-<version>/bin/temporal`. */
export function temporalCliPath(cacheDir = atimeCacheDir(), version = TEMPORAL_CLI_VERSION): string {
  return join(cacheDir, `temporal-cli-${version}`, 'bin', 'temporal');
}

async function isExecutable(path: string): Promise<boolean> {
  return await access(path, constants.X_OK).then(
    () => true,
    () => false,
  );
}

/**
 * Returns the path of the Temporal CLI (dev server + Web UI), building it with
 * `go install` into the per-user cache the first time (several minutes on 2 cores).
 */
export async function ensureTemporalCli(options: EnsureTemporalCliOptions = {}): Promise<string> {
  const version = options.version ?? TEMPORAL_CLI_VERSION;
  const cacheDir = options.cacheDir ?? atimeCacheDir();
  const target = temporalCliPath(cacheDir, version);
  if (await isExecutable(target)) return target;

  const log = options.log ?? ((line: string) => console.log(`[temporal-cli] ${line}`));
  const home = join(cacheDir, `temporal-cli-${version}`);
  // Build into a private directory and move the binary into place at the end, so an
  // interrupted build never leaves a half-written `temporal` that looks usable.
  const buildBin = join(home, `.build-${process.pid}`);
  await mkdir(buildBin, { recursive: true });
  await mkdir(join(home, 'bin'), { recursive: true });

  const started = Date.now();
  log(`Building the Temporal CLI v${version} with Go (first run on this machine only; takes a few minutes)...`);
  const progress = new BuildProgress(log, started);
  const build = startProcess({
    name: 'temporal-cli',
    command: 'go',
    args: ['install', '-v', `github.com/temporalio/cli/cmd/temporal@v${version}`],
    // Pure Go (SQLite is modernc): no C compiler needed on a fresh machine.
    env: { ...process.env, GOBIN: buildBin, CGO_ENABLED: process.env.CGO_ENABLED ?? '0' },
    onLine: (line) => progress.line(line),
  });
  const info = await build.exited;
  progress.done();
  if (info.code !== 0) {
    await rm(buildBin, { recursive: true, force: true });
    const hint = info.code === 127 ? ' Is Go (https://go.dev) installed and on PATH?' : '';
    throw new Error(`Building the Temporal CLI failed: go install ${describeExit(info)}.${hint}\n${build.recentOutput()}`);
  }
  await rename(join(buildBin, 'temporal'), target);
  await rm(buildBin, { recursive: true, force: true });
  log(`Temporal CLI v${version} built in ${Math.round((Date.now() - started) / 1000)} s: ${target}`);
  return target;
}

/**
 * Turns `go install -v` output (one line per module download / compiled package) into
 * progress: one live status line on a terminal, a line every 15 s otherwise (CI logs).
 */
class BuildProgress {
  private downloads = 0;
  private packages = 0;
  private current = '';
  private readonly timer: NodeJS.Timeout;
  private readonly tty = Boolean(process.stdout.isTTY);

  constructor(
    private readonly log: (line: string) => void,
    private readonly started: number,
  ) {
    this.timer = setInterval(() => this.report(), this.tty ? 1000 : 15_000);
    this.timer.unref();
  }

  line(line: string): void {
    if (line.startsWith('go: downloading')) this.downloads += 1;
    // A bare import path (`net/http`, `go.temporal.io/server/...`) is a compiled package.
    else if (/^[\w.+~/-]+$/.test(line.trim())) this.packages += 1;
    else if (line.trim() !== '') {
      // Anything else is a message from go (errors, warnings): show it as it is.
      this.clearLine();
      this.log(line);
    }
    this.current = line.replace(/^go: downloading /, '').trim();
  }

  done(): void {
    clearInterval(this.timer);
    this.clearLine();
  }

  private status(): string {
    const seconds = Math.round((Date.now() - this.started) / 1000);
    return `building Temporal CLI: ${seconds} s, ${this.downloads} modules downloaded, ${this.packages} packages compiled${this.current ? ` (${this.current})` : ''}`;
  }

  private report(): void {
    if (this.tty) {
      const text = `[temporal-cli] ${this.status()}`;
      const width = process.stdout.columns || 120;
      process.stdout.write(`\r\u001b[2K${text.length > width ? `${text.slice(0, width - 1)}…` : text}`);
    } else {
      this.log(this.status());
    }
  }

  private clearLine(): void {
    if (this.tty) process.stdout.write('\r\u001b[2K');
  }
}
