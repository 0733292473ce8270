import { z } from 'zod';
import { DOCUMENT_KINDS } from '../../documents/document-content';
import { BANK_MOVEMENT_STATUSES, BANK_REASON_CODES, type BankReasonParams } from '../../domain/bank-reasons';
import { STATEMENT_WARNING_RULES } from '../../domain/bank-statements/reconcile';
import { ORDER_PROBLEM_KINDS, ORDER_STATUSES } from '../../domain/order-lifecycle';
import { PAYMENT_METHODS, PAYMENT_SOURCES } from '../../domain/payments';
import { TICKET_STATUSES } from '../../domain/support-usage';
import { STATEMENT_FORMATS } from '../../usecases/import-statement';

/**
 * What the read and action routes answer, as the client receives it (JSON: times and days as
 * strings). The OpenAPI document and the generated web client come from these; in tests every
 * answer is checked against them (api/http/mount-routes.ts). Objects are open: a new member is
 * no breaking change, a missing or retyped one is.
 */

export const orderStatusSchema = z.enum(ORDER_STATUSES);
const paymentMethodSchema = z.enum(PAYMENT_METHODS);
const paymentSourceSchema = z.enum(PAYMENT_SOURCES);
const documentKindSchema = z.enum(DOCUMENT_KINDS as [string, ...string[]]);
const ticketStatusSchema = z.enum(TICKET_STATUSES);
/** A point in time, ISO 8601 with offset. */
const instant = z.string();
/** A Prague calendar day, YYYY-MM-DD. */
const day = z.string();
const halere = z.number().int();

/** A page of a list: the items and where it is. */
export const pageOf = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), page: z.number().int(), pageSize: z.number().int(), total: z.number().int() });

export const productSchema = z
  .object({ sku: z.string(), nameCs: z.string(), nameEn: z.string(), kind: z.enum(['COMPONENT', 'SERVICE']), unitPriceHalere: halere, vatRatePercent: z.number().int() })
  .meta({ id: 'Product' });
export const catalogueSchema = z.object({ items: z.array(productSchema) });

export const documentSummarySchema = z
  .object({
    id: z.uuid(),
    kind: documentKindSchema,
    status: z.enum(['ISSUED', 'VOID']),
    number: z.string().nullable(),
    issueDate: day.nullable(),
    taxableSupplyDate: day.nullable(),
    dueDate: day.nullable(),
    variableSymbol: z.string().nullable(),
    grossHalere: halere,
    paidHalere: halere,
    sha256: z.string().nullable(),
    pdfUrl: z.string().nullable(),
    isdocUrl: z.string().nullable(),
  })
  .meta({ id: 'DocumentSummary' });

/** What stopped an order that retrying cannot fix (staff decide: cancel). */
const orderProblemSchema = z
  .object({ kind: z.enum(ORDER_PROBLEM_KINDS), reason: z.string(), since: instant })
  .meta({ id: 'OrderProblem' });

export const orderSummarySchema = z
  .object({
    orderNumber: z.string(),
    organizationId: z.uuid(),
    status: orderStatusSchema,
    paymentMethod: paymentMethodSchema,
    grossHalere: halere,
    paidHalere: halere,
    /** Owed back to the customer (an overpayment, or paid and then cancelled); of it, what staff have sent back. */
    refundDueHalere: halere,
    refundedHalere: halere,
    createdAt: instant,
    confirmedAt: instant.nullable(),
    expiresAt: instant.nullable(),
    problem: orderProblemSchema.nullable(),
    overdue: z.boolean(),
  })
  .meta({ id: 'OrderSummary' });

