import { proxyActivities, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type { createOrderActivities } from '../../activities/order';
import { DOCUMENT_KINDS } from '../../documents/document-content';
import { refusal, type OrderAction } from '../../domain/order-lifecycle';
import type { PaymentSchedule } from '../../domain/order-rules';
import { pragueDate } from '../../domain/prague-calendar';
import { pdfActivities } from '../shared/pdf-activities';
import { refuse } from '../shared/refusal';
import { createSerializer } from '../shared/serializer';
import { voidUnusedTickets } from './ticket-voiding';
import {
  orderSearchAttributes,
  type Actor,
  type CancelReasonCode,
  type DocumentRequest,
  type IssuedDocumentRef,
  type OrderEmailMessage,
  type OrderProblem,
  type OrderStatus,
  type OrderView,
  type OrderWorkflowInput,
  type TransitionPatch,
  type TransitionRecord,
} from './contract';
import { createMailOutbox } from './mail-outbox';
import { ACTIVITY_HEARTBEAT_TIMEOUT } from '../shared/activity-options';

export const orders = proxyActivities<ReturnType<typeof createOrderActivities>>({
  startToCloseTimeout: '30 seconds',
  heartbeatTimeout: ACTIVITY_HEARTBEAT_TIMEOUT,
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute', nonRetryableErrorTypes: ['ValidationError'] },
});

/** How far imported bank statements reach: retried without a limit on any error. */
export const statements = proxyActivities<ReturnType<typeof createOrderActivities>>({
  startToCloseTimeout: '30 seconds',
  heartbeatTimeout: ACTIVITY_HEARTBEAT_TIMEOUT,
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

/** Refuses (the update fails with the reason) unless the order's status allows the action. */
export const assertAllowed = (action: OrderAction, status: OrderStatus): void => {
  const refused = refusal(action, status);
  if (refused) refuse(refused.type, refused.message);
};

export const today = () => pragueDate(new Date());

/**
 * One run of an order: its state (the workflow is its only writer) and the steps that change it.
 * Every step mirrors into PostgreSQL through an activity whose key makes it safe to retry.
 */
export function createOrderRun(input: OrderWorkflowInput) {
  const pdf = pdfActivities(input.pdfTaskQueue);
  const { orderId, orderNumber } = input;
  const workflowId = workflowInfo().workflowId;
  const state = {
    status: 'DRAFT' as OrderStatus,
    transitions: 0,
    invoicedHalere: 0,
    paidHalere: 0,
    refundDueHalere: 0,
    dueDate: undefined as string | undefined,
    schedule: undefined as PaymentSchedule | undefined,
    /** The deadline loop follows a moved schedule (runs that began it before due dates could move do not). */
    scheduleMovable: false,
    paidOn: undefined as string | undefined,
    documents: [] as IssuedDocumentRef[],
    ticketCodes: [] as string[],
    /** The newest coverage any statement import announced. */
    announcedCoverage: '',
    /** A document that cannot be produced from its content: the order stops, flagged (document-failure.ts). */
    problem: undefined as OrderProblem | undefined,
  };

  const view = (): OrderView => ({
    orderNumber,
    status: state.status,
    paymentMethod: input.paymentMethod,
    invoicedHalere: state.invoicedHalere,
    paidHalere: state.paidHalere,
    remainingHalere: Math.max(0, state.invoicedHalere - state.paidHalere),
    refundDueHalere: state.refundDueHalere,
    ...(state.dueDate ? { dueDate: state.dueDate } : {}),
    documents: [...state.documents],
    ticketCodes: [...state.ticketCodes],
    ...(state.problem ? { problem: { ...state.problem } } : {}),
  });
  const documentOf = (kind: IssuedDocumentRef['kind']) => state.documents.find((d) => d.kind === kind);

  const publish = () =>
    upsertSearchAttributes([
      { key: orderSearchAttributes.status, value: state.status },
      { key: orderSearchAttributes.documentNumbers, value: state.documents.map((d) => d.number) },
    ]);

  /** A transition that `record` mirrors, beside whatever else that step writes in the same transaction. */
  const transitionWith = async <T>(to: OrderStatus, actor: string, patch: TransitionPatch, record: (transition: TransitionRecord) => Promise<T>): Promise<T> => {
    const from = state.status;
    state.transitions += 1;
    const recorded = await record({ key: `${workflowId}:transition:${state.transitions}`, orderId, from, to, actor, at: new Date().toISOString(), patch });
    state.status = to;
    publish();
    return recorded;
  };
  const transition = (to: OrderStatus, actor: string, patch: TransitionPatch = {}) => transitionWith(to, actor, patch, (record) => orders.recordOrderTransition(record));

  /** A numbered document is the order's from then on, even when its PDF fails for good: a cancellation must void or correct it. */
  const keepDocument = (ref: IssuedDocumentRef) => {
    if (state.documents.some((d) => d.documentId === ref.documentId)) return;
    state.documents.push(ref);
    state.documents.sort((a, b) => DOCUMENT_KINDS.indexOf(a.kind) - DOCUMENT_KINDS.indexOf(b.kind));
  };
  const render = (ref: IssuedDocumentRef) => pdf.renderDocumentPdf({ documentId: ref.documentId });

  /** Issues, renders and stores one document. */
  const issue = async (request: DocumentRequest) => {
    const ref = await orders.issueOrderDocument({ orderId, ...request });
    try {
      await render(ref);
    } finally {
      keepDocument(ref);
      publish();
    }
    return ref;
  };

  const outbox = createMailOutbox(orders.sendOrderEmail);
  const email = (message: OrderEmailMessage, keySuffix: string, attach: IssuedDocumentRef[] = []) =>
    outbox.send({ key: `${workflowId}:email:${keySuffix}`, orderId, message, documentIds: attach.map((d) => d.documentId) });

  const complete = async (actor: string) => {
    if (state.status === 'DELIVERED' && state.paidHalere >= state.invoicedHalere) await transition('COMPLETED', actor);
  };

  const cancel = async ({ actor, reason, reasonCode }: Actor & { reason: string; reasonCode: CancelReasonCode }) => {
    const taxInvoice = documentOf('TAX_INVOICE');
    const proforma = documentOf('PROFORMA_INVOICE');
    const attach: IssuedDocumentRef[] = [];
    if (taxInvoice) {
      attach.push(await issue({ kind: 'CREDIT_NOTE', key: `${workflowId}:credit-note`, correctsDocumentId: taxInvoice.documentId, reason }));
    } else if (proforma) {
      await orders.voidDocument({ documentId: proforma.documentId, actor });
    }
    state.refundDueHalere = state.paidHalere;
    await transition('CANCELLED', actor, { cancelReason: reason, refundDueHalere: state.refundDueHalere });
    const voidedTicketCodes = await voidUnusedTickets(orderId, orderNumber, state.ticketCodes);
    await email(
      { kind: 'orderCancelled', reasonCode, reason, proformaVoided: !taxInvoice && !!proforma, refundDueHalere: state.refundDueHalere, ...(voidedTicketCodes.length > 0 ? { voidedTicketCodes } : {}) },
      'cancelled',
      attach,
    );
  };

  const settleInFull = async (actor: string) => {
    const proforma = documentOf('PROFORMA_INVOICE');
    const taxInvoice = await issue({
      kind: 'TAX_INVOICE',
      key: `${workflowId}:tax-invoice`,
      taxableSupplyDate: state.paidOn ?? today(),
      ...(proforma ? { settlesDocumentId: proforma.documentId } : {}),
    });
    await transition('READY_TO_SHIP', actor, { paidHalere: state.paidHalere, refundDueHalere: state.refundDueHalere });
    await email({ kind: 'paymentReceived', amountReceivedHalere: state.paidHalere, remainingHalere: 0 }, 'paid', [taxInvoice]);
  };

  return { input, workflowId, state, serialized: createSerializer(), view, documentOf, publish, transitionWith, transition, keepDocument, render, issue, email, emailsSent: outbox.drained, complete, cancel, settleInFull };
}

export type OrderRun = ReturnType<typeof createOrderRun>;
