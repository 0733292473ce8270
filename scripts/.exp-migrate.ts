import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { PrismaPg } from '@prisma/adapter-pg';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';
import type {
  MigrationList,
  SchemaEngine as WasmSchemaEngine,
} from '@prisma/schema-engine-wasm';
import { Client } from 'pg';

/**
 * Migrations without Prisma's native schema engine.
 *
 * The `prisma` CLI needs a native schema-engine binary that it downloads on first use, which is
 * impossible here. The same engine is published as WebAssembly (`@prisma/schema-engine-wasm`)
 * and talks to PostgreSQL through a driver adapter, so we use it for `diff` (generating
 * migrations, checking the database against schema.prisma). Applying migrations is plain SQL
 * through `pg`, recorded in `_prisma_migrations` exactly as `prisma migrate deploy` records them,
 * so a machine with the native engine sees the same history.
 */

export const PRISMA_DIR = resolve('/work/main/prisma');
export const SCHEMA_PATH = join(PRISMA_DIR, 'schema.prisma');
export const MIGRATIONS_DIR = join(PRISMA_DIR, 'migrations');

// ---------------------------------------------------------------------------------------------
// Loading the wasm schema engine
// ---------------------------------------------------------------------------------------------

type EngineModule = {
  SchemaEngine: typeof WasmSchemaEngine;
  version(): string;
};

let engineModule: EngineModule | undefined;

/**
 * The package is an ES module that imports its .wasm file directly (bundler style), which
 * neither Node without --experimental-wasm-modules nor jest's CommonJS runtime can load. Its glue
 * is self-contained wasm-bindgen output, so we evaluate it as a function body and instantiate the
 * wasm ourselves; this works the same under tsx, node and jest.
 */
function loadEngineModule(): EngineModule {
  if (engineModule) return engineModule;
  // The package's exports hide package.json; its entry file sits beside the files we need.
  const pkgDir = dirname(require.resolve('@prisma/schema-engine-wasm'));
  const glueSource = readFileSync(join(pkgDir, 'schema_engine_bg.js'), 'utf8');
  const exported: string[] = [];
  const body = glueSource.replace(
    /^export (function|class|const|let) ([A-Za-z0-9_$]+)/gm,
    (_m, kind: string, name: string) => {
      exported.push(name);
      return `${kind} ${name}`;
    },
  );
  if (/^\s*(import|export)\s/m.test(body)) {
    throw new Error('Unexpected import/export left in schema_engine_bg.js; the loader needs updating');
  }
  const glue = new Function(`${body}\nreturn { ${exported.join(', ')} };`)() as Record<
    string,
    unknown
  > & { __wbg_set_wasm(w: unknown): void };

  // The glue reports Rust panics through this global; without it a panic becomes a TypeError.
  const g = globalThis as { PRISMA_WASM_PANIC_REGISTRY?: unknown };
  if (!g.PRISMA_WASM_PANIC_REGISTRY) {
    let message = '';
    g.PRISMA_WASM_PANIC_REGISTRY = {
      set_message(m: string) {
        message = `RuntimeError: ${m}`;
      },
      get() {
        return message;
      },
    };
  }

  const wasmModule = new WebAssembly.Module(readFileSync('/work/main/node_modules/prisma/build/schema_engine_bg.wasm'));
  const instance = new WebAssembly.Instance(wasmModule, { './schema_engine_bg.js': glue as never });
  glue.__wbg_set_wasm(instance.exports);
  (instance.exports.__wbindgen_start as () => void)();
  engineModule = glue as unknown as EngineModule;
  return engineModule;
}

export function schemaEngineVersion(): string {
  return loadEngineModule().version();
}

/**
 * Runs `fn` with a wasm schema engine connected to `databaseUrl` through @prisma/adapter-pg.
 * The engine's own shadow database (used by diffs from a migrations directory) is created and
 * dropped by the adapter factory on the same server.
 */
