import { startAppProcesses, type RunningStack } from '../../scripts/stack/app-processes';
import { LIFTED_ADDRESS_LIMITS } from '../helpers/address-limits';
import { stackEnv } from '../helpers/stack-env';

export type { RunningStack } from '../../scripts/stack/app-processes';

/**
 * Starts the real worker and API processes (`worker/main.ts`, `api/main.ts`) against the test
 * run's PostgreSQL, Temporal dev server, mailbox and Chromium (see scripts/stack/app-processes.ts).
 */
export async function startRunningStack(name: string): Promise<RunningStack> {
  const stack = stackEnv();
  return await startAppProcesses({
    name,
    services: {
      databaseUrl: stack.DATABASE_URL,
      temporalAddress: stack.TEMPORAL_ADDRESS,
      temporalNamespace: stack.TEMPORAL_NAMESPACE,
      smtpHost: stack.SMTP_HOST,
      smtpPort: stack.SMTP_PORT,
      chromiumPath: stack.CHROMIUM_PATH,
    },
    // Errors only: the test output stays one line per file unless something is wrong.
    // Suites read the confirmed order's documents from the confirm answer: a generous bound, so
    // a slow shared machine does not turn it into a 202 (the bound has tests of its own).
    env: { LOG_LEVEL: 'error', ...LIFTED_ADDRESS_LIMITS, CONFIRM_WAIT_SECONDS: '30' },
  });
}
