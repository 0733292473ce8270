import { createHash, randomUUID } from 'node:crypto';
import { issueNumberedDocument } from '../../persistence/document-numbering';
import { sampleDocumentContent } from '../../scripts/fixtures/sample-documents';
import { createPrismaClient, type PrismaClient } from '../../infra/db';
import { applyMigrations } from '../../prisma/migrate';
import { createScratchDatabase, testDatabaseUrl, type ScratchDatabase } from '../helpers/db';
import { validateIsdocXsd } from '../helpers/isdoc-xsd';

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

  const issue = (key: string, kind: 'TAX_INVOICE' | 'CREDIT_NOTE' = 'TAX_INVOICE', issueDate = '2026-11-25', correctsId?: string) =>
    issueNumberedDocument(db, { key, kind, organizationId, issueDate, ...(correctsId ? { correctsId } : {}), build: (number) => sampleDocumentContent(kind, { number, issueDate }) });

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
    const corrected = await issue('step-0');
    expect((await issue('credit-1', 'CREDIT_NOTE', '2026-11-25', corrected.id)).number).toBe('2026300001');
    expect((await issue('next-year', 'TAX_INVOICE', '2027-01-01')).number).toBe('2027200001');
    await expect(
      issueNumberedDocument(db, { key: 'broken', kind: 'TAX_INVOICE', organizationId, issueDate: '2026-11-25', build: () => { throw new Error('render data missing'); } }),
    ).rejects.toThrow('render data missing');
    expect((await issue('after-failure')).number).toBe('2026200026');
  });

  it('stores the ISDOC built from the same content with its SHA-256; a credit note references the corrected document by its id', async () => {
    const invoice = await issue('step-0');
    const credit = await db.document.findUniqueOrThrow({ where: { key: 'credit-1' } });
    for (const document of [invoice, credit]) {
      const xml = Buffer.from(document.isdoc!).toString('utf8');
      expect(document.isdocSha256).toBe(createHash('sha256').update(document.isdoc!).digest('hex'));
      expect(xml).toContain(`<UUID>${document.id}</UUID>`);
      expect(xml).toContain(`<ID>${document.number}</ID>`);
      expect(await validateIsdocXsd(xml)).toEqual({ valid: true, errors: [] });
    }
    expect(Buffer.from(credit.isdoc!).toString('utf8')).toContain(`<UUID>${invoice.id}</UUID>`);
  });

  it('content that breaks the ISDOC rules stops the issue: IsdocError, nothing stored, no number consumed', async () => {
    const before = await db.document.count({ where: { type: 'CREDIT_NOTE' } });
    // A credit note without the document it corrects cannot state its reference.
    await expect(issue('credit-without-original', 'CREDIT_NOTE')).rejects.toThrow(/IsdocError|corrected document/);
    expect(await db.document.count({ where: { type: 'CREDIT_NOTE' } })).toBe(before);
    const invoice = await issue('credit-target');
    expect((await issue('credit-2', 'CREDIT_NOTE', '2026-11-25', invoice.id)).number).toBe('2026300002');
  });
});
