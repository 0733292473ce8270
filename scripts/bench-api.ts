/**
 * `npm run bench:api [-- --orders 200 --duration 10 --connections 1,50 --cpu-prof DIR --no-write]`:
 * authenticated reads per second of one API process, next to `/healthz` in the same run.
 *
 * Starts a throwaway PostgreSQL and Temporal dev server and the real API process (`api/main.ts`,
 * LOG_LEVEL=info as in production, so request logging is part of the cost), seeds one customer
 * organisation with `orders` orders (lines, a proforma each) straight into the database, signs
 * its admin in through `POST /auth/login`, then runs autocannon with 1 and 50 connections
 * against `/healthz`, `GET /orders?pageSize=20` and `GET /orders/:n` (a different order on every
 * request). Prints reads/s, p50/p99 latency, errors and the load average before and after each
 * figure; writes them to docs/benchmarks.md unless `--no-write`. `--cpu-prof DIR` makes the API
 * process write a V8 CPU profile (open it in Chrome DevTools or speedscope) when it stops.
 * `--confirming N` (default 4, 0: off): the reads at 50 connections once more while N clients
 * create and confirm orders through the same API, served by the real worker process (`worker/main.ts`,
 * Chromium, e-mail to the mailbox); the confirmations they made are counted.
 */
import { mkdir } from 'node:fs/promises';
import { cpus, loadavg, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import autocannon from 'autocannon';
import { createPrismaClient } from '../infra/db';
import { hashPassword } from '../infra/passwords';
import { writeBenchmarkSection } from './bench-docs';
import { getFreePort, REPO_ROOT, waitFor, waitForHttpOk } from './stack/common';
import { prefixedPrinter, startProcess, startTsProcess } from './stack/processes';
import { removeRunDir, stopInReverse } from './stack/run-dirs';
import { ensureTemporalCli } from './stack/temporal-cli';
import { startThrowawayServices } from './stack/throwaway-services';

const PASSWORD = 'correct-horse-battery-staple';

function option(name: string, fallback: string): string {
  const at = process.argv.indexOf(`--${name}`);
  return at !== -1 && process.argv[at + 1] ? process.argv[at + 1]! : fallback;
}

const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' / ');

interface Figure {
  target: string;
  connections: number;
  requestsPerSecond: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
  loadBefore: string;
  loadAfter: string;
  /** What ran beside the reads (e.g. `4 confirming`); none: the API alone. */
  during?: string;
}

const labelOf = (f: Figure) => (f.during ? `${f.target} (${f.during})` : f.target);

async function measure(url: string, target: string, path: string | ((i: number) => string), token: string | undefined, connections: number, duration: number): Promise<Figure> {
  const loadBefore = load();
  let i = 0;
  const result = await autocannon({
    url,
    connections,
    duration,
    headers: token ? { authorization: `Bearer ${token}` } : {},
    requests: [typeof path === 'string' ? { method: 'GET', path } : { method: 'GET', setupRequest: (req) => ({ ...req, path: path(i++) }) }],
  });
  return {
    target,
    connections,
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    loadBefore,
    loadAfter: load(),
  };
}

