/**
 * Matching one bank credit to the document it pays, and giving it to the workflow that owns the
 * document: by a signal for the import (bankPaymentSignal, supportBankPaymentSignal), by the SAME
 * update staff use for any payment when staff assign it by hand. The bank's movement id is the
 * payment's externalId either way, so the same movement is counted once however often it is
 * imported, handed over or assigned.
 */
import { WorkflowNotFoundError, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { bankReason, type BankReason } from '../domain/bank-reasons';
import { normalizeVariableSymbol } from '../domain/document-number';
import { problemSlugOf } from '../domain/errors';
import { halereFromBigInt } from '../domain/money';
import { isFinal } from '../domain/order-lifecycle';
import { fromDateColumn } from '../domain/prague-calendar';
import type { BankTransaction, Document, Order, PrismaClient } from '../infra/db';
import { bankPaymentSignal, orderWorkflowId, recordPaymentUpdate } from '../workflows/order/contract';
import { recordSupportPaymentUpdate, supportBankPaymentSignal, supportBillingWorkflowId } from '../workflows/support-billing/contract';
import { updateWithinBound } from '../infra/bounded-wait';
import type { UseCaseDeps } from './deps';

/** What a credit can pay: an order's proforma (or its tax invoice), or a support invoice. */
export type PaymentTarget =
  | { kind: 'ORDER'; document: Document; order: Order }
  | { kind: 'SUPPORT'; document: Document & { supportMonth: string } };

export type MatchKind = 'FULL' | 'PARTIAL' | 'OVERPAID';

export type PaymentOutcome =
  /**
   * counted: whether this recorded it for the first time; absent when not waited for (the import).
   * The movement's link to its payment is written where the payment is (recordLedgerPayment).
   */
  | { status: 'MATCHED'; kind: MatchKind; reason: BankReason; documentId: string; counted?: boolean; remainingHalere: number }
  | { status: 'UNMATCHED'; reason: BankReason; documentId?: string }
  /** A customer paid a document already paid in full: not recorded, the money is to be refunded. */
  | { status: 'REFUND_DUE'; reason: BankReason; documentId: string }
  /** Staff assigning by hand: not recorded yet (still queued behind another action, or Temporal unreachable). */
  | { status: 'PENDING'; reason: BankReason };

const PAYABLE_TYPES = ['PROFORMA_INVOICE', 'TAX_INVOICE'] as const;

/**
 * The document a variable symbol names: numerically, so "0002026100001" finds 2026100001.
 * A proforma beats a tax invoice with the same symbol (they never share one today: every
 * document's symbol is its own number).
 */
export async function findTargets(db: PrismaClient, symbols: Iterable<string>): Promise<Map<string, PaymentTarget>> {
  const wanted = [...new Set([...symbols].map(normalizeVariableSymbol).filter((s) => s !== ''))];
  const targets = new Map<string, PaymentTarget>();
  if (wanted.length === 0) return targets;
  // Document numbers never start with 0, so the stored symbol is already the numeric form.
  const documents = await db.document.findMany({
    where: { variableSymbol: { in: wanted }, type: { in: [...PAYABLE_TYPES] } },
    include: { order: true },
    orderBy: { type: 'asc' }, // PROFORMA_INVOICE before TAX_INVOICE
  });
  for (const document of documents) {
    const symbol = normalizeVariableSymbol(document.variableSymbol ?? '');
    const target = targetOf(document);
    if (target && !targets.has(symbol)) targets.set(symbol, target);
  }
  return targets;
}

/** The target of a document number staff typed; null when it is no payable document. */
export async function findTargetByNumber(db: PrismaClient, documentNumber: string): Promise<PaymentTarget | null> {
  const normalized = normalizeVariableSymbol(documentNumber);
  if (normalized === '') return null;
  const document = await db.document.findUnique({ where: { number: normalized }, include: { order: true } });
  return document ? targetOf(document) : null;
}

/** The targets of documents the import matched movements to, by document id. */
export async function findTargetsById(db: PrismaClient, documentIds: string[]): Promise<Map<string, PaymentTarget>> {
  const documents = await db.document.findMany({ where: { id: { in: documentIds } }, include: { order: true } });
  return new Map(documents.flatMap((document) => {
    const target = targetOf(document);
    return target ? [[document.id, target] as const] : [];
  }));
}

function targetOf({ order, ...document }: Document & { order: Order | null }): PaymentTarget | null {
  if (!(PAYABLE_TYPES as readonly string[]).includes(document.type)) return null;
  if (order) return { kind: 'ORDER', document, order };
  if (document.type === 'TAX_INVOICE' && document.supportMonth) return { kind: 'SUPPORT', document: { ...document, supportMonth: document.supportMonth } };
  return null;
}

/** Key of the workflow that owns the target: payments to one workflow are applied one by one. */
export const targetKey = (target: PaymentTarget): string =>
  target.kind === 'ORDER' ? orderWorkflowId(target.order.number) : supportBillingWorkflowId(target.document.organizationId, target.document.supportMonth);

/** What is still due on the target according to the mirrored state in PostgreSQL. */
export function dueOf(target: PaymentTarget): number {
  return target.kind === 'ORDER'
    ? // invoicedHalere is mirrored when the order starts waiting; the document knows it first.
      (target.order.invoicedHalere || target.document.grossHalere) - halereFromBigInt(target.order.paidHalere, 'paidHalere')
    : target.document.grossHalere - halereFromBigInt(target.document.paidHalere, 'paidHalere');
}

/**
 * What the import matched and its workflow has not recorded yet (being handed over, or handed
 * over: no payment linked), per document: a statement imported right after another must not count
 * it as still due.
 */
export async function handedOverHalere(db: PrismaClient, documentIds: string[]): Promise<Map<string, number>> {
  if (documentIds.length === 0) return new Map();
  const rows = await db.$queryRaw<{ document_id: string; halere: bigint }[]>`
    SELECT document_id, SUM(amount_halere) AS halere FROM bank_transactions
    WHERE status IN ('HANDING_OVER', 'MATCHED') AND payment_id IS NULL AND document_id = ANY(${documentIds}::uuid[]) GROUP BY document_id`;
  return new Map(rows.map((row) => [row.document_id, halereFromBigInt(row.halere, 'handedOverHalere')]));
}

function matchKind(amountHalere: number, dueHalere: number): { kind: MatchKind; reason: BankReason } {
  if (amountHalere === dueHalere) return { kind: 'FULL', reason: bankReason('FULL') };
  if (amountHalere < dueHalere) return { kind: 'PARTIAL', reason: bankReason('PARTIAL', { amountHalere: dueHalere - amountHalere }) };
  return { kind: 'OVERPAID', reason: bankReason('OVERPAID', { amountHalere: amountHalere - dueHalere }) };
}

type Movement = Pick<BankTransaction, 'movementId' | 'bookedOn'> & { amountHalere: number };

/**
 * What becomes of a credit to the target, decided from the mirrored state alone: refused (a
 * settled document, a closed order) or matched by how much of what is due it pays. The import
 * decides every credit so, then hands the matched ones to their workflows (bank-hand-over.ts).
 */
export function decidePayment(target: PaymentTarget, movement: Movement, dueHalere: number, options: { allowSettled?: boolean } = {}): PaymentOutcome {
  const documentId = target.document.id;
  if (!options.allowSettled && dueHalere <= 0) {
    return { status: 'REFUND_DUE', reason: bankReason('DUPLICATE_PAYMENT', { documentNumber: target.document.number, amountHalere: movement.amountHalere }), documentId };
  }
  // A closed order's workflow has ended and takes no payment.
  if (target.kind === 'ORDER' && isFinal(target.order.status)) {
    return { status: 'UNMATCHED', reason: bankReason('ORDER_CLOSED', { orderNumber: target.order.number, orderStatus: target.order.status }), documentId };
  }
  return { status: 'MATCHED', ...matchKind(movement.amountHalere, dueHalere), documentId, remainingHalere: Math.max(0, dueHalere - movement.amountHalere) };
}

const paymentOf = (movement: Movement, actor: string) => ({
  actor,
  externalId: movement.movementId,
  source: 'BANK_IMPORT' as const,
  amountHalere: movement.amountHalere,
  receivedOn: fromDateColumn(movement.bookedOn),
});

/** The outcome of a payment whose workflow has ended (gRPC NOT_FOUND, for an update as for a signal). */
function workflowEnded(target: PaymentTarget): PaymentOutcome {
  const whose = target.kind === 'ORDER' ? { orderNumber: target.order.number } : { billingMonth: target.document.supportMonth };
  return { status: 'UNMATCHED', reason: bankReason('WORKFLOW_ENDED', whose), documentId: target.document.id };
}

/**
 * Hands a matched credit to the workflow that owns its target by a signal, without waiting for it
 * to be recorded: in the workflow's history once this returns; the workflow records it (once per
 * movement id) or hands it back to staff (bankPaymentSignal, supportBankPaymentSignal). Returns the
 * outcome when the workflow has ended; any other failure is thrown, for the caller to retry.
 */
export async function signalPayment(temporal: Client, target: PaymentTarget, movement: Movement, actor: string): Promise<PaymentOutcome | undefined> {
  const payment = paymentOf(movement, actor);
  try {
    const handle = temporal.workflow.getHandle(targetKey(target));
    if (target.kind === 'ORDER') await handle.signal(bankPaymentSignal, payment);
    else await handle.signal(supportBankPaymentSignal, { ...payment, invoiceNumber: target.document.number });
    return undefined;
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) return workflowEnded(target);
    throw error;
  }
}

