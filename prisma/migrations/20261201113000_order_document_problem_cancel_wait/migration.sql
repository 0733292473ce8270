-- AlterTable
ALTER TABLE "orders" ADD COLUMN     "cancel_wait_reason" TEXT,
ADD COLUMN     "cancel_wait_since" TIMESTAMPTZ(3),
ADD COLUMN     "cancel_wait_until" TIMESTAMPTZ(3),
ADD COLUMN     "document_problem" TEXT,
ADD COLUMN     "document_problem_at" TIMESTAMPTZ(3);

-- CreateIndex
CREATE INDEX "orders_cancel_wait_since_idx" ON "orders"("cancel_wait_since");
