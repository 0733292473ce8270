import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { PrismaPg } from '@prisma/adapter-pg';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';
import type {
  MigrationList,
  SchemaEngine as WasmSchemaEngine,
} from '@prisma/schema-engine-wasm';
import { Client, type Pool, type PoolClient } from 'pg';

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

export const PRISMA_DIR = resolve(__dirname);
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

  const instance = instantiate(pkgDir, glue);
  glue.__wbg_set_wasm(instance.exports);
  (instance.exports.__wbindgen_start as () => void)();
  engineModule = glue as unknown as EngineModule;
  return engineModule;
}

/**
 * prisma 7.10.1 pins @prisma/schema-engine-wasm 8.1.0-1.d1b3f377..., a build that was never
 * published to npm, and ships that exact .wasm inside its own package (build/). We prefer it so
 * migrations come from the very engine `prisma migrate dev` would run; the newer published
 * package (same wasm-bindgen interface) provides the JS glue and is the fallback.
 */
function instantiate(pkgDir: string, glue: object): WebAssembly.Instance {
  const candidates = [
    join(dirname(require.resolve('prisma/package.json')), 'build', 'schema_engine_bg.wasm'),
    join(pkgDir, 'schema_engine_bg.wasm'),
  ];
  let lastError: unknown;
  for (const file of candidates) {
    if (!existsSync(file)) continue;
    try {
      const module = new WebAssembly.Module(readFileSync(file));
      return new WebAssembly.Instance(module, { './schema_engine_bg.js': glue as never });
    } catch (err) {
      // A LinkError means this wasm was built for different glue: try the next one.
      lastError = err;
    }
  }
  throw new Error('No usable schema_engine_bg.wasm found', { cause: lastError });
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

const PG_CHAR_OID = 18; // PostgreSQL's internal one-byte "char" (pg_constraint.contype, ...)
const PG_TEXT_OID = 25;
const patchedQueryables = new WeakSet<object>();

/**
 * The schema engine's PostgreSQL describer reads catalog columns of type "char", which
 * @prisma/adapter-pg 7.10 does not map ("Column type 'char' could not be deserialized from the
 * database"; Prisma 6 had the same bug with `name`). The value already arrives as a one-letter
 * string, so we relabel those result columns as text before the adapter types them. Only the
 * pools this module creates for the engine are touched; the application's client is not.
 */
function patchInternalCharColumns(pool: Pool): void {
  type Queryable = { query: (...args: unknown[]) => unknown };
  const relabel = (result: unknown): unknown => {
    const fields = (result as { fields?: { dataTypeID: number }[] } | undefined)?.fields;
    for (const f of fields ?? []) if (f.dataTypeID === PG_CHAR_OID) f.dataTypeID = PG_TEXT_OID;
    return result;
  };
  const patchQuery = (q: Queryable): void => {
    if (patchedQueryables.has(q)) return;
    patchedQueryables.add(q);
    const query = q.query.bind(q);
    q.query = (...args: unknown[]) => {
      const out = query(...args);
      return out instanceof Promise ? out.then(relabel) : out;
    };
  };
  patchQuery(pool as unknown as Queryable);
  if (patchedQueryables.has(pool.connect)) return;
  const connect = pool.connect.bind(pool) as () => Promise<PoolClient>;
  const patchedConnect = async () => {
    const client = await connect();
    patchQuery(client as unknown as Queryable);
    return client;
  };
  patchedQueryables.add(patchedConnect);
  (pool as unknown as { connect: unknown }).connect = patchedConnect;
}


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
    patchInternalCharColumns(adapter.underlyingDriver());
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

export type CreatedMigration = { name: string; dir: string; script: string };

/**
 * What `prisma migrate dev --create-only --name <name>` does: the engine replays the existing
 * migrations in a throw-away shadow database on the server of `databaseUrl` (created and dropped
 * through the adapter), diffs that against schema.prisma and we write the SQL in Prisma's layout
 * (`<UTC yyyyMMddHHmmss>_<name>/migration.sql`, migration_lock.toml). The wasm engine's own
 * createMigration cannot reach a shadow database, its `diff` can. Returns null when nothing
 * changed. The main database is not touched.
 */
export async function createMigration(
  databaseUrl: string,
  name: string,
  opts: { migrationsDir?: string; schemaPath?: string; now?: Date } = {},
): Promise<CreatedMigration | null> {
  const migrationsDir = opts.migrationsDir ?? MIGRATIONS_DIR;
  const schemaPath = opts.schemaPath ?? SCHEMA_PATH;
  // The engine wants a lock file with the migrations; the first migration starts from nothing.
  const from: DiffSource =
    listMigrations(migrationsDir).length === 0
      ? { kind: 'empty' }
      : { kind: 'migrations', dir: migrationsDir };
  const script = await diffSchemas(
    databaseUrl,
    from,
    { kind: 'schema', content: readFileSync(schemaPath, 'utf8'), path: schemaPath },
  );
  if (script === '') return null;
  const stamp = (opts.now ?? new Date()).toISOString().replace(/[-:T]/g, '').slice(0, 14);
  const folder = `${stamp}_${name}`;
  const dir = join(migrationsDir, folder);
  if (existsSync(dir)) throw new Error(`The migration directory already exists at ${dir}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'migration.sql'), script, 'utf8');
  // The same text Prisma writes (it rewrites the file with every new migration).
  writeFileSync(
    join(migrationsDir, 'migration_lock.toml'),
    '# Please do not edit this file manually\n' +
      '# It should be added in your version-control system (e.g., Git)\n' +
      'provider = "postgresql"\n',
    'utf8',
  );
  return { name: folder, dir, script };
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
    // Prisma orders by localeCompare of the folder names.
    .sort((a, b) => a.localeCompare(b))
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
