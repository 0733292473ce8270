/**
 * `npm run bench:billing`: month-end support billing at scale. N organisations each used support
 * last month; their usage reaches the month's billing workflows (as the ticket workflows report
 * it), the month is over, so every workflow closes and issues its invoice: numbered, rendered
 * to PDF, stored with its SHA-256 and e-mailed. Measured from the first usage report until the
 * last invoice's e-mail is recorded as sent, then compared with the PDF renderer's documents/s
 * measured in the same run.
 *
 *   tsx scripts/bench-billing.ts [--orgs 500,2000] [--pdf-docs 40] [--keep-data] [--no-docs]
 *
 * The organisations, their orders and used tickets are written straight into the database (a
 * registration hashes a password with Argon2 and would measure that instead); everything from
 * the usage report on is the real system. Every invoice is verified afterwards.
 */
import { createHash, randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { icoCheckDigit } from '../domain/czech-ids';
import { previousMonth, pragueMonth } from '../domain/prague-calendar';
import { billedMinutes, supportAmountHalere } from '../domain/support-usage';
import { loadConfig } from '../infra/config';
import { createPrismaClient, type PrismaClient } from '../infra/db';
import { SUPPORT_SKU } from '../activities/support-ticket';
import { reportUsageToBilling } from '../workflows/support-billing/start';
import { benchPdfRenderer, formatPdfBenchLine, type PdfBenchResult } from './bench-pdf';
import { writeBenchmarkSection } from './bench-docs';
import { machineFacts, machineLines, runBenchMain, say, table, withBenchStack, type MachineFacts } from './lib/bench-kit';

interface BenchOptions {
  organizations: number[];
  pdfDocuments: number;
  keepData: boolean;
  writeDocs: boolean;
}

function parseArgs(argv: string[]): BenchOptions {
  const options: BenchOptions = { organizations: [500, 2000], pdfDocuments: 40, keepData: false, writeDocs: true };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i]!.split('=', 2) as [string, string | undefined];
    const value = (): string => inline ?? argv[++i] ?? '';
    const counts = (text: string) => text.split(',').map((n) => Number(n.trim()));
    if (flag === '--orgs') {
      options.organizations = counts(value());
      if (options.organizations.some((n) => !Number.isInteger(n) || n < 1)) throw new Error('--orgs needs positive whole numbers, e.g. 500,2000');
    } else if (flag === '--pdf-docs') options.pdfDocuments = counts(value())[0]!;
    else if (flag === '--keep-data') options.keepData = true;
    else if (flag === '--no-docs') options.writeDocs = false;
    else throw new Error(`unknown option ${flag}`);
  }
  return options;
}

/** Valid, distinct IČOs from a counter: seven digits and their check digit. */
const icoFor = (serial: number): string => {
  const firstSeven = String(serial).padStart(7, '0');
  return `${firstSeven}${icoCheckDigit(firstSeven)}`;
};

interface SeededOrganization {
  organizationId: string;
  ticketId: string;
  ticketCode: string;
  supportDay: string;
  usedSeconds: number;
}

/**
 * N organisations with one used ticket each, on a day of `month`, and its usage row as the ticket
 * workflow writes it when the day ends. Usage varies from 7 to 120 minutes.
 */
async function seedUsage(db: PrismaClient, count: number, month: string, runId: string, icoBase: number): Promise<SeededOrganization[]> {
  const product = await db.product.findUniqueOrThrow({ where: { sku: SUPPORT_SKU } });
  const seeded: SeededOrganization[] = [];
  for (let start = 0; start < count; start += 500) {
    const batch = Array.from({ length: Math.min(500, count - start) }, (_, j) => {
      const i = start + j;
      const usedSeconds = 420 + ((i * 389) % 6780);
      return {
        organizationId: randomUUID(),
        orderId: randomUUID(),
        ticketId: randomUUID(),
        ticketCode: `B${runId}${String(i).padStart(5, '0')}`.toUpperCase(),
        supportDay: `${month}-${String(1 + (i % 28)).padStart(2, '0')}`,
        usedSeconds,
        serial: icoBase + i,
        i,
      };
    });
    await db.$transaction([
      db.organization.createMany({
        data: batch.map((b) => ({
          id: b.organizationId,
          name: `Měřená firma ${b.i} ${runId} s.r.o.`,
          ico: icoFor(b.serial),
          street: 'Zkušební 1',
          city: 'Praha',
          postalCode: '110 00',
          contactEmail: `billing-${runId}-${b.i}@zakaznik.example`,
          language: b.i % 2 === 0 ? 'CS' : 'EN',
          status: 'ACTIVE',
          trialEndsAt: new Date(),
          activatedAt: new Date(),
        })),
      }),
      db.order.createMany({
        data: batch.map((b) => ({
          id: b.orderId,
          number: `B${runId}-${b.i}`,
          organizationId: b.organizationId,
          createdById: randomUUID(),
          idempotencyKey: `bench-${b.i}`,
          status: 'COMPLETED',
          paymentMethod: 'BANK_TRANSFER',
          deliveryName: 'Měřená firma',
          deliveryStreet: 'Zkušební 1',
          deliveryCity: 'Praha',
          deliveryPostalCode: '110 00',
          netHalere: 0,
          vatHalere: 0,
          grossHalere: 0,
          termsVersion: 'bench',
          expiresAt: new Date(),
        })),
      }),
      db.supportTicket.createMany({
        data: batch.map((b) => ({
          id: b.ticketId,
          code: b.ticketCode,
          organizationId: b.organizationId,
          orderId: b.orderId,
          status: 'CONSUMED',
          supportDay: b.supportDay,
          usedSeconds: b.usedSeconds,
          expiresAt: new Date(Date.now() + 365 * 86_400_000),
        })),
      }),
      db.supportUsage.createMany({
        data: batch.map((b) => {
          const minutes = billedMinutes(b.usedSeconds);
          return { ticketId: b.ticketId, organizationId: b.organizationId, month, supportDay: b.supportDay, billedMinutes: minutes, amountHalere: supportAmountHalere(minutes, product.unitPriceHalere) };
        }),
      }),
    ]);
    seeded.push(...batch);
  }
  return seeded;
}

