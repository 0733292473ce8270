import { createHash, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { PrismaPg } from '@prisma/adapter-pg';
import { bindMigrationAwareSqlAdapterFactory, ColumnTypeEnum } from '@prisma/driver-adapter-utils';
import type {
  DiffParams,
  MigrationList,
  SchemaEngine as WasmSchemaEngine,
} from '@prisma/schema-engine-wasm' with { 'resolution-mode': 'import' };
import { Client, type PoolClient } from 'pg';

/**
 * Migrations without Prisma's native schema engine.
 *
 * Every `prisma migrate` command needs a native schema-engine binary that the CLI downloads on
 * first use, which is impossible on machines that only reach package registries. The same
 * engine is published as WebAssembly and talks to PostgreSQL through a driver adapter
 * (@prisma/adapter-pg). We run Prisma's own commands in it: `applyMigrations` (so the
 * `_prisma_migrations` bookkeeping is Prisma's, and a native `prisma migrate deploy` later sees
 * the same history) and `diff` (new migrations, and checking a database against schema.prisma).
 * The adapter needs three fixes for that, see TrackedPrismaPg.
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
const panicListeners = new Set<(err: Error) => void>();

/**
 * The npm package is an ES module that imports its .wasm file directly (bundler style), which
 * neither Node without --experimental-wasm-modules nor jest's CommonJS runtime can load. Its JS
 * glue is self-contained wasm-bindgen output, so we evaluate it as a function body and
 * instantiate the wasm ourselves: the same code path under tsx, node and jest.
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
    throw new Error('Unexpected import/export in schema_engine_bg.js; update loadEngineModule');
  }
  // The engine arms a timer for every lock wait (10 s) and never clears it, which would hold a
  // finished process or jest worker open; the glue gets a setTimeout whose timers we can clear.
  const glue = new Function('setTimeout', `${body}\nreturn { ${exported.join(', ')} };`)(
    engineSetTimeout,
  ) as { __wbg_set_wasm(w: unknown): void };

  // The glue reports Rust panics through this global (without it a panic is a TypeError).
  // After a panic the pending engine call never settles and the instance is unusable, so we
  // fail the running calls with the panic message and load a fresh instance next time.
  const g = globalThis as { PRISMA_WASM_PANIC_REGISTRY?: unknown };
  g.PRISMA_WASM_PANIC_REGISTRY = {
    set_message(m: string) {
      engineModule = undefined;
      const err = new Error(`Prisma schema engine (wasm) panicked: ${m}`);
      for (const reject of panicListeners) reject(err);
    },
  };

  const instance = instantiate(pkgDir, glue);
  glue.__wbg_set_wasm(instance.exports);
  (instance.exports.__wbindgen_start as () => void)();
  engineModule = glue as unknown as EngineModule;
  return engineModule;
}

const engineTimers = new Set<NodeJS.Timeout>();
let enginesRunning = 0;

function engineSetTimeout(fn: () => void, ms: number): NodeJS.Timeout {
  const timer = setTimeout(() => {
    engineTimers.delete(timer);
    fn();
  }, ms);
  engineTimers.add(timer);
  return timer;
}

/**
 * prisma 7.10.1 pins @prisma/schema-engine-wasm 8.1.0-1.d1b3f377…, a build that was never
 * published to npm, and ships that exact .wasm in its own package (build/). We prefer it, so
 * migrations come from the very engine `prisma migrate` of the installed CLI runs; the newer
 * published package (same wasm-bindgen interface) provides the JS glue and is the fallback.
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
      // A LinkError means this wasm was built for other glue: try the next one.
      lastError = err;
    }
  }
  throw new Error('No usable schema_engine_bg.wasm found', { cause: lastError });
}

/** Git hash of the schema engine in use (d1b3f377… is the one prisma 7.10.1 was built with). */
export function schemaEngineVersion(): string {
  return loadEngineModule().version();
}

/**
 * Runs `fn` with a wasm schema engine connected to `databaseUrl`. Shadow databases the engine
 * asks for are created and dropped on the same server; every connection is closed afterwards.
 */
export async function withSchemaEngine<T>(
  databaseUrl: string,
  fn: (engine: WasmSchemaEngine) => Promise<T>,
  log?: (msg: string) => void,
): Promise<T> {
  const { SchemaEngine } = loadEngineModule();
  const adapters = new TrackedPrismaPg(databaseUrl);
  enginesRunning++;
  try {
    const engine = await SchemaEngine.new(
      { datamodels: undefined },
      (line: string) => forwardEngineLog(line, log),
      bindMigrationAwareSqlAdapterFactory(adapters),
    );
    let onPanic: ((err: Error) => void) | undefined;
    try {
      const panicked = new Promise<never>((_, reject) => {
        onPanic = reject;
        panicListeners.add(reject);
      });
      return await Promise.race([fn(engine), panicked]);
    } finally {
      if (onPanic) panicListeners.delete(onPanic);
      try {
        engine.free();
      } catch {
        // A panicked instance cannot free anything; it is dropped as a whole.
      }
    }
  } finally {
    await adapters.disposeAll();
    // Engines share one wasm instance: leftover timers are dead only when none is running.
    if (--enginesRunning === 0) {
      for (const timer of engineTimers) clearTimeout(timer);
      engineTimers.clear();
    }
  }
}

/**
 * The engine logs JSON lines, with whole scripts and timings at INFO. We pass on warnings,
 * errors and which migration is being applied, as text.
 */
function forwardEngineLog(line: string, log?: (msg: string) => void): void {
  if (!log) return;
  try {
    const entry = JSON.parse(line) as { level?: string; fields?: { message?: string } };
    const message = entry.fields?.message;
    if (!message) return;
    if (entry.level === 'WARN' || entry.level === 'ERROR' || message.startsWith('Applying ')) {
      log(message);
    }
  } catch {
    log(line);
  }
}

type PgAdapter = Awaited<ReturnType<PrismaPg['connect']>>;

/**
 * @prisma/adapter-pg 7.10 as the schema engine's driver, with three fixes:
 *  1. executeScript splits scripts on every ";" and runs the pieces one by one, so a migration
 *     was neither atomic nor safe with ";" inside literals or function bodies. We send the whole
 *     script as one simple-protocol query, which PostgreSQL runs as one implicit transaction:
 *     what the native engine does.
 *  2. connectToShadowDb builds its pool from `{ connectionString, database }`, and pg lets the
 *     connection string win, so the "shadow" database was the main database and diffs from the
 *     migrations directory replayed every migration into it. We create the shadow database
 *     ourselves and connect to it by URL.
 *  3. The engine's PostgreSQL describer reads catalog columns of the internal type "char", which
 *     the adapter cannot map ("Column type 'char' could not be deserialized from the database";
 *     Prisma 6 had the same bug with `name`). See patchInternalCharColumns.
 * It also remembers every adapter it hands out and closes them at the end: the engine leaves
 * pools open, which keeps a process or a jest worker alive.
 */
class TrackedPrismaPg extends PrismaPg {
  private readonly opened: PgAdapter[] = [];

  constructor(private readonly databaseUrl: string) {
    super({ connectionString: databaseUrl });
  }

  override async connect(): Promise<PgAdapter> {
    return this.track(await super.connect());
  }

  override async connectToShadowDb(): Promise<PgAdapter> {
    const admin = await this.connect();
    const name = `prisma_migrate_shadow_db_${randomUUID()}`;
    await admin.executeScript(`CREATE DATABASE "${name}"`);
    const url = new URL(this.databaseUrl);
    url.pathname = `/${name}`;
    const shadow = this.track(await new PrismaPg({ connectionString: url.toString() }).connect());
    const closeShadow = shadow.dispose;
    shadow.dispose = async () => {
      await closeShadow();
      await admin.executeScript(`DROP DATABASE IF EXISTS "${name}"`);
    };
    return shadow;
  }

  private track(adapter: PgAdapter): PgAdapter {
    const pool = adapter.underlyingDriver();
    patchInternalCharColumns(adapter);
    adapter.executeScript = async (script: string) => {
      try {
        await pool.query(script);
      } catch (err) {
        // The adapter's own error mapping, so the engine reports the database error properly.
        (adapter as unknown as { onError(e: unknown): never }).onError(err);
      }
    };
    const dispose = adapter.dispose.bind(adapter);
    let disposed: Promise<void> | undefined;
    adapter.dispose = () => (disposed ??= dispose());
    this.opened.push(adapter);
    return adapter;
  }

  /** Newest first, so that a shadow database is dropped before its admin connection closes. */
  async disposeAll(): Promise<void> {
    for (const adapter of this.opened.reverse()) {
      await adapter.dispose().catch(() => {});
    }
    this.opened.length = 0;
  }
}

const PG_CHAR_OID = 18; // PostgreSQL's internal one-byte "char" (pg_constraint.contype, ...)
const PG_TEXT_OID = 25;
/** Set on a result's rows array: the indices of the columns that were "char". */
const CHAR_COLUMNS = Symbol('charColumns');
const patched = new WeakSet<object>();

type RowsWithCharColumns = unknown[] & { [CHAR_COLUMNS]?: number[] };
type RawQueryable = {
  queryRaw(query: unknown): Promise<{ columnTypes: number[]; rows: RowsWithCharColumns }>;
};

/**
 * The adapter throws on "char" columns before anything reaches the engine. At the pg level we
 * relabel them as text (the value already is a one-letter string) and note their positions on
 * the rows array, which queryRaw passes through; the wrapped queryRaw then types them as
 * Character, the type the engine's describer reads them as (e.g. PostgreSQL 18's NOT NULL
 * constraints have contype 'n'). Only pools this module creates for the engine are touched.
 */
function patchInternalCharColumns(adapter: PgAdapter): void {
  const pool = adapter.underlyingDriver();
  type Queryable = { query: (...args: unknown[]) => unknown };
  type ConnectCallback = (err: Error | undefined, client: PoolClient | undefined, done: unknown) => void;
  const relabel = (result: unknown): unknown => {
    const r = result as { fields?: { dataTypeID: number }[]; rows?: RowsWithCharColumns } | undefined;
    const charColumns: number[] = [];
    r?.fields?.forEach((f, i) => {
      if (f.dataTypeID === PG_CHAR_OID) {
        f.dataTypeID = PG_TEXT_OID;
        charColumns.push(i);
      }
    });
    if (charColumns.length > 0 && r?.rows) r.rows[CHAR_COLUMNS] = charColumns;
    return result;
  };
  const patchQuery = (q: Queryable): void => {
    if (patched.has(q)) return;
    patched.add(q);
    const query = q.query.bind(q);
    q.query = (...args: unknown[]) => {
      const out = query(...args);
      return out instanceof Promise ? out.then(relabel) : out;
    };
  };
  const patchQueryRaw = (q: RawQueryable): void => {
    const queryRaw = q.queryRaw.bind(q);
    q.queryRaw = async (query) => {
      const result = await queryRaw(query);
      for (const i of result.rows[CHAR_COLUMNS] ?? []) result.columnTypes[i] = ColumnTypeEnum.Character;
      return result;
    };
  };

  patchQuery(pool as unknown as Queryable);
  // Transactions run on clients from pool.connect(); pg's own Pool.query calls connect() with a
  // callback, so both forms must keep working.
  if (!patched.has(pool.connect)) {
    const connect = pool.connect.bind(pool) as (cb?: ConnectCallback) => Promise<PoolClient> | void;
    const patchedConnect = (cb?: ConnectCallback) => {
      if (typeof cb === 'function') {
        return connect((err, client, done) => {
          if (client) patchQuery(client as unknown as Queryable);
          cb(err, client, done);
        });
      }
      return (connect() as Promise<PoolClient>).then((client) => {
        patchQuery(client as unknown as Queryable);
        return client;
      });
    };
    patched.add(patchedConnect);
    (pool as unknown as { connect: unknown }).connect = patchedConnect;
  }

  patchQueryRaw(adapter as unknown as RawQueryable);
  const startTransaction = adapter.startTransaction.bind(adapter);
  adapter.startTransaction = async (...args) => {
    const tx = await startTransaction(...args);
    patchQueryRaw(tx as unknown as RawQueryable);
    return tx;
  };
}

// ---------------------------------------------------------------------------------------------
// The migrations directory
// ---------------------------------------------------------------------------------------------

export type MigrationOnDisk = { name: string; script: string; checksum: string };

/** Migration folders in the order Prisma applies them (localeCompare of the folder names). */
export function listMigrations(migrationsDir: string = MIGRATIONS_DIR): MigrationOnDisk[] {
  if (!existsSync(migrationsDir)) return [];
  return readdirSync(migrationsDir)
    .filter((name) => statSync(join(migrationsDir, name)).isDirectory())
    .filter((name) => existsSync(join(migrationsDir, name, 'migration.sql')))
    .sort((a, b) => a.localeCompare(b))
    .map((name) => {
      const script = readFileSync(join(migrationsDir, name, 'migration.sql'), 'utf8');
      return { name, script, checksum: migrationChecksum(script) };
    });
}

/** Prisma's checksum of a migration: SHA-256 (hex) of the migration.sql bytes. */
export function migrationChecksum(script: string): string {
  return createHash('sha256').update(script, 'utf8').digest('hex');
}

/** The migrations directory in the shape the Prisma CLI hands it to the schema engine. */
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
      migrationFile: { path: 'migration.sql', content: { tag: 'ok', value: m.script } },
    })),
  };
}

