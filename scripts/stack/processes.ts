import { spawn, type ChildProcess } from 'node:child_process';
import { constants } from 'node:os';
import { createInterface } from 'node:readline';
import { readableLogLine } from './log-format';

export type StreamName = 'stdout' | 'stderr';
export type LineHandler = (line: string, stream: StreamName) => void;

export interface ExitInfo {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface ManagedProcess {
  readonly name: string;
  readonly child: ChildProcess;
  /** Resolves once the process has exited (never rejects). */
  readonly exited: Promise<ExitInfo>;
  /** Set once the process has exited. */
  exitInfo(): ExitInfo | undefined;
  /** The last lines it printed, for error messages. */
  recentOutput(): string;
  /**
   * Sends `signal` (default SIGTERM) to the process group, waits up to `graceMs`
   * (default 15 s), then SIGKILLs it. Resolves when it has exited.
   */
  stop(options?: { signal?: NodeJS.Signals; graceMs?: number; wholeGroup?: boolean }): Promise<void>;
}

export interface StartProcessOptions {
  name: string;
  command: string;
  args: string[];
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  uid?: number;
  gid?: number;
  /** Default: print each line prefixed with `[name]`. */
  onLine?: LineHandler;
}

const COLORS = [36, 35, 33, 32, 34, 31];
const colorOf = new Map<string, number>();

/** `[name] ` in a stable colour when the terminal supports it. */
export function prefixFor(name: string, stream: NodeJS.WriteStream = process.stdout): string {
  if (!stream.isTTY || process.env.NO_COLOR) return `[${name}] `;
  let color = colorOf.get(name);
  if (color === undefined) {
    color = COLORS[colorOf.size % COLORS.length] ?? 36;
    colorOf.set(name, color);
  }
  return `\u001b[${color}m[${name}]\u001b[0m `;
}

/** Line handler that prints lines prefixed with `[name]` (stderr lines to stderr), JSON logs made readable. */
export function prefixedPrinter(name: string, filter?: (line: string) => boolean): LineHandler {
  return (line, stream) => {
    if (filter && !filter(line)) return;
    const out = stream === 'stderr' ? process.stderr : process.stdout;
    out.write(`${prefixFor(name, out)}${readableLogLine(line)}\n`);
  };
}

// Every child still running when this process exits gets a SIGTERM, so a crash of
// `npm run dev` or of jest does not leave servers behind holding ports.
const running = new Set<ManagedProcess>();
let exitHookInstalled = false;
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const proc of running) signalGroup(proc.child, 'SIGTERM', true);
  });
  // Killed by a signal, Node exits without 'exit': a script with no handler of its own for it
  // (a benchmark stopped with Ctrl-C or kill) ends as it would have, but through 'exit' above.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => {
      if (process.listenerCount(signal) === 1) process.exit(128 + constants.signals[signal]);
    });
  }
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals, wholeGroup: boolean): void {
  if (child.pid === undefined) return;
  try {
    // Negative pid = the process group; children are started detached so they lead their own.
    process.kill(wholeGroup ? -child.pid : child.pid, signal);
  } catch {
    try {
      child.kill(signal);
    } catch {
      // already gone
    }
  }
}

/**
 * Starts a long-running child in its own process group (detached), so a Ctrl-C in the
 * terminal reaches only the parent, which then stops the children in order.
 */
