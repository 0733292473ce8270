/**
 * Creates a back-office account from the command line (the first ADMIN, or STAFF/CONSULTANT):
 *
 *   ATIME_ADMIN_PASSWORD='…at least 12 chars…' npx tsx scripts/create-admin.ts admin@atime.cz "Jana Správcová" [ADMIN|STAFF|CONSULTANT]
 *
 * The password comes from the environment (never an argument, so it stays out of shell history
 * and `ps`). Uses DATABASE_URL like the API; an existing e-mail is refused, never changed.
 */
import { userInfo } from 'node:os';
import { cliActor } from '../domain/actor';
import { MIN_PASSWORD_LENGTH } from '../infra/passwords';
import { createUser } from '../usecases/users';
import { loadConfig } from '../infra/config';
import { createPrismaClient } from '../infra/db';

const ROLES = ['ADMIN', 'STAFF', 'CONSULTANT'] as const;
type BackOfficeRole = (typeof ROLES)[number];

async function main(): Promise<void> {
  const [email, name, roleArg = 'ADMIN'] = process.argv.slice(2);
  const password = process.env.ATIME_ADMIN_PASSWORD;
  if (!email || !name || !ROLES.includes(roleArg as BackOfficeRole)) {
    throw new Error('usage: ATIME_ADMIN_PASSWORD=… tsx scripts/create-admin.ts <email> <name> [ADMIN|STAFF|CONSULTANT]');
  }
  if (!password || password.length < MIN_PASSWORD_LENGTH) {
    throw new Error(`Set ATIME_ADMIN_PASSWORD to a password of at least ${MIN_PASSWORD_LENGTH} characters.`);
  }
  if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) throw new Error(`Not an e-mail address: ${email}`);
  const config = loadConfig();
  const db = createPrismaClient(config.DATABASE_URL);
  try {
    const user = await createUser(db, { organizationId: null, email, name, password, role: roleArg as BackOfficeRole }, cliActor(userInfo().username));
    console.log(`Created ${user.role} ${user.email} (${user.id}).`);
  } finally {
    await db.$disconnect();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