const nullableText = z.string().nullable();
export const orderDetailSchema = orderSummarySchema
  .extend({
    lines: z.array(
      z.object({
        position: z.number().int(),
        sku: z.string(),
        name: z.object({ cs: z.string(), en: z.string() }),
        kind: z.enum(['COMPONENT', 'SERVICE']),
        quantity: z.number().int(),
        unitPriceHalere: halere,
        vatRatePercent: z.number().int(),
        netHalere: halere,
        vatHalere: halere,
        grossHalere: halere,
        billedMonthlyByUse: z.boolean(),
      }),
    ),
    vatSummary: z.array(z.object({ ratePercent: z.number().int(), baseHalere: halere, vatHalere: halere, grossHalere: halere })),
    netHalere: halere,
    vatHalere: halere,
    invoicedHalere: halere,
    variableSymbol: nullableText,
    dueDate: day.nullable(),
    deliveryAddress: z.object({ name: nullableText, street: nullableText, city: nullableText, postalCode: nullableText, country: nullableText }),
    shipment: z.object({ carrier: z.string(), trackingNumber: nullableText, codAmountHalere: halere.nullable(), shippedAt: instant.nullable() }).nullable(),
    deliveredAt: instant.nullable(),
    cancelledAt: instant.nullable(),
    cancelReason: nullableText,
    termsVersion: nullableText,
    documents: z.array(documentSummarySchema),
    tickets: z.array(z.object({ code: z.string(), status: ticketStatusSchema, expiresAt: instant.nullable() })),
    payments: z.array(z.object({ source: paymentSourceSchema, amountHalere: halere, receivedOn: day.nullable(), recordedBy: z.string() })),
  })
  .meta({ id: 'OrderDetail' });

/** The order workflow's view, the answer to an action on the order (confirm, cancel, ship ...). */
export const orderStateSchema = z
  .object({
    orderNumber: z.string(),
    status: orderStatusSchema,
    paymentMethod: paymentMethodSchema,
    invoicedHalere: halere,
    paidHalere: halere,
    remainingHalere: halere,
    refundDueHalere: halere,
    dueDate: day.optional(),
    documents: z.array(z.object({ documentId: z.uuid(), kind: documentKindSchema, number: z.string(), payableHalere: halere })),
    ticketCodes: z.array(z.string()),
    problem: orderProblemSchema.optional(),
  })
  .meta({ id: 'OrderState' });

export const orderPaymentResultSchema = z.object({ counted: z.boolean(), paidHalere: halere, remainingHalere: halere, overpaidHalere: halere, status: orderStatusSchema });

export const auditEventSchema = z
  .object({
    id: z.uuid(),
    at: instant,
    organizationId: z.string().nullable(),
    entityType: z.string(),
    entityId: z.string(),
    actor: z.object({ name: z.string(), role: z.string() }),
    action: z.string(),
    fromState: nullableText,
    toState: nullableText,
    details: z.record(z.string(), z.unknown()).nullable(),
  })
  .meta({ id: 'AuditEvent' });
export const auditTrailSchema = z.object({ items: z.array(auditEventSchema) });

// Payments.

const statementWarningSchema = z.object({ rule: z.enum(STATEMENT_WARNING_RULES), message: z.string(), statedHalere: halere, computedHalere: halere });

const importedCreditSchema = z.object({
  movementId: z.string(),
  bookedOn: day,
  amountHalere: halere,
  variableSymbol: nullableText,
  status: z.enum(['MATCHED', 'UNMATCHED', 'IGNORED', 'PENDING', 'REFUND_DUE']),
  reason: z.string(),
  documentNumber: z.string().optional(),
  orderNumber: z.string().optional(),
});

const handOverWorkflowId = z
  .string()
  .nullable()
  .describe('The workflow handing the matched credits (HANDING_OVER) to their workflows after this answer; null when Temporal could not be reached (they stay listed until the next import, the scheduled sweep or a hand-over request)');

export const importSummarySchema = z.object({
  importId: z.uuid(),
  format: z.enum(STATEMENT_FORMATS),
  accountNumber: z.string(),
  statementDate: day.nullable(),
  coveredUntil: day.nullable(),
  entries: z.number().int(),
  newEntries: z.number().int(),
  alreadyImported: z.number().int(),
  matched: z.number().int(),
  unmatched: z.number().int(),
  ignored: z.number().int(),
  pending: z.number().int(),
  refundDue: z.number().int(),
  credits: z.array(importedCreditSchema),
  handOverWorkflowId: handOverWorkflowId,
  warnings: z.array(statementWarningSchema),
}).meta({ id: 'ImportSummary' });

