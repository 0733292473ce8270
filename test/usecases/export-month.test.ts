import { randomUUID } from 'node:crypto';
import { NotReady } from '../../domain/errors';
import { createPrismaClient, type PrismaClient } from '../../infra/db';
import { issueNumberedDocument } from '../../persistence/document-numbering';
import { applyMigrations } from '../../prisma/migrate';
import { sampleDocumentContent } from '../../scripts/fixtures/sample-documents';
import { exportMonth } from '../../usecases/export-month';
import { createScratchDatabase, testDatabaseUrl, type ScratchDatabase } from '../helpers/db';
import { collect, parseCsv, unzip } from '../helpers/month-export';

/** The export on a database of its own, so the month holds exactly the documents issued here. */
describe('exportMonth', () => {
  let scratch: ScratchDatabase;
  let db: PrismaClient;
  let organizationId: string;

  beforeAll(async () => {
    scratch = await createScratchDatabase(testDatabaseUrl());
    await applyMigrations(scratch.url);
    db = createPrismaClient(scratch.url);
    const org = await db.organization.create({
      data: { name: 'Export s.r.o.', ico: '27082440', street: 'Ulice 1', city: 'Praha', postalCode: '110 00', contactEmail: `e-${randomUUID()}@x.test`, trialEndsAt: new Date() },
    });
    organizationId = org.id;
  }, 60_000);

  afterAll(async () => {
    await db?.$disconnect();
    await scratch?.drop();
  });

  const issue = (key: string) =>
    issueNumberedDocument(db, { key, kind: 'TAX_INVOICE', organizationId, issueDate: '2026-11-25', build: (number) => sampleDocumentContent('TAX_INVOICE', { number, issueDate: '2026-11-25' }) });

  it('refuses before the first byte while a document of the month is still being rendered, then exports it once its PDF is stored', async () => {
    const invoice = await issue('rendering-1');
    const refusal = await exportMonth({ db }, '2026-11').catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(NotReady);
    expect((refusal as NotReady).message).toContain(invoice.number);
    expect((refusal as NotReady).retryAfterSeconds).toBeGreaterThan(0);

    await db.document.update({ where: { id: invoice.id }, data: { pdf: Buffer.from('%PDF-1.7 rendered') } });
    const { stream } = await exportMonth({ db }, '2026-11');
    const zip = await unzip(await collect(stream));
    expect(zip.get(`doklady/${invoice.number}.pdf`)!.data.toString()).toBe('%PDF-1.7 rendered');
    const [, ...rows] = parseCsv(zip.get('kniha-vydanych-dokladu-2026-11.csv')!.data.toString('utf8').slice(1));
    expect(rows.map((r) => r[0]).filter((cell) => /^\d+$/.test(cell!))).toEqual([invoice.number]);
  });

  it('leaves a document numbered while the export streams to the next export, in the book and the files alike', async () => {
    const { stream } = await exportMonth({ db }, '2026-11');
    const late = await issue('numbered-during-export');
    const zip = await unzip(await collect(stream));
    expect([...zip.keys()].some((path) => path.includes(late.number))).toBe(false);
    const csv = zip.get('kniha-vydanych-dokladu-2026-11.csv')!.data.toString('utf8');
    expect(csv).not.toContain(late.number);
  });
});
