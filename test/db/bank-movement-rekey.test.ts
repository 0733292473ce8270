/**
 * The migration that gives every bank movement one identity (`bank:<account>:<movement id>`)
 * re-keys what earlier imports stored under format-specific keys, in bank_transactions and in
 * the payments recorded from them, and keeps the unique keys where the same transaction was
 * already imported in both formats.
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { applyMigrations, listMigrations, MIGRATIONS_DIR } from '../../prisma/migrate';
import { createScratchDatabase, testDatabaseUrl, type ScratchDatabase } from '../helpers/db';

const REKEY = '20261201110000_bank_identity_cod_payouts';

describe('migration: one identity per bank movement', () => {
  let scratch: ScratchDatabase;
  let dir: string;

  beforeAll(async () => {
    scratch = await createScratchDatabase(testDatabaseUrl());
    dir = mkdtempSync(join(tmpdir(), 'rekey-'));
    cpSync(MIGRATIONS_DIR, dir, { recursive: true });
    const names = listMigrations().map((m) => m.name);
    // The database as it was before the migration: every migration up to it.
    for (const name of names.slice(names.indexOf(REKEY))) rmSync(join(dir, name), { recursive: true });
    await applyMigrations(scratch.url, undefined, dir);
  });

  afterAll(async () => {
    await scratch?.drop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('re-keys fio: and dated gpc: keys in transactions and payments; a twice-imported transaction keeps its older row', async () => {
    const client = new Client({ connectionString: scratch.url });
    await client.connect();
    try {
      await client.query(`INSERT INTO organizations (id, name, ico, street, city, postal_code, contact_email, trial_ends_at, updated_at)
        VALUES ('00000000-0000-4000-8000-000000000001', 'Test s.r.o.', '12345678', 'Dlouhá 1', 'Brno', '60200', 'rekey@test.example', now(), now())`);
      await client.query(`INSERT INTO bank_statement_imports (id, format, account_number, file_sha256, imported_by, entry_count, new_entry_count)
        VALUES ('00000000-0000-4000-8000-000000000002', 'GPC', '2800000000', 'x', 'test', 4, 4)`);
      const rows: [string, string, string][] = [
        // [movement id, created at, payment?]
        ['fio:2800000000:26962199069', '2026-11-20T10:00:00Z', 'yes'],
        ['gpc:2800000000:2026-11-20:26962199069', '2026-11-21T10:00:00Z', 'yes'], // the same transaction, imported again from GPC
        ['gpc:2800000000:2026-11-21:26962199070', '2026-11-21T10:00:00Z', 'yes'],
        ['gpc:2800000000:2026-11-21:1000:123:19-1/0800:1', '2026-11-21T10:00:00Z', 'no'], // no document number: a content key
      ];
      for (const [i, [movementId, createdAt, paid]] of rows.entries()) {
        let paymentId: string | null = null;
        if (paid === 'yes') {
          paymentId = `00000000-0000-4000-8000-00000000010${i}`;
          await client.query(`INSERT INTO payments (id, external_id, source, organization_id, amount_halere, received_on, recorded_by)
            VALUES ($1, $2, 'BANK_IMPORT', '00000000-0000-4000-8000-000000000001', 1000, '2026-11-20', 'test')`, [paymentId, movementId]);
        }
        await client.query(`INSERT INTO bank_transactions (id, movement_id, import_id, account_number, booked_on, amount_halere, status, payment_id, created_at, updated_at)
          VALUES ($1, $2, '00000000-0000-4000-8000-000000000002', '2800000000', '2026-11-20', 1000, 'MATCHED', $3, $4, now())`, [`00000000-0000-4000-8000-00000000020${i}`, movementId, paymentId, createdAt]);
      }

      expect(await applyMigrations(scratch.url)).toEqual([REKEY, ...listMigrations().map((m) => m.name).slice(listMigrations().findIndex((m) => m.name === REKEY) + 1)]);

      const transactions = (await client.query<{ id: string; movement_id: string }>('SELECT id, movement_id FROM bank_transactions ORDER BY id')).rows.map((r) => r.movement_id);
      expect(transactions).toEqual([
        'bank:2800000000:26962199069',
        'gpc:2800000000:2026-11-20:26962199069',
        'bank:2800000000:26962199070',
        'gpc:2800000000:2026-11-21:1000:123:19-1/0800:1',
      ]);
      const payments = (await client.query<{ external_id: string }>('SELECT external_id FROM payments ORDER BY id')).rows.map((r) => r.external_id);
      expect(payments).toEqual(['bank:2800000000:26962199069', 'gpc:2800000000:2026-11-20:26962199069', 'bank:2800000000:26962199070']);
      expect((await client.query("SELECT to_regclass('_movement_rekey') AS t")).rows[0].t).toBeNull();
    } finally {
      await client.end();
    }
  });
});
