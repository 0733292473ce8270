/**
 * `npm run chaos`: the ordering path under crashes and outages, against the real processes.
 *
 *   tsx scripts/chaos.ts [--clients 4] [--orders 24] [--kills 4] [--outage-orders 8]
 *                        [--smtp-outage-seconds 180] [--keep-data]
 *
 * Starts its own PostgreSQL, Temporal dev server (state in a file, so that it survives its
 * restart), mailbox (reached through a TCP switch: the SMTP outage), worker and API under
 * .data/chaos/run-<pid>/. Then:
 *
 * 1. Crashes: several clients, each its own organisation, create and confirm orders (COD and bank
 *    transfer by turns) while the worker is killed with SIGKILL again and again (and started
 *    again), and the Temporal server is restarted once. After every kill, the Chromium processes
 *    of the killed worker must be gone within 5 s.
 * 2. SMTP outage: the mail server is unreachable for --smtp-outage-seconds while more orders are
 *    confirmed; they must reach their states during the outage, and every e-mail arrive afterwards.
 *
 * Checked at the end: every confirm request answered within 10 s (200 with documents, or 202 and
 * the order polled until it moved on); every order in its expected state with its two documents,
 * each stored PDF matching its SHA-256; document numbers of each series without gaps or
 * duplicates; every order's confirmation e-mail in the mailbox, and a Message-ID twice only where
 * SMTP leaves no choice; no orphan Chromium. Prints the figures; exits 1 on any problem.
 *
 * SMTP cannot send exactly once: when the connection breaks after the server took the message
 * but before the sender stored that it did (the worker killed, the network cut), the retry sends
 * it again, with the same Message-ID, which mail clients show once (infra/mailer.ts). A second
 * copy is therefore accepted only when the copy before it was composed within
 * SMTP_GAP_WINDOW_MS before such a break (a worker kill or the SMTP cut) of its own; any other is
 * a problem.
 */
import { createHash, randomUUID } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { createPrismaClient } from '../infra/db';
import { registerActiveCustomer, type RegisteredCustomer } from './lib/customers';
import { percentile } from './lib/bench-kit';
import { copiesExplainedByBreaks } from './lib/smtp-gap';
import { callApi, type ApiRequest, type ApiResponse } from './stack/api-client';
import { startAppProcesses, type RunningStack } from './stack/app-processes';
import { missingChromium, REPO_ROOT, sleep } from './stack/common';
import { descendants, isAlive, isChromium } from './stack/process-tree';
import { stopAllProcesses, stopChildrenOnSignals } from './stack/processes';
import { removeAbandonedRuns, removeRunDir, stopInReverse } from './stack/run-dirs';
import { startTcpSwitch, type TcpSwitch } from './stack/tcp-switch';
import { ensureTemporalCli } from './stack/temporal-cli';
import { startThrowawayServices, type ThrowawayServices } from './stack/throwaway-services';

const CONFIRM_ANSWER_LIMIT_MS = 10_000;
/** A message's Date header (whole seconds) is set when it is composed, just before its SMTP transaction. */
const SMTP_GAP_WINDOW_MS = 5_000;
const SETTLE_TIMEOUT_MS = 5 * 60_000;
/** A confirm whose update was lost (e.g. the Temporal server restarted before accepting it) leaves a draft: confirm again after this. */
const REPEAT_CONFIRM_AFTER_MS = 15_000;

interface Options {
  clients: number;
  orders: number;
  kills: number;
  outageOrders: number;
  smtpOutageSeconds: number;
  keepData: boolean;
}

