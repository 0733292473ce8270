import { readFileSync } from 'node:fs';
import { lstat, readdir, readlink, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';

/** A service started for one run, stopped in reverse order of starting. */
export interface StartedService {
  name: string;
  stop: () => Promise<void>;
}

/** Stops the services newest first; a failing stop is reported and the rest still stop. */
export async function stopInReverse(services: StartedService[], report: (message: string) => void): Promise<void> {
  for (const { name, stop } of [...services].reverse()) {
    try {
      await stop();
    } catch (error) {
      report(`stopping ${name} failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  services.length = 0;
}

/**
 * Removes a run's data directory, and the data its entries link to (as root, PostgreSQL's
 * cluster lives outside the checkout and `<run>/postgres` is a link to it: postgres.ts).
 */
export async function removeRunDir(dir: string): Promise<void> {
  for (const entry of await readdir(dir).catch(() => [] as string[])) {
    const path = join(dir, entry);
    if ((await lstat(path)).isSymbolicLink()) await rm(resolve(dir, await readlink(path)), { recursive: true, force: true });
  }
  await rm(dir, { recursive: true, force: true });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

// Only our kind of server: a recorded pid may have been reused by something else since.
const OUR_PROCESSES = /temporal|maildev|postgres|worker\/main|api\/main/;

/**
 * Removes the `run-<pid>` directories under `root` whose owning process is gone, first killing
 * the servers such a run recorded in its `pids.json` (a run killed with SIGKILL cannot clean up).
 */
export async function removeAbandonedRuns(root: string): Promise<void> {
  for (const entry of await readdir(root).catch(() => [] as string[])) {
    const owner = /^run-(\d+)$/.exec(entry)?.[1];
    if (owner === undefined || isAlive(Number(owner))) continue;
    let pids: number[] = [];
    try {
      pids = JSON.parse(readFileSync(join(root, entry, 'pids.json'), 'utf8')) as number[];
    } catch {
      // no servers recorded
    }
    for (const pid of pids) {
      let cmdline = '';
      try {
        cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      } catch {
        continue;
      }
      if (!OUR_PROCESSES.test(cmdline)) continue;
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    await removeRunDir(join(root, entry));
  }
}
