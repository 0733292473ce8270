-- AlterTable: when the overdue transfer orders were told an import's coverage (the bank hand-over).
ALTER TABLE "bank_statement_imports" ADD COLUMN "orders_told_at" TIMESTAMPTZ(3);

-- Imports before this column were told by the import itself or by its hand-over.
UPDATE "bank_statement_imports" SET "orders_told_at" = "imported_at";