function parseOptions(argv: string[]): Options {
  const options: Options = { clients: 4, orders: 24, kills: 4, outageOrders: 8, smtpOutageSeconds: 180, keepData: false };
  const numeric: Record<string, keyof Options> = { '--clients': 'clients', '--orders': 'orders', '--kills': 'kills', '--outage-orders': 'outageOrders', '--smtp-outage-seconds': 'smtpOutageSeconds' };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--keep-data') options.keepData = true;
    else if (numeric[arg]) {
      const value = Number(argv[++i]);
      if (!Number.isInteger(value) || value < 1) throw new Error(`${arg} needs a positive integer`);
      (options as unknown as Record<string, number>)[numeric[arg]] = value;
    } else throw new Error(`unknown option ${arg} (see the header of scripts/chaos.ts)`);
  }
  return options;
}

const say = (line: string) => process.stdout.write(`[chaos] ${line}\n`);
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

type PaymentMethod = 'COD' | 'BANK_TRANSFER';
const EXPECTED_STATUS: Record<PaymentMethod, string> = { COD: 'READY_TO_SHIP', BANK_TRANSFER: 'AWAITING_PAYMENT' };

interface TrackedOrder {
  orderNumber: string;
  paymentMethod: PaymentMethod;
  phase: 'crashes' | 'smtp-outage';
  /** Every confirm request: how long it took to answer, and with what. */
  confirms: { ms: number; status: number }[];
  /** From the first confirm until GET showed the order moved on. */
  settledMs?: number;
  settledAt?: number;
  status?: string;
}

/** API calls that outlast a restart of the Temporal server: a transport error or 5xx is tried again (same idempotency key). */
async function callPatiently(apiUrl: string, method: string, path: string, request: ApiRequest): Promise<ApiResponse> {
  const until = Date.now() + 120_000;
  for (;;) {
    try {
      const response = await callApi(apiUrl, method, path, request);
      if (response.status < 500) return response;
      if (Date.now() > until) return response;
    } catch (error) {
      if (Date.now() > until) throw error;
    }
    await sleep(1000);
  }
}

let draftSerial = 0;

/** One client: drafts and confirms its orders one after another until told to stop and its quota is done. */
async function runClient(apiUrl: string, customer: RegisteredCustomer, quota: number, phase: TrackedOrder['phase'], keepGoing: () => boolean, orders: TrackedOrder[], problems: string[]): Promise<void> {
  for (let n = 0; n < quota || keepGoing(); n++) {
    const paymentMethod: PaymentMethod = draftSerial++ % 2 === 0 ? 'COD' : 'BANK_TRANSFER';
    const draft = await callPatiently(
      apiUrl,
      'POST',
      '/orders',
      { token: customer.token, headers: { 'idempotency-key': `chaos-${randomUUID()}` }, body: { paymentMethod, lines: [{ sku: 'TERM-T1', quantity: 1 }, { sku: 'CARD-RFID', quantity: 5 + n }] } },
    );
    if (draft.status !== 201) {
      problems.push(`draft: HTTP ${draft.status} ${JSON.stringify(draft.body)}`);
      continue;
    }
    const order: TrackedOrder = { orderNumber: String(draft.body.orderNumber), paymentMethod, phase, confirms: [] };
    orders.push(order);
    await confirmUntilSettled(apiUrl, customer, order, problems);
  }
}

async function confirmUntilSettled(apiUrl: string, customer: RegisteredCustomer, order: TrackedOrder, problems: string[]): Promise<void> {
  const confirm = async () => {
    const started = performance.now();
    try {
      const response = await callApi(apiUrl, 'POST', `/orders/${order.orderNumber}/confirm`, { token: customer.token });
      order.confirms.push({ ms: performance.now() - started, status: response.status });
      if (response.status !== 200 && response.status !== 202) problems.push(`${order.orderNumber}: confirm answered ${response.status} ${JSON.stringify(response.body)}`);
      return response;
    } catch (error) {
      order.confirms.push({ ms: performance.now() - started, status: 0 });
      problems.push(`${order.orderNumber}: confirm failed: ${String(error)}`);
      return undefined;
    }
  };
  const first = Date.now();
  let lastConfirm = first;
  const answer = await confirm();
  if (answer?.status === 200 && answer.body.status !== 'CONFIRMED') {
    order.status = String(answer.body.status);
  }
  while (!order.status) {
    if (Date.now() - first > SETTLE_TIMEOUT_MS) {
      problems.push(`${order.orderNumber}: not past CONFIRMED after ${seconds(SETTLE_TIMEOUT_MS)}`);
      return;
    }
    await sleep(1000);
    const polled = await callApi(apiUrl, 'GET', `/orders/${order.orderNumber}`, { token: customer.token }).catch(() => undefined);
    const status = polled?.status === 200 ? String(polled.body.status) : undefined;
    if (status && status !== 'DRAFT' && status !== 'CONFIRMED') order.status = status;
    else if (status === 'DRAFT' && Date.now() - lastConfirm > REPEAT_CONFIRM_AFTER_MS) {
      lastConfirm = Date.now();
      await confirm();
    }
  }
  order.settledAt = Date.now();
  order.settledMs = order.settledAt - first;
}

