/** prisma/seed.ts: the sample catalogue of SPEC section 3, seeded idempotently. */
import { createPrismaClient, type PrismaClient } from '../../infra/db';
import { applyMigrations } from '../../prisma/migrate';
import { seedCatalogue } from '../../prisma/seed';
import { createScratchDatabase, testDatabaseUrl, type ScratchDatabase } from '../helpers/db';

const baseUrl = testDatabaseUrl();

describe('seedCatalogue', () => {
  let scratch: ScratchDatabase;
  let db: PrismaClient;

  beforeAll(async () => {
    scratch = await createScratchDatabase(baseUrl);
    await applyMigrations(scratch.url);
    db = createPrismaClient(scratch.url);
  });

  afterAll(async () => {
    await db?.$disconnect();
    await scratch?.drop();
  });

  it('run twice gives the four sample products, prices in haléře, VAT 21 %', async () => {
    await seedCatalogue(db);
    await seedCatalogue(db);
    const products = await db.product.findMany({ orderBy: { sku: 'asc' } });
    expect(
      products.map((p) => ({ sku: p.sku, kind: p.kind, price: p.unitPriceHalere, vat: p.vatRatePercent, active: p.active })),
    ).toEqual([
      { sku: 'CARD-RFID', kind: 'COMPONENT', price: 3_900, vat: 21, active: true },
      { sku: 'FOB-RFID', kind: 'COMPONENT', price: 4_900, vat: 21, active: true },
      { sku: 'SUPPORT-DAY', kind: 'SERVICE', price: 129_000, vat: 21, active: true },
      { sku: 'TERM-T1', kind: 'COMPONENT', price: 1_299_000, vat: 21, active: true },
    ]);
    const terminal = products.find((p) => p.sku === 'TERM-T1');
    expect(terminal?.nameCs).toMatch(/^Docházkový terminál aTime T1/);
    expect(terminal?.nameEn).toMatch(/^aTime T1 attendance terminal/);
    expect(products.find((p) => p.sku === 'SUPPORT-DAY')?.nameCs).toContain('servisní tiket');
  });

  it('does not overwrite a product staff have edited since', async () => {
    await db.product.update({ where: { sku: 'CARD-RFID' }, data: { unitPriceHalere: 4_500 } });
    await seedCatalogue(db);
    const card = await db.product.findUniqueOrThrow({ where: { sku: 'CARD-RFID' } });
    expect(card.unitPriceHalere).toBe(4_500);
    expect(await db.product.count()).toBe(4);
  });
});