interface RunResult {
  organizations: number;
  seconds: number;
  invoicesPerSecond: number;
  reportSeconds: number;
  verifiedPdfs: number;
  verifiedEmails: number;
}

/** Reports every organisation's usage (50 at a time) and waits until every invoice is e-mailed. */
async function runMonthEnd(
  db: PrismaClient,
  temporal: Client,
  config: Parameters<typeof reportUsageToBilling>[1],
  seeded: SeededOrganization[],
  month: string,
): Promise<RunResult> {
  const product = await db.product.findUniqueOrThrow({ where: { sku: SUPPORT_SKU } });
  const organizationIds = seeded.map((s) => s.organizationId);
  const started = performance.now();
  for (let i = 0; i < seeded.length; i += 50) {
    await Promise.all(
      seeded.slice(i, i + 50).map((s) => {
        const minutes = billedMinutes(s.usedSeconds);
        return reportUsageToBilling(temporal, config, s.organizationId, {
          ticketId: s.ticketId,
          ticketCode: s.ticketCode,
          supportDay: s.supportDay,
          usedSeconds: s.usedSeconds,
          billedMinutes: minutes,
          hourlyRateHalere: product.unitPriceHalere,
          vatRatePercent: product.vatRatePercent,
          amountHalere: supportAmountHalere(minutes, product.unitPriceHalere),
        });
      }),
    );
  }
  const reportSeconds = (performance.now() - started) / 1000;
  say(`${seeded.length} usage reports sent in ${reportSeconds.toFixed(1)} s; waiting for the invoices ...`);
  let lastLog = 0;
  for (;;) {
    const sent = await db.emailMessage.count({ where: { organizationId: { in: organizationIds }, sentAt: { not: null } } });
    if (sent >= seeded.length) break;
    if (performance.now() - lastLog > 10_000) {
      lastLog = performance.now();
      say(`  ${sent} of ${seeded.length} invoices e-mailed after ${((performance.now() - started) / 1000).toFixed(0)} s`);
    }
    if (performance.now() - started > 30 * 60_000) throw new Error(`only ${sent} of ${seeded.length} invoices e-mailed after 30 minutes`);
    await new Promise((r) => setTimeout(r, 250));
  }
  const seconds = (performance.now() - started) / 1000;

  // The figure counts only invoices that really exist: one per organisation, its PDF matching
  // its SHA-256, exactly one sent e-mail carrying that PDF.
  const invoices = await db.document.findMany({
    where: { organizationId: { in: organizationIds }, supportMonth: month, type: 'TAX_INVOICE' },
    select: { organizationId: true, number: true, pdf: true, sha256: true },
  });
  const emails = await db.emailMessage.findMany({ where: { organizationId: { in: organizationIds } }, select: { organizationId: true, sentAt: true, attachments: true } });
  const problems: string[] = [];
  if (new Set(invoices.map((d) => d.organizationId)).size !== seeded.length || invoices.length !== seeded.length) {
    problems.push(`${invoices.length} invoices for ${seeded.length} organisations (expected exactly one each)`);
  }
  let verifiedPdfs = 0;
  for (const d of invoices) {
    if (!d.pdf || createHash('sha256').update(d.pdf).digest('hex') !== d.sha256) problems.push(`${d.number}: no PDF matching its SHA-256`);
    else verifiedPdfs++;
  }
  const emailsByOrganization = new Map<string, number>();
  for (const e of emails) if (e.sentAt) emailsByOrganization.set(e.organizationId!, (emailsByOrganization.get(e.organizationId!) ?? 0) + 1);
  const verifiedEmails = [...emailsByOrganization.values()].filter((n) => n === 1).length;
  if (verifiedEmails !== seeded.length) problems.push(`${verifiedEmails} organisations with exactly one e-mail, expected ${seeded.length}`);
  const shaOf = new Map(invoices.map((d) => [d.organizationId, d.sha256]));
  for (const e of emails) {
    const hashes = (e.attachments as { sha256: string }[]).map((a) => a.sha256);
    if (!hashes.includes(shaOf.get(e.organizationId!) ?? '')) problems.push(`the e-mail to ${e.organizationId} does not carry its invoice's PDF`);
  }
  if (problems.length > 0) throw new Error(`verification failed:\n  ${problems.slice(0, 20).join('\n  ')}`);
  return { organizations: seeded.length, seconds, invoicesPerSecond: seeded.length / seconds, reportSeconds, verifiedPdfs, verifiedEmails };
}