export async function withSchemaEngine<T>(
  databaseUrl: string,
  fn: (engine: WasmSchemaEngine) => Promise<T>,
  log?: (msg: string) => void,
): Promise<T> {
  const { SchemaEngine } = loadEngineModule();
  const adapters = new TrackedPrismaPg(databaseUrl);
  try {
    const engine = await SchemaEngine.new(
      { datamodels: undefined },
      (msg: string) => log?.(msg),
      bindMigrationAwareSqlAdapterFactory(adapters),
    );
    try {
      return await fn(engine);
    } finally {
      engine.free();
    }
  } finally {
    await adapters.disposeAll();
  }
}

type PgAdapter = Awaited<ReturnType<PrismaPg['connect']>>;

/**
 * The engine does not dispose every connection it opens (nor does PrismaPg's shadow-database
 * helper dispose its admin connection), and idle pools keep the process (or a jest worker)
 * alive. We remember each adapter and close what is still open, newest first so that a shadow
 * database is dropped before the connection that dropped it closes.
 */
class TrackedPrismaPg extends PrismaPg {
  private readonly opened: PgAdapter[] = [];

  constructor(databaseUrl: string) {
    super({ connectionString: databaseUrl });
  }

  override async connect(): Promise<PgAdapter> {
    return this.track(await super.connect());
  }

  override async connectToShadowDb(): Promise<PgAdapter> {
    return this.track(await super.connectToShadowDb());
  }

  private track(adapter: PgAdapter): PgAdapter {
    const dispose = adapter.dispose.bind(adapter);
    let disposed: Promise<void> | undefined;
    adapter.dispose = () => (disposed ??= dispose());
    this.opened.push(adapter);
    return adapter;
  }

  async disposeAll(): Promise<void> {
    for (const adapter of this.opened.reverse()) {
      await adapter.dispose().catch(() => {});
    }
    this.opened.length = 0;
  }
}

const NO_FILTER = { externalTables: [], externalEnums: [] };

/** Reads the migrations directory the way Prisma's CLI hands it to the schema engine. */
export function readMigrationList(migrationsDir: string = MIGRATIONS_DIR): MigrationList {
  const lockPath = join(migrationsDir, 'migration_lock.toml');
  return {
    baseDir: migrationsDir,
    lockfile: {
      path: 'migration_lock.toml',
      content: existsSync(lockPath) ? readFileSync(lockPath, 'utf8') : null,
    },
    shadowDbInitScript: '',
    migrationDirectories: listMigrations(migrationsDir).map((m) => ({
      path: m.name,
      migrationFile: {
        path: 'migration.sql',
        content: { tag: 'ok', value: m.script },
      },
    })),
  };
}

/**
 * SQL that turns `from` into `to`; an empty string when they are equivalent.
 * `script: false` gives Prisma's human-readable summary instead of SQL.
 */
export async function diffSchemas(
  databaseUrl: string,
  from: DiffSource,
  to: DiffSource,
  opts: { script?: boolean } = {},
): Promise<string> {
  return withSchemaEngine(databaseUrl, async (engine) => {
    const result = await engine.diff({
      from: toDiffTarget(from),
      to: toDiffTarget(to),
      script: opts.script ?? true,
      exitCode: true,
      filters: NO_FILTER,
    });
    const out = result.stdout ?? '';
    return result.exitCode === 0 ? '' : out;
  });
}

export type DiffSource =
  | { kind: 'empty' }
  | { kind: 'schema'; content: string; path?: string }
  | { kind: 'database'; url: string }
  | { kind: 'migrations'; dir?: string };

function toDiffTarget(src: DiffSource): Parameters<WasmSchemaEngine['diff']>[0]['from'] {
  switch (src.kind) {
    case 'empty':
      return { tag: 'empty' };
    case 'schema':
      return {
        tag: 'schemaDatamodel',
        files: [{ path: src.path ?? SCHEMA_PATH, content: src.content }],
      };
    case 'database':
      return { tag: 'url', url: src.url };
    case 'migrations':
      return { tag: 'migrations', ...readMigrationList(src.dir) };
  }
}

// ---------------------------------------------------------------------------------------------
// Applying migrations
// ---------------------------------------------------------------------------------------------

export type MigrationOnDisk = { name: string; script: string; checksum: string };

