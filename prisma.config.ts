import { defineConfig } from 'prisma/config';

/**
 * Prisma 7 configuration: the datasource URL lives here, not in schema.prisma.
 * The default is the embedded development PostgreSQL that `npm run dev` starts.
 * `migrations.seed` lets a machine with the native engine run `prisma db seed` as usual.
 */
export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: {
    path: 'prisma/migrations',
    seed: 'tsx prisma/seed.ts',
  },
  datasource: {
    url: process.env.DATABASE_URL ?? 'postgresql://postgres:postgres@localhost:54329/atime',
  },
});
