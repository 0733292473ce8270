/**
 * `tsx scripts/db-migrate.ts [--seed]`: applies the pending migrations in prisma/migrations to
 * DATABASE_URL (default: the dev database), like `prisma migrate deploy` but with the
 * WebAssembly schema engine; `--seed` then upserts the sample catalogue.
 */
import { createPrismaClient } from '../infra/db';
import { loadConfig } from '../infra/config';
import { applyMigrations } from '../prisma/migrate';
import { seedCatalogue } from '../prisma/seed';

async function main(): Promise<void> {
  const { DATABASE_URL } = loadConfig();
  // applyMigrations logs each migration it applies and the summary.
  await applyMigrations(DATABASE_URL, (msg) => console.log(msg));
  if (process.argv.includes('--seed')) {
    const db = createPrismaClient(DATABASE_URL);
    try {
      await seedCatalogue(db);
      console.log('catalogue seeded');
    } finally {
      await db.$disconnect();
    }
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
