-- AlterEnum
ALTER TYPE "BankTransactionStatus" ADD VALUE 'REFUNDED';
