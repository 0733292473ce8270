/**
 * `npx tsx scripts/import-statement.ts <file> --format gpc|fio-json`: imports a bank statement
 * with the same service as `POST /payments/imports`, against DATABASE_URL and TEMPORAL_ADDRESS
 * (the matched credits are handed to their order and support workflows by `bank-hand-over-<import id>`).
 * Exit codes: 0 imported, 1 failure, 2 usage, 3 malformed statement (nothing imported).
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { userInfo } from 'node:os';
import { cliActor } from '../domain/actor';
import { ValidationFailed } from '../domain/errors';
import { loadConfig } from '../infra/config';
import { createPrismaClient } from '../infra/db';
import { createLogger } from '../infra/logger';
import { createTemporalClient } from '../infra/temporal';
import { STATEMENT_FORMATS, importStatement, type StatementFormat } from '../usecases/import-statement';

function usage(message?: string): never {
  if (message) console.error(message);
  console.error(`usage: tsx scripts/import-statement.ts <file> --format ${STATEMENT_FORMATS.join('|')}`);
  process.exit(2);
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  let format: string | undefined;
  let file: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--format') format = args[++i];
    else if (a.startsWith('--format=')) format = a.slice('--format='.length);
    else if (a.startsWith('--')) usage(`unknown option ${a}`);
    else file = a;
  }
  if (!STATEMENT_FORMATS.includes(format as StatementFormat)) usage(`--format must be one of ${STATEMENT_FORMATS.join(', ')}`);
  if (!file) usage('no statement file given');

  const config = loadConfig();
  const logger = createLogger(config, 'import-statement');
  const db = createPrismaClient(config.DATABASE_URL);
  const temporal = await createTemporalClient(config);
  try {
    const bytes = await readFile(file);
    const summary = await importStatement({ db, temporal, config, logger }, { bytes, format: format as StatementFormat, fileName: basename(file), importedBy: cliActor(userInfo().username) });
    const { credits, ...counts } = summary;
    console.log(JSON.stringify(counts, null, 2));
    for (const c of credits) {
      console.log(`${c.status.padEnd(9)} ${c.bookedOn} ${(c.amountHalere / 100).toFixed(2).padStart(12)} CZK  VS ${(c.variableSymbol ?? '-').padEnd(10)}  ${c.orderNumber ?? c.documentNumber ?? ''}  ${c.reason}`);
    }
  } catch (error) {
    // Malformed, or not our account's statement: the use-case's refusal, nothing stored.
    if (error instanceof ValidationFailed) {
      console.error(`${file}: ${error.message} — nothing was imported`);
      process.exitCode = 3;
    } else throw error;
  } finally {
    await temporal.connection.close();
    await db.$disconnect();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
