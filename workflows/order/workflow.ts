import { allHandlersFinished, condition, setHandler, upsertSearchAttributes } from '@temporalio/workflow';
import { SYSTEM_ACTOR } from '../../domain/actor';
import type { WorkflowRefusal } from '../../domain/errors';
import { isFinal, refusal, type OrderAction, type OrderStatus } from '../../domain/order-lifecycle';
import { paymentAmountProblem } from '../../domain/payments';
import { bankMovements } from '../shared/bank-movement-activities';
import { refuse } from '../shared/refusal';
import {
  bankPaymentSignal,
  cancelOrderUpdate,
  confirmOrderUpdate,
  extendDueDateUpdate,
  markDeliveredUpdate,
  markReturnedUpdate,
  orderSearchAttributes,
  orderStatusQuery,
  recordPaymentUpdate,
  shipOrderUpdate,
  statementsImportedSignal,
  type OrderView,
  type OrderWorkflowInput,
  type PaymentInput,
  type PaymentResult,
} from './contract';
import { confirm } from './confirmation';
import { assertAllowed, createOrderRun, orders, today, type OrderRun } from './order-run';
import { awaitPaymentDeadlines, extendDueDate, newDueDate } from './payment-deadlines';

/**
 * One order from draft to its end (`order-<number>`). The workflow is the only writer of the
 * order's state; activities mirror each transition into PostgreSQL for lists and the audit trail.
 */
export async function orderWorkflow(input: OrderWorkflowInput): Promise<OrderView> {
  const run = createOrderRun(input);
  const { state, serialized } = run;

  // Handlers first, before any await (Temporal samples' rule): a message that arrives with the
  // first workflow task must find them.
  setHandler(orderStatusQuery, run.view);
  setHandler(statementsImportedSignal, ({ coveredUntil }) => {
    if (coveredUntil > state.announcedCoverage) state.announcedCoverage = coveredUntil;
  });
  setHandler(confirmOrderUpdate, ({ actor }) => serialized(() => confirm(run, actor)), {
    validator: (_request) => {
      if (state.status === 'CANCELLED' || state.status === 'EXPIRED') refuse('OrderNotConfirmable', `Order is ${state.status} and can no longer be confirmed.`);
    },
  });
  setHandler(bankPaymentSignal, (payment) =>
    serialized(async () => {
      const refused = paymentRefusal(payment.amountHalere, state.status);
      if (refused) await bankMovements.returnBankPayment({ movementId: payment.externalId, refusal: refused });
      else await recordPayment(run, payment);
    }),
  );
  setHandler(recordPaymentUpdate, (payment) => serialized(() => recordPayment(run, payment)), {
    validator: (payment) => {
      const refused = paymentRefusal(payment.amountHalere, state.status);
      if (refused) refuse(refused.type, refused.message);
    },
  });

  /** An update allowed only in the statuses `action` permits, checked on arrival and when it runs. */
  const guarded = <T>(action: (request: T) => OrderAction, work: (request: T) => Promise<void>) => ({
    handler: (request: T) =>
      serialized(async () => {
        assertAllowed(action(request), state.status);
        await work(request);
        return run.view();
      }),
    validator: (request: T) => assertAllowed(action(request), state.status),
  });
  const ship = guarded<{ actor: string; carrier: string; trackingNumber: string }>(
    () => 'ship',
    async ({ actor, carrier, trackingNumber }) => {
      const shipment = await orders.recordShipment({ orderId: input.orderId, carrier, trackingNumber });
      await run.transition('SHIPPED', actor, { carrier, trackingNumber, shippedAt: new Date().toISOString(), codAmountHalere: shipment.codAmountHalere });
      await run.email({ kind: 'orderShipped', carrier, trackingNumber, codAmountHalere: shipment.codAmountHalere }, 'shipped');
    },
  );
  setHandler(shipOrderUpdate, ship.handler, { validator: ship.validator });
  const deliver = guarded<{ actor: string }>(() => 'deliver', ({ actor }) => markDelivered(run, actor));
  setHandler(markDeliveredUpdate, deliver.handler, { validator: deliver.validator });
  const returned = guarded<{ actor: string; reason: string }>(
    () => 'return',
    ({ actor, reason }) => run.cancel({ actor, reason, reasonCode: 'PARCEL_RETURNED' }),
  );
  setHandler(markReturnedUpdate, returned.handler, { validator: returned.validator });
  const cancelled = guarded<{ actor: string; reason: string; by: 'CUSTOMER' | 'STAFF' }>(
    (request) => (request.by === 'CUSTOMER' ? 'cancelByCustomer' : 'cancelByStaff'),
    (request) => run.cancel({ ...request, reasonCode: request.by === 'CUSTOMER' ? 'CUSTOMER_REQUEST' : 'STAFF' }),
  );
  setHandler(cancelOrderUpdate, cancelled.handler, { validator: cancelled.validator });
  setHandler(extendDueDateUpdate, (request) => serialized(() => extendDueDate(run, request)), { validator: (request) => void newDueDate(run, request) });

  upsertSearchAttributes([
    { key: orderSearchAttributes.status, value: state.status },
    { key: orderSearchAttributes.organizationId, value: input.organizationId },
    { key: orderSearchAttributes.paymentMethod, value: input.paymentMethod },
    { key: orderSearchAttributes.orderNumber, value: input.orderNumber },
  ]);

  // Draft: confirmed, cancelled, or expired after the TTL.
  if (!(await condition(() => state.status !== 'DRAFT', input.timing.draftTtlMs))) {
    await serialized(async () => {
      if (state.status === 'DRAFT') await run.transition('EXPIRED', SYSTEM_ACTOR);
    });
  }

  await condition(() => state.status !== 'CONFIRMED');
  await awaitPaymentDeadlines(run);

  await condition(() => isFinal(state.status));
  await condition(allHandlersFinished);
  await run.emailsSent();
  return run.view();
}

