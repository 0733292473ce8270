import { randomUUID } from 'node:crypto';
import { Client } from 'pg';

/** The test stack's database URL (test/global-setup.ts puts it in process.env). */
export function testDatabaseUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set (test/global-setup.ts provides it)');
  return url;
}

export interface ScratchDatabase {
  /** Connection URL of the new, empty database (same server and credentials as baseUrl). */
  url: string;
  /** Drops the database, closing any connections still open to it. */
  drop(): Promise<void>;
}

/**
 * Creates an empty database on the server of `baseUrl` (e.g. the test stack's DATABASE_URL),
 * for tests that need isolation from the shared, migrated and seeded test database.
 */
export async function createScratchDatabase(baseUrl: string): Promise<ScratchDatabase> {
  const name = `scratch_${randomUUID().replace(/-/g, '')}`;
  await withAdmin(baseUrl, (admin) => admin.query(`CREATE DATABASE "${name}"`));
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  let dropped = false;
  return {
    url: url.toString(),
    async drop() {
      if (dropped) return;
      dropped = true;
      // WITH (FORCE) (PostgreSQL 13+) so that a pool a test forgot to close cannot block it.
      await withAdmin(baseUrl, (admin) => admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    },
  };
}

/**
 * How many e-mails the system recorded for sending to `address` (the mailer records each one before
 * it goes to SMTP): to show that nothing was sent, without waiting for something not to arrive.
 */
export async function recordedEmailsTo(address: string): Promise<number> {
  const { rows } = await withAdmin(testDatabaseUrl(), (client) => client.query<{ count: string }>('SELECT count(*) FROM email_messages WHERE recipient = $1', [address]));
  return Number(rows[0]?.count ?? 0);
}

async function withAdmin<T>(baseUrl: string, fn: (admin: Client) => Promise<T>): Promise<T> {
  const admin = new Client({ connectionString: baseUrl });
  await admin.connect();
  try {
    return await fn(admin);
  } finally {
    await admin.end();
  }
}