async function main(): Promise<void> {
  const orderCount = Number(option('orders', '200'));
  const duration = Number(option('duration', '10'));
  const connectionLevels = option('connections', '1,50').split(',').map(Number);
  const cpuProfDir = process.argv.includes('--cpu-prof') ? resolve(option('cpu-prof', join(REPO_ROOT, '.data', 'profiles'))) : undefined;
  const write = !process.argv.includes('--no-write');
  const dataDir = join(REPO_ROOT, '.data', 'bench-api');
  await removeRunDir(dataDir);
  await mkdir(dataDir, { recursive: true });
  if (cpuProfDir) await mkdir(cpuProfDir, { recursive: true });

  const confirming = Number(option('confirming', '4'));
  const services = await startThrowawayServices({ dataDir, name: 'bench-api', temporalCli: await ensureTemporalCli(), durablePostgres: true, mailbox: confirming > 0 });
  const db = createPrismaClient(services.databaseUrl);
  const stops = [...services.stops];
  try {
    // One customer organisation with its orders, as the confirmation would have left them.
    const organization = await db.organization.create({
      data: { name: 'Bench API s.r.o.', ico: '27082441', street: 'Dlouhá 1', city: 'Praha', postalCode: '110 00', contactEmail: 'bench-api@customer.test', status: 'ACTIVE', trialEndsAt: new Date(), activatedAt: new Date() },
    });
    const user = await db.user.create({
      data: { organizationId: organization.id, email: 'bench-api-admin@customer.test', name: 'Bench', passwordHash: await hashPassword(PASSWORD), role: 'CUSTOMER_ADMIN' },
    });
    const products = await db.product.findMany({ where: { active: true, kind: 'COMPONENT' }, orderBy: { sku: 'asc' }, take: 3 });
    const year = new Date().getFullYear();
    const pdfBytes = new Uint8Array(66_000).fill(37);
    const isdocBytes = new Uint8Array(9_000).fill(60);
    const numbers = Array.from({ length: orderCount }, (_, i) => `${year}-${String(900_000 + i).padStart(6, '0')}`);
    for (const [i, number] of numbers.entries()) {
      const lines = products.map((p, position) => {
        const quantity = 1 + ((i + position) % 5);
        const net = p.unitPriceHalere * quantity;
        const vat = Math.round((net * p.vatRatePercent) / 100);
        return { productId: p.id, position: position + 1, sku: p.sku, nameCs: p.nameCs, nameEn: p.nameEn, kind: p.kind, quantity, unitPriceHalere: p.unitPriceHalere, vatRatePercent: p.vatRatePercent, netHalere: net, vatHalere: vat, grossHalere: net + vat };
      });
      const net = lines.reduce((s, l) => s + l.netHalere, 0);
      const vat = lines.reduce((s, l) => s + l.vatHalere, 0);
      await db.order.create({
        data: {
          number,
          organizationId: organization.id,
          createdById: user.id,
          idempotencyKey: `bench-api-${i}`,
          status: 'AWAITING_PAYMENT',
          paymentMethod: 'BANK_TRANSFER',
          deliveryName: 'Bench API s.r.o.',
          deliveryStreet: 'Dlouhá 1',
          deliveryCity: 'Praha',
          deliveryPostalCode: '110 00',
          netHalere: net,
          vatHalere: vat,
          grossHalere: net + vat,
          invoicedHalere: net + vat,
          variableSymbol: number.replace('-', ''),
          dueDate: new Date(Date.UTC(year, 11, 31)),
          termsVersion: '2026-01',
          expiresAt: new Date(Date.now() + 30 * 86_400_000),
          confirmedAt: new Date(),
          lines: { create: lines },
          documents: {
            // As a confirmation leaves them: an order confirmation and a proforma, each with its
            // PDF (about the size the renderer makes) and the proforma with its ISDOC.
            create: (['ORDER_CONFIRMATION', 'PROFORMA_INVOICE'] as const).map((type, k) => ({
              key: `order-${number}:${type}`,
              type,
              series: type === 'ORDER_CONFIRMATION' ? 'OC' : 'PF',
              year,
              sequence: i + 1,
              number: `${type === 'ORDER_CONFIRMATION' ? 'OC' : 'PF'}${year}${String(i + 1).padStart(6, '0')}`,
              organizationId: organization.id,
              language: 'CS' as const,
              issueDate: new Date(),
              dueDate: new Date(Date.UTC(year, 11, 31)),
              variableSymbol: number.replace('-', ''),
              netHalere: net,
              vatHalere: vat,
              grossHalere: net + vat,
              content: { lines, supplier: 'aTime s.r.o.', customer: organization.name, k },
              pdf: pdfBytes,
              sha256: 'a'.repeat(64),
              ...(type === 'PROFORMA_INVOICE' ? { isdoc: isdocBytes, isdocSha256: 'b'.repeat(64) } : {}),
              fileName: `${type}-${number}.pdf`,
            })),
          },
        },
      });
    }
    // A live database has had autovacuum analyse and vacuum these tables long before; measured
    // straight after a bulk load, the planner would still think the organisation has no orders
    // (with 10 000: a top-N sort of all of them instead of the index, 12 ms a page instead of 2).
    await db.$executeRawUnsafe('VACUUM ANALYZE orders, order_lines, documents');

    const port = await getFreePort();
    const apiUrl = `http://127.0.0.1:${port}`;
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      NODE_ENV: 'production',
      LOG_LEVEL: option('log-level', 'info'),
      DATABASE_URL: services.databaseUrl,
      TEMPORAL_ADDRESS: services.temporalAddress,
      TEMPORAL_NAMESPACE: services.namespace,
      TEMPORAL_TASK_QUEUE: `bench-api-${process.pid}`,
      TEMPORAL_PDF_TASK_QUEUE: `bench-api-pdf-${process.pid}`,
      API_PORT: String(port),
      API_PUBLIC_URL: apiUrl,
      BOOTSTRAP_ADMIN_EMAIL: `admin-bench-api-${process.pid}@atime.example`,
      BOOTSTRAP_ADMIN_PASSWORD: PASSWORD,
      ...(confirming > 0 ? { SMTP_HOST: services.smtpHost, SMTP_PORT: String(services.smtpPort), CHROMIUM_PATH: process.env.CHROMIUM_PATH || '/usr/bin/chromium' } : {}),
    };
    // As startTsProcess does it, plus the profiler's flags (not allowed in NODE_OPTIONS).
    const api = startProcess({
      name: 'bench-api-api',
      command: process.execPath,
      args: [...(cpuProfDir ? ['--cpu-prof', '--cpu-prof-dir', cpuProfDir] : []), '--import', 'tsx', 'api/main.ts'],
      cwd: REPO_ROOT,
      env,
      // Request logs go nowhere: only the API's warnings and errors are shown.
      onLine: prefixedPrinter('bench-api', (line) => !/"level":30\b/.test(line)),
    });
    stops.push({ name: 'API', stop: () => api.stop({ signal: 'SIGTERM', graceMs: 15_000, wholeGroup: false }) });
    if (confirming > 0) {
      const worker = startTsProcess('bench-api-worker', 'worker/main.ts', { cwd: REPO_ROOT, env: { ...env, LOG_LEVEL: 'warn' }, onLine: prefixedPrinter('bench-api-worker', (line) => !line.includes('No workflows registered')) });
      stops.push({ name: 'worker', stop: () => worker.stop({ signal: 'SIGTERM', graceMs: 15_000 }) });
    }
    await waitForHttpOk(`${apiUrl}/readyz`, { timeoutMs: 120_000, intervalMs: 250, abortIf: () => (api.exitInfo() ? new Error('the API exited') : undefined) });

    const login = await fetch(`${apiUrl}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'bench-api-admin@customer.test', password: PASSWORD }) });
    if (!login.ok) throw new Error(`login failed: ${login.status} ${await login.text()}`);
    const { token } = (await login.json()) as { token: string };
    const check = await fetch(`${apiUrl}/orders/${numbers[0]}`, { headers: { authorization: `Bearer ${token}` } });
    if (!check.ok) throw new Error(`GET /orders/:n failed: ${check.status} ${await check.text()}`);

    // Warm-up: JIT, connection pools.
    await measure(apiUrl, 'warm-up', (i) => `/orders/${numbers[i % numbers.length]}`, token, 10, 3);

    const figures: Figure[] = [];
    /** The three reads at `connections`, each printed as it is measured; `during` names the load beside them. */
    const measureReads = async (connections: number, during?: string) => {
      for (const [read, path, auth] of [
        ['GET /healthz', '/healthz', false],
        ['GET /orders?pageSize=20', '/orders?pageSize=20', true],
        ['GET /orders/:n', (i: number) => `/orders/${numbers[i % numbers.length]}`, true],
      ] as const) {
        const figure = { ...(await measure(apiUrl, read, path, auth ? token : undefined, connections, duration)), ...(during ? { during } : {}) };
        figures.push(figure);
        console.log(
          `${labelOf(figure).padEnd(38)} c=${String(connections).padStart(2)}  ${figure.requestsPerSecond.toFixed(0).padStart(6)} req/s  p50 ${figure.p50} ms  p99 ${figure.p99} ms  errors ${figure.errors}  non-2xx ${figure.non2xx}  load ${figure.loadBefore} → ${figure.loadAfter}`,
        );
      }
    };
    for (const connections of connectionLevels) await measureReads(connections);

    // The same reads at 50 connections while customers confirm orders (each: a draft, then its
    // confirmation with both PDFs rendered and the e-mail sent before the answer).
    let confirmLine: string | undefined;
    if (confirming > 0) {
      let confirmed = 0;
      let failedConfirms = 0;
      let running = true;
      // Each request is bounded; any failure counts (a confirm that did not answer 200 with its documents).
      const post = (path: string, headers: Record<string, string>, body?: unknown) =>
        fetch(`${apiUrl}${path}`, { method: 'POST', headers, signal: AbortSignal.timeout(60_000), ...(body ? { body: JSON.stringify(body) } : {}) });
      const confirmLoop = async (client: number) => {
        for (let i = 0; running; i++) {
          const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': `bench-api-confirm-${client}-${i}-${process.pid}` };
          try {
            const { orderNumber } = (await (await post('/orders', headers, { paymentMethod: 'BANK_TRANSFER', lines: [{ sku: 'CARD-RFID', quantity: 1 + (i % 5) }] })).json()) as { orderNumber?: string };
            const confirm = orderNumber ? await post(`/orders/${orderNumber}/confirm`, headers) : undefined;
            await confirm?.arrayBuffer();
            if (confirm?.status === 200) confirmed += 1;
            else failedConfirms += 1;
          } catch {
            failedConfirms += 1;
          }
        }
      };
      const loops = Array.from({ length: confirming }, (_, client) => confirmLoop(client));
      let confirmedBefore = 0;
      let seconds = 0;
      try {
        // Let the first confirmations warm Chromium's page pool before measuring.
        await waitFor('the first confirmations', async () => (confirmed >= confirming * 2 ? true : undefined), {
          timeoutMs: 120_000,
          intervalMs: 100,
          abortIf: () => (failedConfirms > 0 ? new Error('a confirmation failed before the measurement') : undefined),
        });
        confirmedBefore = confirmed;
        const started = Date.now();
        await measureReads(50, `${confirming} confirming`);
        seconds = (Date.now() - started) / 1000;
      } finally {
        running = false;
        await Promise.all(loops);
      }
      confirmLine = `While the last three lines ran (${seconds.toFixed(0)} s), ${confirming} clients confirmed ${confirmed - confirmedBefore} orders (${((confirmed - confirmedBefore) / seconds).toFixed(2)}/s; every confirmation answered 200 with its documents${failedConfirms > 0 ? `; ${failedConfirms} did NOT` : ''}).`;
      console.log(confirmLine);
      if (failedConfirms > 0) process.exitCode = 1;
    }

    // Each read against /healthz at the same connections and under the same load (quiet, or while confirming).
    const isHealth = (f: Figure) => f.target === 'GET /healthz';
    const health = (f: Figure) => figures.find((h) => isHealth(h) && h.connections === f.connections && h.during === f.during)!.requestsPerSecond;
    const rows = figures.map(
      (f) =>
        `| ${labelOf(f)} | ${f.connections} | ${f.requestsPerSecond.toFixed(0)} | ${isHealth(f) ? '' : (f.requestsPerSecond / health(f)).toFixed(2)} | ${f.p50} ms | ${f.p99} ms | ${f.errors + f.non2xx} | ${f.loadBefore} → ${f.loadAfter} |`,
    );
    const failed = figures.some((f) => f.errors + f.non2xx > 0);
    if (write) {
      await writeBenchmarkSection(
        'api',
        [
          `## API reads (\`npm run bench:api\`, ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC)`,
          '',
          `${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}; PostgreSQL ${services.postgresVersion} (embedded, fsync on), one API process (\`api/main.ts\`, LOG_LEVEL=info, request logs to a pipe); autocannon ${duration} s per line on the same machine.`,
          `One customer organisation, ${orderCount} orders (3 lines, an order confirmation and a proforma with their PDF bytes each); the admin's bearer token from \`POST /auth/login\`; \`GET /orders/:n\` asks for a different order each time.`,
          'Load average (1/5/15 min) before → after each line: everything shares the 2 cores (and other people\'s test runs), so compare the ratio to `/healthz` of the same run rather than absolute figures.',
          '',
          '| request | connections | req/s | × /healthz | p50 | p99 | errors | load |',
          '|:--|--:|--:|--:|--:|--:|--:|:--|',
          ...rows,
          ...(confirmLine ? ['', confirmLine] : []),
        ].join('\n'),
      );
    }
    console.log(failed ? 'FAILED: errors or non-2xx answers' : 'OK');
    if (failed) process.exitCode = 1;
  } finally {
    await db.$disconnect();
    await stopInReverse(stops, (message) => console.error(message));
    await removeRunDir(dataDir);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
