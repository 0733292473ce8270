import type { PrismaClient } from '../infra/db';

/**
 * Runs fn while holding a PostgreSQL advisory lock, across processes: a second caller waits for
 * the first to finish. The transaction only holds the lock; fn works on other connections.
 */
export async function withAdvisoryLock<T>(db: PrismaClient, key: number, fn: () => Promise<T>): Promise<T> {
  return db.$transaction(
    async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(${key})`;
      return fn();
    },
    { maxWait: 60_000, timeout: 30 * 60_000 },
  );
}
