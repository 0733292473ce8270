/**
 * `npm run bench:orders`: orders per second from "confirm" until the order confirmation and the
 * invoice (COD: tax invoice, transfer: proforma) are rendered, stored with their SHA-256 and
 * e-mailed together, with N concurrent clients; then, in the same run, the PDF renderer's
 * documents/s with a pool of warm pages against a browser launched per document.
 *
 *   tsx scripts/bench-orders.ts [--clients 1,4,8] [--orders 40] [--warmup 2]
 *                               [--pdf-docs 200] [--pdf-fresh 8] [--keep-data] [--no-docs]
 *
 * Self-contained: starts its own PostgreSQL, Temporal dev server and mailbox under
 * .data/bench/run-<pid>/ on free ports, then the real worker and API processes, and stops all of
 * it at the end (the data directory is removed unless --keep-data). Every measured order is
 * verified afterwards (2 documents with stored PDFs whose SHA-256 matches, exactly one
 * confirmation e-mail in the mailbox carrying both PDFs) so that the figure counts only work
 * that was really done. Results are printed and written into docs/benchmarks.md.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Client, Connection } from '@temporalio/client';
import { tsToMs } from '@temporalio/common/lib/time';
import type { PaymentMethod } from '../domain/payments';
import { benchPdfRenderer, formatPdfBenchLine, type PdfBenchResult } from './bench-pdf';
import { writeBenchmarkSection } from './bench-docs';
import { callApi, type ApiResponse } from './stack/api-client';
import { registerActiveCustomer } from './lib/customers';
import { verifyConfirmedOrders, type Verification } from './lib/verify-confirmed-orders';
import { machineFacts, machineLines, percentile, runBenchMain, say, table, withBenchStack, type MachineFacts } from './lib/bench-kit';

// ---------------------------------------------------------------------------------------------
// Options

interface BenchOptions {
  clients: number[];
  /** Orders confirmed per concurrency level (split evenly among its clients). */
  orders: number;
  /** Orders confirmed before the first level and not counted (Chromium launch, first bundles). */
  warmup: number;
  pdfDocuments: number;
  pdfFresh: number;
  keepData: boolean;
  writeDocs: boolean;
}

function parseArgs(argv: string[]): BenchOptions {
  const options: BenchOptions = { clients: [1, 4, 8], orders: 40, warmup: 2, pdfDocuments: 200, pdfFresh: 8, keepData: false, writeDocs: true };
  const positiveInt = (name: string, value: string | undefined): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 0) throw new Error(`${name} needs a whole number, got ${value ?? 'nothing'}`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [flag, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string | undefined => inline ?? argv[++i];
    switch (flag) {
      case '--clients':
        options.clients = (value() ?? '').split(',').map((c) => positiveInt('--clients', c.trim()));
        if (options.clients.length === 0 || options.clients.some((c) => c < 1)) throw new Error('--clients needs positive numbers, e.g. 1,4,8');
        break;
      case '--orders':
        options.orders = positiveInt('--orders', value());
        break;
      case '--warmup':
        options.warmup = positiveInt('--warmup', value());
        break;
      case '--pdf-docs':
        options.pdfDocuments = positiveInt('--pdf-docs', value());
        break;
      case '--pdf-fresh':
        options.pdfFresh = positiveInt('--pdf-fresh', value());
        break;
      case '--keep-data':
        options.keepData = true;
        break;
      case '--no-docs':
        options.writeDocs = false;
        break;
      case '--help':
      case '-h':
        console.log(readFileSync(__filename, 'utf8').split('*/')[0]);
        process.exit(0);
        break;
      default:
        throw new Error(`Unknown argument ${arg} (try --help)`);
    }
  }
  return options;
}

// ---------------------------------------------------------------------------------------------
// Output

// ---------------------------------------------------------------------------------------------
// The throwaway stack

// ---------------------------------------------------------------------------------------------
// HTTP clients

