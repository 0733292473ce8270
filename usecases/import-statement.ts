/**
 * Importing a bank statement (GPC or Fio JSON): the same service behind the staff upload
 * (`POST /payments/imports`) and the CLI (`scripts/import-statement.ts`).
 *
 * 1. Parse the whole file first: a malformed file throws StatementParseError (with its line)
 *    and nothing is stored.
 * 2. Store every movement once, keyed by the bank's movement id (an overlapping or repeated
 *    statement adds only what is new).
 *    Its identity is the bank's (`bank:<account>:<movement id>`), the same from GPC and JSON.
 *    A file whose header does not add up is imported with warnings (reconcileStatement).
 * 3. Match the new credits by variable symbol to the document they pay and decide each from
 *    what is due (FULL, PARTIAL, OVERPAID): matched credits are HANDING_OVER, and the bank
 *    hand-over workflow, started before the import answers, hands each to the workflow that owns
 *    its document (an order's, a month's support billing) afterwards (bank-hand-over.ts: a
 *    statement may pay thousands of orders). A carrier's payout settles the COD it collected
 *    (cod-payouts.ts); a payment to a document already paid in full is REFUND_DUE. Debits and
 *    reversals are IGNORED, everything that cannot be recorded is UNMATCHED with its reason.
 *    The same workflow then tells every overdue transfer order that a newer statement is in
 *    (its cancellation waits for one), after the payments.
 */
import { createHash, randomUUID } from 'node:crypto';
import { parseFioJson } from '../domain/bank-statements/fio-json';
import { parseGpc } from '../domain/bank-statements/gpc';
import { reconcileStatement, type StatementWarning } from '../domain/bank-statements/reconcile';
import { bankReason, type BankMovementStatus, type BankReason } from '../domain/bank-reasons';
import { normalizeVariableSymbol } from '../domain/document-number';
import { formatAccountNumber, type BankMovement, type BankStatement } from '../domain/bank-statements/types';
import { ValidationFailed } from '../domain/errors';
import { MAX_PAYMENT_HALERE } from '../domain/payments';
import { fromDateColumn, toDateColumn } from '../domain/prague-calendar';
import type { Prisma } from '../infra/db';
import { withAdvisoryLock } from '../persistence/advisory-lock';
import { startBankHandOver } from '../workflows/bank-hand-over/start';
import { settleCodPayout } from './cod-payouts';
import type { UseCaseDeps } from './deps';
import { decidePayment, dueOf, findTargets, handedOverHalere, type PaymentOutcome, type PaymentTarget } from './payment-matching';

export type StatementFormat = 'gpc' | 'fio-json';
export const STATEMENT_FORMATS = ['gpc', 'fio-json'] as const;

export interface ImportRequest {
  bytes: Buffer;
  format: StatementFormat;
  fileName?: string;
  /** e.g. `user:<uuid> (STAFF)` or `cli:<os user>`: recorded on the import and its payments. */
  importedBy: string;
}

export interface ImportedEntry {
  movementId: string;
  bookedOn: string;
  amountHalere: number;
  variableSymbol: string | null;
  status: 'MATCHED' | 'UNMATCHED' | 'IGNORED' | 'PENDING' | 'REFUND_DUE';
  reason: string;
  documentNumber?: string;
  orderNumber?: string;
}

export interface ImportSummary {
  importId: string;
  format: StatementFormat;
  accountNumber: string;
  statementDate: string | null;
  coveredUntil: string | null;
  /** Movements in the file. */
  entries: number;
  /** Of those, seen for the first time; the others were imported before and are left alone. */
  newEntries: number;
  alreadyImported: number;
  matched: number;
  unmatched: number;
  ignored: number;
  /** Payments to a document already paid in full: to be refunded (listed for staff). */
  refundDue: number;
  /** Left PENDING, for the next import: none since the import decides every movement it reads itself (kept for clients). */
  pending: number;
  /**
   * The bank hand-over workflow giving the matched credits to their workflows after this answer;
   * null when Temporal could not be reached (the credits wait, listed for staff, for the next
   * import, the schedule's sweep, or staff to ask: POST /payments/pending/hand-over).
   */
  handOverWorkflowId: string | null;
  /** The new movements that are customer credits (matched or unmatched), with the outcome. */
  credits: ImportedEntry[];
  /** Where the file does not add up (stored with the import too); imported all the same. */
  warnings: StatementWarning[];
}

