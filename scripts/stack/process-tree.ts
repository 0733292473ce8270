import { readdirSync, readFileSync } from 'node:fs';

/** One process as /proc shows it (Linux only: crash tests and the chaos run). */
export interface ProcInfo {
  pid: number;
  ppid: number;
  /** R, S, D, Z (zombie: exited, not yet reaped) ... */
  state: string;
  comm: string;
}

function readProc(pid: number): ProcInfo | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // "pid (comm) state ppid ...": comm may hold spaces and parentheses, so split at the last ')'.
    const close = stat.lastIndexOf(')');
    const [state, ppid] = stat.slice(close + 2).split(' ');
    return { pid, ppid: Number(ppid), state: state ?? '?', comm: stat.slice(stat.indexOf('(') + 1, close) };
  } catch {
    return undefined; // gone meanwhile
  }
}

export function processes(): ProcInfo[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .flatMap((name) => readProc(Number(name)) ?? []);
}

/** Alive = exists and has not exited (a zombie has). */
export function isAlive(pid: number): boolean {
  const info = readProc(pid);
  return info !== undefined && info.state !== 'Z';
}

/** Every living process below `pid`, children first. */
export function descendants(pid: number, all: ProcInfo[] = processes()): ProcInfo[] {
  const found: ProcInfo[] = [];
  let frontier = [pid];
  while (frontier.length > 0) {
    const next = all.filter((p) => frontier.includes(p.ppid) && p.state !== 'Z');
    found.push(...next);
    frontier = next.map((p) => p.pid);
  }
  return found;
}

/** Chromium's processes call themselves `chromium` (or `chrome` for Google's build). */
export const isChromium = (p: ProcInfo): boolean => /^(chromium|chrome)/.test(p.comm);