function expectStatus(what: string, result: ApiResponse, ...expected: number[]): void {
  if (!expected.includes(result.status)) {
    throw new Error(`${what}: HTTP ${result.status} (expected ${expected.join(' or ')}): ${JSON.stringify(result.body).slice(0, 500)}`);
  }
}

interface Customer {
  index: number;
  organizationId: string;
  email: string;
  token: string;
}

/** Registers and activates a customer (orders need an active organisation); odd ones prefer English. */
async function registerBenchCustomer(apiUrl: string, index: number, runId: string): Promise<Customer> {
  const email = `bench-${runId}-${index}@zakaznik.example`;
  const registered = await registerActiveCustomer(apiUrl, {
    organization: { name: `Měřicí zákazník ${index} ${runId} s.r.o.`, contactEmail: email, language: index % 2 === 0 ? 'cs' : 'en' },
    admin: { email },
  });
  return { index, organizationId: registered.organizationId, email, token: registered.token };
}

interface Draft {
  customer: Customer;
  orderNumber: string;
  paymentMethod: PaymentMethod;
  draftMs: number;
}

interface Confirmed extends Draft {
  level: number;
  /** When the confirm request was sent (epoch ms, this machine's clock, as the worker's sentAt). */
  startedAtMs: number;
  confirmMs: number;
  status: string;
  documents: { kind: string; number: string; documentId: string }[];
}

let orderSerial = 0;

async function createDraft(apiUrl: string, customer: Customer, runId: string): Promise<Draft> {
  const serial = orderSerial++;
  // Half cash on delivery (tax invoice), half bank transfer (proforma with QR Platba).
  const paymentMethod: PaymentMethod = serial % 2 === 0 ? 'COD' : 'BANK_TRANSFER';
  const lines = [
    { sku: 'TERM-T1', quantity: 1 + (serial % 3) },
    { sku: 'CARD-RFID', quantity: 5 + (serial % 20) },
    ...(serial % 4 === 1 ? [{ sku: 'FOB-RFID', quantity: 3 }] : []),
  ];
  const started = performance.now();
  const created = await callApi(apiUrl, 'POST', '/orders', {
    token: customer.token,
    headers: { 'idempotency-key': `bench-${runId}-${serial}` },
    body: { paymentMethod, lines },
  });
  const draftMs = performance.now() - started;
  expectStatus(`create draft ${serial}`, created, 201);
  return { customer, orderNumber: String(created.body.orderNumber), paymentMethod, draftMs };
}

async function confirm(apiUrl: string, draft: Draft, level: number): Promise<Confirmed> {
  const startedAtMs = Date.now();
  const started = performance.now();
  const confirmed = await callApi(apiUrl, 'POST', `/orders/${draft.orderNumber}/confirm`, { token: draft.customer.token });
  const confirmMs = performance.now() - started;
  expectStatus(`confirm ${draft.orderNumber}`, confirmed, 200);
  return {
    ...draft,
    level,
    startedAtMs,
    confirmMs,
    status: String(confirmed.body.status),
    documents: (confirmed.body.documents ?? []) as Confirmed['documents'],
  };
}

interface LevelResult {
  clients: number;
  orders: number;
  /** When the first confirm request was sent (epoch ms). */
  startedAtMs: number;
  seconds: number;
  ordersPerSecond: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  draftP50: number;
  confirmed: Confirmed[];
}

/**
 * N clients, each with its own organisation: first every client creates its drafts (timed
 * separately), then all confirm theirs one after another at the same time. The clock runs from
 * the first confirm request to the last response, and confirm answers once both PDFs are stored
 * (the e-mail follows on its own): that is the orders/s figure.
 */
