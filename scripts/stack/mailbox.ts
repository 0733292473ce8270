import { mkdir } from 'node:fs/promises';
import { Socket } from 'node:net';
import { waitFor } from './common';
import { exitedError, prefixedPrinter, startProcess, type LineHandler } from './processes';

export interface MailboxOptions {
  smtpPort: number;
  /** Web UI and REST API (GET /email, DELETE /email/all ...). */
  webPort: number;
  /** Where messages are kept as .eml files; they are loaded again on the next start. */
  mailDir: string;
  /** Address both servers bind to. Default 127.0.0.1. */
  host?: string;
  /** Log every received message (maildev's own lines). Default true. */
  verbose?: boolean;
  onLine?: LineHandler;
}

export interface MailboxHandle {
  readonly smtpHost: string;
  readonly smtpPort: number;
  /** Base URL of the web UI and REST API, e.g. http://localhost:1080 */
  readonly webUrl: string;
  /** Settles when the server process has ended (for noticing a crash). */
  readonly exited: Promise<unknown>;
  stop(): Promise<void>;
}

/**
 * Starts maildev (the npm package) as a child process: an SMTP server that keeps every
 * message, with a web UI and a REST API to read them. It runs as its own process
 * because maildev is a module-level singleton that installs SIGINT/SIGTERM handlers
 * calling process.exit().
 */
export async function startMailbox(options: MailboxOptions): Promise<MailboxHandle> {
  const host = options.host ?? '127.0.0.1';
  // maildev creates only the last path segment itself.
  await mkdir(options.mailDir, { recursive: true });
  const args = [
    require.resolve('maildev/bin/maildev'),
    '--smtp', String(options.smtpPort),
    '--web', String(options.webPort),
    '--ip', host,
    '--mail-directory', options.mailDir,
    ...(options.verbose === false ? ['--silent'] : []),
  ];
  const server = startProcess({
    name: 'mailbox',
    command: process.execPath,
    args,
    // Its env switches (MAILDEV_*) must not override the arguments above.
    env: Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('MAILDEV_'))),
    onLine: options.onLine ?? prefixedPrinter('mailbox'),
  });
  const webUrl = `http://${host === '127.0.0.1' || host === '::' || host === '0.0.0.0' ? 'localhost' : host}:${options.webPort}`;
  const stop = async (): Promise<void> => {
    await server.stop({ signal: 'SIGTERM', graceMs: 5_000 });
  };
  try {
    const abortIf = (): Error | undefined => (server.exitInfo() ? exitedError(server, 'starting') : undefined);
    await waitFor(`the mailbox REST API on port ${options.webPort}`, async () => {
      const response = await fetch(`http://127.0.0.1:${options.webPort}/email`, { signal: AbortSignal.timeout(2000) });
      if (response.status !== 200) throw new Error(`HTTP ${response.status}`);
      await response.json();
      return true;
    }, { timeoutMs: 30_000, intervalMs: 150, abortIf });
    await waitFor(`the mailbox SMTP server on port ${options.smtpPort}`, () => smtpGreets(host === '::' ? '127.0.0.1' : host, options.smtpPort), {
      timeoutMs: 30_000,
      intervalMs: 150,
      abortIf,
    });
  } catch (error) {
    await stop();
    throw error;
  }
  return { smtpHost: host === '::' || host === '0.0.0.0' ? '127.0.0.1' : host, smtpPort: options.smtpPort, webUrl, exited: server.exited, stop };
}

/** Resolves true once the SMTP server sends its 220 greeting. */
function smtpGreets(host: string, port: number): Promise<true | undefined> {
  return new Promise((resolveGreeting, reject) => {
    const socket = new Socket();
    const done = (result: true | undefined, error?: Error): void => {
      socket.destroy();
      if (error) reject(error);
      else resolveGreeting(result);
    };
    socket.setTimeout(2000, () => done(undefined, new Error('no SMTP greeting')));
    socket.once('error', (error) => done(undefined, error));
    socket.once('data', (data) => done(data.toString().startsWith('220') ? true : undefined));
    socket.connect(port, host);
  });
}
