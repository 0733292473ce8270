/**
 * What test/global-setup.ts started for this run, read from the environment it set.
 * Throws a clear error when a variable is missing (e.g. a test run outside jest's
 * global setup), instead of letting a test connect to some default address.
 */
export interface StackEnv {
  /** postgresql://... of the throwaway test database (migrated, catalogue seeded). */
  DATABASE_URL: string;
  /** host:port of the Temporal dev server (in memory, our search attributes registered). */
  TEMPORAL_ADDRESS: string;
  TEMPORAL_NAMESPACE: string;
  /** The mailbox's SMTP server. */
  SMTP_HOST: string;
  SMTP_PORT: number;
  /** Base URL of the mailbox's web UI and REST API (GET /email). */
  MAILBOX_URL: string;
  /** Executable for TestWorkflowEnvironment.createTimeSkipping({ server: { executable: { type: 'existing-path', path } } }). */
  TEMPORAL_TEST_SERVER_PATH: string;
  /** The `temporal` CLI (also usable with createLocal's existing-path). */
  TEMPORAL_CLI_PATH: string;
  CHROMIUM_PATH: string;
}

const NAMES = [
  'DATABASE_URL',
  'TEMPORAL_ADDRESS',
  'TEMPORAL_NAMESPACE',
  'SMTP_HOST',
  'SMTP_PORT',
  'MAILBOX_URL',
  'TEMPORAL_TEST_SERVER_PATH',
  'TEMPORAL_CLI_PATH',
  'CHROMIUM_PATH',
] as const satisfies readonly (keyof StackEnv)[];

export function stackEnv(env: NodeJS.ProcessEnv = process.env): StackEnv {
  const missing = NAMES.filter((name) => env[name] === undefined || env[name] === '');
  if (missing.length > 0) {
    throw new Error(
      `Test stack variable(s) not set: ${missing.join(', ')}. They are set by test/global-setup.ts: run the tests with \`npm test\` (or jest with jest.config.js).`,
    );
  }
  const get = (name: (typeof NAMES)[number]): string => env[name] as string;
  const smtpPort = Number(get('SMTP_PORT'));
  if (!Number.isInteger(smtpPort) || smtpPort <= 0) throw new Error(`SMTP_PORT is not a port number: ${get('SMTP_PORT')}`);
  return {
    DATABASE_URL: get('DATABASE_URL'),
    TEMPORAL_ADDRESS: get('TEMPORAL_ADDRESS'),
    TEMPORAL_NAMESPACE: get('TEMPORAL_NAMESPACE'),
    SMTP_HOST: get('SMTP_HOST'),
    SMTP_PORT: smtpPort,
    MAILBOX_URL: get('MAILBOX_URL'),
    TEMPORAL_TEST_SERVER_PATH: get('TEMPORAL_TEST_SERVER_PATH'),
    TEMPORAL_CLI_PATH: get('TEMPORAL_CLI_PATH'),
    CHROMIUM_PATH: get('CHROMIUM_PATH'),
  };
}
