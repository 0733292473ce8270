import {
  ApplicationFailure,
  allHandlersFinished,
  condition,
  defineQuery,
  defineSignal,
  defineUpdate,
  patched,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { createBankStatementActivities } from '../activities/bank-statements';
import type { createOrderActivities } from '../activities/orders';
import { DOCUMENT_KINDS } from '../documents/document-content';
import { SYSTEM_ACTOR } from '../domain/actor';
import { isFinal, refusal, type OrderAction, type OrderStatus } from '../domain/order-lifecycle';
import { paymentSchedule, type PaymentSchedule } from '../domain/order-rules';
import { paymentAmountProblem, type PaymentMethod, type PaymentSource } from '../domain/payments';
import { addDays, pragueDate, startOfPragueDay } from '../domain/prague-calendar';
import { OrderStatus as OrderStatusKey, DocumentNumber, OrderNumber, OrganizationId, PaymentMethod as PaymentMethodKey } from './search-attributes';
import { pdfActivities } from './common/pdf-activities';
import { createSerializer } from './common/serializer';
import { startTicketWorkflows } from './support-ticket';

// ---------------------------------------------------------------------------------------------
// Messages: the API and tests use these same definitions.
// ---------------------------------------------------------------------------------------------

export type { OrderStatus };

export interface IssuedDocumentRef {
  documentId: string;
  kind: 'ORDER_CONFIRMATION' | 'PROFORMA_INVOICE' | 'TAX_INVOICE' | 'CREDIT_NOTE';
  number: string;
  /** What the document asks to be paid (0 for a confirmation, a paid invoice or a credit note). */
  payableHalere: number;
}

export interface OrderView {
  orderNumber: string;
  status: OrderStatus;
  paymentMethod: PaymentMethod;
  /** What the invoice issued at confirmation asks for: the components (services are billed monthly). */
  invoicedHalere: number;
  paidHalere: number;
  remainingHalere: number;
  refundDueHalere: number;
  dueDate?: string;
  documents: IssuedDocumentRef[];
  ticketCodes: string[];
}

export interface Actor {
  /** e.g. `user:<uuid>` or `system`. */
  actor: string;
}

export interface CancelInput extends Actor {
  reason: string;
  /** Customers may cancel until the goods ship, staff until delivery. */
  by: 'CUSTOMER' | 'STAFF';
}

export type CancelReasonCode = 'NOT_PAID' | 'CUSTOMER_REQUEST' | 'STAFF' | 'PARCEL_RETURNED';

export interface ShipInput extends Actor {
  carrier: string;
  trackingNumber: string;
}

export interface PaymentInput extends Actor {
  /** Bank movement id or the caller's key: the same payment is counted once. */
  externalId: string;
  source: PaymentSource;
  amountHalere: number;
  /** YYYY-MM-DD, the day the money arrived; the DUZP of the tax invoice that follows. */
  receivedOn: string;
}

export interface PaymentResult {
  counted: boolean;
  paidHalere: number;
  remainingHalere: number;
  overpaidHalere: number;
  status: OrderStatus;
}

export const confirmOrderUpdate = defineUpdate<OrderView, [Actor]>('confirmOrder');
export const cancelOrderUpdate = defineUpdate<OrderView, [CancelInput]>('cancelOrder');
export const recordPaymentUpdate = defineUpdate<PaymentResult, [PaymentInput]>('recordPayment');
export const shipOrderUpdate = defineUpdate<OrderView, [ShipInput]>('shipOrder');
export const markDeliveredUpdate = defineUpdate<OrderView, [Actor]>('markDelivered');
export const markReturnedUpdate = defineUpdate<OrderView, [Actor & { reason: string }]>('markReturned');
export const orderStatusQuery = defineQuery<OrderView>('orderStatus');
/** Sent by the bank-statement import: statements now cover booking days up to `coveredUntil`. */
export const statementsImportedSignal = defineSignal<[{ coveredUntil: string }]>('statementsImported');

export interface OrderWorkflowInput {
  orderId: string;
  orderNumber: string;
  organizationId: string;
  paymentMethod: PaymentMethod;
  hasComponents: boolean;
  /** Given at start from configuration, so that running orders keep the terms they began with. */
  timing: {
    draftTtlMs: number;
    paymentDueDays: number;
    reminderDaysBefore: number;
    cancelDaysAfter: number;
    /**
     * Cancel an unpaid order only once an imported bank statement covers its last day of grace
     * (a payment already on the account is never cancelled away). Absent = true.
     */
    cancelWaitsForStatementImport?: boolean;
  };
  pdfTaskQueue: string;
}

export const orderWorkflowId = (orderNumber: string): string => `order-${orderNumber}`;

// ---------------------------------------------------------------------------------------------

const orders = proxyActivities<ReturnType<typeof createOrderActivities>>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute', nonRetryableErrorTypes: ['ValidationError'] },
});