/** Migration folders in the order Prisma applies them: lexicographic by folder name. */
export function listMigrations(migrationsDir: string = MIGRATIONS_DIR): MigrationOnDisk[] {
  if (!existsSync(migrationsDir)) return [];
  return readdirSync(migrationsDir)
    .filter((name) => statSync(join(migrationsDir, name)).isDirectory())
    .filter((name) => existsSync(join(migrationsDir, name, 'migration.sql')))
    .sort()
    .map((name) => {
      const script = readFileSync(join(migrationsDir, name, 'migration.sql'), 'utf8');
      return { name, script, checksum: migrationChecksum(script) };
    });
}

/** Prisma's checksum: SHA-256 (hex) of the migration.sql bytes. */
export function migrationChecksum(script: string): string {
  return createHash('sha256').update(script, 'utf8').digest('hex');
}

// The DDL Prisma's schema engine uses for its bookkeeping table (PostgreSQL connector).
const CREATE_MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

// Same key as Prisma's schema engine (PostgreSQL connector) takes, so a native
// `prisma migrate deploy` and this function also exclude each other.
const ADVISORY_LOCK_KEY = 72707369;

/**
 * Applies the pending migrations of `migrationsDir` in order, one transaction each, holding a
 * session advisory lock so that two processes starting at once do not both migrate.
 * Refuses to continue when the history has a failed migration or an applied migration whose
 * file changed (as `prisma migrate deploy` does). Returns the names applied now.
 */
export async function applyMigrations(
  databaseUrl: string,
  log: (msg: string) => void = () => {},
  migrationsDir: string = MIGRATIONS_DIR,
): Promise<string[]> {
  const migrations = listMigrations(migrationsDir);
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [ADVISORY_LOCK_KEY]);
    try {
      await client.query(CREATE_MIGRATIONS_TABLE);
      const { rows } = await client.query<{
        migration_name: string;
        checksum: string;
        finished_at: Date | null;
        rolled_back_at: Date | null;
      }>(
        'SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations" ORDER BY started_at',
      );
      const live = rows.filter((r) => r.rolled_back_at === null);
      const failed = live.filter((r) => r.finished_at === null);
      if (failed.length > 0) {
        throw new Error(
          `Migration(s) ${failed.map((f) => f.migration_name).join(', ')} failed earlier; ` +
            'resolve them (prisma migrate resolve) before applying more',
        );
      }
      const applied = new Map(live.map((r) => [r.migration_name, r.checksum]));
      for (const m of migrations) {
        const sum = applied.get(m.name);
        if (sum !== undefined && sum !== m.checksum) {
          log(`warning: migration ${m.name} was modified after it was applied`);
        }
      }
      const known = new Set(migrations.map((m) => m.name));
      for (const name of applied.keys()) {
        if (!known.has(name)) {
          log(`warning: migration ${name} is applied in the database but missing from ${migrationsDir}`);
        }
      }

      const done: string[] = [];
      for (const m of migrations) {
        if (applied.has(m.name)) continue;
        log(`applying migration ${m.name}`);
        await applyOne(client, m);
        done.push(m.name);
      }
      if (done.length === 0) log('no pending migrations');
      return done;
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [ADVISORY_LOCK_KEY]);
    }
  } finally {
    await client.end();
  }
}

async function applyOne(client: Client, m: MigrationOnDisk): Promise<void> {
  const id = crypto.randomUUID();
  // Prisma inserts the row first and keeps it (finished_at NULL, logs set) when the script fails,
  // which is how `migrate deploy` later recognises a failed migration.
  await client.query(
    'INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, applied_steps_count) VALUES ($1, $2, $3, now(), 0)',
    [id, m.checksum, m.name],
  );
  try {
    await client.query('BEGIN');
    // A simple-protocol query runs a multi-statement script as a whole.
    await client.query(m.script);
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    const message = err instanceof Error ? err.message : String(err);
    await client.query('UPDATE "_prisma_migrations" SET logs = $2 WHERE id = $1', [
      id,
      `Migration ${m.name} failed: ${message}`,
    ]);
    throw new Error(`Migration ${m.name} failed: ${message}`, { cause: err });
  }
  await client.query(
    'UPDATE "_prisma_migrations" SET finished_at = now(), applied_steps_count = applied_steps_count + 1 WHERE id = $1',
    [id],
  );
}