interface KillRecord {
  workerPid: number;
  chromium: number;
  orphans: number;
  restartMs: number;
}

/** SIGKILLs the worker, checks its Chromium went with it, starts a new one. */
async function killWorker(app: RunningStack): Promise<KillRecord> {
  const worker = app.worker();
  const workerPid = worker.child.pid!;
  const browsers = descendants(workerPid).filter(isChromium);
  process.kill(workerPid, 'SIGKILL');
  await worker.exited;
  const deadline = Date.now() + 5_000;
  while (Date.now() < deadline && browsers.some((p) => isAlive(p.pid))) await sleep(100);
  const orphans = browsers.filter((p) => isAlive(p.pid));
  for (const p of orphans) process.kill(p.pid, 'SIGKILL'); // ours to clean up; counted as a failure
  const started = Date.now();
  await app.restartWorker();
  return { workerPid, chromium: browsers.length, orphans: orphans.length, restartMs: Date.now() - started };
}

async function queuedEmailsGauge(apiUrl: string): Promise<number> {
  const response = await fetch(`${apiUrl}/metrics`).catch(() => undefined);
  const text = response?.ok ? await response.text() : '';
  return Number(/^emails_queued (\S+)$/m.exec(text)?.[1] ?? NaN);
}

interface Verification {
  documents: number;
  series: string[];
  emails: number;
  /** Message-IDs delivered twice because a break fell into their SMTP transaction. */
  brokenTransactionCopies: number;
}

