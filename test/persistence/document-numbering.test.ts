import { randomUUID } from 'node:crypto';
import { issueNumberedDocument } from '../../persistence/document-numbering';
import { sampleDocumentContent } from '../../scripts/fixtures/sample-documents';
import { createPrismaClient, type PrismaClient } from '../../infra/db';
import { applyMigrations } from '../../prisma/migrate';
import { createScratchDatabase, testDatabaseUrl, type ScratchDatabase } from '../helpers/db';

/** Gap-free numbering on a database of its own, so the series starts at 1 and every number is accounted for. */
describe('issueNumberedDocument', () => {
  let scratch: ScratchDatabase;
  let db: PrismaClient;
  let organizationId: string;

  beforeAll(async () => {
    scratch = await createScratchDatabase(testDatabaseUrl());
    await applyMigrations(scratch.url);
    db = createPrismaClient(scratch.url);
    const org = await db.organization.create({
      data: { name: 'Číslování s.r.o.', ico: '27082440', street: 'Ulice 1', city: 'Praha', postalCode: '110 00', contactEmail: `n-${randomUUID()}@x.test`, trialEndsAt: new Date() },
    });
    organizationId = org.id;
  }, 60_000);

  afterAll(async () => {
    await db?.$disconnect();
    await scratch?.drop();
  });

  const issue = (key: string, kind: 'TAX_INVOICE' | 'CREDIT_NOTE' = 'TAX_INVOICE', issueDate = '2026-11-25') =>
    issueNumberedDocument(db, { key, kind, organizationId, issueDate, build: (number) => sampleDocumentContent(kind, { number, issueDate }) });

  it('numbers 25 steps issued concurrently, each twice, 1..25 without gaps, and retries of the same step get the same document', async () => {
    const keys = Array.from({ length: 25 }, (_, i) => `step-${i}`);
    // Every step twice at the same time: a retry racing its first attempt.
    const documents = await Promise.all([...keys, ...keys].map((key) => issue(key)));
    const byKey = new Map(documents.map((d) => [d.key, d.number]));
    expect(byKey.size).toBe(25);
    for (const d of documents) expect(d.number).toBe(byKey.get(d.key));
    const sequences = (await db.document.findMany({ where: { type: 'TAX_INVOICE', year: 2026 }, select: { sequence: true } })).map((d) => d.sequence).sort((a, b) => a - b);
    expect(sequences).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    expect([...byKey.values()]).toContain('2026200025');
  });

  it('keeps series and years apart, and a failed issue leaves no gap', async () => {
    expect((await issue('credit-1', 'CREDIT_NOTE')).number).toBe('2026300001');
    expect((await issue('next-year', 'TAX_INVOICE', '2027-01-01')).number).toBe('2027200001');
    await expect(
      issueNumberedDocument(db, { key: 'broken', kind: 'TAX_INVOICE', organizationId, issueDate: '2026-11-25', build: () => { throw new Error('render data missing'); } }),
    ).rejects.toThrow('render data missing');
    expect((await issue('after-failure')).number).toBe('2026200026');
  });
});