export function startProcess(options: StartProcessOptions): ManagedProcess {
  installExitHook();
  const child = spawn(options.command, options.args, {
    cwd: options.cwd,
    env: options.env ?? process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
    ...(options.uid !== undefined ? { uid: options.uid } : {}),
    ...(options.gid !== undefined ? { gid: options.gid } : {}),
  });
  const onLine = options.onLine ?? prefixedPrinter(options.name);
  const recent: string[] = [];
  const remember = (line: string): void => {
    recent.push(line);
    if (recent.length > 40) recent.shift();
  };
  const pipes: Promise<void>[] = [];
  for (const stream of ['stdout', 'stderr'] as const) {
    const readable = child[stream];
    if (!readable) continue;
    const lines = createInterface({ input: readable, crlfDelay: Infinity });
    lines.on('line', (line) => {
      remember(line);
      onLine(line, stream);
    });
    pipes.push(new Promise((resolveClose) => lines.once('close', () => resolveClose())));
  }

  let info: ExitInfo | undefined;
  let spawnError: Error | undefined;
  const exited = new Promise<ExitInfo>((resolveExit) => {
    child.once('error', (error) => {
      // ENOENT and friends: the process never ran.
      spawnError = error;
      info = { code: 127, signal: null };
      remember(`failed to start ${options.command}: ${error.message}`);
      resolveExit(info);
    });
    child.once('exit', (code, signal) => {
      info = { code, signal };
      // Let the last lines through before reporting the exit; the timer goes with them, or a test
      // process that stopped its children would stay alive for it (jest: "failed to exit gracefully").
      let timer: NodeJS.Timeout | undefined;
      const lastLines = new Promise((r) => {
        timer = setTimeout(r, 500);
      });
      void Promise.race([Promise.all(pipes), lastLines]).then(() => {
        clearTimeout(timer);
        resolveExit({ code, signal });
      });
    });
  });

  const managed: ManagedProcess = {
    name: options.name,
    child,
    exited,
    exitInfo: () => info,
    recentOutput: () => (spawnError ? `${spawnError.message}\n` : '') + recent.join('\n'),
    async stop(stopOptions = {}) {
      if (info) return;
      const wholeGroup = stopOptions.wholeGroup ?? true;
      signalGroup(child, stopOptions.signal ?? 'SIGTERM', wholeGroup);
      const graceMs = stopOptions.graceMs ?? 15_000;
      let timer: NodeJS.Timeout | undefined;
      const timedOut = await Promise.race([
        exited.then(() => false),
        new Promise<boolean>((r) => {
          timer = setTimeout(() => r(true), graceMs);
        }),
      ]);
      clearTimeout(timer);
      if (timedOut) {
        signalGroup(child, 'SIGKILL', true);
        await exited;
      }
    },
  };
  running.add(managed);
  void exited.then(() => running.delete(managed));
  return managed;
}

/** Process ids of the children still running (each leads its own process group). */
export function runningPids(): number[] {
  return [...running].map((proc) => proc.child.pid).filter((pid): pid is number => pid !== undefined);
}

/**
 * For hosts without their own shutdown (jest's parent process): on SIGINT/SIGTERM/SIGHUP,
 * SIGTERM every child's process group, then exit as the signal would have. Without this
 * a `timeout` or Ctrl-C leaves the servers running (no `exit` event on a fatal signal).
 */
export function stopChildrenOnSignals(): void {
  for (const [signal, number] of [['SIGINT', 2], ['SIGTERM', 15], ['SIGHUP', 1]] as const) {
    process.once(signal, () => {
      for (const proc of running) signalGroup(proc.child, 'SIGTERM', true);
      process.exit(128 + number);
    });
  }
}

/** Stops every child still running (last started first): the catch-all for an interrupted start. */
export async function stopAllProcesses(graceMs = 10_000): Promise<void> {
  for (const proc of [...running].reverse()) await proc.stop({ graceMs });
}

/** Describes how a process ended, for messages. */
export function describeExit(info: ExitInfo | undefined): string {
  if (!info) return 'is still running';
  return info.signal ? `was killed by ${info.signal}` : `exited with code ${info.code ?? '?'}`;
}

/**
 * An Error for a process that ended while it was expected to run: one line naming the process and
 * the last line of its output that looks like an error (its whole output was printed already).
 */
export function exitedError(proc: ManagedProcess, while_: string): Error {
  const lines = proc.recentOutput().split('\n').map((line) => line.trim()).filter((line) => line !== '' && !line.startsWith('at '));
  const reason = lines.filter((line) => /error|fatal|panic|cannot|failed|denied/i.test(line)).pop() ?? lines.pop();
  return new Error(`${proc.name} ${describeExit(proc.exitInfo())} while ${while_}${reason ? `: ${reason}` : ''}`);
}

/** Runs a command to completion, collecting its output; rejects with that output when it fails. */
export async function runToCompletion(
  name: string,
  command: string,
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; onLine?: LineHandler } = {},
): Promise<string> {
  const output: string[] = [];
  const proc = startProcess({
    name,
    command,
    args,
    cwd: options.cwd,
    env: options.env,
    onLine: (line, stream) => {
      output.push(line);
      options.onLine?.(line, stream);
    },
  });
  const info = await proc.exited;
  if (info.code !== 0) {
    throw new Error(`${name}: \`${command} ${args.join(' ')}\` ${describeExit(info)}\n${proc.recentOutput()}`);
  }
  return output.join('\n');
}

/**
 * Runs a TypeScript entry point (`worker/main.ts`, `api/main.ts`) as `node --import tsx`:
 * one process, so a SIGTERM reaches the program itself and its graceful shutdown runs.
 */
export function startTsProcess(name: string, entry: string, options: { cwd: string; env: NodeJS.ProcessEnv; onLine?: LineHandler }): ManagedProcess {
  return startProcess({
    name,
    command: process.execPath,
    args: ['--import', 'tsx', entry],
    cwd: options.cwd,
    env: options.env,
    onLine: options.onLine,
  });
}