/** The stored truth: states, documents, PDFs, numbering, e-mails in the database and in the mailbox. */
async function verify(services: ThrowawayServices, orders: TrackedOrder[], breaks: number[], problems: string[]): Promise<Verification> {
  const db = createPrismaClient(services.databaseUrl);
  const expectedMessageIds = new Map<string, string>();
  let documents = 0;
  const series: string[] = [];
  try {
    const rows = await db.order.findMany({ where: { number: { in: orders.map((o) => o.orderNumber) } }, include: { documents: true } });
    for (const o of orders) {
      const row = rows.find((r) => r.number === o.orderNumber);
      if (!row) {
        problems.push(`${o.orderNumber}: not in the database`);
        continue;
      }
      if (row.status !== EXPECTED_STATUS[o.paymentMethod]) problems.push(`${o.orderNumber}: ${row.status}, expected ${EXPECTED_STATUS[o.paymentMethod]}`);
      const invoice = o.paymentMethod === 'COD' ? 'TAX_INVOICE' : 'PROFORMA_INVOICE';
      const types = row.documents.map((d) => d.type).sort();
      if (types.join() !== ['ORDER_CONFIRMATION', invoice].sort().join()) problems.push(`${o.orderNumber}: documents ${types.join(', ') || 'none'}, expected ORDER_CONFIRMATION and ${invoice}`);
      for (const d of row.documents) {
        documents++;
        if (!d.pdf || !d.sha256) problems.push(`${o.orderNumber}: ${d.number} has no stored PDF`);
        else if (createHash('sha256').update(d.pdf).digest('hex') !== d.sha256) problems.push(`${o.orderNumber}: ${d.number}'s PDF does not match its SHA-256`);
      }
    }

    // The run's database holds only its own documents: each series must count 1, 2, 3, ... once each.
    const all = await db.document.findMany({ select: { number: true } });
    const bySeries = new Map<string, number[]>();
    for (const { number } of all) bySeries.set(number.slice(0, 5), [...(bySeries.get(number.slice(0, 5)) ?? []), Number(number.slice(5))]);
    for (const [prefix, sequences] of bySeries) {
      const distinct = new Set(sequences);
      const highest = Math.max(...sequences);
      if (distinct.size !== sequences.length) problems.push(`series ${prefix}: ${sequences.length - distinct.size} duplicate number(s)`);
      if (highest !== distinct.size || Math.min(...sequences) !== 1) problems.push(`series ${prefix}: gaps (${distinct.size} numbers up to ${highest})`);
      series.push(`${prefix}: ${sequences.length} (1..${highest})`);
    }

    const emails = await db.emailMessage.findMany({ where: { key: { in: orders.map((o) => `order-${o.orderNumber}:email:confirmed`) } } });
    for (const o of orders) {
      const email = emails.find((e) => e.key === `order-${o.orderNumber}:email:confirmed`);
      if (!email?.sentAt) problems.push(`${o.orderNumber}: confirmation e-mail not sent`);
      if (email) expectedMessageIds.set(bare(email.messageId), o.orderNumber);
    }
  } finally {
    await db.$disconnect();
  }

  const messages = (await (await fetch(`${services.mailboxUrl}/email`)).json()) as { messageId?: string; time?: string }[];
  const copies = new Map<string, number[]>();
  for (const m of messages) if (m.messageId) copies.set(bare(m.messageId), [...(copies.get(bare(m.messageId)) ?? []), Date.parse(m.time ?? '')]);
  for (const [id, orderNumber] of expectedMessageIds) if (!copies.has(id)) problems.push(`${orderNumber}: its confirmation e-mail is not in the mailbox`);
  let brokenTransactionCopies = 0;
  for (const [id, composed] of copies) {
    if (composed.length === 1) continue;
    const what = expectedMessageIds.get(id) ?? id;
    if (copiesExplainedByBreaks(composed, breaks, SMTP_GAP_WINDOW_MS)) brokenTransactionCopies += composed.length - 1;
    else {
      const at = (times: number[]) => times.map((t) => new Date(t).toISOString().slice(11, 19)).join(', ');
      problems.push(`${what}: ${composed.length} copies of one Message-ID (composed ${at(composed)}), not each but the last just before a worker kill or the SMTP cut (${at(breaks)})`);
    }
  }
  return { documents, series, emails: messages.length, brokenTransactionCopies };
}