/** Movements an import left PENDING or waiting to be handed over, handed over now (POST /payments/pending/hand-over). */
export const pendingHandOverSchema = importSummarySchema
  .pick({ entries: true, matched: true, unmatched: true, ignored: true, refundDue: true, pending: true, credits: true, handOverWorkflowId: true })
  .extend({ handingOver: z.number().int().describe('Matched credits the started hand-over gives to their workflows: those that were waiting, and those matched now') })
  .meta({ id: 'PendingHandOver' });

export const statementImportSchema = z.object({
  id: z.uuid(),
  format: z.enum(['GPC', 'FIO_JSON']),
  accountNumber: z.string(),
  statementNumber: nullableText,
  statementDate: day.nullable(),
  fileName: nullableText,
  fileSha256: z.string(),
  importedBy: z.string(),
  importedAt: instant,
  entryCount: z.number().int(),
  newEntryCount: z.number().int(),
  coveredUntil: day.nullable(),
  warnings: z.array(statementWarningSchema),
});

/** The data a bank reason's code is worded with (domain/bank-reasons.ts). */
const bankReasonParamsSchema = z
  .object({
    documentNumber: z.string().optional(),
    orderNumber: z.string().optional(),
    orderStatus: z.string().optional(),
    billingMonth: z.string().optional(),
    amountHalere: halere.optional(),
    collectedHalere: z.array(halere).optional(),
    collectedOn: z.string().optional(),
    problem: z.string().optional(),
    detail: z.string().optional(),
    actor: z.string().optional(),
  })
  .meta({ id: 'BankReasonParams' }) satisfies z.ZodType<BankReasonParams>;

export const bankTransactionSchema = z.object({
  id: z.uuid(),
  movementId: z.string(),
  bookedOn: day.nullable(),
  valueOn: day.nullable(),
  amountHalere: halere,
  variableSymbol: nullableText,
  constantSymbol: nullableText,
  specificSymbol: nullableText,
  counterpartyAccount: nullableText,
  counterpartyName: nullableText,
  message: nullableText,
  status: z.enum(BANK_MOVEMENT_STATUSES),
  /** The English sentence; pages word `reasonCode` with `reasonParams` instead. */
  reason: nullableText,
  reasonCode: z.enum(BANK_REASON_CODES).nullable().meta({ description: 'Why, as a code (null on movements imported before codes were kept: then only `reason`)' }),
  reasonParams: bankReasonParamsSchema.nullable(),
  documentNumber: nullableText,
  resolvedBy: nullableText,
  resolvedAt: instant.nullable(),
}).meta({ id: 'BankTransaction' });

export const assignmentResultSchema = z.object({
  transactionId: z.uuid(),
  movementId: z.string(),
  status: z.literal('ASSIGNED'),
  documentNumber: z.string(),
  orderNumber: z.string().optional(),
  amountHalere: halere,
  reason: z.string(),
  counted: z.boolean(),
  remainingHalere: halere,
});

/** A ledger entry; the back office also sees who recorded it and the external key. */
export const paymentEntrySchema = z
  .object({
    id: z.uuid(),
    source: paymentSourceSchema,
    amountHalere: halere,
    receivedOn: day.nullable(),
    variableSymbol: nullableText,
    orderNumber: nullableText,
    documentNumber: nullableText,
    documentType: documentKindSchema.nullable(),
    counterpartyName: nullableText.optional(),
    counterpartyAccount: nullableText.optional(),
    organizationId: z.uuid().optional(),
    recordedBy: z.string().optional(),
    externalId: z.string().optional(),
    assignedByHand: z.boolean().optional(),
    recordedAt: instant,
  })
  .meta({ id: 'PaymentEntry' });

