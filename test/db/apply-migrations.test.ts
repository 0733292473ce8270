/**
 * applyMigrations (prisma/migrate.ts) is `prisma migrate deploy` without the native engine:
 * idempotent, safe when two processes start at once, and it leaves `_prisma_migrations`
 * exactly as Prisma does, so a native `prisma migrate deploy` would find nothing to do.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { applyMigrations, listMigrations, MIGRATIONS_DIR } from '../../prisma/migrate';
import { createScratchDatabase, testDatabaseUrl, type ScratchDatabase } from '../helpers/db';

const baseUrl = testDatabaseUrl();

async function query<T extends object>(url: string, sql: string): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

interface MigrationRow {
  id: string;
  checksum: string;
  finished_at: Date | null;
  migration_name: string;
  logs: string | null;
  rolled_back_at: Date | null;
  started_at: Date;
  applied_steps_count: number;
}

describe('applyMigrations', () => {
  const scratches: ScratchDatabase[] = [];
  const tempDirs: string[] = [];
  async function scratch(): Promise<ScratchDatabase> {
    const db = await createScratchDatabase(baseUrl);
    scratches.push(db);
    return db;
  }

  afterAll(async () => {
    for (const db of scratches) await db.drop();
    for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
  });

  it('applies every migration once; a second call applies nothing', async () => {
    const db = await scratch();
    const names = listMigrations().map((m) => m.name);
    const logs: string[] = [];
    expect(await applyMigrations(db.url, (m) => logs.push(m))).toEqual(names);
    expect(logs.some((l) => l.includes(`Applying \`${names[0]}\``))).toBe(true);
    expect(await applyMigrations(db.url)).toEqual([]);
    const rows = await query<MigrationRow>(db.url, 'SELECT * FROM "_prisma_migrations"');
    expect(rows.map((r) => r.migration_name).sort()).toEqual(names);
  });

  it('records rows the way Prisma does (checksum = sha256 of migration.sql)', async () => {
    const db = await scratch();
    await applyMigrations(db.url);
    const rows = await query<MigrationRow>(db.url, 'SELECT * FROM "_prisma_migrations" ORDER BY started_at');
    const onDisk = listMigrations();
    expect(rows).toHaveLength(onDisk.length);
    rows.forEach((row, i) => {
      const file = readFileSync(join(MIGRATIONS_DIR, onDisk[i]!.name, 'migration.sql'));
      expect(row).toEqual({
        id: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/),
        checksum: createHash('sha256').update(file).digest('hex'),
        finished_at: expect.any(Date),
        migration_name: onDisk[i]!.name,
        logs: null,
        rolled_back_at: null,
        started_at: expect.any(Date),
        applied_steps_count: 1,
      });
      expect(row.finished_at!.getTime()).toBeGreaterThanOrEqual(row.started_at.getTime());
    });

    // The table itself is Prisma's: same columns, types and nullability.
    const columns = await query<{ column_name: string; type: string; nullable: string }>(
      db.url,
      `SELECT column_name, format_type(atttypid, atttypmod) AS type, is_nullable AS nullable
         FROM information_schema.columns
         JOIN pg_attribute ON attrelid = '"_prisma_migrations"'::regclass AND attname = column_name
        WHERE table_name = '_prisma_migrations' ORDER BY ordinal_position`,
    );
    expect(columns).toEqual([
      { column_name: 'id', type: 'character varying(36)', nullable: 'NO' },
      { column_name: 'checksum', type: 'character varying(64)', nullable: 'NO' },
      { column_name: 'finished_at', type: 'timestamp with time zone', nullable: 'YES' },
      { column_name: 'migration_name', type: 'character varying(255)', nullable: 'NO' },
      { column_name: 'logs', type: 'text', nullable: 'YES' },
      { column_name: 'rolled_back_at', type: 'timestamp with time zone', nullable: 'YES' },
      { column_name: 'started_at', type: 'timestamp with time zone', nullable: 'NO' },
      { column_name: 'applied_steps_count', type: 'integer', nullable: 'NO' },
    ]);
  });

  it('two processes starting at once: one migrates, the other finds nothing to do', async () => {
    const db = await scratch();
    const [a, b] = await Promise.all([applyMigrations(db.url), applyMigrations(db.url)]);
    const names = listMigrations().map((m) => m.name);
    expect([a, b].sort((x, y) => y.length - x.length)).toEqual([names, []]);
    const rows = await query<{ n: number }>(db.url, 'SELECT count(*)::int AS n FROM "_prisma_migrations"');
    expect(rows[0]!.n).toBe(names.length);
  });

  it('a failing migration is rolled back whole, recorded as failed, and blocks later runs', async () => {
    const db = await scratch();
    const dir = mkdtempSync(join(tmpdir(), 'atime-migrations-'));
    tempDirs.push(dir);
    cpSync(MIGRATIONS_DIR, dir, { recursive: true });
    // The ";" inside the literal also checks that scripts are not split on semicolons.
    const broken = '20990101000000_broken';
    mkdirSync(join(dir, broken));
    writeFileSync(
      join(dir, broken, 'migration.sql'),
      // The server logs this ERROR line: it is expected.
      `CREATE TABLE "half_done" ("note" TEXT DEFAULT 'a;b');\n` +
        `DO $$ BEGIN RAISE EXCEPTION 'intentional failure of a test migration'; END $$;\n`,
    );

    await expect(applyMigrations(db.url, undefined, dir)).rejects.toThrow(/intentional failure of a test migration/);
    const rows = await query<MigrationRow>(
      db.url,
      `SELECT * FROM "_prisma_migrations" WHERE migration_name = '${broken}'`,
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]!.finished_at).toBeNull();
    expect(rows[0]!.applied_steps_count).toBe(0);
    expect(rows[0]!.logs).toMatch(/intentional failure of a test migration/);
    // One transaction per migration: the table created before the error is gone.
    const tables = await query(db.url, "SELECT 1 FROM pg_tables WHERE tablename = 'half_done'");
    expect(tables).toEqual([]);

    // Like `prisma migrate deploy` (P3009): nothing more until the failure is resolved.
    await expect(applyMigrations(db.url, undefined, dir)).rejects.toThrow(/failed/i);
  });

  it('a migration with ";" inside literals is applied intact', async () => {
    const db = await scratch();
    const dir = mkdtempSync(join(tmpdir(), 'atime-migrations-'));
    tempDirs.push(dir);
    cpSync(MIGRATIONS_DIR, dir, { recursive: true });
    const name = '20990101000000_semicolons';
    mkdirSync(join(dir, name));
    writeFileSync(
      join(dir, name, 'migration.sql'),
      `CREATE TABLE "notes" ("text" TEXT NOT NULL DEFAULT 'one; two');\n` +
        `INSERT INTO "notes" DEFAULT VALUES;\n` +
        `CREATE FUNCTION "notes_count"() RETURNS bigint LANGUAGE sql AS $$ SELECT count(*) FROM "notes"; $$;\n`,
    );
    expect(await applyMigrations(db.url, undefined, dir)).toContain(name);
    const rows = await query<{ text: string; n: string }>(db.url, 'SELECT "text", "notes_count"()::text AS n FROM "notes"');
    expect(rows).toEqual([{ text: 'one; two', n: '1' }]);
  });
});
