import { constants } from 'node:fs';
import { access, mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { atimeCacheDir, REPO_ROOT, StartupError } from './common';
import { runToCompletion } from './processes';

/**
 * Schemathesis (PyPI), the property-based API tester the contract test runs against our OpenAPI
 * document. Pinned by version, and every wheel it installs (its dependencies too) by SHA-256 in
 * schemathesis-requirements.txt, so the tool we run is exactly the one we checked.
 */
export const SCHEMATHESIS_VERSION = '4.32.5';
const REQUIREMENTS = join(REPO_ROOT, 'scripts', 'stack', 'schemathesis-requirements.txt');
/** Written last: a directory without it is an interrupted install and is redone. */
const COMPLETE_MARKER = '.installed';

export function schemathesisDir(cacheDir = atimeCacheDir()): string {
  return join(cacheDir, `schemathesis-${SCHEMATHESIS_VERSION}`);
}

const exists = (path: string, mode = constants.F_OK) =>
  access(path, mode).then(
    () => true,
    () => false,
  );

/**
 * Returns the path of the `schemathesis` executable, installing it into a virtual environment
 * in the per-user cache the first time (about 10 s); afterwards it needs no network.
 * A virtual environment cannot be moved after creation, so it is built in place and marked
 * complete at the end instead of renamed into place.
 */
export async function ensureSchemathesis(options: { cacheDir?: string; log?: (line: string) => void } = {}): Promise<string> {
  const dir = schemathesisDir(options.cacheDir ?? atimeCacheDir());
  const executable = join(dir, 'venv', 'bin', 'schemathesis');
  if ((await exists(join(dir, COMPLETE_MARKER))) && (await exists(executable, constants.X_OK))) return executable;

  const log = options.log ?? ((line: string) => console.log(`[schemathesis] ${line}`));
  const started = Date.now();
  log(`Installing schemathesis ${SCHEMATHESIS_VERSION} from PyPI (first run on this machine only)...`);
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const python = process.env.PYTHON ?? 'python3';
  try {
    await runToCompletion('venv', python, ['-m', 'venv', join(dir, 'venv')]);
    await runToCompletion('pip', join(dir, 'venv', 'bin', 'python'), [
      '-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '--no-cache-dir',
      '--require-hashes', '--only-binary=:all:', '--no-deps', '-r', REQUIREMENTS,
    ]);
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    const detail = error instanceof Error ? error.message.split('\n').filter((l) => l.trim() !== '').slice(-1)[0] : String(error);
    throw new StartupError(
      `Could not install schemathesis ${SCHEMATHESIS_VERSION} (${detail}). It needs python3 (3.11, x86-64 Linux: the pinned wheels) with venv and pip, and PyPI reachable.`,
    );
  }
  await writeFile(join(dir, COMPLETE_MARKER), `${SCHEMATHESIS_VERSION}\n`);
  log(`schemathesis ${SCHEMATHESIS_VERSION} installed in ${((Date.now() - started) / 1000).toFixed(1)} s: ${executable}`);
  return executable;
}