// ---------------------------------------------------------------------------------------------
// Applying migrations
// ---------------------------------------------------------------------------------------------

const NO_FILTER = { externalTables: [], externalEnums: [] };

// Our own lock, on a dedicated session, so that two processes of this app starting at once
// migrate one after the other. It must differ from Prisma's 72707369, which the engine takes
// itself on one of its pooled connections (that keeps a native `prisma migrate deploy` out).
const APP_MIGRATION_LOCK_KEY = 72707370;

/**
 * `prisma migrate deploy`: applies the pending migrations of the migrations directory in order,
 * each as one transaction, and records them in `_prisma_migrations` (Prisma's own code does
 * that, in the wasm engine). Fails, as Prisma does, when an earlier migration failed.
 * Returns the names applied by this call (empty when the database was up to date).
 */
export async function applyMigrations(
  databaseUrl: string,
  log?: (msg: string) => void,
  migrationsDir: string = MIGRATIONS_DIR,
): Promise<string[]> {
  const lock = new Client({ connectionString: databaseUrl });
  await lock.connect();
  try {
    await lock.query('SELECT pg_advisory_lock($1)', [APP_MIGRATION_LOCK_KEY]);
    const { appliedMigrationNames } = await withSchemaEngine(
      databaseUrl,
      (engine) =>
        engine.applyMigrations({ migrationsList: readMigrationList(migrationsDir), filters: NO_FILTER }),
      log,
    );
    log?.(
      appliedMigrationNames.length === 0
        ? 'no pending migrations'
        : `applied ${appliedMigrationNames.length} migration(s): ${appliedMigrationNames.join(', ')}`,
    );
    return appliedMigrationNames;
  } finally {
    // Closing the session releases the advisory lock too; unlock first to be explicit.
    await lock.query('SELECT pg_advisory_unlock($1)', [APP_MIGRATION_LOCK_KEY]).catch(() => {});
    await lock.end();
  }
}