/** The statement is well-formed but must not be imported (e.g. another company's account). */
export class StatementRejectedError extends ValidationFailed {
  constructor(message: string) {
    super([{ field: 'file', rule: 'wrong_account', message }], { message, code: 'StatementRejected', title: 'Statement rejected' });
  }
}

export function parseStatement(bytes: Buffer, format: StatementFormat): BankStatement {
  return format === 'gpc' ? parseGpc(bytes) : parseFioJson(bytes.toString('utf8'));
}

/** "19-2000145399/0800" or "2800000000/2010" → the account as the parsers report it. */
export function ownAccountNumber(configured: string): string {
  const [account = ''] = configured.split('/');
  const [prefix, number] = account.includes('-') ? account.split('-') : ['', account];
  return formatAccountNumber(prefix ?? '', number ?? '');
}

/** The last booking day a statement covers: its date, or its latest movement when later. */
export function statementCoverage(statement: BankStatement): string | null {
  const days = [statement.statementDate, ...statement.movements.map((m) => m.bookedOn)].filter((d): d is string => !!d);
  return days.length === 0 ? null : days.reduce((a, b) => (a > b ? a : b));
}

// One import at a time (across API processes): matching reads what is due, then pays it.
export const IMPORT_LOCK_KEY = 6_000_006;
// Outcomes are written this many per statement (one array parameter per column); a crash leaves
// the rest PENDING, for the next import.
const OUTCOME_BATCH = 2_000;

export async function importStatement(deps: UseCaseDeps, request: ImportRequest): Promise<ImportSummary> {
  const statement = parseStatement(request.bytes, request.format);
  const ours = ownAccountNumber(deps.config.SUPPLIER_BANK_ACCOUNT);
  if (statement.accountNumber !== ours) {
    // Another account's statement would mark days as covered and let unpaid orders be cancelled.
    throw new StatementRejectedError(`The statement is for account ${statement.accountNumber}; payments arrive on ${ours} (SUPPLIER_BANK_ACCOUNT).`);
  }
  const coveredUntil = statementCoverage(statement);
  const fileSha256 = createHash('sha256').update(request.bytes).digest('hex');
  const warnings = reconcileStatement(statement);

  return withAdvisoryLock(deps.db, IMPORT_LOCK_KEY, async () => {
    const started = Date.now();
    const { importId, newIds } = await storeStatement(deps, statement, { ...request, fileSha256, coveredUntil, warnings });
    const stored = Date.now();
    const outcomes = await processPending(deps);
    const processed = Date.now();
    const handOverWorkflowId = await startHandOver(deps, importId, request.importedBy);
    // Where an import's time went (storing, matching, starting the hand-over).
    deps.logger?.debug({ importId, entries: statement.movements.length, newEntries: newIds.size, storeMs: stored - started, matchMs: processed - stored, handOverMs: Date.now() - processed }, 'statement imported');

    return {
      importId,
      format: request.format,
      accountNumber: statement.accountNumber,
      statementDate: statement.statementDate ?? null,
      coveredUntil,
      entries: statement.movements.length,
      newEntries: newIds.size,
      alreadyImported: statement.movements.length - newIds.size,
      ...tally([...outcomes.values()].filter((o) => newIds.has(o.movementId))),
      handOverWorkflowId,
      warnings,
    };
  });
}

/** Movements by what became of them, and the credits among them. */
type Tally = Pick<ImportSummary, 'matched' | 'unmatched' | 'ignored' | 'refundDue' | 'pending' | 'credits'>;

