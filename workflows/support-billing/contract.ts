import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { DueDateExtension } from '../../domain/order-rules';
import type { PaymentSource } from '../../domain/payments';
import { BillingMonth, DocumentNumber, OrganizationId } from '../shared/search-attributes';

/**
 * The support billing workflow's contract (`support-billing-<org>-<YYYY-MM>`): its messages,
 * input and view, and what its activities are asked. The ticket activities, the API and tests
 * use these same definitions.
 */

export const SUPPORT_BILLING_WORKFLOW_TYPE = 'supportBillingWorkflow';

/** Search attributes the workflow sets. */
export const supportBillingSearchAttributes = { organizationId: OrganizationId, month: BillingMonth, documentNumbers: DocumentNumber };


/** One ticket's support day, as reported once the day is over. */
export interface SupportUsageReport {
  ticketId: string;
  ticketCode: string;
  /** Europe/Prague day of the calls, YYYY-MM-DD; its month is the billing month. */
  supportDay: string;
  usedSeconds: number;
  billedMinutes: number;
  /** The SUPPORT-DAY price per hour when the usage was recorded, and its VAT rate. */
  hourlyRateHalere: number;
  vatRatePercent: number;
  /** Net amount: billedMinutes × hourly rate / 60. */
  amountHalere: number;
}

export interface SupportInvoiceRef {
  documentId: string;
  number: string;
  /** What the invoice asks to be paid (gross). */
  payableHalere: number;
  paidHalere: number;
  issueDate: string;
  dueDate: string;
  /** A later invoice for usage reported after the month's first invoice. */
  supplementary: boolean;
  ticketCodes: string[];
}

export type SupportBillingStatus = 'COLLECTING' | 'AWAITING_PAYMENT' | 'PAID' | 'NOTHING_TO_BILL';

export interface SupportBillingView {
  organizationId: string;
  month: string;
  status: SupportBillingStatus;
  /** Usage received and not yet on an invoice. */
  pendingUsage: SupportUsageReport[];
  invoices: SupportInvoiceRef[];
}

export interface SupportPaymentInput {
  /** e.g. `user:<uuid> (STAFF)` or `system`. */
  actor: string;
  /** Bank movement id or the caller's key: the same payment is counted once. */
  externalId: string;
  source: Exclude<PaymentSource, 'COD'>;
  amountHalere: number;
  /** YYYY-MM-DD, the day the money arrived. */
  receivedOn: string;
  /** Which invoice of the month; default: the oldest one not paid in full. */
  invoiceNumber?: string;
}

export interface SupportPaymentResult {
  counted: boolean;
  invoiceNumber: string;
  paidHalere: number;
  remainingHalere: number;
  overpaidHalere: number;
  status: SupportBillingStatus;
}

export const supportUsageSignal = defineSignal<[SupportUsageReport]>('supportUsage');
export const recordSupportPaymentUpdate = defineUpdate<SupportPaymentResult, [SupportPaymentInput]>('recordPayment');
/**
 * Sent by the bank-statement import: a credit matched to one of the month's invoices. Recorded as
 * recordSupportPaymentUpdate records it, without the import waiting; one the billing cannot take
 * goes back to staff.
 */
export const supportBankPaymentSignal = defineSignal<[SupportPaymentInput]>('bankPayment');
/** Staff move an unpaid support invoice's due date (a date or days, with a reason); its reminders move with it. */
export interface ExtendSupportDueDateInput extends DueDateExtension {
  actor: string;
  invoiceNumber: string;
}
export const extendSupportDueDateUpdate = defineUpdate<SupportInvoiceRef, [ExtendSupportDueDateInput]>('extendDueDate');
export const supportBillingStateQuery = defineQuery<SupportBillingView>('supportBillingState');

export interface SupportBillingInput {
  organizationId: string;
  /** YYYY-MM, Europe/Prague. */
  month: string;
  pdfTaskQueue: string;
  /**
   * From configuration at start, like the order's payment terms. The close grace and the late
   * batch window are absent in runs started before they existed (domain defaults apply).
   */
  timing: { paymentDueDays: number; reminderDaysBefore: number; closeGraceMinutes?: number; lateUsageBatchSeconds?: number };
}

export const supportBillingWorkflowId = (organizationId: string, month: string): string => `support-billing-${organizationId}-${month}`;
/** The billing month (YYYY-MM) a support day (YYYY-MM-DD, Prague) is billed in. */
export const billingMonthOf = (supportDay: string): string => supportDay.slice(0, 7);

export type SupportBillingWorkflow = (input: SupportBillingInput) => Promise<SupportBillingView>;

/** What the billing workflow asks to tell the customer; the rest is looked up when sending. */
export type SupportEmailMessage =
  | { kind: 'supportInvoice'; documentId: string }
  | { kind: 'paymentReminder'; documentId: string; onDueDate: boolean; remainingHalere: number }
  | { kind: 'paymentReceived'; documentId: string; amountReceivedHalere: number; remainingHalere: number }
  | { kind: 'overpaymentRecorded'; documentId: string; overpaidHalere: number };

export interface SupportEmailRequest {
  key: string;
  organizationId: string;
  message: SupportEmailMessage;
  documentIds: string[];
}
