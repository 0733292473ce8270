import { WithStartWorkflowOperation, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { z } from 'zod';
import { pragueMonth } from '../../domain/prague-calendar';
import { elapsedSeconds, isTicketClosed, supportAmountHalere, TICKET_STATUSES, ticketUsage } from '../../domain/support-usage';
import type { Prisma, SupportCall, SupportTicket, SupportUsage } from '../../infra/db';
import { extendSupportDueDate } from '../../usecases/extend-support-due-date';
import { recordSupportPayment } from '../../usecases/record-support-payment';
import { extendDueDateBody, extensionOf } from './due-date-schema';
import { TICKET_WORKFLOW_TYPE, startCallUpdate, stopCallUpdate, ticketWorkflowId, type TicketView, type TicketWorkflow } from '../../workflows/support-ticket/contract';
import { ticketStartOptions } from '../../workflows/support-ticket/start';
import type { ApiDeps } from '../deps';
import { actorOf, BACK_OFFICE_ROLES, type Caller, CUSTOMER_ROLES, isCustomer, organizationScope, STAFF_ROLES } from '../http/caller';
import { conflict, notFound } from '../http/problem';
import { boundedReply, underWayReply, UNDER_WAY_RESPONSE } from '../http/accepted';
import { type Bounded, updateWithinBound, updateWithStartWithinBound } from '../../infra/bounded-wait';
import { route, type RouteSpec } from '../http/route';
import { pageNumber, trimmedText } from '../http/validation';
import { documentSummarySelect, toDocumentSummary } from '../orders/order-views';
import { manualPaymentBody } from './payment-schemas';
import { pageOf, supportInvoiceRefSchema, supportInvoiceSchema, supportPaymentResultSchema, supportUsageSchema, ticketAfterCallSchema, ticketSchema } from './response-schemas';

const ticketParams = z.object({ code: trimmedText(40, 3) });
const monthString = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month like 2026-11');
const ticketListQuery = z.object({
  code: trimmedText(40).optional(),
  organizationId: z.uuid().optional(),
  status: z.enum(TICKET_STATUSES).optional(),
  page: pageNumber,
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
const usageQuery = z.object({ month: monthString.optional(), organizationId: z.uuid().optional() });
const invoiceListQuery = z.object({
  month: monthString.optional(),
  number: z.string().regex(/^\d{10}$/, 'a 10-digit invoice number').optional(),
  organizationId: z.uuid().optional(),
  page: pageNumber,
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
const invoiceParams = z.object({ number: z.string().regex(/^\d{10}$/, 'a 10-digit invoice number') });
const idempotencyHeaders = z.object({ 'idempotency-key': z.string().min(8).max(200) });
/** Where a support invoice is listed (the list filtered to it). */
const invoiceLocation = (number: string) => `/support/invoices?number=${number}`;

const CONSULTANTS = ['CONSULTANT', 'ADMIN'] as const;
const READERS = [...CUSTOMER_ROLES, ...STAFF_ROLES] as const;

type TicketWithCalls = SupportTicket & { calls: SupportCall[]; usage: SupportUsage | null; order?: { number: string } | null };

/** The ticket's usage, a running call counted up to `now` (the stored seconds when larger). */
function usageAt(ticket: TicketWithCalls, now: number) {
  const ms = ticket.calls.reduce((sum, c) => sum + Math.max(0, (c.endedAt?.getTime() ?? now) - c.startedAt.getTime()), 0);
  return ticketUsage(Math.max(ticket.usedSeconds, Math.floor(ms / 1000)));
}

function toTicket(ticket: TicketWithCalls, now = Date.now()) {
  const usage = usageAt(ticket, now);
  return {
    code: ticket.code,
    organizationId: ticket.organizationId,
    ...(ticket.order ? { orderNumber: ticket.order.number } : {}),
    status: ticket.status,
    supportDay: ticket.supportDay,
    issuedAt: ticket.issuedAt,
    expiresAt: ticket.expiresAt,
    callRunning: ticket.calls.some((c) => !c.endedAt),
    ...usage,
    invoiceNumber: ticket.usage?.invoiceNumber ?? null,
    calls: [...ticket.calls]
      .sort((a, b) => a.startedAt.getTime() - b.startedAt.getTime())
      .map((c) => ({
        consultantId: c.consultantId,
        startedAt: c.startedAt,
        endedAt: c.endedAt,
        durationSeconds: elapsedSeconds(c.startedAt.getTime(), c.endedAt?.getTime() ?? now),
        endReason: c.endReason,
      })),
  };
}

/**
 * aTime Support: consultants run calls on tickets; customers see their tickets, this month's
 * usage and their support invoices; staff see everything and record payments.
 */
export function createSupportRoutes(deps: ApiDeps): RouteSpec[] {
  const { db, temporal, config } = deps;
  const include = { calls: true, usage: true, order: { select: { number: true } } } as const;

  /** A customer sees only their organisation's tickets; another's is simply not found. */
  const findVisibleTicket = async (caller: Caller, code: string) => {
    const ticket = await db.supportTicket.findFirst({ where: { code, organizationId: organizationScope(caller) }, include });
    if (!ticket) throw notFound('Ticket');
    return ticket;
  };

  /** The answer to a call action: the stored ticket after the workflow's update, plus its verdict. */
  const afterUpdate = async (code: string, state: TicketView) => ({ ...toTicket(await db.supportTicket.findUniqueOrThrow({ where: { code }, include })), workflow: state });
  /** A call started or stopped: the ticket as it now stands, or 202 with where to look while the update runs. */
  const callReply = async (code: string, outcome: Bounded<TicketView>) =>
    outcome.done ? { body: await afterUpdate(code, outcome.value) } : underWayReply(`/tickets/${encodeURIComponent(code)}`);

  const closedRefusal = (ticket: SupportTicket) =>
    ticket.status === 'CONSUMED'
      ? conflict('ticket-consumed', `Ticket ${ticket.code} is consumed: its support day (${ticket.supportDay ?? 'unknown'}) is over.`)
      : ticket.status === 'VOID'
        ? conflict('ticket-void', `Ticket ${ticket.code} is void: its order was cancelled before it was used.`)
        : conflict('ticket-expired', `Ticket ${ticket.code} expired unused.`);

  return [
    route({
      method: 'get',
      path: '/tickets',
      operationId: 'listTickets',
      summary: "Support tickets: a customer's own; consultants and staff all (filter by code, organisation, status)",
      tags: ['Support'],
      access: READERS,
      query: ticketListQuery,
      responses: { 200: { description: 'A page of tickets, newest first', schema: pageOf(ticketSchema) } },
      handler: async ({ caller, query }) => {
        const where: Prisma.SupportTicketWhereInput = {
          organizationId: isCustomer(caller) ? organizationScope(caller) : query.organizationId,
          ...(query.code ? { code: query.code } : {}),
          ...(query.status ? { status: query.status } : {}),
        };
        const [total, tickets] = await Promise.all([
          db.supportTicket.count({ where }),
          db.supportTicket.findMany({ where, include, orderBy: [{ issuedAt: 'desc' }, { code: 'asc' }], skip: (query.page - 1) * query.pageSize, take: query.pageSize }),
        ]);
        const now = Date.now();
        return { body: { items: tickets.map((t) => toTicket(t, now)), page: query.page, pageSize: query.pageSize, total } };
      },
    }),
    route({
      method: 'get',
      path: '/tickets/:code',
      operationId: 'getTicket',
      summary: 'One ticket: its day, calls, minutes used and left',
      tags: ['Support'],
      access: READERS,
      params: ticketParams,
      responses: { 200: { description: 'The ticket', schema: ticketSchema }, 404: { description: 'No such ticket (or not yours)' } },
      handler: async ({ caller, params }) => ({ body: toTicket(await findVisibleTicket(caller, params.code)) }),
    }),
    route({
      method: 'post',
      path: '/tickets/:code/calls/start',
      operationId: 'startSupportCall',
      summary: "Start a call on a ticket (consultants); the first call fixes the ticket's day",
      tags: ['Support'],
      access: CONSULTANTS,
      params: ticketParams,
      responses: {
        200: { description: 'The ticket with the call running', schema: ticketAfterCallSchema },
        202: UNDER_WAY_RESPONSE,
        404: { description: 'No such ticket' },
        409: { description: 'Refused: consumed or expired ticket, another day, a call already running, 2 hours used' },
      },
      handler: async ({ caller, params }) => {
        const ticket = await findVisibleTicket(caller, params.code);
        if (isTicketClosed(ticket.status)) throw closedRefusal(ticket);
        // Update-with-start: a ticket whose workflow was never started (issued before tickets had
        // workflows, or a lost start) gets it now; a running one just takes the update.
        const startWorkflowOperation = new WithStartWorkflowOperation<TicketWorkflow>(
          TICKET_WORKFLOW_TYPE,
          ticketStartOptions(config, { code: ticket.code, organizationId: ticket.organizationId }),
        );
        try {
          const outcome = await updateWithStartWithinBound(temporal, startCallUpdate, { args: [{ consultantId: actorOf(caller) }], startWorkflowOperation }, config.ACTION_WAIT_SECONDS * 1000);
          return await callReply(ticket.code, outcome);
        } catch (error) {
          if (error instanceof WorkflowExecutionAlreadyStartedError) {
            // The workflow closed meanwhile (the day ended): the stored state says why.
            throw closedRefusal(await db.supportTicket.findUniqueOrThrow({ where: { code: ticket.code } }));
          }
          throw error;
        }
      },
    }),
    route({
      method: 'post',
      path: '/tickets/:code/calls/stop',
      operationId: 'stopSupportCall',
      summary: 'Stop the running call on a ticket (consultants)',
      tags: ['Support'],
      access: CONSULTANTS,
      params: ticketParams,
      responses: { 200: { description: 'The ticket with the call stopped', schema: ticketAfterCallSchema }, 202: UNDER_WAY_RESPONSE, 409: { description: 'No call is running' } },
      handler: async ({ caller, params }) => {
        const ticket = await findVisibleTicket(caller, params.code);
        if (!ticket.calls.some((c) => !c.endedAt)) throw conflict('no-running-call', `No call is running on ticket ${ticket.code}.`);
        const outcome = await updateWithinBound(temporal, temporal.workflow.getHandle(ticketWorkflowId(ticket.code)), stopCallUpdate, [{ consultantId: actorOf(caller) }], config.ACTION_WAIT_SECONDS * 1000);
        return callReply(ticket.code, outcome);
      },
    }),
    route({
      method: 'get',
      path: '/support/usage',
      operationId: 'getSupportUsage',
      summary: "Support used in a month (default: this Prague month), a running call counted so far; customers see their own",
      tags: ['Support'],
      access: READERS,
      query: usageQuery,
      responses: { 200: { description: 'One entry per support day, with billed minutes and the net amount', schema: supportUsageSchema } },
      handler: async ({ caller, query }) => {
        const month = query.month ?? pragueMonth(new Date());
        const organizationId = isCustomer(caller) ? organizationScope(caller) : query.organizationId;
        const [tickets, product] = await Promise.all([
          db.supportTicket.findMany({ where: { organizationId, supportDay: { startsWith: `${month}-` } }, include, orderBy: [{ supportDay: 'asc' }, { code: 'asc' }] }),
          db.product.findUnique({ where: { sku: 'SUPPORT-DAY' } }),
        ]);
        const now = Date.now();
        const days = tickets.map((t) => {
          const usage = usageAt(t, now);
          const minutes = t.usage?.billedMinutes ?? usage.billedMinutes;
          return {
            ticketCode: t.code,
            organizationId: t.organizationId,
            supportDay: t.supportDay,
            status: t.status,
            callRunning: t.calls.some((c) => !c.endedAt),
            usedSeconds: usage.usedSeconds,
            billedMinutes: minutes,
            // Recorded once the day is over; until then estimated at today's rate.
            amountHalere: t.usage?.amountHalere ?? supportAmountHalere(minutes, product?.unitPriceHalere ?? 0),
            final: t.usage !== null,
            invoiceNumber: t.usage?.invoiceNumber ?? null,
          };
        });
        return {
          body: {
            month,
            ...(organizationId ? { organizationId } : {}),
            days,
            billedMinutes: days.reduce((s, d) => s + d.billedMinutes, 0),
            netHalere: days.reduce((s, d) => s + d.amountHalere, 0),
          },
        };
      },
    }),
    route({
      method: 'get',
      path: '/support/invoices',
      operationId: 'listSupportInvoices',
      summary: "Month-end support invoices: a customer's own, all for the back office",
      tags: ['Support'],
      access: [...CUSTOMER_ROLES, ...BACK_OFFICE_ROLES],
      query: invoiceListQuery,
      responses: { 200: { description: 'A page of support invoices, newest first', schema: pageOf(supportInvoiceSchema) } },
      handler: async ({ caller, query }) => {
        const where: Prisma.DocumentWhereInput = {
          organizationId: isCustomer(caller) ? organizationScope(caller) : query.organizationId,
          supportMonth: query.month ?? { not: null },
          ...(query.number ? { number: query.number } : {}),
        };
        const [total, documents] = await Promise.all([
          db.document.count({ where }),
          db.document.findMany({ where, select: { ...documentSummarySelect, organizationId: true, supportMonth: true }, orderBy: { createdAt: 'desc' }, skip: (query.page - 1) * query.pageSize, take: query.pageSize }),
        ]);
        return {
          body: {
            items: documents.map((d) => ({ ...toDocumentSummary(d), organizationId: d.organizationId, supportMonth: d.supportMonth })),
            page: query.page,
            pageSize: query.pageSize,
            total,
          },
        };
      },
    }),
    route({
      method: 'post',
      path: '/support/invoices/:number/payments',
      operationId: 'recordSupportPayment',
      summary: 'Record a payment on a support invoice (staff); the same Idempotency-Key is counted once',
      tags: ['Back office'],
      access: BACK_OFFICE_ROLES,
      params: invoiceParams,
      headers: idempotencyHeaders,
      body: manualPaymentBody,
      responses: {
        200: { description: 'Paid so far, remaining, overpaid, status', schema: supportPaymentResultSchema },
        202: UNDER_WAY_RESPONSE,
        404: { description: 'No such support invoice' },
        409: { description: 'The invoice takes no payment' },
      },
      handler: async ({ caller, params, body, req }) => {
        const outcome = await recordSupportPayment(deps, {
          invoiceNumber: params.number,
          externalId: `manual:support:${params.number}:${req.header('idempotency-key')!}`,
          source: 'MANUAL',
          amountHalere: body.amountHalere,
          receivedOn: body.receivedOn,
          actor: actorOf(caller),
        });
        return boundedReply(outcome, invoiceLocation(params.number));
      },
    }),
    route({
      method: 'post',
      path: '/support/invoices/:number/due-date',
      operationId: 'extendSupportInvoiceDueDate',
      summary: "Extend an unpaid support invoice's due date (a date or days, with a reason; audited): its reminders move with it",
      tags: ['Back office'],
      access: BACK_OFFICE_ROLES,
      params: invoiceParams,
      body: extendDueDateBody,
      responses: { 200: { description: 'The invoice with its new due date', schema: supportInvoiceRefSchema }, 202: UNDER_WAY_RESPONSE, 404: { description: 'No such support invoice' }, 409: { description: 'Not awaiting payment' } },
      handler: async ({ caller, params, body }) =>
        boundedReply(await extendSupportDueDate(deps, { invoiceNumber: params.number, actor: actorOf(caller), ...extensionOf(body) }), invoiceLocation(params.number)),
    }),
  ];
}