function tally(entries: ImportedEntry[]): Tally {
  const count = (status: ImportedEntry['status']) => entries.filter((o) => o.status === status).length;
  return {
    matched: count('MATCHED'),
    unmatched: count('UNMATCHED'),
    ignored: count('IGNORED'),
    refundDue: count('REFUND_DUE'),
    pending: count('PENDING'),
    credits: entries.filter((o) => o.status !== 'IGNORED'),
  };
}

/** What handing over the movements left PENDING or HANDING_OVER came to (`entries` and the counts: the PENDING ones). */
export type PendingHandOver = Tally & {
  entries: number;
  /** Matched credits the started hand-over gives to their workflows (waiting ones and those matched now). */
  handingOver: number;
  handOverWorkflowId: string | null;
};

/**
 * Matches what an earlier import left PENDING and starts handing over what waits to be handed
 * over (the hand-over could not be started, e.g. Temporal was unreachable), without waiting for
 * the next statement: staff ask for it from the console.
 */
export async function handOverPending(deps: UseCaseDeps, actor: string): Promise<PendingHandOver> {
  return withAdvisoryLock(deps.db, IMPORT_LOCK_KEY, async () => {
    const outcomes = await processPending(deps);
    const handingOver = await deps.db.bankTransaction.count({ where: { status: 'HANDING_OVER' } });
    const handOverWorkflowId = await startHandOver(deps, randomUUID(), actor);
    return { entries: outcomes.size, ...tally([...outcomes.values()]), handingOver, handOverWorkflowId };
  });
}

/**
 * Starts the bank hand-over workflow (the credits waiting for it, this import's or ones an earlier
 * start could not reach Temporal for, then the overdue orders); its id, or null. Temporal
 * unreachable is no failure of the import: the credits wait, listed, and the next start hands
 * them over.
 */
async function startHandOver(deps: UseCaseDeps, requestId: string, requestedBy: string): Promise<string | null> {
  try {
    return await startBankHandOver(deps.temporal, deps.config, requestId, { requestedBy });
  } catch (error) {
    deps.logger?.warn({ err: error }, 'could not start handing the matched bank payments over; they wait for the next import, the sweep or staff');
    return null;
  }
}

async function storeStatement(
  deps: UseCaseDeps,
  statement: BankStatement,
  meta: ImportRequest & { fileSha256: string; coveredUntil: string | null; warnings: StatementWarning[] },
): Promise<{ importId: string; newIds: Set<string> }> {
  const { db } = deps;
  const ids = statement.movements.map((m) => m.movementId);
  // One array parameter, not IN lists of a thousand: see insertPendingTransactions.
  const rows = await db.$queryRaw<{ movement_id: string }[]>`SELECT movement_id FROM bank_transactions WHERE movement_id = ANY(${ids}::text[])`;
  const known = new Set(rows.map((row) => row.movement_id));
  const fresh = new Map<string, BankMovement>();
  for (const m of statement.movements) if (!known.has(m.movementId)) fresh.set(m.movementId, m);

  const importId = await db.$transaction(
    async (tx) => {
      const created = await tx.bankStatementImport.create({
        data: {
          format: meta.format === 'gpc' ? 'GPC' : 'FIO_JSON',
          accountNumber: statement.accountNumber,
          statementNumber: statement.statementNumber ?? null,
          statementDate: statement.statementDate ? toDateColumn(statement.statementDate) : null,
          fileName: meta.fileName ?? null,
          fileSha256: meta.fileSha256,
          importedBy: meta.importedBy,
          entryCount: statement.movements.length,
          newEntryCount: fresh.size,
          coveredUntil: meta.coveredUntil ? toDateColumn(meta.coveredUntil) : null,
          warnings: meta.warnings as unknown as Prisma.InputJsonValue,
        },
      });
      await insertPendingTransactions(tx, created.id, [...fresh.values()]);
      return created.id;
    },
    { timeout: 120_000 },
  );
  return { importId, newIds: new Set(fresh.keys()) };
}

