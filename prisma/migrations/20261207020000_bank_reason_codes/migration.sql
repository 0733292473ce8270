-- AlterTable
ALTER TABLE "bank_transactions" ADD COLUMN     "reason_code" TEXT,
ADD COLUMN     "reason_params" JSONB;