async function runLevel(apiUrl: string, customers: Customer[], clients: number, orders: number, runId: string): Promise<LevelResult> {
  const perClient = Array.from({ length: clients }, (_, c) => Math.floor(orders / clients) + (c < orders % clients ? 1 : 0));
  const drafts = await Promise.all(
    perClient.map(async (count, c) => {
      const mine: Draft[] = [];
      for (let i = 0; i < count; i++) mine.push(await createDraft(apiUrl, customers[c]!, runId));
      return mine;
    }),
  );
  const startedAtMs = Date.now();
  const started = performance.now();
  const confirmed = await Promise.all(
    drafts.map(async (mine) => {
      const done: Confirmed[] = [];
      for (const draft of mine) done.push(await confirm(apiUrl, draft, clients));
      return done;
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const all = confirmed.flat();
  const latencies = all.map((o) => o.confirmMs).sort((a, b) => a - b);
  const draftLatencies = all.map((o) => o.draftMs).sort((a, b) => a - b);
  return {
    clients,
    orders: all.length,
    startedAtMs,
    seconds,
    ordersPerSecond: all.length / seconds,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    max: latencies[latencies.length - 1] ?? NaN,
    draftP50: percentile(draftLatencies, 50),
    confirmed: all,
  };
}

// ---------------------------------------------------------------------------------------------
// The time until the mail server accepted each e-mail (after verification, which reads it).

/** A level's confirmation e-mails: from each confirm request until its e-mail was accepted by the mail server. */
interface MailedLevel {
  p50: number;
  p99: number;
  /** Orders divided by the time from the first confirm request until the last e-mail was accepted. */
  ordersPerSecond: number;
}

function mailedLevel(level: LevelResult, mailedAtMs: Map<string, number>): MailedLevel {
  const mailed = level.confirmed.map((o) => ({ o, at: mailedAtMs.get(o.orderNumber)! }));
  const latencies = mailed.map(({ o, at }) => at - o.startedAtMs).sort((a, b) => a - b);
  const last = Math.max(...mailed.map(({ at }) => at));
  return { p50: percentile(latencies, 50), p99: percentile(latencies, 99), ordersPerSecond: level.orders / ((last - level.startedAtMs) / 1000) };
}

// ---------------------------------------------------------------------------------------------
// Where a confirmation's time goes, read from the workflows' histories.

interface ActivityTiming {
  type: string;
  perOrder: number;
  /** Mean wait on the task queue (scheduled -> started). */
  queueMs: number;
  /** Mean execution (started -> completed). */
  runMs: number;
}

interface ConfirmBreakdown {
  orders: number;
  /** Mean update accepted -> update completed, as the server saw it. */
  updateMs: number;
  activities: ActivityTiming[];
}

async function confirmBreakdown(temporalAddress: string, namespace: string, orderNumbers: string[]): Promise<ConfirmBreakdown> {
  const connection = await Connection.connect({ address: temporalAddress });
  try {
    const client = new Client({ connection, namespace });
    const byType = new Map<string, { count: number; queueMs: number; runMs: number }>();
    let updateMs = 0;
    for (const number of orderNumbers) {
      const history = await client.workflow.getHandle(`order-${number}`).fetchHistory();
      const events = history.events ?? [];
      const accepted = events.find((e) => e.workflowExecutionUpdateAcceptedEventAttributes);
      const completed = events.find((e) => e.workflowExecutionUpdateCompletedEventAttributes);
      if (!accepted || !completed) continue;
      const from = tsToMs(accepted.eventTime);
      const to = tsToMs(completed.eventTime);
      updateMs += to - from;
      const byId = new Map(events.map((e) => [Number(e.eventId), e]));
      for (const e of events) {
        const done = e.activityTaskCompletedEventAttributes;
        if (!done) continue;
        const scheduled = byId.get(Number(done.scheduledEventId));
        const started = byId.get(Number(done.startedEventId));
        const type = scheduled?.activityTaskScheduledEventAttributes?.activityType?.name;
        if (!scheduled || !started || !type) continue;
        const scheduledAt = tsToMs(scheduled.eventTime);
        // Only what the confirmation ran (not the draft's own steps).
        if (scheduledAt < from || scheduledAt > to) continue;
        const t = byType.get(type) ?? { count: 0, queueMs: 0, runMs: 0 };
        t.count++;
        t.queueMs += tsToMs(started.eventTime) - scheduledAt;
        t.runMs += tsToMs(e.eventTime) - tsToMs(started.eventTime);
        byType.set(type, t);
      }
    }
    const n = Math.max(1, orderNumbers.length);
    return {
      orders: orderNumbers.length,
      updateMs: updateMs / n,
      activities: [...byType.entries()]
        .map(([type, t]) => ({ type, perOrder: t.count / n, queueMs: t.queueMs / t.count, runMs: t.runMs / t.count }))
        .sort((a, b) => b.runMs * b.perOrder - a.runMs * a.perOrder),
    };
  } finally {
    await connection.close();
  }
}

// ---------------------------------------------------------------------------------------------
// Machine facts and docs/benchmarks.md

function renderSection(
  command: string,
  options: BenchOptions,
  facts: MachineFacts,
  levels: LevelResult[],
  /** Per level, in the same order. */
  mailed: MailedLevel[],
  warmupMs: number[],
  verification: Verification,
  breakdown: ConfirmBreakdown,
  pdf: PdfBenchResult[],
): string {
  const ordersTable = table(
    ['clients', 'orders', 'wall time', 'orders/s', 'confirm p50', 'confirm p99', 'to e-mail p50', 'to e-mail p99', 'orders/s to last e-mail', 'draft p50'],
    levels.map((l, i) => {
      const mail = mailed[i]!;
      return [
        String(l.clients),
        String(l.orders),
        `${l.seconds.toFixed(1)} s`,
        l.ordersPerSecond.toFixed(2),
        `${Math.round(l.p50)} ms`,
        `${Math.round(l.p99)} ms`,
        `${Math.round(mail.p50)} ms`,
        `${Math.round(mail.p99)} ms`,
        mail.ordersPerSecond.toFixed(2),
        `${Math.round(l.draftP50)} ms`,
      ];
    }),
  );
  const pool = pdf.find((r) => r.kind === 'pool' && r.pages === 2);
  const ratioLines = pool
    ? levels.map((l, i) => {
        const { ordersPerSecond } = mailed[i]!;
        return `- ${l.clients} client(s): ${ordersPerSecond.toFixed(2)} orders/s to the last e-mail = **${(ordersPerSecond / (pool.documentsPerSecond / 2)).toFixed(2)}** × the renderer's ${pool.documentsPerSecond.toFixed(1)} documents/s ÷ 2.`;
      })
    : [];
  const fresh = pdf.find((r) => r.kind === 'fresh');
  const pdfTable = table(
    ['mode', 'documents', 'time', 'documents/s', 'vs browser per document'],
    pdf.map((r) => [
      r.label,
      String(r.documents),
      `${r.seconds.toFixed(2)} s`,
      r.documentsPerSecond.toFixed(1),
      r.kind === 'html' || !fresh ? '' : `${(r.documentsPerSecond / fresh.documentsPerSecond).toFixed(1)}×`,
    ]),
  );
  const best = levels.reduce((a, b) => (b.ordersPerSecond > a.ordersPerSecond ? b : a));
  const activityTotal = breakdown.activities.reduce((sum, a) => sum + a.perOrder * (a.queueMs + a.runMs), 0);
  return [
    '## Orders: confirm → both PDFs stored and e-mailed (`npm run bench:orders`)',
    '',
    `Measured ${facts.date} with:`,
    '',
    '```sh',
    command,
    '```',
    '',
    ...machineLines(facts),
    'Everything shares the machine: PostgreSQL, Temporal, maildev, the worker (with its Chromium,',
    'PDF_PAGES=2), the API and the benchmark clients, so these are figures for one small box, not for',
    'a deployment with the services on their own machines.',
    '',
    '### Orders per second',
    '',
    `Each client is its own customer organisation (registered and activated over HTTP). Per level the`,
    `clients first create their drafts (draft p50 = \`POST /orders\`), then confirm them one after`,
    'another, all clients at once. `POST /orders/:n/confirm` answers once the order confirmation and',
    'the invoice (COD: tax invoice; bank transfer: proforma with QR Platba) are numbered, rendered to',
    'PDF on the PDF task queue and stored with their SHA-256; the e-mail carrying both goes out beside',
    'the order\'s path. "Confirm" is that answer; "to e-mail" runs from the confirm request until the',
    'mail server accepted the e-mail (the mailer\'s `sentAt`, same clock). orders/s is the orders',
    'divided by the time from the first confirm request to the last answer, or to the last e-mail. Orders',
    `alternate COD / bank transfer. ${options.warmup} warm-up order(s) before the first level (Chromium`,
    `launch, first workflow tasks) are not counted: they took ${warmupMs.map((ms) => `${Math.round(ms)} ms`).join(', ') || '—'}.`,
    '',
    ...ordersTable,
    '',
    `Best: ${best.ordersPerSecond.toFixed(2)} orders/s (${(best.ordersPerSecond * 2).toFixed(1)} PDFs/s) with ${best.clients} client(s).`,
    '',
    ...(ratioLines.length > 0 ? ['Against the renderer alone (2 warm pages, same run, measured after the stack stopped):', '', ...ratioLines, ''] : []),
    `Verified after the run, for all ${verification.orders} measured orders: the expected status, exactly 2`,
    `documents each with a stored PDF whose SHA-256 matches (${verification.documents} PDFs,`,
    `${(verification.pdfBytes / 1024 / 1024).toFixed(1)} MiB), a sent confirmation e-mail recorded with those attachment hashes (and the invoice's ISDOC),`,
    `and exactly one message with that Message-ID and 2 PDF attachments in the mailbox (maildev REST API;`,
    `${verification.emails} of ${verification.mailboxMessages} messages there; the rest are the registration and warm-up e-mails).`,
    '',
    `### Where one confirmation's time goes (${breakdown.orders} orders of the ${levels[0]!.clients}-client level, from the workflow histories)`,
    '',
    `Update accepted → completed on the server: ${Math.round(breakdown.updateMs)} ms on average (the client saw p50 ${Math.round(levels[0]!.p50)} ms incl. HTTP and the API).`,
    // The two documents render side by side and the e-mail goes out after the update answered, so
    // the activities' sum can exceed the update's time; then there is no "rest" to attribute.
    activityTotal <= breakdown.updateMs
      ? `Activity tasks (queue wait + run) account for ${Math.round(activityTotal)} ms of it; the rest (${Math.round(breakdown.updateMs - activityTotal)} ms) is the workflow tasks between the steps.`
      : `Activity tasks (queue wait + run) add up to ${Math.round(activityTotal)} ms, more than the update: the two documents render side by side, and the e-mail goes out beside the last step: it is not part of the update.`,
    '',
    ...table(
      ['activity', 'per order', 'queue wait', 'run'],
      breakdown.activities.map((a) => [`\`${a.type}\``, a.perOrder.toFixed(1), `${Math.round(a.queueMs)} ms`, `${Math.round(a.runMs)} ms`]),
    ),
    '',
    '### PDF renderer: page pool against a browser per document',
    '',
    'Same run, after the worker and API were stopped: the sample tax invoice (with QR code) with',
    'distinct numbers, through `infra/pdf-renderer.ts` (`createPdfRenderer`, one warm Chromium, pages',
    'rendering in parallel; launch and one warm-up render per page excluded) and',
    '`renderPdfWithFreshBrowser` (launch, render, close for every document). "HTML templates" is the',
    'HTML + QR PNG generation alone, which precedes every render.',
    '',
    ...pdfTable,
    '',
  ].join('\n');
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const command = `npm run bench:orders${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`;
  const runStarted = Date.now();
  // Confirm answers once the documents are stored (no 202 within the run): the latency measured.
  await withBenchStack({ name: 'bench', keepData: options.keepData, env: { CONFIRM_WAIT_SECONDS: '60' } }, async ({ services, app, chromiumPath, loadBefore, stopApp }) => {
    const runId = randomUUID().slice(0, 8);
    const maxClients = Math.max(...options.clients);
    const customers: Customer[] = [];
    // Registration hashes passwords (argon2): a few at a time.
    for (let i = 0; i < maxClients; i += 4) {
      customers.push(...(await Promise.all(Array.from({ length: Math.min(4, maxClients - i) }, (_, j) => registerBenchCustomer(app.apiUrl, i + j, runId)))));
    }
    say(`${customers.length} customer organisation(s) registered and activated`);

    const warmupMs: number[] = [];
    for (let i = 0; i < options.warmup; i++) {
      const done = await confirm(app.apiUrl, await createDraft(app.apiUrl, customers[0]!, runId), 0);
      warmupMs.push(done.confirmMs);
    }
    if (warmupMs.length > 0) say(`warm-up: ${warmupMs.map((ms) => `${Math.round(ms)} ms`).join(', ')}`);

    const levels: LevelResult[] = [];
    for (const clients of options.clients) {
      const level = await runLevel(app.apiUrl, customers, clients, options.orders, runId);
      levels.push(level);
      say(`${clients} client(s): ${level.orders} orders in ${level.seconds.toFixed(1)} s = ${level.ordersPerSecond.toFixed(2)} orders/s; confirm p50 ${Math.round(level.p50)} ms, p95 ${Math.round(level.p95)} ms, max ${Math.round(level.max)} ms`);
    }

    say('verifying documents, stored PDFs and e-mails ...');
    const verification = await verifyConfirmedOrders(services.databaseUrl, services.mailboxUrl, levels.flatMap((l) => l.confirmed));
    const mailed = levels.map((l) => mailedLevel(l, verification.mailedAtMs));
    say(`verified ${verification.orders} orders: ${verification.documents} stored PDFs with matching SHA-256, ${verification.emails} confirmation e-mails (exactly one each) in the mailbox`);

    // From the histories of the single-client level: one confirmation without contention.
    const breakdown = await confirmBreakdown(services.temporalAddress, services.namespace, levels[0]!.confirmed.map((o) => o.orderNumber));

    // The PDF comparison runs on a quiet machine: the worker (and its Chromium) go first.
    await stopApp();
    say('PDF renderer: pool against a browser per document ...');
    const pdf = await benchPdfRenderer({
      executablePath: chromiumPath,
      documents: options.pdfDocuments,
      freshBrowserDocuments: options.pdfFresh,
      onResult: (r) => say(formatPdfBenchLine(r)),
    });
    const facts = await machineFacts({ chromiumPath, postgresVersion: services.postgresVersion, loadBefore });

    console.log('');
    console.log(`Orders: confirm → both PDFs stored and e-mailed (${facts.cores} cores, nproc ${facts.nproc})`);
    for (const line of table(
      ['clients', 'orders', 'wall s', 'orders/s', 'p50 ms', 'p99 ms', 'max ms', 'to e-mail p50', 'p99', 'orders/s to last e-mail'],
      levels.map((l, i) => {
        const mail = mailed[i]!;
        return [String(l.clients), String(l.orders), l.seconds.toFixed(1), l.ordersPerSecond.toFixed(2), String(Math.round(l.p50)), String(Math.round(l.p99)), String(Math.round(l.max)), String(Math.round(mail.p50)), String(Math.round(mail.p99)), mail.ordersPerSecond.toFixed(2)];
      }),
    )) console.log(line);
    console.log('');
    console.log(`One confirmation (${breakdown.orders} orders, 1st level): update ${Math.round(breakdown.updateMs)} ms on the server; activities (mean queue wait / run):`);
    for (const a of breakdown.activities) console.log(`  ${a.type.padEnd(28)} ×${a.perOrder.toFixed(1)}  ${String(Math.round(a.queueMs)).padStart(5)} ms / ${String(Math.round(a.runMs)).padStart(5)} ms`);
    console.log('');
    console.log('PDF renderer');
    for (const r of pdf) console.log(formatPdfBenchLine(r));
    console.log('');

    if (options.writeDocs) {
      const file = await writeBenchmarkSection('orders', renderSection(command, options, facts, levels, mailed, warmupMs, verification, breakdown, pdf));
      say(`figures written to ${file}`);
    }
  });
  say(`done in ${((Date.now() - runStarted) / 1000).toFixed(0)} s`);
}

runBenchMain(main);
