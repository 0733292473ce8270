import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Connection } from '@temporalio/client';
import { waitFor } from './common';
import { exitedError, prefixedPrinter, startProcess, type LineHandler } from './processes';

export interface TemporalDevServerOptions {
  /** Path of the `temporal` CLI (see ensureTemporalCli). */
  cliPath: string;
  /** Front-end gRPC port. */
  port: number;
  /** Web UI port; null = no UI (`--headless`). */
  uiPort: number | null;
  namespace: string;
  /** SQLite file for persistence across restarts; omitted = in memory. */
  dbFilename?: string;
  /** `--search-attribute Name=Type` pairs (devServerSearchAttributeArgs()). */
  searchAttributeArgs: string[];
  logLevel?: 'debug' | 'info' | 'warn' | 'error';
  onLine?: LineHandler;
}

export interface TemporalDevServerHandle {
  /** host:port for clients and workers. */
  readonly address: string;
  readonly uiUrl: string | undefined;
  readonly namespace: string;
  /** Settles when the server process has ended (for noticing a crash). */
  readonly exited: Promise<unknown>;
  stop(): Promise<void>;
}

/** Starts `temporal server start-dev` and waits until it serves the namespace. */
export async function startTemporalDevServer(options: TemporalDevServerOptions): Promise<TemporalDevServerHandle> {
  const args = [
    'server', 'start-dev',
    '--ip', '127.0.0.1',
    '--port', String(options.port),
    '--log-level', options.logLevel ?? 'warn',
    ...(options.uiPort === null ? ['--headless'] : ['--ui-port', String(options.uiPort)]),
    // "default" always exists; naming it again would be harmless but noisy.
    ...(options.namespace === 'default' ? [] : ['--namespace', options.namespace]),
    // Write-ahead log, synced at checkpoints: a crashed server keeps every commit (only a crash of
    // the machine may lose the last ones). SQLite's default journal syncs every commit: starting a
    // workflow 60/s and signalling one 200/s here, where this does 140/s and 750/s (docs/benchmarks.md).
    ...(options.dbFilename ? ['--db-filename', options.dbFilename, '--sqlite-pragma', 'journal_mode=wal', '--sqlite-pragma', 'synchronous=normal'] : []),
    ...options.searchAttributeArgs,
  ];
  if (options.dbFilename) await mkdir(dirname(options.dbFilename), { recursive: true });
  const onLine = options.onLine ?? prefixedPrinter('temporal');
  // While shutting down, its internal workers log every closed poll as a warning: noise.
  let stopping = false;
  const server = startProcess({
    name: 'temporal',
    command: options.cliPath,
    args,
    onLine: (line, stream) => {
      if (!stopping) onLine(line, stream);
    },
  });
  const address = `127.0.0.1:${options.port}`;
  const stop = async (): Promise<void> => {
    stopping = true;
    await server.stop({ signal: 'SIGTERM', graceMs: 15_000 });
  };
  try {
    await waitForTemporal(address, options.namespace, {
      timeoutMs: 90_000,
      abortIf: () => (server.exitInfo() ? exitedError(server, 'starting') : undefined),
    });
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    address,
    uiUrl: options.uiPort === null ? undefined : `http://localhost:${options.uiPort}`,
    namespace: options.namespace,
    exited: server.exited,
    stop,
  };
}

/** Waits until a Temporal frontend answers and knows the namespace. */
export async function waitForTemporal(
  address: string,
  namespace: string,
  options: { timeoutMs: number; abortIf?: () => Error | undefined },
): Promise<void> {
  await waitFor(
    `Temporal at ${address} (namespace ${namespace})`,
    async () => {
      const connection = await Connection.connect({ address, connectTimeout: 2000 });
      try {
        await connection.workflowService.getSystemInfo({});
        await connection.workflowService.describeNamespace({ namespace });
      } finally {
        await connection.close();
      }
      return true;
    },
    { timeoutMs: options.timeoutMs, intervalMs: 250, abortIf: options.abortIf },
  );
}
