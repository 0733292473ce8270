/**
 * The migrations in prisma/migrations, applied to an empty database, must give exactly the
 * schema that prisma/schema.prisma describes: Prisma's schema engine diffs the migrated
 * database against the schema file, and the diff must be empty. The negative cases prove the
 * check would catch a schema edited without a migration (and the reverse).
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  applyMigrations,
  createMigration,
  diffSchemas,
  listMigrations,
  MIGRATIONS_DIR,
  SCHEMA_PATH,
  withSchemaEngine,
} from '../../prisma/migrate';
import { Client } from 'pg';
import { createScratchDatabase, testDatabaseUrl, type ScratchDatabase } from '../helpers/db';

const baseUrl = testDatabaseUrl();

const schema = readFileSync(SCHEMA_PATH, 'utf8');

/** Replaces exactly one occurrence, so a schema edit cannot silently stop matching. */
function editSchema(from: string, to: string): string {
  const count = schema.split(from).length - 1;
  if (count !== 1) throw new Error(`expected one "${from}" in schema.prisma, found ${count}`);
  return schema.replace(from, to);
}

describe('prisma/migrations vs prisma/schema.prisma', () => {
  let scratch: ScratchDatabase;

  beforeAll(async () => {
    scratch = await createScratchDatabase(baseUrl);
    const applied = await applyMigrations(scratch.url);
    expect(applied).toEqual(listMigrations().map((m) => m.name));
    expect(applied.length).toBeGreaterThan(0);
  });

  afterAll(async () => {
    await scratch?.drop();
  });

  it('the migrated database matches schema.prisma exactly (empty diff)', async () => {
    const sql = await diffSchemas(scratch.url, { kind: 'database' }, { kind: 'schema', content: schema });
    expect(sql).toBe('');
    // And the other way round, in case one direction ever ignored something.
    const reverse = await diffSchemas(scratch.url, { kind: 'schema', content: schema }, { kind: 'database' });
    expect(reverse).toBe('');
  });

  it('sees a column made optional in the schema only', async () => {
    const changed = editSchema(
      'passwordHash       String          @map("password_hash")',
      'passwordHash       String?         @map("password_hash")',
    );
    const sql = await diffSchemas(scratch.url, { kind: 'database' }, { kind: 'schema', content: changed });
    expect(sql).toContain('ALTER TABLE "users" ALTER COLUMN "password_hash" DROP NOT NULL');
  });

  it('sees a field removed, a unique constraint dropped and an index added', async () => {
    const changed = editSchema('  trackingNumber     String?       @map("tracking_number")\n', '')
      .replace('sku            String      @unique', 'sku            String')
      .replace('  @@index([orderId])\n  @@map("payments")', '  @@index([orderId])\n  @@index([receivedOn])\n  @@map("payments")');
    expect(changed).not.toBe(schema);
    const sql = await diffSchemas(scratch.url, { kind: 'database' }, { kind: 'schema', content: changed });
    expect(sql).toContain('DROP COLUMN "tracking_number"');
    expect(sql).toContain('DROP INDEX "products_sku_key"');
    expect(sql).toContain('CREATE INDEX "payments_received_on_idx" ON "payments"("received_on")');
  });

  it('sees a changed type, default and foreign-key action', async () => {
    const changed = editSchema('usedSeconds    Int           @default(0)', 'usedSeconds    BigInt        @default(0)')
      .replace('vatRatePercent Int         @default(21)', 'vatRatePercent Int         @default(12)')
      .replace(
        'ticket       SupportTicket @relation(fields: [ticketId], references: [id], onDelete: Cascade)',
        'ticket       SupportTicket @relation(fields: [ticketId], references: [id], onDelete: Restrict)',
      );
    const summary = await diffSchemas(
      scratch.url,
      { kind: 'database' },
      { kind: 'schema', content: changed },
      { script: false },
    );
    expect(summary).toMatch(/Altered column `used_seconds` \(type changed\)/);
    expect(summary).toMatch(/Altered column `vat_rate_percent` \(default changed from .*21.* to .*12/);
    expect(summary).toMatch(/Changed the `support_calls` table\n\s+\[-\] Removed foreign key on columns \(ticket_id\)/);
    const sql = await diffSchemas(scratch.url, { kind: 'database' }, { kind: 'schema', content: changed });
    expect(sql).toContain(
      'ALTER TABLE "support_calls" ADD CONSTRAINT "support_calls_ticket_id_fkey" FOREIGN KEY ("ticket_id") REFERENCES "support_tickets"("id") ON DELETE RESTRICT',
    );
    expect(sql).toContain('ALTER COLUMN "used_seconds" SET DATA TYPE BIGINT');
  });

  it('a migration that is missing a change makes the diff non-empty (and the next migration fixes it)', async () => {
    // Copy the migrations, write a schema with one new column, and let createMigration produce
    // the follow-up migration the way `npm run db:new-migration` would.
    const dir = mkdtempSync(join(tmpdir(), 'atime-migrations-'));
    try {
      cpSync(MIGRATIONS_DIR, join(dir, 'migrations'), { recursive: true });
      const schemaPath = join(dir, 'schema.prisma');
      const changed = editSchema('  phone          String?\n', '  phone          String?\n  website        String?\n');
      writeFileSync(schemaPath, changed);

      const migrationsDir = join(dir, 'migrations');
      const stale = await diffSchemas(
        scratch.url,
        { kind: 'migrations', dir: migrationsDir },
        { kind: 'schema', content: changed, path: schemaPath },
      );
      expect(stale).toContain('ALTER TABLE "organizations" ADD COLUMN     "website" TEXT');

      const created = await createMigration(scratch.url, 'add_website', {
        migrationsDir,
        schemaPath,
        now: new Date('2099-01-02T03:04:05Z'),
      });
      expect(created?.name).toBe('20990102030405_add_website');
      expect(readFileSync(join(migrationsDir, '20990102030405_add_website', 'migration.sql'), 'utf8')).toBe(
        created?.script,
      );
      const after = await diffSchemas(
        scratch.url,
        { kind: 'migrations', dir: migrationsDir },
        { kind: 'schema', content: changed, path: schemaPath },
      );
      expect(after).toBe('');
      // Nothing more to generate once the migration exists.
      expect(await createMigration(scratch.url, 'again', { migrationsDir, schemaPath })).toBeNull();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('diffing from the migrations directory leaves the real database alone', async () => {
    // The engine replays migrations into a temporary shadow database, never into scratch.url.
    const client = new Client({ connectionString: scratch.url });
    await client.connect();
    try {
      const before = await client.query('SELECT count(*)::int AS n FROM "_prisma_migrations"');
      await diffSchemas(scratch.url, { kind: 'migrations' }, { kind: 'schema', content: schema });
      const afterRows = await client.query('SELECT count(*)::int AS n FROM "_prisma_migrations"');
      expect(afterRows.rows[0]).toEqual(before.rows[0]);
      const shadows = await client.query(
        "SELECT datname FROM pg_database WHERE datname LIKE 'prisma_migrate_shadow_db_%'",
      );
      expect(shadows.rows).toEqual([]);
    } finally {
      await client.end();
    }
  });

  it('a panic inside the wasm engine fails the call, and the next call gets a fresh engine', async () => {
    await expect(
      withSchemaEngine(scratch.url, async (engine) => {
        engine.debugPanic();
      }),
    ).rejects.toThrow(/unreachable|panicked/);
    const sql = await diffSchemas(scratch.url, { kind: 'database' }, { kind: 'schema', content: schema });
    expect(sql).toBe('');
  });
});
