-- AlterEnum
ALTER TYPE "BankTransactionStatus" ADD VALUE 'REFUND_DUE';

-- AlterTable
ALTER TABLE "bank_statement_imports" ADD COLUMN     "warnings" JSONB NOT NULL DEFAULT '[]';

-- AlterTable
ALTER TABLE "bank_transactions" ADD COLUMN     "value_on" DATE;

-- AlterTable
ALTER TABLE "payments" ADD COLUMN     "paid_out_on" DATE;

-- Data: one identity per bank movement, whatever the file format it came from:
--   fio:<account>:<id>                 -> bank:<account>:<id>
--   gpc:<account>:<YYYY-MM-DD>:<doc>   -> bank:<account>:<doc>
-- (GPC content keys of records without a document number keep their "gpc:" key.) Where the
-- same transaction was already imported in both formats, the older row takes the new key and
-- the younger keeps its old one, so the unique keys hold; its payment was counted twice before
-- this migration and needs staff (the ledger shows both).
CREATE TABLE "_movement_rekey" AS
SELECT "old_id", "new_id" FROM (
  SELECT "movement_id" AS "old_id", "new_id",
         row_number() OVER (PARTITION BY "new_id" ORDER BY "created_at", "movement_id") AS "nth"
  FROM (
    SELECT "movement_id", "created_at",
           CASE
             WHEN "movement_id" ~ '^fio:[^:]+:[0-9]+$'
               THEN 'bank:' || split_part("movement_id", ':', 2) || ':' || regexp_replace(split_part("movement_id", ':', 3), '^0+(?=[0-9])', '')
             WHEN "movement_id" ~ '^gpc:[^:]+:[0-9]{4}-[0-9]{2}-[0-9]{2}:[0-9A-Za-z]+$'
               THEN 'bank:' || split_part("movement_id", ':', 2) || ':' || split_part("movement_id", ':', 4)
           END AS "new_id"
    FROM "bank_transactions"
  ) AS "keyed"
  WHERE "new_id" IS NOT NULL
) AS "ranked"
WHERE "nth" = 1
  AND NOT EXISTS (SELECT 1 FROM "bank_transactions" AS "b" WHERE "b"."movement_id" = "ranked"."new_id");

UPDATE "payments" AS "p" SET "external_id" = "r"."new_id"
FROM "_movement_rekey" AS "r"
WHERE "p"."external_id" = "r"."old_id"
  AND NOT EXISTS (SELECT 1 FROM "payments" AS "q" WHERE "q"."external_id" = "r"."new_id");

UPDATE "bank_transactions" AS "t" SET "movement_id" = "r"."new_id"
FROM "_movement_rekey" AS "r"
WHERE "t"."movement_id" = "r"."old_id";

DROP TABLE "_movement_rekey";
