-- Payment amounts and paid totals as BIGINT: a sum of valid payments no longer overflows.
-- AlterTable
ALTER TABLE "documents" ALTER COLUMN "paid_halere" SET DATA TYPE BIGINT;

-- AlterTable
ALTER TABLE "orders" ALTER COLUMN "paid_halere" SET DATA TYPE BIGINT,
ALTER COLUMN "refund_due_halere" SET DATA TYPE BIGINT;

-- AlterTable
ALTER TABLE "payments" ALTER COLUMN "amount_halere" SET DATA TYPE BIGINT;
