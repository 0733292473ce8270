import { Connection } from '@temporalio/client';
import { getFreePort, REPO_ROOT, waitFor, waitForHttpOk } from './common';
import { exitedError, prefixedPrinter, startTsProcess, type LineHandler, type ManagedProcess } from './processes';

/** Where the services the application talks to are (whoever started them). */
export interface AppServiceAddresses {
  databaseUrl: string;
  /** host:port of the Temporal frontend. */
  temporalAddress: string;
  temporalNamespace: string;
  smtpHost: string;
  smtpPort: number;
  chromiumPath: string;
}

export interface StartAppProcessesOptions {
  /** Names the processes in output and makes the task queues and admin e-mail unique. */
  name: string;
  services: AppServiceAddresses;
  /** Extra environment for both processes (e.g. PDF_PAGES, LOG_LEVEL); wins over the defaults. */
  env?: Record<string, string>;
  /** Each line either process prints. Default: printed prefixed with `[<name>-worker]` / `[<name>-api]`. */
  onLine?: (process: 'worker' | 'api') => LineHandler;
  /** Milliseconds to wait for the API and the worker to serve. Default 120 000. */
  readyTimeoutMs?: number;
}

export interface RunningStack {
  apiUrl: string;
  adminEmail: string;
  adminPassword: string;
  /** The worker's main task queue (workflows and their activities). */
  taskQueue: string;
  /** The worker's PDF task queue. */
  pdfTaskQueue: string;
  /** The worker and API processes (to notice a crash: `exitInfo()`). */
  processes: readonly ManagedProcess[];
  /** The worker process running now (a new one after restartWorker). */
  worker(): ManagedProcess;
  /** Starts a new worker once the current one has exited (crash tests) and waits until it polls. */
  restartWorker(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Starts the real worker and API processes (`worker/main.ts`, `api/main.ts`) against the given
 * PostgreSQL, Temporal, SMTP server and Chromium: the system as `npm run dev` runs it, on task
 * queues of its own so other workers on the same Temporal never take its tasks. Resolves once
 * the API answers /readyz and the worker polls its workflow task queue (the API is up before
 * the worker has bundled its workflows).
 */
export async function startAppProcesses(options: StartAppProcessesOptions): Promise<RunningStack> {
  const { name, services } = options;
  const port = await getFreePort();
  const suffix = `${name}-${process.pid}`;
  const apiUrl = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    DATABASE_URL: services.databaseUrl,
    TEMPORAL_ADDRESS: services.temporalAddress,
    TEMPORAL_NAMESPACE: services.temporalNamespace,
    TEMPORAL_TASK_QUEUE: `app-main-${suffix}`,
    TEMPORAL_PDF_TASK_QUEUE: `app-pdf-${suffix}`,
    SMTP_HOST: services.smtpHost,
    SMTP_PORT: String(services.smtpPort),
    CHROMIUM_PATH: services.chromiumPath,
    API_PORT: String(port),
    API_PUBLIC_URL: apiUrl,
    BOOTSTRAP_ADMIN_EMAIL: `admin-${suffix}@atime.example`,
    BOOTSTRAP_ADMIN_PASSWORD: 'correct-horse-battery-staple',
    ...options.env,
  };
  const lineHandler = (kind: 'worker' | 'api'): LineHandler => options.onLine?.(kind) ?? prefixedPrinter(`${name}-${kind}`);
  const startWorker = () => startTsProcess(`${name}-worker`, 'worker/main.ts', { cwd: REPO_ROOT, env, onLine: lineHandler('worker') });
  const processes: ManagedProcess[] = [startWorker(), startTsProcess(`${name}-api`, 'api/main.ts', { cwd: REPO_ROOT, env, onLine: lineHandler('api') })];
  const stop = async (): Promise<void> => {
    // Only the programs get SIGTERM: the worker closes its own Chromium while draining.
    // Whatever is left after the grace period is killed with its whole process group.
    await Promise.all(processes.map((p) => p.stop({ signal: 'SIGTERM', graceMs: 15_000, wholeGroup: false })));
  };
  const abortIf = (): Error | undefined => {
    const dead = processes.slice(1).find((p) => p.exitInfo());
    return dead ? exitedError(dead, 'starting') : undefined;
  };
  const timeoutMs = options.readyTimeoutMs ?? 120_000;
  /** Until the worker polls: a new worker's pollers are told apart from a killed one's by identity (it names its pid). */
  const workerPolls = async (worker: ManagedProcess) => {
    const connection = await Connection.connect({ address: services.temporalAddress });
    try {
      await waitFor(
        `the worker to poll task queue ${env.TEMPORAL_TASK_QUEUE}`,
        async () => {
          // TaskQueueType 1 = workflow.
          const { pollers } = await connection.workflowService.describeTaskQueue({
            namespace: services.temporalNamespace,
            taskQueue: { name: env.TEMPORAL_TASK_QUEUE },
            taskQueueType: 1,
          });
          return pollers.some((p) => (p.identity ?? '').startsWith(`${worker.child.pid}@`)) ? true : undefined;
        },
        { timeoutMs, intervalMs: 300, abortIf: () => (worker.exitInfo() ? exitedError(worker, 'starting') : abortIf()) },
      );
    } finally {
      await connection.close();
    }
  };
  try {
    await waitForHttpOk(`${apiUrl}/readyz`, { timeoutMs, intervalMs: 250, abortIf });
    await workerPolls(processes[0]!);
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    apiUrl,
    adminEmail: env.BOOTSTRAP_ADMIN_EMAIL as string,
    adminPassword: env.BOOTSTRAP_ADMIN_PASSWORD as string,
    taskQueue: env.TEMPORAL_TASK_QUEUE as string,
    pdfTaskQueue: env.TEMPORAL_PDF_TASK_QUEUE as string,
    processes,
    worker: () => processes[0]!,
    async restartWorker() {
      await processes[0]!.exited;
      processes[0] = startWorker();
      await workerPolls(processes[0]);
    },
    stop,
  };
}
