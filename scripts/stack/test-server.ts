import { constants, existsSync } from 'node:fs';
import { access, chmod, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { atimeCacheDir, REPO_ROOT } from './common';
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
  const wrapper = temporalTestServerPath(cacheDir, version);
  const ready = existsSync(join(lib, `temporal-test-server-${version}.jar`)) &&
    (await access(wrapper, constants.X_OK).then(() => true, () => false));
  if (ready) return wrapper;

  const log = options.log ?? ((line: string) => console.log(`[test-server] ${line}`));
  const started = Date.now();
  log(`Fetching the Temporal time-skipping test server ${version} from Maven Central (first run only)...`);
  await mkdir(home, { recursive: true });
  // Fetch into a private directory and move it into place, so an interrupted download
  // never looks complete.
  const partial = join(home, `.lib-${process.pid}`);
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
    const hint = info.code === 127 ? ' Are Maven (mvn) and a Java 17+ runtime installed?' : '';
    throw new Error(`Fetching the Temporal test server failed: mvn ${describeExit(info)}.${hint}\n${mvn.recentOutput()}`);
  }
  await rm(lib, { recursive: true, force: true });
  await rename(partial, lib);

  const script = [
    '#!/usr/bin/env bash',
    `# Temporal time-skipping test server ${version} (Maven Central io.temporal:temporal-test-server),`,
    '# written by scripts/stack/test-server.ts. Usage: temporal-test-server <port> [--enable-time-skipping]',
    '# exec: the SDK stops the server by killing this process, so java must be this process.',
    'java="${JAVA_HOME:+$JAVA_HOME/bin/}java"',
    // Serial GC + C1 only: starts fast and stays small; it is a test double, not a server under load.
    `exec "$java" \${TEMPORAL_TEST_SERVER_JAVA_OPTS:--XX:+UseSerialGC -XX:TieredStopAtLevel=1} -cp '${lib}/*' io.temporal.testserver.TestServer "$@"`,
    '',
  ].join('\n');
  const partialScript = `${wrapper}.${process.pid}`;
  await writeFile(partialScript, script);
  await chmod(partialScript, 0o755);
  await rename(partialScript, wrapper);
  log(`Temporal test server ${version} ready in ${Math.round((Date.now() - started) / 1000)} s: ${wrapper}`);
  return wrapper;
}
