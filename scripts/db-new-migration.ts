/**
 * `npm run db:new-migration -- <name>` (or `tsx scripts/db-new-migration.ts <name>`):
 * writes prisma/migrations/<timestamp>_<name>/migration.sql for the changes in schema.prisma
 * since the last migration, like `prisma migrate dev --create-only`, but with the WebAssembly
 * schema engine (the native one cannot be downloaded here).
 *
 * Needs a reachable PostgreSQL server (DATABASE_URL, default: the dev database): the engine
 * replays the existing migrations in a temporary shadow database there. The main database is
 * not changed; apply the new migration with `tsx scripts/db-migrate.ts`.
 */
import { loadConfig } from '../infra/config';
import { createMigration } from '../prisma/migrate';

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  
  const name = args.find((a) => !a.startsWith('--'));
  if (!name || !/^[a-z0-9_]+$/.test(name)) {
    console.error('usage: tsx scripts/db-new-migration.ts <name_in_snake_case>');
    process.exit(2);
  }
  const created = await createMigration(loadConfig().DATABASE_URL, name);
  if (!created) {
    console.log('schema.prisma matches the migrations: no new migration needed');
    return;
  }
  console.log(`created ${created.dir}/migration.sql`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
