import { createPrismaClient, type PrismaClient } from '../infra/db';

/** The sample catalogue (SPEC section 3); prices are net, in haléře, VAT 21 %. */
export const SAMPLE_CATALOGUE = [
  {
    sku: 'TERM-T1',
    kind: 'COMPONENT',
    nameCs: 'Docházkový terminál aTime T1 (RFID čtečka, Ethernet/Wi-Fi)',
    nameEn: 'aTime T1 attendance terminal (RFID reader, Ethernet/Wi-Fi)',
    unitPriceHalere: 1_299_000,
  },
  {
    sku: 'CARD-RFID',
    kind: 'COMPONENT',
    nameCs: 'Bezkontaktní identifikační karta (ISO 14443A)',
    nameEn: 'Contactless ID card (ISO 14443A)',
    unitPriceHalere: 3_900,
  },
  {
    sku: 'FOB-RFID',
    kind: 'COMPONENT',
    nameCs: 'Bezkontaktní klíčenka',
    nameEn: 'Contactless key fob',
    unitPriceHalere: 4_900,
  },
  {
    sku: 'SUPPORT-DAY',
    kind: 'SERVICE',
    nameCs: 'aTime Support — servisní tiket (1 den, nejvýše 2 hodiny)',
    nameEn: 'aTime Support — service ticket (1 day, at most 2 hours)',
    // Per hour of support, billed per started 15 minutes after the month of use.
    unitPriceHalere: 129_000,
  },
] as const;

/**
 * Idempotent: inserts the missing products and leaves existing ones alone, because staff may
 * have edited their prices or names since (running the seed again must not undo that).
 */
export async function seedCatalogue(db: PrismaClient): Promise<void> {
  for (const product of SAMPLE_CATALOGUE) {
    await db.product.upsert({
      where: { sku: product.sku },
      update: {},
      create: { ...product, vatRatePercent: 21 },
    });
  }
}

// `tsx prisma/seed.ts` (also `prisma db seed` on machines with the native engine).
if (require.main === module) {
  const url = process.env.DATABASE_URL ?? 'postgresql://postgres:postgres@localhost:54329/atime';
  const db = createPrismaClient(url);
  seedCatalogue(db)
    .then(() => console.log('catalogue seeded'))
    .catch((err: unknown) => {
      console.error(err);
      process.exitCode = 1;
    })
    .finally(() => db.$disconnect());
}
