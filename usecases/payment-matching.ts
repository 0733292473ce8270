/**
 * Matching one bank credit to the document it pays, and driving the owning workflow through the
 * SAME update staff use by hand: the order's `recordPayment` or the support billing's, with the
 * bank's movement id as the payment's externalId, so the same movement is counted once however
 * often it is imported or assigned.
 */
import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
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

export type DriveOutcome =
  /**
   * counted: whether this recorded it for the first time; absent when handed over without waiting.
   * The movement's link to its payment is written where the payment is (recordLedgerPayment).
   */
  | { status: 'MATCHED'; kind: MatchKind; reason: BankReason; documentId: string; counted?: boolean; remainingHalere: number }
  | { status: 'UNMATCHED'; reason: BankReason; documentId?: string }
  /** A customer paid a document already paid in full: not recorded, the money is to be refunded. */
  | { status: 'REFUND_DUE'; reason: BankReason; documentId: string }
  /** A transient failure (Temporal unreachable ...): left for the next import to retry. */
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
  for (const { order, ...document } of documents) {
    const symbol = normalizeVariableSymbol(document.variableSymbol ?? '');
    if (targets.has(symbol)) continue;
    if (order) targets.set(symbol, { kind: 'ORDER', document, order });
    else if (document.type === 'TAX_INVOICE' && document.supportMonth) targets.set(symbol, { kind: 'SUPPORT', document: { ...document, supportMonth: document.supportMonth } });
  }
  return targets;
}

