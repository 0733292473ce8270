import type { Prisma } from '../infra/db';

/**
 * The next number of a series in a year, taken inside the caller's transaction: the counter row
 * stays locked until that transaction ends and rolls back with it, so numbers have no gaps and
 * concurrent callers queue instead of colliding.
 */
export async function nextInSequence(tx: Prisma.TransactionClient, series: string, year: number): Promise<number> {
  const [counter] = await tx.$queryRaw<{ last_number: number }[]>`
    INSERT INTO document_sequences (series, year, last_number) VALUES (${series}, ${year}, 1)
    ON CONFLICT (series, year) DO UPDATE SET last_number = document_sequences.last_number + 1
    RETURNING last_number`;
  return Number(counter!.last_number);
}