/**
 * Stores new movements as PENDING in one statement: each column travels as one array parameter
 * and `unnest` turns them into rows. Prisma's createMany sends one parameter per cell (14 000 per
 * thousand rows) and took 29–34 s for 10 000 movements where this takes 2.5 s (same machine, same
 * load; docs/benchmarks.md). ON CONFLICT: a concurrent import of an overlapping statement may
 * have stored some of them already.
 */
async function insertPendingTransactions(db: Prisma.TransactionClient, importId: string, movements: BankMovement[]): Promise<void> {
  if (movements.length === 0) return;
  const column = <T>(pick: (m: BankMovement) => T): T[] => movements.map(pick);
  await db.$executeRaw`
    INSERT INTO bank_transactions (id, movement_id, import_id, account_number, booked_on, value_on, amount_halere, variable_symbol, constant_symbol,
      specific_symbol, counterparty_account, counterparty_name, message, is_reversal, status, updated_at)
    SELECT gen_random_uuid(), m.movement_id, ${importId}::uuid, m.account_number, m.booked_on, m.value_on, m.amount_halere, m.variable_symbol, m.constant_symbol,
      m.specific_symbol, m.counterparty_account, m.counterparty_name, m.message, m.is_reversal, 'PENDING', now()
    FROM unnest(
      ${column((m) => m.movementId)}::text[],
      ${column((m) => m.accountNumber)}::text[],
      ${column((m) => m.bookedOn)}::date[],
      ${column((m) => m.valueOn ?? null)}::date[],
      ${column((m) => String(m.amountHalere))}::bigint[],
      ${column((m) => m.variableSymbol)}::text[],
      ${column((m) => m.constantSymbol ?? null)}::text[],
      ${column((m) => m.specificSymbol ?? null)}::text[],
      ${column((m) => m.counterpartyAccount ?? null)}::text[],
      ${column((m) => m.counterpartyName ?? null)}::text[],
      ${column((m) => m.message ?? null)}::text[],
      ${column((m) => m.isReversal ?? false)}::boolean[]
    ) AS m(movement_id, account_number, booked_on, value_on, amount_halere, variable_symbol, constant_symbol,
      specific_symbol, counterparty_account, counterparty_name, message, is_reversal)
    ON CONFLICT (movement_id) DO NOTHING`;
}

const pendingColumns = { id: true, movementId: true, bookedOn: true, amountHalere: true, variableSymbol: true, isReversal: true } as const satisfies Prisma.BankTransactionSelect;
type PendingTransaction = Prisma.BankTransactionGetPayload<{ select: typeof pendingColumns }>;