/** COD a carrier collected and has not paid out yet. */
export const outstandingCodSchema = z.object({
  items: z.array(
    z.object({
      paymentId: z.uuid(),
      orderNumber: nullableText,
      documentNumber: nullableText,
      organizationId: z.uuid(),
      amountHalere: halere,
      collectedOn: day,
      daysOutstanding: z.number().int(),
    }),
  ),
  total: z.number().int(),
  totalHalere: halere,
  page: z.number().int(),
  pageSize: z.number().int(),
});

/** Money owed back to a customer on an order (an overpayment, or paid and then cancelled). */
export const refundDueSchema = z
  .object({
    orderNumber: z.string(),
    organizationId: z.uuid(),
    organizationName: z.string(),
    status: orderStatusSchema,
    paidHalere: halere,
    invoicedHalere: halere,
    refundDueHalere: halere,
    refundedHalere: halere,
    outstandingHalere: halere,
    cancelReason: nullableText,
    refundedAt: instant.nullable(),
    refundedBy: nullableText,
  })
  .meta({ id: 'RefundDue' });
export const refundsDueSchema = pageOf(refundDueSchema).extend({ totalHalere: halere });

/** An unpaid order past its last day of grace whose cancellation waits for a bank statement covering that day. */
export const cancellationWaitSchema = z.object({
  orderNumber: z.string(),
  organizationId: z.uuid(),
  organizationName: z.string(),
  invoicedHalere: halere,
  paidHalere: halere,
  variableSymbol: nullableText,
  waitingSince: instant,
  cancelsAt: instant.nullable(),
  reason: nullableText,
});

// Support.

export const ticketSchema = z
  .object({
    code: z.string(),
    organizationId: z.uuid(),
    orderNumber: z.string().optional(),
    status: ticketStatusSchema,
    supportDay: day.nullable(),
    issuedAt: instant,
    expiresAt: instant.nullable(),
    callRunning: z.boolean(),
    usedSeconds: z.number().int(),
    billedMinutes: z.number().int(),
    minutesUsed: z.number().int(),
    minutesLeft: z.number().int(),
    invoiceNumber: nullableText,
    calls: z.array(
      z.object({ consultantId: z.string(), startedAt: instant, endedAt: instant.nullable(), durationSeconds: z.number().int(), endReason: nullableText }),
    ),
  })
  .meta({ id: 'Ticket' });

/** A call action's answer: the ticket, plus the ticket workflow's own view. */
export const ticketAfterCallSchema = ticketSchema.extend({ workflow: z.record(z.string(), z.unknown()) });

export const supportUsageSchema = z.object({
  month: z.string(),
  organizationId: z.uuid().optional(),
  days: z.array(
    z.object({
      ticketCode: z.string(),
      organizationId: z.uuid(),
      supportDay: day.nullable(),
      status: ticketStatusSchema,
      callRunning: z.boolean(),
      usedSeconds: z.number().int(),
      billedMinutes: z.number().int(),
      amountHalere: halere,
      final: z.boolean(),
      invoiceNumber: nullableText,
    }),
  ),
  billedMinutes: z.number().int(),
  netHalere: halere,
}).meta({ id: 'SupportUsage' });

export const supportInvoiceSchema = documentSummarySchema.extend({ organizationId: z.uuid(), supportMonth: z.string() }).meta({ id: 'SupportInvoice' });

export const supportPaymentResultSchema = z.object({
  counted: z.boolean(),
  invoiceNumber: z.string(),
  paidHalere: halere,
  remainingHalere: halere,
  overpaidHalere: halere,
  status: z.enum(['COLLECTING', 'AWAITING_PAYMENT', 'PAID', 'NOTHING_TO_BILL']),
});

export const supportInvoiceRefSchema = z.object({
  documentId: z.uuid(),
  number: z.string(),
  payableHalere: halere,
  paidHalere: halere,
  issueDate: day,
  dueDate: day,
  supplementary: z.boolean(),
  ticketCodes: z.array(z.string()),
});
