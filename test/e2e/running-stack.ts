import path from 'node:path';
import { getFreePort, waitForHttpOk } from '../../scripts/stack/common';
import { startProcess, type ManagedProcess } from '../../scripts/stack/processes';
import { stackEnv } from '../helpers/stack-env';

export interface RunningStack {
  apiUrl: string;
  adminEmail: string;
  adminPassword: string;
  taskQueue: string;
  stop(): Promise<void>;
}

const ROOT = path.resolve(__dirname, '../..');

/**
 * Starts the real worker and API processes (`worker/main.ts`, `api/main.ts`) against the test
 * run's PostgreSQL, Temporal dev server, mailbox and Chromium: the system as `npm run dev` runs
 * it, on task queues of its own so other test files' workers never take its tasks.
 */
export async function startRunningStack(name: string): Promise<RunningStack> {
  const stack = stackEnv();
  const port = await getFreePort();
  const suffix = `${name}-${process.pid}`;
  const env = {
    ...process.env,
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    DATABASE_URL: stack.DATABASE_URL,
    TEMPORAL_ADDRESS: stack.TEMPORAL_ADDRESS,
    TEMPORAL_NAMESPACE: stack.TEMPORAL_NAMESPACE,
    TEMPORAL_TASK_QUEUE: `e2e-main-${suffix}`,
    TEMPORAL_PDF_TASK_QUEUE: `e2e-pdf-${suffix}`,
    SMTP_HOST: stack.SMTP_HOST,
    SMTP_PORT: String(stack.SMTP_PORT),
    CHROMIUM_PATH: stack.CHROMIUM_PATH,
    API_PORT: String(port),
    API_PUBLIC_URL: `http://127.0.0.1:${port}`,
    BOOTSTRAP_ADMIN_EMAIL: `admin-${suffix}@atime.example`,
    BOOTSTRAP_ADMIN_PASSWORD: 'correct-horse-battery-staple',
  };
  const tsx = path.join(ROOT, 'node_modules/.bin/tsx');
  const processes: ManagedProcess[] = [
    startProcess({ name: `${name}-worker`, command: tsx, args: ['worker/main.ts'], cwd: ROOT, env }),
    startProcess({ name: `${name}-api`, command: tsx, args: ['api/main.ts'], cwd: ROOT, env }),
  ];
  const apiUrl = `http://127.0.0.1:${port}`;
  await waitForHttpOk(`${apiUrl}/readyz`, { timeoutMs: 60_000 });
  return {
    apiUrl,
    adminEmail: env.BOOTSTRAP_ADMIN_EMAIL,
    adminPassword: env.BOOTSTRAP_ADMIN_PASSWORD,
    taskQueue: env.TEMPORAL_TASK_QUEUE,
    stop: async () => {
      await Promise.all(processes.map((p) => p.stop({ signal: 'SIGTERM', graceMs: 15_000 })));
    },
  };
}