/**
 * Records a credit staff assign by hand on its target's workflow through the SAME update staff use
 * for any payment, and waits (bounded) for the answer. Refusals (cancelled order, billing over, a
 * settled document) come back as UNMATCHED with the reason; nothing is thrown for them.
 */
export async function recordAssignedPayment(
  deps: UseCaseDeps,
  target: PaymentTarget,
  movement: Movement,
  options: { actor: string; dueHalere: number; allowSettled?: boolean },
): Promise<PaymentOutcome> {
  const decided = decidePayment(target, movement, options.dueHalere, options);
  if (decided.status !== 'MATCHED') return decided;
  const { document } = target;
  const payment = paymentOf(movement, options.actor);
  // Accepted but queued behind another action of the target (e.g. a confirm still rendering): it
  // will be counted; the movement stays pending, and recording it again (same externalId) finds it.
  const waitMs = deps.config.ACTION_WAIT_SECONDS * 1000;
  const stillRunning: PaymentOutcome = { status: 'PENDING', reason: bankReason('QUEUED') };
  try {
    const handle = deps.temporal.workflow.getHandle(targetKey(target));
    const outcome =
      target.kind === 'ORDER'
        ? await updateWithinBound(deps.temporal, handle, recordPaymentUpdate, [payment], waitMs)
        : await updateWithinBound(deps.temporal, handle, recordSupportPaymentUpdate, [{ ...payment, invoiceNumber: document.number }], waitMs);
    if (!outcome.done) return stillRunning;
    return { ...decided, counted: outcome.value.counted, remainingHalere: outcome.value.remainingHalere };
  } catch (error) {
    if (error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure) {
      return { status: 'UNMATCHED', reason: bankReason('REFUSED', { problem: problemSlugOf(error.cause.type ?? 'Refused'), detail: error.cause.message }), documentId: document.id };
    }
    if (error instanceof WorkflowNotFoundError) return workflowEnded(target);
    deps.logger?.warn({ err: error, movementId: movement.movementId }, 'bank payment not recorded yet; it stays pending');
    return { status: 'PENDING', reason: bankReason('NOT_RECORDED_YET', { detail: error instanceof Error ? error.message : String(error) }) };
  }
}
