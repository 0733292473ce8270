-- AlterEnum: matched by the import, being handed to its workflow (the bank hand-over workflow).
ALTER TYPE "BankTransactionStatus" ADD VALUE 'HANDING_OVER' BEFORE 'MATCHED';