// ---------------------------------------------------------------------------------------------
// Diffs and new migrations
// ---------------------------------------------------------------------------------------------

export type DiffSource =
  | { kind: 'empty' }
  /** A Prisma schema text (defaults to prisma/schema.prisma's path for messages). */
  | { kind: 'schema'; content: string; path?: string }
  /** The live database at the `databaseUrl` given to diffSchemas. */
  | { kind: 'database' }
  /** The schema that results from replaying the migrations (in a shadow database). */
  | { kind: 'migrations'; dir?: string };

/**
 * What `prisma migrate diff --script` prints to turn `from` into `to`, or '' when there is no
 * difference. With `script: false`, Prisma's human-readable summary instead of SQL.
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
      exitCode: true, // exitCode 2 = "there is a difference"
      filters: NO_FILTER,
    });
    return result.exitCode === 0 ? '' : (result.stdout ?? '');
  });
}

function toDiffTarget(src: DiffSource): DiffParams['from'] {
  switch (src.kind) {
    case 'empty':
      return { tag: 'empty' };
    case 'schema':
      return {
        tag: 'schemaDatamodel',
        files: [{ path: src.path ?? SCHEMA_PATH, content: src.content }],
      };
    case 'database':
      // Prisma 7 dropped --from-url; the engine's own connection is "the config datasource".
      return {
        tag: 'schemaDatasource',
        files: [{ path: SCHEMA_PATH, content: readFileSync(SCHEMA_PATH, 'utf8') }],
        configDir: PRISMA_DIR,
      };
    case 'migrations':
      return { tag: 'migrations', ...readMigrationList(src.dir) };
  }
}

export type CreatedMigration = { name: string; dir: string; script: string };

/**
 * What `prisma migrate dev --create-only --name <name>` does: the engine replays the existing
 * migrations in a throw-away shadow database on the server of `databaseUrl`, diffs that with
 * schema.prisma, and we write the SQL in Prisma's layout (`<UTC yyyyMMddHHmmss>_<name>/
 * migration.sql` plus migration_lock.toml). The wasm engine's createMigration cannot reach a
 * shadow database; its diff can. Returns null when nothing changed. The main database is not
 * touched.
 */
