import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../prisma/generated/client';

/**
 * The one place that builds a Prisma client. Prisma 7 talks to PostgreSQL through the `pg`
 * driver adapter (no native query engine), so the connection string is given here rather than
 * in schema.prisma. Everything else imports the client and its types from this module.
 */
export function createPrismaClient(databaseUrl: string): PrismaClient {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl }) });
}

export * from '../prisma/generated/client';
