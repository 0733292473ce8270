/**
 * `npm run export:month -- YYYY-MM [file]`: writes the month's books (the same ZIP as
 * `GET /exports/documents?month=`) to the file, by default `doklady-YYYY-MM.zip` in the current
 * folder, from DATABASE_URL. Exit codes: 0 written, 1 failure, 2 usage.
 */
import { createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { ValidationFailed } from '../domain/errors';
import { loadConfig } from '../infra/config';
import { createPrismaClient } from '../infra/db';
import { exportMonth } from '../usecases/export-month';

async function main(): Promise<void> {
  const [month, file, ...rest] = process.argv.slice(2);
  if (!month || rest.length > 0) {
    console.error('usage: npm run export:month -- YYYY-MM [file]');
    process.exit(2);
  }
  const db = createPrismaClient(loadConfig().DATABASE_URL);
  try {
    const { fileName, stream } = await exportMonth({ db }, month);
    await pipeline(stream, createWriteStream(file ?? fileName));
    console.log(file ?? fileName);
  } catch (error) {
    if (error instanceof ValidationFailed) {
      console.error(error.violations.map((v) => `${v.field}: ${v.message}`).join('\n'));
      process.exitCode = 2;
    } else {
      console.error(error instanceof Error ? error.message : error);
      process.exitCode = 1;
    }
  } finally {
    await db.$disconnect();
  }
}

void main();
