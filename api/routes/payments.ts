import type { Request, Response } from 'express';
import multer from 'multer';
import { z } from 'zod';
import { BANK_MOVEMENT_STATUSES, isBankReasonCode, type BankReasonParams } from '../../domain/bank-reasons';
import { halereFromBigInt } from '../../domain/money';
import { MAX_PAYMENT_HALERE, PAYMENT_SOURCES } from '../../domain/payments';
import { fromDateColumn, pragueDate } from '../../domain/prague-calendar';
import type { Prisma } from '../../infra/db';
import { assignTransaction } from '../../usecases/assign-bank-transaction';
import { markRefunded } from '../../usecases/refund-bank-transaction';
import { listOutstandingCod } from '../../usecases/cod-payouts';
import { listRefundsDue, markOrderRefunded } from '../../usecases/order-refunds';
import { STATEMENT_FORMATS, handOverPending, importStatement } from '../../usecases/import-statement';
import type { ApiDeps } from '../deps';
import { listCancellationWaits } from '../orders/cancellation-waits';
import { actorOf, BACK_OFFICE_ROLES, CUSTOMER_ROLES, isCustomer, organizationScope } from '../http/caller';
import { HttpError, badRequest } from '../http/problem';
import { route, type RouteSpec } from '../http/route';
import { orderNumberParams, pageNumber, toFieldErrors } from '../http/validation';
import { assignmentResultSchema, bankTransactionSchema, cancellationWaitSchema, importSummarySchema, outstandingCodSchema, pageOf, paymentEntrySchema, pendingHandOverSchema, refundDueSchema, refundsDueSchema, statementImportSchema } from './response-schemas';

/** A 10 000-entry GPC statement is about 1.3 MB. */
export const MAX_STATEMENT_BYTES = 10 * 1024 * 1024;

const uploadFields = z.strictObject({ format: z.enum(STATEMENT_FORMATS) });
const uploadForm = uploadFields.extend({
  file: z.string().meta({ format: 'binary', description: 'The statement file: GPC/ABO (windows-1250) or the Fio JSON transaction list.' }),
});
const pageQuery = {
  page: pageNumber,
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
};
type BankTransactionRow = Prisma.BankTransactionGetPayload<{ include: { document: { select: { number: true } } } }>;

/** A bank movement as the API shows it (the list and the refund answer). */
const bankTransactionView = (t: BankTransactionRow) => ({
  id: t.id,
  movementId: t.movementId,
  bookedOn: fromDateColumn(t.bookedOn),
  valueOn: fromDateColumn(t.valueOn),
  amountHalere: Number(t.amountHalere),
  variableSymbol: t.variableSymbol,
  constantSymbol: t.constantSymbol,
  specificSymbol: t.specificSymbol,
  counterpartyAccount: t.counterpartyAccount,
  counterpartyName: t.counterpartyName,
  message: t.message,
  status: t.status,
  reason: t.reason,
  reasonCode: isBankReasonCode(t.reasonCode) ? t.reasonCode : null,
  reasonParams: isBankReasonCode(t.reasonCode) ? (t.reasonParams as BankReasonParams) : null,
  documentNumber: t.document?.number ?? null,
  resolvedBy: t.resolvedBy,
  resolvedAt: t.resolvedAt,
});

const unmatchedQuery = z.object({
  status: z.enum(BANK_MOVEMENT_STATUSES).default('UNMATCHED'),
  ...pageQuery,
});
const ledgerQuery = z.object({
  source: z.enum(PAYMENT_SOURCES).optional(),
  orderNumber: z.string().regex(/^\d{4}-\d{6}$/).optional(),
  documentNumber: z.string().regex(/^\d{10}$/).optional(),
  organizationId: z.uuid().optional(),
  ...pageQuery,
});
const transactionParams = z.object({ id: z.uuid() });
const refundedBody = z.strictObject({ amountHalere: z.number().int().positive().max(MAX_PAYMENT_HALERE).describe('what was sent back: exactly what the order still owes') });
const assignBody = z.strictObject({ documentNumber: z.string().trim().regex(/^\d{1,10}$/, 'a proforma or invoice number like 2026100001') });