function renderSection(command: string, facts: MachineFacts, runs: RunResult[], pdf: PdfBenchResult[]): string {
  // The renderer's best: its warm pool at the size that rendered fastest.
  const pooled = pdf.filter((r) => r.kind === 'pool').sort((a, b) => b.documentsPerSecond - a.documentsPerSecond)[0];
  const ratio = (r: RunResult) => (pooled ? (r.invoicesPerSecond / pooled.documentsPerSecond).toFixed(2) : '—');
  const [first, last] = [runs[0]!, runs[runs.length - 1]!];
  return [
    '## Month-end support billing (`npm run bench:billing`)',
    '',
    `Measured ${facts.date} with:`,
    '',
    '```sh',
    command,
    '```',
    '',
    ...machineLines(facts),
    '',
    'N organisations used support last month (organisations, orders and used tickets written into the',
    "database; the usage reported to each month's billing workflow as the ticket workflows report it).",
    'The month is over, so each workflow closes at once: the invoice is numbered, rendered, stored with',
    'its SHA-256 and e-mailed. Time from the first usage report to the last e-mail recorded as sent;',
    'every invoice verified afterwards (one per organisation, PDF matching its SHA-256, exactly one',
    "sent e-mail carrying it). The renderer's documents/s come from the same run, after the worker",
    'and API were stopped.',
    '',
    ...table(
      ['organisations', 'wall time', 'invoices/s', 'reports sent in', '÷ renderer docs/s'],
      runs.map((r) => [String(r.organizations), `${r.seconds.toFixed(1)} s`, r.invoicesPerSecond.toFixed(2), `${r.reportSeconds.toFixed(1)} s`, ratio(r)]),
    ),
    '',
    ...(runs.length > 1 ? [`Scaling: ${last.organizations} organisations took ${(last.seconds / first.seconds).toFixed(2)}× the time of ${first.organizations} (${(last.organizations / first.organizations).toFixed(1)}× the work).`, ''] : []),
    ...pdf.map((r) => `- ${formatPdfBenchLine(r)}`),
    '',
  ].join('\n');
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const command = `npm run bench:billing${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`;
  await withBenchStack({ name: 'bench', keepData: options.keepData }, async (stack) => {
    const config = loadConfig({
      ...process.env,
      DATABASE_URL: stack.services.databaseUrl,
      TEMPORAL_TASK_QUEUE: stack.app.taskQueue,
      TEMPORAL_PDF_TASK_QUEUE: stack.app.pdfTaskQueue,
      // Last month's usage reported now is late usage: the batch window would only add its wait
      // to what is measured (every organisation's reports arrive at once anyway).
      SUPPORT_LATE_USAGE_BATCH_SECONDS: '1',
    });
    const db = createPrismaClient(stack.services.databaseUrl);
    const connection = await Connection.connect({ address: stack.services.temporalAddress });
    const temporal = new Client({ connection, namespace: stack.services.namespace });
    const runs: RunResult[] = [];
    try {
      const month = previousMonth(pragueMonth(new Date()));
      const runId = randomUUID().slice(0, 6);
      let icoBase = 1_000_000 + Math.floor(Math.random() * 7_000_000);
      for (const count of options.organizations) {
        const seeded = await seedUsage(db, count, month, `${runId}${runs.length}`, icoBase);
        icoBase += count;
        say(`${count} organisations with ${month} usage seeded`);
        const run = await runMonthEnd(db, temporal, config, seeded, month);
        runs.push(run);
        say(`${count} organisations: ${run.seconds.toFixed(1)} s = ${run.invoicesPerSecond.toFixed(2)} invoices/s (verified ${run.verifiedPdfs} PDFs, ${run.verifiedEmails} e-mails)`);
      }
    } finally {
      await connection.close();
      await db.$disconnect();
    }
    await stack.stopApp();
    say('PDF renderer: pool against a browser per document ...');
    const pdf = await benchPdfRenderer({ executablePath: stack.chromiumPath, documents: options.pdfDocuments, freshBrowserDocuments: 4, onResult: (r) => say(formatPdfBenchLine(r)) });
    const facts = await machineFacts({ chromiumPath: stack.chromiumPath, postgresVersion: stack.services.postgresVersion, loadBefore: stack.loadBefore });
    const section = renderSection(command, facts, runs, pdf);
    console.log(`\n${section}`);
    if (options.writeDocs) say(`figures written to ${await writeBenchmarkSection('billing', section)}`);
  });
}

runBenchMain(main);
