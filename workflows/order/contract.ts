import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { DocumentKind } from '../../documents/document-content';
import type { OrderProblemKind, OrderStatus } from '../../domain/order-lifecycle';
import type { DueDateExtension } from '../../domain/order-rules';
import type { PaymentMethod, PaymentSource } from '../../domain/payments';
import { DocumentNumber, OrderNumber, OrderStatus as OrderStatusKey, OrganizationId, PaymentMethod as PaymentMethodKey } from '../shared/search-attributes';

/**
 * The order workflow's contract (`order-<number>`): its messages, input and view, and what its
 * activities are asked. The API, scripts, activities and tests use these same definitions.
 */

export type { OrderStatus };

export const ORDER_WORKFLOW_TYPE = 'orderWorkflow';
export const orderWorkflowId = (orderNumber: string): string => `order-${orderNumber}`;

/** Search attributes the workflow sets: ops filter orders by them in the Web UI. */
export const orderSearchAttributes = { status: OrderStatusKey, organizationId: OrganizationId, paymentMethod: PaymentMethodKey, orderNumber: OrderNumber, documentNumbers: DocumentNumber };

export interface IssuedDocumentRef {
  documentId: string;
  kind: DocumentKind;
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
  /** Set when the order stopped on something retrying cannot fix; staff decide (cancel). */
  problem?: OrderProblem;
}

export interface OrderProblem {
  kind: OrderProblemKind;
  reason: string;
  /** ISO instant. */
  since: string;
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

/** Staff move the unpaid proforma's due date: to a date or by days, with a reason (audited). */
export interface ExtendDueDateInput extends Actor, DueDateExtension {}

export const confirmOrderUpdate = defineUpdate<OrderView, [Actor]>('confirmOrder');
export const cancelOrderUpdate = defineUpdate<OrderView, [CancelInput]>('cancelOrder');
export const recordPaymentUpdate = defineUpdate<PaymentResult, [PaymentInput]>('recordPayment');
export const shipOrderUpdate = defineUpdate<OrderView, [ShipInput]>('shipOrder');
export const markDeliveredUpdate = defineUpdate<OrderView, [Actor]>('markDelivered');
export const markReturnedUpdate = defineUpdate<OrderView, [Actor & { reason: string }]>('markReturned');
/** Reminders and the automatic cancellation move with the due date, in the running workflow. */
export const extendDueDateUpdate = defineUpdate<OrderView, [ExtendDueDateInput]>('extendDueDate');
export const orderStatusQuery = defineQuery<OrderView>('orderStatus');
/**
 * Sent by the bank-statement import: a credit matched to this order's proforma or invoice. Recorded
 * as recordPaymentUpdate records it (counted once per externalId), but the import does not wait:
 * a statement pays thousands of orders. A payment the order can no longer take goes back to staff.
 */
export const bankPaymentSignal = defineSignal<[PaymentInput]>('bankPayment');
/** Sent by the bank-statement import: statements now cover booking days up to `coveredUntil`. */
export const statementsImportedSignal = defineSignal<[{ coveredUntil: string }]>('statementsImported');

export interface OrderTiming {
  draftTtlMs: number;
  paymentDueDays: number;
  reminderDaysBefore: number;
  cancelDaysAfter: number;
  /**
   * Cancel an unpaid order only once an imported bank statement covers its last day of grace
   * (a payment already on the account is never cancelled away). Absent = true.
   */
  cancelWaitsForStatementImport?: boolean;
  /** ...for at most this many days after the last day of grace. Absent = DEFAULT_CANCEL_MAX_WAIT_DAYS. */
  cancelMaxWaitDays?: number;
}

/** Why and since when an unpaid order's cancellation waits for a bank statement (null: it no longer waits). */
export interface CancellationWait {
  since: string;
  until: string;
  reason: string;
}

export interface OrderWorkflowInput {
  orderId: string;
  orderNumber: string;
  organizationId: string;
  paymentMethod: PaymentMethod;
  hasComponents: boolean;
  /** Given at start from configuration, so that running orders keep the terms they began with. */
  timing: OrderTiming;
  pdfTaskQueue: string;
}

export type OrderWorkflow = (input: OrderWorkflowInput) => Promise<OrderView>;

// ---------------------------------------------------------------------------------------------
// What the workflow asks its activities (activities/order.ts implements these).
// ---------------------------------------------------------------------------------------------

/** Order columns a transition also sets. */
export interface TransitionPatch {
  confirmedAt?: string;
  dueDate?: string;
  invoicedHalere?: number;
  paidHalere?: number;
  refundDueHalere?: number;
  carrier?: string;
  trackingNumber?: string;
  codAmountHalere?: number;
  shippedAt?: string;
  deliveredAt?: string;
  cancelReason?: string;
}

export interface TransitionRecord {
  key: string;
  orderId: string;
  from: OrderStatus;
  to: OrderStatus;
  actor: string;
  at: string;
  patch: TransitionPatch;
}

export interface DocumentRequest {
  kind: DocumentKind;
  key: string;
  taxableSupplyDate?: string;
  dueDate?: string;
  settlesDocumentId?: string;
  correctsDocumentId?: string;
  reason?: string;
}

/** The confirmation's writes as one step: the order CONFIRMED and its documents numbered, with its tickets. */
export interface ConfirmationRecord {
  transition: TransitionRecord;
  documents: DocumentRequest[];
}

export interface ConfirmationRecorded {
  /** Numbered, in the order requested; their PDFs are rendered next. */
  documents: IssuedDocumentRef[];
  ticketCodes: string[];
}

/** What the order workflow asks to tell the customer; the rest is looked up when sending. */
export type OrderEmailMessage =
  | { kind: 'orderConfirmed'; ticketCodes: string[] }
  | { kind: 'paymentReminder'; onDueDate: boolean; remainingHalere: number }
  | { kind: 'paymentReceived'; amountReceivedHalere: number; remainingHalere: number }
  | { kind: 'overpaymentRecorded'; overpaidHalere: number }
  | { kind: 'orderCancelled'; reasonCode: CancelReasonCode; reason: string; proformaVoided: boolean; refundDueHalere: number; voidedTicketCodes?: string[] }
  | { kind: 'orderShipped'; carrier: string; trackingNumber: string; codAmountHalere?: number | undefined };

export interface OrderEmailRequest {
  key: string;
  orderId: string;
  message: OrderEmailMessage;
  documentIds: string[];
}
