-- AlterTable
ALTER TABLE "documents" ADD COLUMN     "isdoc" BYTEA,
ADD COLUMN     "isdoc_sha256" TEXT;
