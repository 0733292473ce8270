-- AlterTable
ALTER TABLE "organizations" ADD COLUMN     "members_may_order" BOOLEAN NOT NULL DEFAULT false;
