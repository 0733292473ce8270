import { hash, hashSync, verify, type Algorithm, type Options } from '@node-rs/argon2';

/**
 * Argon2id with the OWASP baseline (19 MiB, 2 passes, 1 lane): memory-hard, so a leaked hash
 * is expensive to brute-force on GPUs. The parameters are stored inside the PHC string, so
 * raising them later still verifies old hashes.
 */
const ARGON2ID = 2 as Algorithm; // Algorithm.Argon2id; the enum is `const` and cannot be read under isolatedModules.
const OPTIONS: Options = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 200;

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

/** False (never throws) for a wrong password or a malformed stored hash. */
export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

let dummyHash: Promise<string> | undefined;

/**
 * Spends the same time as a real verification, for logins with an unknown e-mail, so response
 * times do not tell which e-mails have an account.
 */
export async function verifyAgainstDummy(password: string): Promise<false> {
  dummyHash ??= hashPassword('dummy-password-for-timing-only');
  await verifyPassword(await dummyHash, password);
  return false;
}

/** Synchronous variant for scripts and test fixtures. */
export function hashPasswordSync(password: string): string {
  return hashSync(password, OPTIONS);
}