const statements = proxyActivities<ReturnType<typeof createBankStatementActivities>>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});
const CANCEL_WAITS_FOR_STATEMENTS_PATCH = 'cancel-waits-for-statement-import';


const refuse = (type: string, message: string): never => {
  throw ApplicationFailure.create({ type, message, nonRetryable: true });
};

/** Refuses (the update fails with the reason) unless the order's status allows the action. */
const assertAllowed = (action: OrderAction, status: OrderStatus): void => {
  const refused = refusal(action, status);
  if (refused) refuse(refused.type, refused.message);
};

/**
 * One order from draft to its end (`order-<number>`). The workflow is the only writer of the
 * order's state; activities mirror each transition into PostgreSQL for lists and the audit trail.
 */
export async function orderWorkflow(input: OrderWorkflowInput): Promise<OrderView> {
  const pdf = pdfActivities(input.pdfTaskQueue);
  const { orderId, orderNumber } = input;
  const workflowId = workflowInfo().workflowId;
  const serialized = createSerializer();

  let status: OrderStatus = 'DRAFT';
  let transitions = 0;
  let invoicedHalere = 0;
  let paidHalere = 0;
  let refundDueHalere = 0;
  let dueDate: string | undefined;
  let schedule: PaymentSchedule | undefined;
  let paidOn: string | undefined;
  const documents: IssuedDocumentRef[] = [];
  let ticketCodes: string[] = [];

  const view = (): OrderView => ({
    orderNumber,
    status,
    paymentMethod: input.paymentMethod,
    invoicedHalere,
    paidHalere,
    remainingHalere: Math.max(0, invoicedHalere - paidHalere),
    refundDueHalere,
    ...(dueDate ? { dueDate } : {}),
    documents: [...documents],
    ticketCodes: [...ticketCodes],
  });
  const documentOf = (kind: IssuedDocumentRef['kind']) => documents.find((d) => d.kind === kind);
  const today = () => pragueDate(new Date());

  const publish = () =>
    upsertSearchAttributes([
      { key: OrderStatusKey, value: status },
      { key: DocumentNumber, value: documents.map((d) => d.number) },
    ]);

  const transition = async (to: OrderStatus, actor: string, patch: Parameters<typeof orders.recordOrderTransition>[0]['patch'] = {}) => {
    const from = status;
    transitions += 1;
    await orders.recordOrderTransition({
      key: `${workflowId}:transition:${transitions}`,
      orderId,
      from,
      to,
      actor,
      at: new Date().toISOString(),
      patch,
    });
    status = to;
    publish();
  };

  /** Issues, renders and stores one document; the key makes every step safe to retry. */
  const issue = async (request: Omit<Parameters<typeof orders.issueOrderDocument>[0], 'orderId'>) => {
    const ref = await orders.issueOrderDocument({ orderId, ...request });
    await pdf.renderDocumentPdf({ documentId: ref.documentId });
    if (!documents.some((d) => d.documentId === ref.documentId)) {
      documents.push(ref);
      documents.sort((a, b) => DOCUMENT_KINDS.indexOf(a.kind) - DOCUMENT_KINDS.indexOf(b.kind));
    }
    publish();
    return ref;
  };

  const email = (message: Parameters<typeof orders.sendOrderEmail>[0]['message'], keySuffix: string, attach: IssuedDocumentRef[] = []) =>
    orders.sendOrderEmail({
      key: `${workflowId}:email:${keySuffix}`,
      orderId,
      message,
      documentIds: attach.map((d) => d.documentId),
    });

  const complete = async (actor: string) => {
    if (status === 'DELIVERED' && paidHalere >= invoicedHalere) await transition('COMPLETED', actor);
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
    refundDueHalere = paidHalere;
    await transition('CANCELLED', actor, { cancelReason: reason, refundDueHalere });
    await email({ kind: 'orderCancelled', reasonCode, reason, proformaVoided: !taxInvoice && !!proforma, refundDueHalere }, 'cancelled', attach);
  };

  const settleInFull = async (actor: string) => {
    const proforma = documentOf('PROFORMA_INVOICE');
    const taxInvoice = await issue({
      kind: 'TAX_INVOICE',
      key: `${workflowId}:tax-invoice`,
      taxableSupplyDate: paidOn ?? today(),
      ...(proforma ? { settlesDocumentId: proforma.documentId } : {}),
    });
    await transition('READY_TO_SHIP', actor, { paidHalere, refundDueHalere });
    await email({ kind: 'paymentReceived', amountReceivedHalere: paidHalere, remainingHalere: 0 }, 'paid', [taxInvoice]);
  };

  // Handlers first, before any await (Temporal samples' rule): a message that arrives with the
  // first workflow task must find them.
  setHandler(orderStatusQuery, view);

  // The newest coverage any import announced; the wait below ends once it reaches the deadline.
  let announcedCoverage = '';
  setHandler(statementsImportedSignal, ({ coveredUntil }) => {
    if (coveredUntil > announcedCoverage) announcedCoverage = coveredUntil;
  });
  /** Returns once statements cover `lastDayOfGrace`, or as soon as the order stops waiting for payment. */
  const statementsCover = async (lastDayOfGrace: string) => {
    if (input.timing.cancelWaitsForStatementImport === false || !patched(CANCEL_WAITS_FOR_STATEMENTS_PATCH)) return;
    const covered = await statements.statementsCoveredUntil();
    if (covered !== null && covered >= lastDayOfGrace) return;
    await condition(() => status !== 'AWAITING_PAYMENT' || announcedCoverage >= lastDayOfGrace);
  };

  setHandler(
    confirmOrderUpdate,
    ({ actor }) =>
      serialized(async () => {
        if (status !== 'DRAFT') return view(); // a repeated confirmation answers with the first one's result
        const expectsTransfer = input.paymentMethod === 'BANK_TRANSFER' && input.hasComponents;
        if (expectsTransfer) {
          schedule = paymentSchedule(today(), input.timing.paymentDueDays, input.timing.reminderDaysBefore, input.timing.cancelDaysAfter);
          dueDate = schedule.dueDate;
        }
        await transition('CONFIRMED', actor, { confirmedAt: new Date().toISOString(), ...(dueDate ? { dueDate } : {}) });

        const confirmation = () => issue({ kind: 'ORDER_CONFIRMATION', key: `${workflowId}:confirmation` });
        const invoice = () =>
          input.paymentMethod === 'COD'
            ? issue({ kind: 'TAX_INVOICE', key: `${workflowId}:tax-invoice`, taxableSupplyDate: today() })
            : issue({ kind: 'PROFORMA_INVOICE', key: `${workflowId}:proforma`, dueDate });
        let issued: IssuedDocumentRef[];
        if (patched('confirmation-documents-in-parallel')) {
          // Numbered and rendered side by side: the customer's wait is the slower one, not the sum.
          issued = await Promise.all(input.hasComponents ? [confirmation(), invoice()] : [confirmation()]);
        } else {
          issued = [await confirmation()];
          if (input.hasComponents) issued.push(await invoice());
        }
        invoicedHalere = issued[1]?.payableHalere ?? 0;
        ticketCodes = await orders.issueTickets({ orderId });
        // Orders confirmed before tickets had workflows of their own replay without this step.
        if (ticketCodes.length > 0 && patched('start-ticket-workflows')) await startTicketWorkflows(ticketCodes, input.organizationId);
        await email({ kind: 'orderConfirmed', ticketCodes }, 'confirmed', issued);

        if (expectsTransfer) await transition('AWAITING_PAYMENT', SYSTEM_ACTOR, { invoicedHalere });
        else if (input.hasComponents) await transition('READY_TO_SHIP', SYSTEM_ACTOR, { invoicedHalere });
        else {
          // Service-only: nothing to ship or pay now; support is invoiced after the month of use.
          await transition('COMPLETED', SYSTEM_ACTOR);
        }
        return view();
      }),
    {
      validator: (_request) => {
        if (status === 'CANCELLED' || status === 'EXPIRED') refuse('OrderNotConfirmable', `Order is ${status} and can no longer be confirmed.`);
      },
    },
  );

  setHandler(
    recordPaymentUpdate,
    (payment) =>
      serialized(async () => {
        assertAllowed('pay', status);
        const before = paidHalere;
        const recorded = await orders.recordPayment({
          orderId,
          documentId: (documentOf('PROFORMA_INVOICE') ?? documentOf('TAX_INVOICE'))?.documentId,
          ...payment,
        });
        paidHalere = recorded.paidHalere;
        if (recorded.counted && paidHalere > before) {
          if (!paidOn && paidHalere >= invoicedHalere) paidOn = payment.receivedOn;
          const overpaid = Math.max(0, paidHalere - invoicedHalere);
          if (overpaid > refundDueHalere) {
            refundDueHalere = overpaid;
            await email({ kind: 'overpaymentRecorded', overpaidHalere: overpaid }, `overpaid:${payment.externalId}`);
          }
          if (status === 'AWAITING_PAYMENT' && paidHalere >= invoicedHalere) await settleInFull(payment.actor);
          else if (status === 'AWAITING_PAYMENT')
            await email(
              { kind: 'paymentReceived', amountReceivedHalere: payment.amountHalere, remainingHalere: invoicedHalere - paidHalere },
              `partial:${payment.externalId}`,
            );
        }
        const result: PaymentResult = {
          counted: recorded.counted,
          paidHalere,
          remainingHalere: Math.max(0, invoicedHalere - paidHalere),
          overpaidHalere: Math.max(0, paidHalere - invoicedHalere),
          status,
        };
        return result;
      }),
    {
      validator: (payment) => {
        const amountProblem = paymentAmountProblem(payment.amountHalere);
        if (amountProblem) refuse('ValidationError', amountProblem);
        assertAllowed('pay', status);
      },
    },
  );

  setHandler(
    shipOrderUpdate,
    ({ actor, carrier, trackingNumber }) =>
      serialized(async () => {
        assertAllowed('ship', status);
        const shipment = await orders.recordShipment({ orderId, carrier, trackingNumber });
        await transition('SHIPPED', actor, { carrier, trackingNumber, shippedAt: new Date().toISOString(), codAmountHalere: shipment.codAmountHalere });
        await email({ kind: 'orderShipped', carrier, trackingNumber, codAmountHalere: shipment.codAmountHalere }, 'shipped');
        return view();
      }),
    { validator: (_request) => assertAllowed('ship', status) },
  );

  setHandler(
    markDeliveredUpdate,
    ({ actor }) =>
      serialized(async () => {
        assertAllowed('deliver', status);
        if (input.paymentMethod === 'COD' && paidHalere < invoicedHalere) {
          // The carrier collected the COD amount on delivery: that is the payment.
          const cod = await orders.recordPayment({
            orderId,
            documentId: documentOf('TAX_INVOICE')?.documentId,
            externalId: `${workflowId}:cod`,
            source: 'COD',
            amountHalere: invoicedHalere - paidHalere,
            receivedOn: today(),
            actor,
          });
          paidHalere = cod.paidHalere;
        }
        await transition('DELIVERED', actor, { deliveredAt: new Date().toISOString(), paidHalere });
        await complete(SYSTEM_ACTOR);
        return view();
      }),
    { validator: (_request) => assertAllowed('deliver', status) },
  );

  setHandler(
    markReturnedUpdate,
    ({ actor, reason }) =>
      serialized(async () => {
        assertAllowed('return', status);
        await cancel({ actor, reason, reasonCode: 'PARCEL_RETURNED' });
        return view();
      }),
    { validator: (_request) => assertAllowed('return', status) },
  );

  setHandler(
    cancelOrderUpdate,
    (request) =>
      serialized(async () => {
        assertAllowed(request.by === 'CUSTOMER' ? 'cancelByCustomer' : 'cancelByStaff', status);
        await cancel({ ...request, reasonCode: request.by === 'CUSTOMER' ? 'CUSTOMER_REQUEST' : 'STAFF' });
        return view();
      }),
    {
      validator: (request) => assertAllowed(request.by === 'CUSTOMER' ? 'cancelByCustomer' : 'cancelByStaff', status),
    },
  );

  upsertSearchAttributes([
    { key: OrderStatusKey, value: status },
    { key: OrganizationId, value: input.organizationId },
    { key: PaymentMethodKey, value: input.paymentMethod },
    { key: OrderNumber, value: orderNumber },
  ]);

  // Draft: confirmed, cancelled, or expired after the TTL.
  if (!(await condition(() => status !== 'DRAFT', input.timing.draftTtlMs))) {
    await serialized(async () => {
      if (status === 'DRAFT') await transition('EXPIRED', SYSTEM_ACTOR);
    });
  }

  // Transfer: reminders before and on the due date; unpaid after the grace period → cancelled.
  await condition(() => status !== 'CONFIRMED');
  const awaitingPayment = () => status === 'AWAITING_PAYMENT'; // read through a closure: handlers change it
  if (awaitingPayment() && schedule) {
    // Reminders at the start of their Prague day; cancellation once the last day of grace is over.
    const deadlines = [
      { at: startOfPragueDay(schedule.firstReminderDate), action: 'reminder-before' as const },
      { at: startOfPragueDay(schedule.dueReminderDate), action: 'reminder-due' as const },
      { at: startOfPragueDay(addDays(schedule.cancelDate, 1)), action: 'cancel' as const },
    ];
    for (const deadline of deadlines) {
      const waitMs = Math.max(0, deadline.at.getTime() - Date.now());
      if (await condition(() => status !== 'AWAITING_PAYMENT', waitMs)) break;
      if (deadline.action === 'cancel') await statementsCover(schedule.cancelDate);
      await serialized(async () => {
        if (status !== 'AWAITING_PAYMENT') return;
        if (deadline.action === 'cancel') await cancel({ actor: SYSTEM_ACTOR, reason: 'Not paid in time', reasonCode: 'NOT_PAID' });
        else await email({ kind: 'paymentReminder', onDueDate: deadline.action === 'reminder-due', remainingHalere: invoicedHalere - paidHalere }, deadline.action);
      });
    }
  }

  await condition(() => isFinal(status));
  await condition(allHandlersFinished);
  return view();
}
