import { join } from 'node:path';
import { createPrismaClient } from '../../infra/db';
import { applyMigrations } from '../../prisma/migrate';
import { seedCatalogue } from '../../prisma/seed';
import { devServerSearchAttributeArgs } from '../../workflows/shared/search-attributes';
import { getFreePort } from './common';
import { startMailbox } from './mailbox';
import { startPostgres } from './postgres';
import { prefixedPrinter } from './processes';
import { stopInReverse, type StartedService } from './run-dirs';
import { startTemporalDevServer, type TemporalDevServerHandle } from './temporal-server';

export interface ThrowawayServices {
  databaseUrl: string;
  postgresVersion: string;
  temporalAddress: string;
  namespace: string;
  smtpHost: string;
  smtpPort: number;
  mailboxUrl: string;
  /** Stop them with stopInReverse (scripts/stack/run-dirs.ts). */
  stops: StartedService[];
  /** Stops the Temporal server and starts it again on the same port and state (needs `temporalDbFilename`). */
  restartTemporal(): Promise<void>;
}

/**
 * PostgreSQL (migrated, catalogue seeded), a Temporal dev server with our search attributes and
 * a mailbox, all on free ports with data under `dataDir`: the stack of one test run or benchmark.
 * If one fails to start, those already started are stopped.
 */
export async function startThrowawayServices(options: {
  dataDir: string;
  /** Output prefix and database name suffix, e.g. `test`, `bench`. */
  name: string;
  temporalCli: string;
  /** fsync on, as in production (benchmarks); off for tests. */
  durablePostgres: boolean;
  /** Also start the mailbox (SMTP + web API). */
  mailbox?: boolean;
  /** Temporal keeps its state in this SQLite file, so that it survives a restart (crash tests); default in memory. */
  temporalDbFilename?: string;
}): Promise<ThrowawayServices> {
  const ports = new Set<number>();
  while (ports.size < 4) ports.add(await getFreePort());
  const [pgPort, temporalPort, smtpPort, webPort] = [...ports] as [number, number, number, number];
  const stops: StartedService[] = [];
  const namespace = 'default';
  const startTemporal = (): Promise<TemporalDevServerHandle> =>
    startTemporalDevServer({
      cliPath: options.temporalCli,
      port: temporalPort,
      uiPort: null,
      namespace,
      ...(options.temporalDbFilename ? { dbFilename: options.temporalDbFilename } : {}),
      searchAttributeArgs: devServerSearchAttributeArgs(),
      // Errors only; not the server's complaint that it could not add its metrics to a stream whose
      // headers were already sent (a long poll ended by the client): nothing about our requests.
      onLine: prefixedPrinter(`${options.name}-temporal`, (line) => /level=(ERROR|FATAL)|panic/i.test(line) && !line.includes('unable to add metrics baggage')),
    });
  let temporal: TemporalDevServerHandle | undefined;
  try {
    // PostgreSQL and the mailbox first: the Temporal dev server takes free ports for its internal
    // services as it starts, and must not take one of theirs before they have bound it (seen once:
    // the mailbox failed with EADDRINUSE).
    const [pg, mailbox] = await Promise.all([
      (async () => {
        const server = await startPostgres({
          dataDir: join(options.dataDir, 'postgres'),
          port: pgPort,
          user: 'postgres',
          password: 'postgres',
          database: `atime_${options.name}`,
          durable: options.durablePostgres,
          // Tests provoke constraint violations on purpose: only a failing server is news here.
          // (Connecting while it starts or stops is refused with a FATAL line: expected too.)
          onLine: prefixedPrinter(`${options.name}-postgres`, (line) => /\bPANIC\b|\bFATAL:(?! +the database system is (starting up|shutting down))/.test(line)),
        });
        stops.push({ name: 'PostgreSQL', stop: server.stop });
        return server;
      })(),
      (async () => {
        if (options.mailbox === false) return undefined;
        const server = await startMailbox({ smtpPort, webPort, mailDir: join(options.dataDir, 'mail'), verbose: false });
        stops.push({ name: 'mailbox', stop: server.stop });
        return server;
      })(),
    ]);
    const [firstTemporal] = await Promise.all([
      (async () => {
        const server = await startTemporal();
        temporal = server;
        stops.push({ name: 'Temporal dev server', stop: () => temporal!.stop() });
        return server;
      })(),
      (async () => {
        await applyMigrations(pg.url, () => undefined);
        const db = createPrismaClient(pg.url);
        try {
          await seedCatalogue(db);
        } finally {
          await db.$disconnect();
        }
      })(),
    ]);
    return {
      databaseUrl: pg.url,
      postgresVersion: pg.version,
      temporalAddress: firstTemporal.address,
      namespace,
      smtpHost: mailbox?.smtpHost ?? '127.0.0.1',
      smtpPort: mailbox?.smtpPort ?? smtpPort,
      mailboxUrl: mailbox?.webUrl ?? '',
      stops,
      async restartTemporal() {
        if (!options.temporalDbFilename) throw new Error('restartTemporal needs temporalDbFilename: an in-memory server would forget every workflow');
        await temporal?.stop();
        temporal = await startTemporal();
      },
    };
  } catch (error) {
    await stopInReverse(stops, (message) => process.stderr.write(`${message}\n`));
    throw error;
  }
}
