import { constants, existsSync } from 'node:fs';
import { access, chmod, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { atimeCacheDir, getFreePort, isPortFree, REPO_ROOT, StartupError, waitFor } from './common';
import { describeExit, startProcess } from './processes';

/** Newest io.temporal:temporal-test-server on Maven Central that we have run the stack test against. */
export const TEMPORAL_TEST_SERVER_VERSION = '1.38.0';

export interface EnsureTestServerOptions {
  cacheDir?: string;
  version?: string;
  log?: (line: string) => void;
}

/** `<cache>/temporal-test-server-<version>/temporal-test-server` */
export function temporalTestServerPath(cacheDir = atimeCacheDir(), version = TEMPORAL_TEST_SERVER_VERSION): string {
  return join(cacheDir, `temporal-test-server-${version}`, 'temporal-test-server');
}

/**
 * Returns an executable that runs Temporal's time-skipping test server (the Java one
 * from Maven Central, the same server the SDK would otherwise download as a native
 * build), fetching its jars with Maven the first time.
 *
 * The SDK (`TestWorkflowEnvironment.createTimeSkipping` with `executable: { type:
 * 'existing-path' }`) runs it as `<path> <port> [extraArgs...]` (sdk-core
 * ephemeral_server: args = [port, ...extra_args]; extraArgs is empty by default) and
 * then polls 127.0.0.1:<port> for 5 s. TestServer.main takes exactly that: the port and
 * an optional `--enable-time-skipping`; without it time skipping starts locked and the
 * SDK unlocks it while a test awaits a workflow result.
 */
export async function ensureTemporalTestServer(options: EnsureTestServerOptions = {}): Promise<string> {
  const version = options.version ?? TEMPORAL_TEST_SERVER_VERSION;
  const cacheDir = options.cacheDir ?? atimeCacheDir();
  const home = join(cacheDir, `temporal-test-server-${version}`);
  const lib = join(home, 'lib');
  const archive = join(home, 'classes.jsa');
  const wrapper = temporalTestServerPath(cacheDir, version);
  // A wrapper naming the archive was written after the archive was tried (made, or not possible).
  const ready = existsSync(join(lib, `temporal-test-server-${version}.jar`)) &&
    (await access(wrapper, constants.X_OK).then(() => true, () => false)) && (await readFile(wrapper, 'utf8')).includes(archive);
  if (ready) return wrapper;

  const log = options.log ?? ((line: string) => console.log(`[test-server] ${line}`));
  const started = Date.now();
  await mkdir(home, { recursive: true });
  if (!existsSync(join(lib, `temporal-test-server-${version}.jar`))) {
    log(`Fetching the Temporal time-skipping test server ${version} from Maven Central (first run only)...`);
    await fetchJars(version, lib);
  }
  await writeClassArchive(lib, archive);

  const script = [
    '#!/usr/bin/env bash',
    `# Temporal time-skipping test server ${version} (Maven Central io.temporal:temporal-test-server),`,
    '# written by scripts/stack/test-server.ts. Usage: temporal-test-server <port> [--enable-time-skipping]',
    '# exec: the SDK stops the server by killing this process, so java must be this process.',
    'java="${JAVA_HOME:+$JAVA_HOME/bin/}java"',
    // Serial GC + C1 only: starts fast and stays small; it is a test double, not a server under load.
    // The class archive (AppCDS) cuts start-up about threefold; the SDK gives the server only 5 s to
    // answer, which a loaded machine otherwise misses. A JDK that cannot use it ignores it.
    `exec "$java" \${TEMPORAL_TEST_SERVER_JAVA_OPTS:--XX:+UseSerialGC -XX:TieredStopAtLevel=1} -Xshare:auto -XX:SharedArchiveFile='${archive}' -Xlog:cds=off -Xlog:cds+dynamic=off -cp '${lib}/*' ${MAIN_CLASS} "$@"`,
    '',
  ].join('\n');
  const partialScript = `${wrapper}.${process.pid}`;
  await writeFile(partialScript, script);
  await chmod(partialScript, 0o755);
  await rename(partialScript, wrapper);
  log(`Temporal test server ${version} ready in ${Math.round((Date.now() - started) / 1000)} s: ${wrapper}`);
  return wrapper;
}

const MAIN_CLASS = 'io.temporal.testserver.TestServer';

async function fetchJars(version: string, lib: string): Promise<void> {
  // Fetch into a private directory and move it into place, so an interrupted download
  // never looks complete.
  const partial = join(dirname(lib), `.lib-${process.pid}`);
  await rm(partial, { recursive: true, force: true });
  const mvn = startProcess({
    name: 'test-server',
    command: 'mvn',
    args: [
      '-q', '-B',
      '-f', join(REPO_ROOT, 'scripts', 'test-server', 'pom.xml'),
      'dependency:copy-dependencies',
      `-Dtemporal.test-server.version=${version}`,
      `-DoutputDirectory=${partial}`,
    ],
    onLine: () => undefined,
  });
  const info = await mvn.exited;
  if (info.code !== 0) {
    await rm(partial, { recursive: true, force: true });
    const reason = mvn.recentOutput().split('\n').map((line) => line.trim()).filter((line) => line.startsWith('[ERROR]') || line.includes('failed')).shift();
    throw new StartupError(
      `Fetching the Temporal test server from Maven Central failed (mvn ${describeExit(info)}${reason ? `: ${reason}` : ''}). ` +
        (info.code === 127 ? 'Install Maven (mvn) and a Java 17+ runtime.' : 'Check that Maven Central is reachable, then try again.'),
    );
  }
  await rm(lib, { recursive: true, force: true });
  await rename(partial, lib);
}

/**
 * Runs the server once until it listens, then stops it, with -XX:ArchiveClassesAtExit: the JVM
 * writes the classes it loaded to `archive` on exit. Best effort: without it the server only starts slower.
 */
async function writeClassArchive(lib: string, archive: string): Promise<void> {
  const partial = `${archive}.${process.pid}`;
  const port = await getFreePort();
  const java = process.env.JAVA_HOME ? join(process.env.JAVA_HOME, 'bin', 'java') : 'java';
  const server = startProcess({
    name: 'test-server-cds',
    command: java,
    args: [`-XX:ArchiveClassesAtExit=${partial}`, '-XX:+UseSerialGC', '-XX:TieredStopAtLevel=1', '-Xlog:cds=off', '-Xlog:cds+dynamic=off', '-cp', `${lib}/*`, MAIN_CLASS, String(port)],
    onLine: () => undefined,
  });
  try {
    await waitFor(`the test server on port ${port}`, async () => ((await isPortFree(port)) ? undefined : true), {
      timeoutMs: 60_000,
      abortIf: () => (server.exitInfo() ? new Error('the test server exited') : undefined),
    });
    await server.stop({ signal: 'SIGTERM', graceMs: 30_000 });
    if (existsSync(partial)) await rename(partial, archive);
  } catch {
    await server.stop({ signal: 'SIGKILL', graceMs: 1000 });
    await rm(partial, { force: true });
  }
}