/** The target of a document number staff typed; null when it is no payable document. */
export async function findTargetByNumber(db: PrismaClient, documentNumber: string): Promise<PaymentTarget | null> {
  const normalized = normalizeVariableSymbol(documentNumber);
  if (normalized === '') return null;
  const document = await db.document.findUnique({ where: { number: normalized }, include: { order: true } });
  if (!document || !(PAYABLE_TYPES as readonly string[]).includes(document.type)) return null;
  const { order, ...rest } = document;
  if (order) return { kind: 'ORDER', document: rest, order };
  if (rest.type === 'TAX_INVOICE' && rest.supportMonth) return { kind: 'SUPPORT', document: { ...rest, supportMonth: rest.supportMonth } };
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
 * What the import handed to workflows that have not recorded it yet (MATCHED, no payment linked),
 * per document: a statement imported right after another must not count it as still due.
 */
export async function handedOverHalere(db: PrismaClient, documentIds: string[]): Promise<Map<string, number>> {
  if (documentIds.length === 0) return new Map();
  const rows = await db.$queryRaw<{ document_id: string; halere: bigint }[]>`
    SELECT document_id, SUM(amount_halere) AS halere FROM bank_transactions
    WHERE status = 'MATCHED' AND payment_id IS NULL AND document_id = ANY(${documentIds}::uuid[]) GROUP BY document_id`;
  return new Map(rows.map((row) => [row.document_id, halereFromBigInt(row.halere, 'handedOverHalere')]));
}

function matchKind(amountHalere: number, dueHalere: number): { kind: MatchKind; reason: BankReason } {
  if (amountHalere === dueHalere) return { kind: 'FULL', reason: bankReason('FULL') };
  if (amountHalere < dueHalere) return { kind: 'PARTIAL', reason: bankReason('PARTIAL', { amountHalere: dueHalere - amountHalere }) };
  return { kind: 'OVERPAID', reason: bankReason('OVERPAID', { amountHalere: amountHalere - dueHalere }) };
}

export interface DriveOptions {
  /** Who records it: the importing or assigning staff member, or the CLI user. */
  actor: string;
  /** What is due before this payment (the caller tracks it across payments to one target). */
  dueHalere: number;
  /** Staff assigning by hand may pay a settled document on purpose (an overpayment). */
  allowSettled?: boolean;
  /**
   * Hand the payment to its workflow by a signal instead of waiting for the update's answer: an
   * import pays thousands of orders, and each waiting update costs its workflow's whole turn (for
   * an order paid in full, the tax invoice too). The workflow records it, or hands it back to
   * staff when it can no longer take it (bankPaymentSignal, supportBankPaymentSignal).
   */
  handOver?: boolean;
}

/**
 * Records the credit on its target's workflow. Refusals (cancelled order, billing over, a
 * settled document) come back as UNMATCHED with the reason; nothing is thrown for them.
 */
export async function driveTarget(
  deps: UseCaseDeps,
  target: PaymentTarget,
  movement: Pick<BankTransaction, 'movementId' | 'bookedOn'> & { amountHalere: number },
  options: DriveOptions,
): Promise<DriveOutcome> {
  const { document } = target;
  const documentId = document.id;
  if (!options.allowSettled && options.dueHalere <= 0) {
    return { status: 'REFUND_DUE', reason: bankReason('DUPLICATE_PAYMENT', { documentNumber: document.number, amountHalere: movement.amountHalere }), documentId };
  }
  const receivedOn = fromDateColumn(movement.bookedOn);
  const payment = { actor: options.actor, externalId: movement.movementId, source: 'BANK_IMPORT' as const, amountHalere: movement.amountHalere, receivedOn };
  // Accepted but queued behind another action of the target (e.g. a confirm still rendering): it
  // will be counted; the movement stays pending, and recording it again (same externalId) finds it.
  const waitMs = deps.config.ACTION_WAIT_SECONDS * 1000;
  const stillRunning: DriveOutcome = { status: 'PENDING', reason: bankReason('QUEUED') };
  // In the workflow's history once the signal returns; the workflow links the payment when it records it.
  const handedOver: DriveOutcome = { status: 'MATCHED', ...matchKind(movement.amountHalere, options.dueHalere), documentId, remainingHalere: Math.max(0, options.dueHalere - movement.amountHalere) };
  try {
    let counted: boolean;
    let remainingHalere: number;
    if (target.kind === 'ORDER') {
      const { order } = target;
      // A closed order's workflow has ended and takes no update.
      if (isFinal(order.status)) {
        return { status: 'UNMATCHED', reason: bankReason('ORDER_CLOSED', { orderNumber: order.number, orderStatus: order.status }), documentId };
      }
      const handle = deps.temporal.workflow.getHandle(orderWorkflowId(order.number));
      if (options.handOver) {
        await handle.signal(bankPaymentSignal, payment);
        return handedOver;
      }
      const outcome = await updateWithinBound(deps.temporal, handle, recordPaymentUpdate, [payment], waitMs);
      if (!outcome.done) return stillRunning;
      ({ counted, remainingHalere } = outcome.value);
    } else {
      const handle = deps.temporal.workflow.getHandle(supportBillingWorkflowId(document.organizationId, target.document.supportMonth));
      const supportPayment = { ...payment, invoiceNumber: document.number };
      if (options.handOver) {
        await handle.signal(supportBankPaymentSignal, supportPayment);
        return handedOver;
      }
      const outcome = await updateWithinBound(deps.temporal, handle, recordSupportPaymentUpdate, [supportPayment], waitMs);
      if (!outcome.done) return stillRunning;
      ({ counted, remainingHalere } = outcome.value);
    }
    return { status: 'MATCHED', ...matchKind(movement.amountHalere, options.dueHalere), documentId, counted, remainingHalere };
  } catch (error) {
    if (error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure) {
      return { status: 'UNMATCHED', reason: bankReason('REFUSED', { problem: problemSlugOf(error.cause.type ?? 'Refused'), detail: error.cause.message }), documentId };
    }
    // An update on a finished workflow fails like one on a missing workflow (gRPC NOT_FOUND).
    if (error instanceof WorkflowNotFoundError) {
      const whose = target.kind === 'ORDER' ? { orderNumber: target.order.number } : { billingMonth: target.document.supportMonth };
      return { status: 'UNMATCHED', reason: bankReason('WORKFLOW_ENDED', whose), documentId };
    }
    deps.logger?.warn({ err: error, movementId: movement.movementId }, 'bank payment not recorded yet; it stays pending');
    return { status: 'PENDING', reason: bankReason('NOT_RECORDED_YET', { detail: error instanceof Error ? error.message : String(error) }) };
  }
}