/** Every movement still PENDING (this import's, or one an earlier import could not finish): matched and decided. */
async function processPending(deps: UseCaseDeps): Promise<Map<string, ImportedEntry>> {
  const { db } = deps;
  const pending = await db.bankTransaction.findMany({
    // Not the one a staff member is assigning by hand right now (assign-bank-transaction.ts).
    where: { status: 'PENDING', OR: [{ reasonCode: null }, { reasonCode: { not: 'BEING_ASSIGNED' } }] },
    select: pendingColumns,
    orderBy: [{ bookedOn: 'asc' }, { movementId: 'asc' }],
  });
  const outcomes = new Map<string, ImportedEntry>();
  const unsaved: SavedOutcome[] = [];
  /** `stored`: the row's status, when it differs from the outcome's (a matched credit is HANDING_OVER until handed over). */
  const settle = (tx: PendingTransaction, outcome: PaymentOutcome | { status: 'IGNORED'; reason: BankReason }, target?: PaymentTarget, stored: SavedOutcome['status'] = outcome.status) => {
    outcomes.set(tx.movementId, {
      movementId: tx.movementId,
      bookedOn: fromDateColumn(tx.bookedOn),
      amountHalere: Number(tx.amountHalere),
      variableSymbol: tx.variableSymbol,
      status: outcome.status,
      reason: outcome.reason.text,
      ...(target ? { documentNumber: target.document.number } : {}),
      ...(target?.kind === 'ORDER' ? { orderNumber: target.order.number } : {}),
    });
    unsaved.push({ transactionId: tx.id, status: stored, reason: outcome.reason, documentId: 'documentId' in outcome ? (outcome.documentId ?? null) : null });
  };

  const credits = pending.filter((tx) => tx.amountHalere > 0n && !tx.isReversal);
  for (const tx of pending) {
    if (tx.isReversal) settle(tx, { status: 'IGNORED', reason: bankReason('REVERSAL') });
    else if (tx.amountHalere <= 0n) settle(tx, { status: 'IGNORED', reason: bankReason('DEBIT') });
  }
  const targets = await findTargets(db, credits.flatMap((tx) => (tx.variableSymbol ? [tx.variableSymbol] : [])));
  const byDocument = new Map<string, { target: PaymentTarget; txs: PendingTransaction[] }>();
  for (const tx of credits) {
    const target = tx.variableSymbol ? targets.get(normalizeVariableSymbol(tx.variableSymbol)) : undefined;
    if (!tx.variableSymbol) settle(tx, { status: 'UNMATCHED', reason: bankReason('NO_SYMBOL') });
    else if (!target) settle(tx, { status: 'UNMATCHED', reason: bankReason('UNKNOWN_SYMBOL') });
    else if (tx.amountHalere > BigInt(MAX_PAYMENT_HALERE)) settle(tx, { status: 'UNMATCHED', reason: bankReason('TOO_LARGE'), documentId: target.document.id }, target);
    else {
      const group = byDocument.get(target.document.id) ?? { target, txs: [] };
      group.txs.push(tx);
      byDocument.set(target.document.id, group);
    }
  }

  // Each document's credits in booking order, against what is still due on it.
  const handedOver = await handedOverHalere(db, [...byDocument.keys()]);
  for (const { target, txs } of byDocument.values()) {
    let due = dueOf(target) - (handedOver.get(target.document.id) ?? 0);
    for (const tx of txs) {
      // A carrier's payout settles its COD receivable (and writes its own row).
      const payout = await settleCodPayout(db, target, tx);
      if (payout?.status === 'MATCHED') {
        settle(tx, payout, target, 'MATCHED');
        continue;
      }
      const outcome = payout ?? decidePayment(target, { movementId: tx.movementId, bookedOn: tx.bookedOn, amountHalere: Number(tx.amountHalere) }, due);
      if (outcome.status === 'MATCHED') due = outcome.remainingHalere;
      settle(tx, outcome, target, outcome.status === 'MATCHED' ? 'HANDING_OVER' : outcome.status);
    }
  }
  await saveOutcomes(db, unsaved);
  return outcomes;
}

interface SavedOutcome {
  transactionId: string;
  status: BankMovementStatus;
  reason: BankReason;
  documentId: string | null;
}

/**
 * Writes outcomes in one statement per thousands (one array parameter per column), each only
 * while its movement is still PENDING: a payout's row is written by its own settlement, and a
 * movement a staff member claimed meanwhile is theirs.
 */
async function saveOutcomes(db: UseCaseDeps['db'], rows: SavedOutcome[]): Promise<void> {
  for (let i = 0; i < rows.length; i += OUTCOME_BATCH) {
    const batch = rows.slice(i, i + OUTCOME_BATCH);
    const column = <T>(pick: (row: SavedOutcome) => T): T[] => batch.map(pick);
    await db.$executeRaw`
      UPDATE bank_transactions b SET status = u.status::"BankTransactionStatus", reason = u.reason, reason_code = u.reason_code, reason_params = u.reason_params,
        document_id = COALESCE(u.document_id, b.document_id), updated_at = now()
      FROM unnest(
        ${column((row) => row.transactionId)}::uuid[],
        ${column((row) => row.status)}::text[],
        ${column((row) => row.reason.text)}::text[],
        ${column((row) => row.reason.code)}::text[],
        ${column((row) => JSON.stringify(row.reason.params))}::jsonb[],
        ${column((row) => row.documentId)}::uuid[]
      ) AS u(id, status, reason, reason_code, reason_params, document_id)
      WHERE b.id = u.id AND b.status = 'PENDING'`;
  }
}