export async function createMigration(
  databaseUrl: string,
  name: string,
  opts: { migrationsDir?: string; schemaPath?: string; now?: Date } = {},
): Promise<CreatedMigration | null> {
  const migrationsDir = opts.migrationsDir ?? MIGRATIONS_DIR;
  const schemaPath = opts.schemaPath ?? SCHEMA_PATH;
  // The engine wants a lock file with migrations; the first migration starts from nothing.
  const from: DiffSource =
    listMigrations(migrationsDir).length === 0
      ? { kind: 'empty' }
      : { kind: 'migrations', dir: migrationsDir };
  const script = await diffSchemas(databaseUrl, from, {
    kind: 'schema',
    content: readFileSync(schemaPath, 'utf8'),
    path: schemaPath,
  });
  if (script === '') return null;
  const stamp = (opts.now ?? new Date()).toISOString().replace(/[-:T]/g, '').slice(0, 14);
  const folder = `${stamp}_${name}`;
  const dir = join(migrationsDir, folder);
  if (existsSync(dir)) throw new Error(`The migration directory already exists at ${dir}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'migration.sql'), script, 'utf8');
  // The text Prisma writes (it rewrites the file with every new migration).
  writeFileSync(
    join(migrationsDir, 'migration_lock.toml'),
    '# Please do not edit this file manually\n' +
      '# It should be added in your version-control system (e.g., Git)\n' +
      'provider = "postgresql"\n',
    'utf8',
  );
  return { name: folder, dir, script };
}