const bare = (messageId: string) => messageId.replace(/^<|>$/g, '');

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const chromiumPath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
  const chromiumMissing = await missingChromium(chromiumPath, 'the worker renders PDFs with it.');
  if (chromiumMissing) throw new Error(chromiumMissing);
  stopChildrenOnSignals();
  const runStarted = Date.now();
  const root = join(REPO_ROOT, '.data', 'chaos');
  const dataDir = join(root, `run-${process.pid}`);
  await removeAbandonedRuns(root);
  await removeRunDir(dataDir);
  await mkdir(dataDir, { recursive: true });

  const problems: string[] = [];
  let services: ThrowawayServices | undefined;
  let smtp: TcpSwitch | undefined;
  let app: RunningStack | undefined;
  try {
    say(`starting PostgreSQL, Temporal (state on disk) and the mailbox under ${dataDir} ...`);
    services = await startThrowawayServices({
      dataDir,
      name: 'chaos',
      temporalCli: await ensureTemporalCli({ log: (line) => say(`temporal-cli: ${line}`) }),
      durablePostgres: false,
      temporalDbFilename: join(dataDir, 'temporal', 'temporal.db'),
    });
    smtp = await startTcpSwitch({ host: services.smtpHost, port: services.smtpPort });
    app = await startAppProcesses({
      name: 'chaos',
      services: { databaseUrl: services.databaseUrl, temporalAddress: services.temporalAddress, temporalNamespace: services.namespace, smtpHost: '127.0.0.1', smtpPort: smtp.port, chromiumPath },
      // The default confirm bound (5 s) applies: answers within it are part of what is checked.
      env: { LOG_LEVEL: 'error', METRICS_OPEN: 'true' },
    });
    const apiUrl = app.apiUrl;
    const customers: RegisteredCustomer[] = [];
    for (let i = 0; i < options.clients; i++) customers.push(await registerActiveCustomer(apiUrl));
    say(`stack up, ${customers.length} customers, in ${seconds(Date.now() - runStarted)}`);

    // 1. Crashes.
    const orders: TrackedOrder[] = [];
    const kills: KillRecord[] = [];
    /** When a worker was killed or the SMTP connection cut: the only moments a message may go out twice. */
    const breaks: number[] = [];
    let temporalRestartMs = 0;
    let chaosRunning = true;
    const quota = Math.ceil(options.orders / options.clients);
    const crashStarted = Date.now();
    const load = Promise.all(customers.map((c) => runClient(apiUrl, c, quota, 'crashes', () => chaosRunning, orders, problems)));
    for (let i = 0; i < options.kills; i++) {
      await sleep(3000 + Math.random() * 3000);
      if (i === Math.floor(options.kills / 2)) {
        const started = Date.now();
        await services.restartTemporal();
        temporalRestartMs = Date.now() - started;
        say(`Temporal server restarted in ${seconds(temporalRestartMs)}`);
      }
      breaks.push(Date.now());
      const kill = await killWorker(app);
      kills.push(kill);
      say(`worker ${kill.workerPid} SIGKILLed with ${kill.chromium} Chromium process(es): ${kill.orphans} left after 5 s; a new worker polls after ${seconds(kill.restartMs)}`);
      if (kill.orphans > 0) problems.push(`worker ${kill.workerPid}: ${kill.orphans} orphan Chromium process(es)`);
    }
    chaosRunning = false;
    await load;
    say(`crash phase: ${orders.length} orders settled in ${seconds(Date.now() - crashStarted)}`);

    // 2. SMTP outage.
    breaks.push(Date.now());
    await smtp.down();
    const outageStarted = Date.now();
    say(`SMTP down for ${options.smtpOutageSeconds} s; confirming ${options.outageOrders} more orders ...`);
    const outageOrders: TrackedOrder[] = [];
    const outageQuota = Math.ceil(options.outageOrders / options.clients);
    await Promise.all(customers.map((c) => runClient(apiUrl, c, outageQuota, 'smtp-outage', () => false, outageOrders, problems)));
    let queuedMax = await queuedEmailsGauge(apiUrl);
    while (Date.now() - outageStarted < options.smtpOutageSeconds * 1000) {
      await sleep(Math.min(5000, options.smtpOutageSeconds * 1000 - (Date.now() - outageStarted)));
      queuedMax = Math.max(queuedMax, await queuedEmailsGauge(apiUrl));
    }
    await smtp.up();
    const smtpUpAt = Date.now();
    const movedOnDuringOutage = outageOrders.filter((o) => o.settledAt !== undefined && o.settledAt < smtpUpAt).length;
    if (movedOnDuringOutage !== outageOrders.length) problems.push(`${outageOrders.length - movedOnDuringOutage} order(s) did not move on while SMTP was down`);
    say(`SMTP up after ${seconds(smtpUpAt - outageStarted)}; ${movedOnDuringOutage}/${outageOrders.length} orders had moved on during it; up to ${queuedMax} e-mails queued`);
    let drainedMs = NaN;
    while (Date.now() - smtpUpAt < 5 * 60_000) {
      if ((await queuedEmailsGauge(apiUrl)) === 0) {
        drainedMs = Date.now() - smtpUpAt;
        break;
      }
      await sleep(1000);
    }
    if (Number.isNaN(drainedMs)) problems.push('e-mails still queued 5 minutes after SMTP came back');
    else say(`every queued e-mail sent ${seconds(drainedMs)} after SMTP came back`);
    // maildev stores a message just after the SMTP transaction: a moment for the last ones.
    await sleep(2000);

    const everything = [...orders, ...outageOrders];
    const verification = await verify(services, everything, breaks, problems);
    const answers = everything.flatMap((o) => o.confirms);
    const answerMs = answers.map((a) => a.ms).sort((a, b) => a - b);
    const slow = answers.filter((a) => a.ms > CONFIRM_ANSWER_LIMIT_MS).length;
    if (slow > 0) problems.push(`${slow} confirm request(s) answered after more than ${CONFIRM_ANSWER_LIMIT_MS / 1000} s`);
    const settled = everything.flatMap((o) => (o.settledMs === undefined ? [] : [o.settledMs])).sort((a, b) => a - b);

    console.log('');
    console.log(`Chaos run (${seconds(Date.now() - runStarted)}): ${options.clients} clients, ${everything.length} orders (${orders.length} under crashes, ${outageOrders.length} during the SMTP outage)`);
    console.log(`  worker SIGKILLs: ${kills.length}, Chromium killed with them: ${kills.reduce((s, k) => s + k.chromium, 0)}, orphans: ${kills.reduce((s, k) => s + k.orphans, 0)}; worker back in p50 ${seconds(percentile(kills.map((k) => k.restartMs).sort((a, b) => a - b), 50))}`);
    console.log(`  Temporal server restarted once: ${seconds(temporalRestartMs)}`);
    console.log(`  confirm requests: ${answers.length} (${answers.filter((a) => a.status === 200).length} × 200, ${answers.filter((a) => a.status === 202).length} × 202, ${answers.filter((a) => a.status !== 200 && a.status !== 202).length} other); answered p50 ${Math.round(percentile(answerMs, 50))} ms, p95 ${Math.round(percentile(answerMs, 95))} ms, max ${Math.round(answerMs.at(-1) ?? NaN)} ms (limit ${CONFIRM_ANSWER_LIMIT_MS} ms)`);
    console.log(`  confirm → order moved on: p50 ${seconds(percentile(settled, 50))}, p95 ${seconds(percentile(settled, 95))}, max ${seconds(settled.at(-1) ?? NaN)}`);
    console.log(`  SMTP outage ${options.smtpOutageSeconds} s: ${movedOnDuringOutage}/${outageOrders.length} orders moved on during it, up to ${queuedMax} e-mails queued, all sent ${seconds(drainedMs)} after it ended`);
    console.log(`  documents: ${verification.documents}; series ${verification.series.join('; ')}`);
    console.log(`  mailbox: ${verification.emails} messages, every confirmation there; ${verification.brokenTransactionCopies} extra copies of a Message-ID, each composed just before a worker kill or the SMTP cut (the gap SMTP leaves)`);
    console.log(problems.length === 0 ? '  OK: no problem found' : `  ${problems.length} PROBLEM(S):\n${problems.map((p) => `    - ${p}`).join('\n')}`);
    console.log('');
  } finally {
    await app?.stop().catch((error: unknown) => say(`stopping the worker/API failed: ${String(error)}`));
    await smtp?.close();
    if (services) await stopInReverse(services.stops, say);
    await stopAllProcesses(5_000);
    if (!options.keepData) await removeRunDir(dataDir);
    else say(`data kept in ${dataDir}`);
  }
  if (problems.length > 0) process.exitCode = 1;
}

main().then(
  () => process.exit(process.exitCode ?? 0),
  (error: unknown) => {
    console.error(`[chaos] ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exit(1);
  },
);