/** Why a payment of `amountHalere` cannot be recorded on an order in `status`; null when it can. */
function paymentRefusal(amountHalere: number, status: OrderStatus): WorkflowRefusal | null {
  const amountProblem = paymentAmountProblem(amountHalere);
  return amountProblem ? { type: 'ValidationError', message: amountProblem } : refusal('pay', status);
}

/** A payment: counted once per externalId; an overpayment is reported, full payment settles the order. */
async function recordPayment(run: OrderRun, payment: PaymentInput): Promise<PaymentResult> {
  const { state } = run;
  assertAllowed('pay', state.status);
  const before = state.paidHalere;
  const recorded = await orders.recordPayment({
    orderId: run.input.orderId,
    documentId: (run.documentOf('PROFORMA_INVOICE') ?? run.documentOf('TAX_INVOICE'))?.documentId,
    ...payment,
  });
  state.paidHalere = recorded.paidHalere;
  if (recorded.counted && state.paidHalere > before) {
    if (!state.paidOn && state.paidHalere >= state.invoicedHalere) state.paidOn = payment.receivedOn;
    const overpaid = Math.max(0, state.paidHalere - state.invoicedHalere);
    if (overpaid > state.refundDueHalere) {
      state.refundDueHalere = overpaid;
      await run.email({ kind: 'overpaymentRecorded', overpaidHalere: overpaid }, `overpaid:${payment.externalId}`);
    }
    if (state.status === 'AWAITING_PAYMENT' && state.paidHalere >= state.invoicedHalere) await run.settleInFull(payment.actor);
    else if (state.status === 'AWAITING_PAYMENT')
      await run.email(
        { kind: 'paymentReceived', amountReceivedHalere: payment.amountHalere, remainingHalere: state.invoicedHalere - state.paidHalere },
        `partial:${payment.externalId}`,
      );
  }
  return {
    counted: recorded.counted,
    paidHalere: state.paidHalere,
    remainingHalere: Math.max(0, state.invoicedHalere - state.paidHalere),
    overpaidHalere: Math.max(0, state.paidHalere - state.invoicedHalere),
    status: state.status,
  };
}

/** Delivered: for COD the carrier collected the amount on delivery, which is the payment. */
async function markDelivered(run: OrderRun, actor: string): Promise<void> {
  const { input, state } = run;
  if (input.paymentMethod === 'COD' && state.paidHalere < state.invoicedHalere) {
    const cod = await orders.recordPayment({
      orderId: input.orderId,
      documentId: run.documentOf('TAX_INVOICE')?.documentId,
      externalId: `${run.workflowId}:cod`,
      source: 'COD',
      amountHalere: state.invoicedHalere - state.paidHalere,
      receivedOn: today(),
      actor,
    });
    state.paidHalere = cod.paidHalere;
  }
  await run.transition('DELIVERED', actor, { deliveredAt: new Date().toISOString(), paidHalere: state.paidHalere });
  await run.complete(SYSTEM_ACTOR);
}
