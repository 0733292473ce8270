-- AlterEnum
ALTER TYPE "TicketStatus" ADD VALUE 'VOID';
