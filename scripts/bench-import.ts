/**
 * `npm run bench:import` (`npx tsx scripts/bench-import.ts [entries=10000] [orders=100] [paid=orders]`):
 * imports one GPC statement of 10 000 entries and checks that every entry is matched or listed.
 *
 * Starts a throwaway stack of its own (PostgreSQL, Temporal dev server, a mailbox) and the real
 * worker process (`worker/main.ts`, main task queue only, as in production: its memory is
 * measured alone); PDFs come from a stand-in renderer in this process, since this measures the
 * import, not Chromium. Creates `orders` bank-transfer orders
 * through their workflows, writes the statement (their payments among debits, reversals, unknown
 * and missing symbols), imports it with the service behind POST /payments/imports, then imports
 * the same file again through the CLI (scripts/import-statement.ts). Appends the figures to
 * docs/benchmarks.md.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import pino from 'pino';
import { join } from 'node:path';
import { readFile } from 'node:fs/promises';
import { NativeConnection, Worker } from '@temporalio/worker';
import { createPdfActivities } from '../activities';
import { createDraftOrder } from '../usecases/create-draft-order';
import { importStatement, ownAccountNumber } from '../usecases/import-statement';
import { pragueDate } from '../domain/prague-calendar';
import { loadConfig } from '../infra/config';
import { createPrismaClient } from '../infra/db';
import { createTemporalClient } from '../infra/temporal';
import { writeGpc, type GpcMovement } from './lib/gpc-writer';
import { confirmOrderUpdate, orderWorkflowId } from '../workflows/order/contract';
import { REPO_ROOT, waitFor } from './stack/common';
import { writeBenchmarkSection } from './bench-docs';
import { exitedError, startTsProcess } from './stack/processes';
import { removeRunDir, stopInReverse } from './stack/run-dirs';
import { ensureTemporalCli } from './stack/temporal-cli';
import { startThrowawayServices } from './stack/throwaway-services';

const mib = (bytes: number) => Math.round(bytes / 1024 / 1024);
const seconds = (since: bigint) => Number(process.hrtime.bigint() - since) / 1e9;

/** A process's resident memory now and at its peak (VmRSS, VmHWM), in bytes. */
async function residentMemory(pid: number): Promise<{ rss: number; peak: number }> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) * 1024;
  return { rss: kib('VmRSS'), peak: kib('VmHWM') };
}

