import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import { createServer } from 'node:net';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

/** Repository root (scripts/stack/ is two levels below it). */
export const REPO_ROOT = resolve(__dirname, '..', '..');

/**
 * Per-user cache for tools the stack builds once and reuses across checkouts
 * (Temporal CLI, Java test server): `${XDG_CACHE_HOME:-$HOME/.cache}/atime`.
 */
export function atimeCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_CACHE_HOME && env.XDG_CACHE_HOME !== '' ? env.XDG_CACHE_HOME : join(env.HOME ?? homedir(), '.cache');
  return join(base, 'atime');
}

/** A port nobody listens on right now (the kernel picks it; a race with other starters is possible but rare). */
export async function getFreePort(host = '127.0.0.1'): Promise<number> {
  return await new Promise<number>((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      server.close(() => {
        if (address && typeof address === 'object') resolvePort(address.port);
        else reject(new Error('could not determine a free port'));
      });
    });
  });
}

/** True when nothing accepts connections on host:port (used to fail early with a clear message). */
export async function isPortFree(port: number, host = '127.0.0.1'): Promise<boolean> {
  return await new Promise<boolean>((resolveFree) => {
    const server = createServer();
    server.unref();
    server.once('error', () => resolveFree(false));
    server.listen(port, host, () => server.close(() => resolveFree(true)));
  });
}

/**
 * A start-up failure the user can fix: its message is the one line `npm run dev` and `npm test`
 * print (what is wrong and what to do), without a stack trace.
 */
export class StartupError extends Error {
  override readonly name = 'StartupError';
}

/** The one line a failed start prints: a StartupError's message, else the first line of the error's. */
export function failureLine(error: unknown): string {
  if (error instanceof StartupError) return error.message;
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0] ?? message;
}

/** Throws a readable error when a port the stack needs is taken. */
export async function assertPortFree(port: number, what: string, hint: string): Promise<void> {
  if (!(await isPortFree(port))) {
    throw new StartupError(`Port ${port} (${what}) is already in use. ${hint}`);
  }
}

export interface WaitOptions {
  timeoutMs: number;
  intervalMs?: number;
  /** Checked between probes: return an error to stop waiting at once (e.g. the process died). */
  abortIf?: () => Error | undefined;
}

/**
 * Polls `probe` until it returns a value other than undefined.
 * Probe errors count as "not yet"; the last one is reported on timeout.
 */
export async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, options: WaitOptions): Promise<T> {
  const deadline = Date.now() + options.timeoutMs;
  let lastError: unknown;
  for (;;) {
    const aborted = options.abortIf?.();
    if (aborted) throw aborted;
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      const detail = lastError instanceof Error ? `: ${lastError.message}` : '';
      throw new Error(`Timed out after ${Math.round(options.timeoutMs / 1000)} s waiting for ${what}${detail}`);
    }
    await sleep(options.intervalMs ?? 200);
  }
}

/** Waits until GET url answers 200. */
export async function waitForHttpOk(url: string, options: WaitOptions): Promise<void> {
  await waitFor(
    `${url} to answer 200`,
    async () => {
      const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
      await response.body?.cancel();
      if (response.status !== 200) throw new Error(`HTTP ${response.status}`);
      return true;
    },
    options,
  );
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolveSleep) => setTimeout(resolveSleep, ms));
}

/** The URL without its password, for printing. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '';
    return parsed.toString().replace(/:@/, '@');
  } catch {
    return '<unparseable URL>';
  }
}

/** Seconds with one decimal, for timing lines. */
export function elapsed(since: number): string {
  return `${((Date.now() - since) / 1000).toFixed(1)} s`;
}

/** A message saying how to get Chromium when `path` is not an executable, else undefined. */
export async function missingChromium(path: string, neededFor: string): Promise<string | undefined> {
  if (await access(path, constants.X_OK).then(() => true, () => false)) return undefined;
  return (
    `Chromium is missing: no executable at ${path} (CHROMIUM_PATH); ${neededFor} ` +
    'Install it with `apt-get install -y chromium fonts-dejavu-core` (.ci/run does this), or set CHROMIUM_PATH.'
  );
}