const upload = multer({ storage: multer.memoryStorage(), limits: { fileSize: MAX_STATEMENT_BYTES, files: 1, fields: 5 } }).single('file');

/** Runs multer inside the route (the route framework validates JSON bodies only). */
function receiveUpload(req: Request, res: Response): Promise<void> {
  return new Promise((resolve, reject) => {
    upload(req, res, (error: unknown) => {
      if (!error) return resolve();
      if (error instanceof multer.MulterError) {
        if (error.code === 'LIMIT_FILE_SIZE') {
          return reject(new HttpError(413, 'payload-too-large', 'Payload too large', `The statement is larger than ${MAX_STATEMENT_BYTES} bytes.`, [{ field: 'body.file', rule: 'max_size', message: error.message }]));
        }
        return reject(badRequest([{ field: `body.${error.field ?? 'file'}`, rule: error.code.toLowerCase(), message: error.message }]));
      }
      // The multipart parser's own errors (no boundary, a truncated form ...) are a malformed request.
      const message = error instanceof Error ? error.message : String(error);
      reject(badRequest([{ field: 'body', rule: 'invalid_multipart', message }], 'The body is not a valid multipart/form-data upload.'));
    });
  });
}

export function createPaymentRoutes(deps: ApiDeps): RouteSpec[] {
  const { db } = deps;
  return [
    route({
      method: 'post',
      path: '/payments/imports',
      operationId: 'importBankStatement',
      summary: 'Import a bank statement (multipart: file + format gpc|fio-json); credits are matched, and handed to their workflows after the answer (handOverWorkflowId)',
      tags: ['Payments'],
      access: BACK_OFFICE_ROLES,
      multipart: uploadForm,
      responses: {
        201: { description: 'Imported: counts, the credits with what became of each, and `warnings` where the file does not add up', schema: importSummarySchema },
        400: { description: 'Malformed statement (problem+json with `line`) or wrong account; nothing imported' },
        413: { description: 'File larger than the limit' },
      },
      handler: async ({ caller, req, res }) => {
        await receiveUpload(req, res);
        const fields = uploadFields.safeParse(req.body ?? {});
        if (!fields.success) throw badRequest(toFieldErrors('body', fields.error));
        if (!req.file) throw badRequest([{ field: 'body.file', rule: 'required', message: 'Attach the statement as the multipart field "file".' }]);
        const summary = await importStatement(deps, { bytes: req.file.buffer, format: fields.data.format, fileName: req.file.originalname, importedBy: actorOf(caller) });
        return { status: 201, body: summary };
      },
    }),
    route({
      method: 'get',
      path: '/payments/imports',
      operationId: 'listBankStatementImports',
      summary: 'Statement imports, newest first: who imported what, how far statements reach, and the warnings of files that did not add up',
      tags: ['Payments'],
      access: BACK_OFFICE_ROLES,
      query: z.object(pageQuery),
      responses: { 200: { description: 'A page of imports', schema: pageOf(statementImportSchema) } },
      handler: async ({ query }) => {
        const [total, imports] = await Promise.all([
          db.bankStatementImport.count(),
          db.bankStatementImport.findMany({ orderBy: { importedAt: 'desc' }, skip: (query.page - 1) * query.pageSize, take: query.pageSize }),
        ]);
        return {
          body: {
            items: imports.map((i) => ({ ...i, statementDate: fromDateColumn(i.statementDate), coveredUntil: fromDateColumn(i.coveredUntil) })),
            page: query.page,
            pageSize: query.pageSize,
            total,
          },
        };
      },
    }),
    route({
      method: 'get',
      path: '/payments/unmatched',
      operationId: 'listUnmatchedBankTransactions',
      summary: 'Bank movements that were not recorded automatically, with the reason (status=REFUND_DUE: duplicate payments to refund; IGNORED etc. for the others)',
      tags: ['Payments'],
      access: BACK_OFFICE_ROLES,
      query: unmatchedQuery,
      responses: { 200: { description: 'A page of bank movements, oldest first', schema: pageOf(bankTransactionSchema) } },
      handler: async ({ query }) => {
        const where: Prisma.BankTransactionWhereInput = { status: query.status };
        const [total, rows] = await Promise.all([
          db.bankTransaction.count({ where }),
          db.bankTransaction.findMany({
            where,
            include: { document: { select: { number: true } } },
            orderBy: [{ bookedOn: 'asc' }, { movementId: 'asc' }],
            skip: (query.page - 1) * query.pageSize,
            take: query.pageSize,
          }),
        ]);
        return {
          body: {
            items: rows.map(bankTransactionView),
            page: query.page,
            pageSize: query.pageSize,
            total,
          },
        };
      },
    }),
    route({
      method: 'get',
      path: '/payments/cod-outstanding',
      operationId: 'listOutstandingCod',
      summary: 'COD the carriers collected on delivery and have not paid out yet (no payout on an imported statement), oldest first',
      tags: ['Payments'],
      access: BACK_OFFICE_ROLES,
      query: z.object(pageQuery),
      responses: { 200: { description: 'A page of COD receivables with the total still owed by carriers', schema: outstandingCodSchema } },
      handler: async ({ query }) => {
        const result = await listOutstandingCod(db, pragueDate(new Date()), { skip: (query.page - 1) * query.pageSize, take: query.pageSize });
        return { body: { ...result, page: query.page, pageSize: query.pageSize } };
      },
    }),
    route({
      method: 'get',
      path: '/payments/cancellations-waiting',
      operationId: 'listCancellationsWaitingForStatements',
      summary: 'Unpaid orders whose cancellation waits for a bank statement covering their last day of grace: why, since when, when they cancel anyway',
      tags: ['Payments'],
      access: BACK_OFFICE_ROLES,
      query: z.object(pageQuery),
      responses: { 200: { description: 'A page of waiting orders, longest waiting first', schema: pageOf(cancellationWaitSchema) } },
      handler: async ({ query }) => ({ body: await listCancellationWaits(db, query) }),
    }),
    route({
      method: 'post',
      path: '/payments/pending/hand-over',
      operationId: 'handOverPendingBankTransactions',
      summary: 'Match the movements an import left PENDING and start handing the matched credits still waiting (HANDING_OVER: e.g. Temporal was unreachable) to their workflows now, instead of with the next statement',
      tags: ['Payments'],
      access: BACK_OFFICE_ROLES,
      responses: { 200: { description: 'What the PENDING movements came to, and the hand-over workflow started; those still waiting stay listed', schema: pendingHandOverSchema } },
      handler: async ({ caller }) => ({ body: await handOverPending(deps, actorOf(caller)) }),
    }),
    route({
      method: 'post',
      path: '/payments/unmatched/:id/assign',
      operationId: 'assignBankTransaction',
      summary: "Assign an unmatched credit (or one flagged for refund) to a proforma or invoice: recorded on its workflow like a match",
      tags: ['Payments'],
      access: BACK_OFFICE_ROLES,
      params: transactionParams,
      body: assignBody,
      responses: {
        200: { description: 'Recorded: FULL, PARTIAL or OVERPAID, and what remains due', schema: assignmentResultSchema },
        404: { description: 'No such bank transaction or document' },
        409: { description: 'Neither unmatched nor flagged for refund, or the workflow refused the payment (e.g. a cancelled order)' },
      },
      handler: async ({ caller, params, body }) => ({ body: await assignTransaction(deps, params.id, body.documentNumber, actorOf(caller)) }),
    }),
    route({
      method: 'post',
      path: '/payments/unmatched/:id/refunded',
      operationId: 'markBankTransactionRefunded',
      summary: 'Record that a payment flagged for refund (REFUND_DUE) went back to the customer: it becomes REFUNDED, with who and when',
      tags: ['Payments'],
      access: BACK_OFFICE_ROLES,
      params: transactionParams,
      responses: {
        200: { description: 'Marked refunded', schema: bankTransactionSchema },
        409: { description: 'The movement is not flagged for refund (already refunded, or never was)' },
      },
      handler: async ({ caller, params }) => ({ body: bankTransactionView(await markRefunded(deps, params.id, actorOf(caller))) }),
    }),
    route({
      method: 'get',
      path: '/payments/refunds-due',
      operationId: 'listRefundsDue',
      summary: 'Orders that owe their customer money back (an overpayment, or paid and then cancelled), longest owed first',
      tags: ['Payments'],
      access: BACK_OFFICE_ROLES,
      query: z.object(pageQuery),
      responses: { 200: { description: 'A page of orders with money to send back, and the total still owed', schema: refundsDueSchema } },
      handler: async ({ query }) => {
        const result = await listRefundsDue(db, { skip: (query.page - 1) * query.pageSize, take: query.pageSize });
        return { body: { ...result, page: query.page, pageSize: query.pageSize } };
      },
    }),
    route({
      method: 'post',
      path: '/payments/refunds-due/:orderNumber/refunded',
      operationId: 'markOrderRefunded',
      summary: "Record that what an order owed its customer went back to them (the amount must be what is still owed: a payment or cancellation in between is not closed unseen)",
      tags: ['Payments'],
      access: BACK_OFFICE_ROLES,
      params: orderNumberParams,
      body: refundedBody,
      responses: {
        200: { description: 'Recorded: nothing more is owed', schema: refundDueSchema },
        404: { description: 'No such order' },
        409: { description: 'Nothing is owed, or the amount owed is not the one given (it changed)' },
      },
      handler: async ({ caller, params, body }) => ({ body: await markOrderRefunded(deps, params.orderNumber, body.amountHalere, actorOf(caller)) }),
    }),
    route({
      method: 'get',
      path: '/payments',
      operationId: 'listPayments',
      summary: "The payment ledger: a customer's own payments, every payment for the back office",
      tags: ['Payments'],
      access: [...CUSTOMER_ROLES, ...BACK_OFFICE_ROLES],
      query: ledgerQuery,
      responses: { 200: { description: 'A page of payments, newest first', schema: pageOf(paymentEntrySchema) } },
      handler: async ({ caller, query }) => {
        const customer = isCustomer(caller);
        const where: Prisma.PaymentWhereInput = {
          organizationId: customer ? organizationScope(caller) : query.organizationId,
          ...(query.source ? { source: query.source } : {}),
          ...(query.orderNumber ? { order: { number: query.orderNumber } } : {}),
          ...(query.documentNumber ? { document: { number: query.documentNumber } } : {}),
        };
        const [total, payments] = await Promise.all([
          db.payment.count({ where }),
          db.payment.findMany({
            where,
            include: {
              order: { select: { number: true } },
              document: { select: { number: true, type: true } },
              bankTransactions: { select: { counterpartyName: true, counterpartyAccount: true, status: true }, take: 1 },
            },
            orderBy: [{ receivedOn: 'desc' }, { createdAt: 'desc' }],
            skip: (query.page - 1) * query.pageSize,
            take: query.pageSize,
          }),
        ]);
        return {
          body: {
            items: payments.map((p) => {
              // A COD payment's bank movement is the carrier's payout, not the customer's transfer.
              const bank = p.source === 'COD' ? undefined : p.bankTransactions[0];
              return {
                id: p.id,
                source: p.source,
                amountHalere: halereFromBigInt(p.amountHalere, 'amountHalere'),
                receivedOn: fromDateColumn(p.receivedOn),
                variableSymbol: p.variableSymbol,
                orderNumber: p.order?.number ?? null,
                documentNumber: p.document?.number ?? null,
                documentType: p.document?.type ?? null,
                ...(bank ? { counterpartyName: bank.counterpartyName, counterpartyAccount: bank.counterpartyAccount } : {}),
                // Internal: who recorded it (staff member, import, carrier) and the external key.
                ...(customer ? {} : { organizationId: p.organizationId, recordedBy: p.recordedBy, externalId: p.externalId, assignedByHand: bank?.status === 'ASSIGNED' }),
                // COD: collected by the carrier on delivery until its payout is on a statement.
                ...(customer || p.source !== 'COD' ? {} : { codStatus: p.paidOutOn ? 'PAID_OUT' : 'COLLECTED_BY_CARRIER', paidOutOn: fromDateColumn(p.paidOutOn) }),
                recordedAt: p.createdAt,
              };
            }),
            page: query.page,
            pageSize: query.pageSize,
            total,
          },
        };
      },
    }),
  ];
}
