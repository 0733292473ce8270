-- CreateEnum
CREATE TYPE "BankStatementFormat" AS ENUM ('GPC', 'FIO_JSON');

-- CreateEnum
CREATE TYPE "BankTransactionStatus" AS ENUM ('PENDING', 'MATCHED', 'UNMATCHED', 'IGNORED', 'ASSIGNED');

-- CreateTable
CREATE TABLE "bank_statement_imports" (
    "id" UUID NOT NULL,
    "format" "BankStatementFormat" NOT NULL,
    "account_number" TEXT NOT NULL,
    "statement_number" TEXT,
    "statement_date" DATE,
    "file_name" TEXT,
    "file_sha256" TEXT NOT NULL,
    "imported_by" TEXT NOT NULL,
    "imported_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "entry_count" INTEGER NOT NULL,
    "new_entry_count" INTEGER NOT NULL,
    "covered_until" DATE,

    CONSTRAINT "bank_statement_imports_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "bank_transactions" (
    "id" UUID NOT NULL,
    "movement_id" TEXT NOT NULL,
    "import_id" UUID NOT NULL,
    "account_number" TEXT NOT NULL,
    "booked_on" DATE NOT NULL,
    "amount_halere" BIGINT NOT NULL,
    "variable_symbol" TEXT,
    "constant_symbol" TEXT,
    "specific_symbol" TEXT,
    "counterparty_account" TEXT,
    "counterparty_name" TEXT,
    "message" TEXT,
    "is_reversal" BOOLEAN NOT NULL DEFAULT false,
    "status" "BankTransactionStatus" NOT NULL DEFAULT 'PENDING',
    "reason" TEXT,
    "document_id" UUID,
    "payment_id" UUID,
    "resolved_by" TEXT,
    "resolved_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "bank_transactions_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "bank_statement_imports_covered_until_idx" ON "bank_statement_imports"("covered_until");

-- CreateIndex
CREATE INDEX "bank_statement_imports_file_sha256_idx" ON "bank_statement_imports"("file_sha256");

-- CreateIndex
CREATE UNIQUE INDEX "bank_transactions_movement_id_key" ON "bank_transactions"("movement_id");

-- CreateIndex
CREATE INDEX "bank_transactions_status_booked_on_idx" ON "bank_transactions"("status", "booked_on");

-- CreateIndex
CREATE INDEX "bank_transactions_import_id_idx" ON "bank_transactions"("import_id");

-- CreateIndex
CREATE INDEX "bank_transactions_variable_symbol_idx" ON "bank_transactions"("variable_symbol");

-- CreateIndex
CREATE INDEX "bank_transactions_document_id_idx" ON "bank_transactions"("document_id");

-- CreateIndex
CREATE INDEX "bank_transactions_payment_id_idx" ON "bank_transactions"("payment_id");

-- AddForeignKey
ALTER TABLE "bank_transactions" ADD CONSTRAINT "bank_transactions_import_id_fkey" FOREIGN KEY ("import_id") REFERENCES "bank_statement_imports"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "bank_transactions" ADD CONSTRAINT "bank_transactions_document_id_fkey" FOREIGN KEY ("document_id") REFERENCES "documents"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "bank_transactions" ADD CONSTRAINT "bank_transactions_payment_id_fkey" FOREIGN KEY ("payment_id") REFERENCES "payments"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
