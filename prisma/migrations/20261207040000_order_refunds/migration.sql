-- AlterTable
ALTER TABLE "orders" ADD COLUMN     "refunded_at" TIMESTAMPTZ(3),
ADD COLUMN     "refunded_by" TEXT,
ADD COLUMN     "refunded_halere" BIGINT NOT NULL DEFAULT 0;
