import { sleep, upsertSearchAttributes } from '@temporalio/workflow';
import { DocumentNumber, OrderStatus } from '../../workflows/shared/search-attributes';

/**
 * Test-only workflow for test/infra/stack.test.ts: sets two of our search attributes
 * (a Keyword and a KeywordList, as the real workflows do), sleeps on a durable timer and
 * reports the workflow clock before and after, so a test can tell skipped time from
 * waited time.
 */
export async function sleepWorkflow(durationMs: number): Promise<{ startedAt: number; finishedAt: number }> {
  const startedAt = Date.now();
  upsertSearchAttributes([
    { key: OrderStatus, value: 'SLEEPING' },
    { key: DocumentNumber, value: ['FV-2026-0001'] },
  ]);
  await sleep(durationMs);
  return { startedAt, finishedAt: Date.now() };
}