async function main(): Promise<void> {
  const entries = Number(process.argv[2] ?? 10_000);
  const orderCount = Number(process.argv[3] ?? 100);
  // How many of the orders the statement pays (many open orders, a statement of ordinary size).
  const paidCount = Math.min(orderCount, Number(process.argv[4] ?? orderCount));
  const dataDir = join(REPO_ROOT, '.data', 'bench-import');
  await removeRunDir(dataDir);
  await mkdir(dataDir, { recursive: true });

  const services = await startThrowawayServices({ dataDir, name: 'bench', temporalCli: await ensureTemporalCli(), durablePostgres: false });
  const env = {
    DATABASE_URL: services.databaseUrl,
    TEMPORAL_ADDRESS: services.temporalAddress,
    LOG_LEVEL: 'warn',
    TEMPORAL_TASK_QUEUE: 'bench-main',
    TEMPORAL_PDF_TASK_QUEUE: 'bench-pdf',
    SMTP_HOST: services.smtpHost,
    SMTP_PORT: String(services.smtpPort),
  } as const;
  const config = loadConfig({ ...process.env, ...env });
  const db = createPrismaClient(services.databaseUrl);
  const temporal = await createTemporalClient(config);
  const workerProcess = startTsProcess('bench-worker', 'worker/main.ts', { cwd: REPO_ROOT, env: { ...process.env, ...env, NODE_ENV: 'test', WORKER_TASK_QUEUES: 'main' } });
  const workerPid = workerProcess.child.pid!;
  // The benchmark waits on the worker's work: a worker that died ends it at once.
  const workerAlive = (while_: string) => () => (workerProcess.exitInfo() ? exitedError(workerProcess, while_) : undefined);
  const connection = await NativeConnection.connect({ address: config.TEMPORAL_ADDRESS });
  const fakePdf = { render: async () => Buffer.from('%PDF-1.4\n%%EOF\n'), close: async () => {}, browserPid: () => undefined };
  const pdfWorker = await Worker.create({ connection, taskQueue: config.TEMPORAL_PDF_TASK_QUEUE, activities: createPdfActivities({ db, pdf: fakePdf }) });
  const running = pdfWorker.run();

  try {
    // Orders awaiting payment, through their workflows.
    let started = process.hrtime.bigint();
    const organization = await db.organization.create({
      data: { name: 'Bench s.r.o.', ico: '27082440', street: 'Dlouhá 1', city: 'Praha', postalCode: '110 00', contactEmail: 'bench@customer.test', status: 'ACTIVE', trialEndsAt: new Date(), activatedAt: new Date() },
    });
    const user = await db.user.create({ data: { organizationId: organization.id, email: 'bench-user@customer.test', name: 'Bench', passwordHash: 'x', role: 'CUSTOMER_ADMIN' } });
    const orders: { number: string; proforma: string; amount: number }[] = [];
    const queue = Array.from({ length: orderCount }, (_, i) => i);
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        for (let i = queue.shift(); i !== undefined; i = queue.shift()) {
          const { order } = await createDraftOrder({ db, temporal, config }, { userId: user.id, organizationId: organization.id }, `bench-${i}`, { paymentMethod: 'BANK_TRANSFER', lines: [{ sku: 'CARD-RFID', quantity: 1 + (i % 20) }] });
          const view = await temporal.workflow.getHandle(orderWorkflowId(order.number)).executeUpdate(confirmOrderUpdate, { args: [{ actor: 'bench' }] });
          orders.push({ number: order.number, proforma: view.documents.find((d) => d.kind === 'PROFORMA_INVOICE')!.number, amount: view.invoicedHalere });
        }
      }),
    );
    // Their confirmation e-mails go out after the confirm answers: let them, so that the import runs on a quiet stack.
    await waitFor('the confirmation e-mails', async () => ((await db.emailMessage.count({ where: { sentAt: { not: null } } })) >= orderCount ? true : undefined), {
      timeoutMs: 7_200_000,
      intervalMs: 250,
      abortIf: workerAlive('confirming the orders'),
    });
    const setupSeconds = seconds(started);
    const afterSetup = await residentMemory(workerPid);
    console.log(`setup: ${orderCount} orders awaiting payment in ${setupSeconds.toFixed(1)} s; worker RSS ${mib(afterSetup.rss)} MiB, peak ${mib(afterSetup.peak)} MiB (at most ${config.WORKER_MAX_CACHED_WORKFLOWS} workflows cached)`);

    // The statement: the orders' payments (70 % in full, 20 % partial, 10 % overpaid) among
    // debits, reversals, unknown and missing symbols.
    const bookedOn = pragueDate(new Date());
    const account = ownAccountNumber(config.SUPPLIER_BANK_ACCOUNT);
    const movements: GpcMovement[] = orders.slice(0, paidCount).map((o, i) => ({
      documentNumber: String(i + 1),
      amountHalere: i % 10 < 7 ? o.amount : i % 10 < 9 ? Math.floor(o.amount / 2) : o.amount + 10_000,
      variableSymbol: o.proforma,
      counterAccount: '19-2000145399',
      bankCode: '0800',
      counterpartyName: `Zákazník č. ${i + 1}`,
      bookedOn,
    }));
    for (let i = movements.length; i < entries; i++) {
      const kind = i % 10;
      movements.push({
        documentNumber: String(i + 1),
        amountHalere: kind < 4 ? -(1_000 + i) : 1_000 + i,
        ...(kind >= 4 && kind < 8 ? { variableSymbol: String(3_000_000_000 + i) } : {}),
        ...(kind === 9 ? { reversal: true } : {}),
        counterAccount: '2000145399',
        bankCode: '2010',
        counterpartyName: kind < 4 ? 'Dodavatel, platba' : 'Plátce bez objednávky',
        bookedOn,
      });
    }
    const bytes = writeGpc({ account, statementDate: bookedOn, movements });
    const file = join(dataDir, 'statement-10000.gpc');
    writeFileSync(file, bytes);

    // The import's own account of where its time went (a debug line), captured here.
    const importLog: string[] = [];
    const importLogger = pino({ level: 'debug' }, { write: (line: string) => void importLog.push(line) });
    const loadBefore = loadavg();
    started = process.hrtime.bigint();
    const summary = await importStatement({ db, temporal, config, logger: importLogger }, { bytes, format: 'gpc', fileName: 'statement-10000.gpc', importedBy: 'bench' });
    const importSeconds = seconds(started);
    const loadAfter = loadavg();
    const afterImport = await residentMemory(workerPid);
    const phases = importLog.map((line) => JSON.parse(line) as { msg: string; storeMs?: number; matchMs?: number; handOverMs?: number }).find((l) => l.msg === 'statement imported');

    // The import matches and answers; the hand-over workflow then gives each payment to its
    // order's workflow, which records it (and issues the tax invoice, e-mails the customer).
    await waitFor(
      'the hand-over workflow to hand the payments over',
      async () => ((await db.bankTransaction.count({ where: { status: 'HANDING_OVER' } })) === 0 ? true : undefined),
      { timeoutMs: 3_600_000, intervalMs: 100, abortIf: workerAlive('handing the payments over') },
    );
    const handedOverSeconds = seconds(started);
    const paidInFull = orders.slice(0, paidCount).filter((_, i) => i % 10 < 7 || i % 10 === 9).length;
    const { payments, ready } = await waitFor(
      'the workflows to record the payments',
      async () => {
        const recorded = { payments: await db.payment.count({ where: { source: 'BANK_IMPORT' } }), ready: await db.order.count({ where: { status: 'READY_TO_SHIP' } }) };
        return recorded.payments >= paidCount && recorded.ready >= paidInFull ? recorded : undefined;
      },
      { timeoutMs: 3_600_000, intervalMs: 250, abortIf: workerAlive('recording the payments') },
    );
    const settledSeconds = seconds(started);
    const afterSettled = await residentMemory(workerPid);
    const byStatus = Object.fromEntries((await db.bankTransaction.groupBy({ by: ['status'], _count: true })).map((g) => [g.status, g._count]));
    const stored = await db.bankTransaction.count();
    const linked = await db.bankTransaction.count({ where: { status: 'MATCHED', paymentId: { not: null } } });
    const everyEntryAccounted = stored === entries && (byStatus.PENDING ?? 0) === 0 && (byStatus.MATCHED ?? 0) + (byStatus.UNMATCHED ?? 0) + (byStatus.IGNORED ?? 0) === entries;

    // The same file again, through the CLI: nothing new, nothing counted twice.
    started = process.hrtime.bigint();
    const cli = spawnSync(join(REPO_ROOT, 'node_modules/.bin/tsx'), ['scripts/import-statement.ts', file, '--format', 'gpc'], { cwd: REPO_ROOT, env: { ...process.env, ...env }, encoding: 'utf8' });
    const cliSeconds = seconds(started);
    const cliSummary = cli.status === 0 ? (JSON.parse(cli.stdout.slice(0, cli.stdout.lastIndexOf('}') + 1)) as { newEntries: number; alreadyImported: number; matched: number }) : undefined;
    const paymentsAfter = await db.payment.count({ where: { source: 'BANK_IMPORT' } });

    const lines = [
      `entries ${entries}, of them ${paidCount} payments of orders awaiting payment (setup: ${orderCount} orders confirmed in ${setupSeconds.toFixed(1)} s)`,
      `import: ${importSeconds.toFixed(2)} s (${Math.round(entries / importSeconds)} entries/s): matched ${summary.matched}, unmatched ${summary.unmatched}, ignored ${summary.ignored}, pending ${summary.pending}`,
      `import phases: store ${phases?.storeMs} ms, match and decide ${phases?.matchMs} ms, start the hand-over workflow ${phases?.handOverMs} ms; load average ${loadBefore.map((l) => l.toFixed(2)).join(' / ')} before, ${loadAfter.map((l) => l.toFixed(2)).join(' / ')} after`,
      `handed over by the hand-over workflow (${paidCount} signals, one per payment): the last ${(handedOverSeconds - importSeconds).toFixed(1)} s after the import answered (${Math.round(paidCount / (handedOverSeconds - importSeconds))} signals/s)`,
      `recorded by the orders' workflows (ledger, tax invoices, e-mails): the last ${(settledSeconds - importSeconds).toFixed(1)} s after the import answered (${Math.round(paidCount / settledSeconds)} payments/s from the import's start)`,
      `worker process RSS with ${orderCount} orders open (at most ${config.WORKER_MAX_CACHED_WORKFLOWS} workflows cached): ${mib(afterSetup.rss)} MiB after setup, ${mib(afterImport.rss)} MiB after the import, ${mib(afterSettled.rss)} MiB once recorded, peak ${mib(afterSettled.peak)} MiB`,
      `stored ${stored}, by status ${JSON.stringify(byStatus)}: every entry matched or listed: ${everyEntryAccounted ? 'yes' : 'NO'}`,
      `bank payments recorded ${payments} (${linked} matched movements linked to theirs); orders READY_TO_SHIP ${ready} of ${paidInFull} paid in full (the ${paidCount - paidInFull} partial payments keep theirs waiting)`,
      cliSummary
        ? `same file again via CLI: ${cliSeconds.toFixed(2)} s incl. tsx start; new ${cliSummary.newEntries}, already imported ${cliSummary.alreadyImported}, matched ${cliSummary.matched}; bank payments still ${paymentsAfter}`
        : `CLI re-import FAILED (exit ${cli.status}): ${cli.stderr.slice(-500)}`,
    ];
    for (const line of lines) console.log(line);

    await writeBenchmarkSection(
      'import',
      [
        `## Bank statement import (\`npm run bench:import\`, ${new Date().toISOString().slice(0, 10)})`,
        '',
        `${cpus().length} cores, Node ${process.version}; PostgreSQL (embedded, fsync off), Temporal dev server, the worker process (\`worker/main.ts\`, main queue) with e-mail to a local mailbox; PDFs by a stand-in renderer in the bench process.`,
        '',
        ...lines.map((l) => `- ${l}`),
      ].join('\n'),
    );
    const ok = everyEntryAccounted && summary.matched === paidCount && payments === paidCount && linked === paidCount && ready === paidInFull && cliSummary?.newEntries === 0 && paymentsAfter === payments;
    if (!ok) process.exitCode = 1;
    console.log(ok ? 'OK' : 'FAILED');
  } finally {
    pdfWorker.shutdown();
    await running;
    await workerProcess.stop({ signal: 'SIGTERM', graceMs: 15_000, wholeGroup: false });
    await connection.close();
    await temporal.connection.close();
    await db.$disconnect();
    await stopInReverse(services.stops, (message) => console.error(message));
    await removeRunDir(dataDir);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
