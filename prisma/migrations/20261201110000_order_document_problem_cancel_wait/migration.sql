-- AlterTable
ALTER TABLE "orders" ADD COLUMN     "cancel_wait_reason" TEXT,
ADD COLUMN     "cancel_wait_since" TIMESTAMPTZ(3),
ADD COLUMN     "document_problem" TEXT,
ADD COLUMN     "document_problem_at" TIMESTAMPTZ(3);
