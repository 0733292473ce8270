import type { UpdateDefinition } from '@temporalio/client';
import { z } from 'zod';
import { Refused } from '../../domain/errors';
import { isFinal, ORDER_PROBLEM_KINDS, ORDER_STATUSES } from '../../domain/order-lifecycle';
import { ORDER_LIMITS, overdueCriteria } from '../../domain/order-rules';
import { PAYMENT_METHODS } from '../../domain/payments';
import { pragueDate, toDateColumn } from '../../domain/prague-calendar';
import type { Prisma } from '../../infra/db';
import {
  cancelOrderUpdate,
  confirmOrderUpdate,
  extendDueDateUpdate,
  markDeliveredUpdate,
  markReturnedUpdate,
  orderStatusQuery,
  orderWorkflowId,
  recordPaymentUpdate,
  shipOrderUpdate,
} from '../../workflows/order/contract';
import type { ApiDeps } from '../deps';
import { actorOf, BACK_OFFICE_ROLES, type Caller, CUSTOMER_ROLES, isCustomer, organizationScope } from '../http/caller';
import { notFound } from '../http/problem';
import { underWayReply, UNDER_WAY_RESPONSE } from '../http/accepted';
import { route, type Reply, type RouteSpec } from '../http/route';
import { orderNumberParams, pageNumber, trimmedText } from '../http/validation';
import { createDraftOrder } from '../../usecases/create-draft-order';
import { requireOrderingRight } from '../../usecases/ordering-rights';
import { requireActiveOrganization } from '../../usecases/require-active-organization';
import { toAuditViews } from '../orders/audit-views';
import { updateWithinBound, withinBound } from '../../infra/bounded-wait';
import { orderDetailInclude, orderSummarySelect, toOrderDetail, toOrderSummary } from '../orders/order-views';
import { extendDueDateBody, extensionOf } from './due-date-schema';
import { manualPaymentBody } from './payment-schemas';
import { auditTrailSchema, catalogueSchema, orderDetailSchema, orderPaymentResultSchema, orderStateSchema, orderSummarySchema, pageOf } from './response-schemas';

const address = z.object({
  name: trimmedText(200),
  street: trimmedText(200),
  city: trimmedText(100),
  postalCode: z.string().trim().regex(/^\d{3} ?\d{2}$/, 'a Czech postal code like 110 00'),
  country: z.literal('CZ').default('CZ'),
});
const createOrderBody = z.strictObject({
  paymentMethod: z.enum(PAYMENT_METHODS),
  lines: z
    .array(z.strictObject({ sku: z.string().min(1).max(40), quantity: z.number().int().min(ORDER_LIMITS.minQuantity).max(ORDER_LIMITS.maxQuantity) }))
    .min(1)
    .max(ORDER_LIMITS.maxLines),
  deliveryAddress: address.optional(),
});
const idempotencyHeaders = z.object({ 'idempotency-key': z.string().min(8).max(200) });
const listQuery = z.object({
  status: z.enum(ORDER_STATUSES).optional(),
  paymentMethod: z.enum(PAYMENT_METHODS).optional(),
  organizationId: z.uuid().optional(),
  overdue: z.enum(['true', 'false']).optional().describe('true: only orders still awaiting payment after their due date (Prague calendar)'),
  problem: z.enum(ORDER_PROBLEM_KINDS).optional().describe('only orders stopped on this problem, waiting for staff to decide'),
  page: pageNumber,
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
/** The domain's overdue rule as a database filter. */
function overdueWhere(today: string): Prisma.OrderWhereInput {
  const criteria = overdueCriteria(today);
  return { status: criteria.status, dueDate: { lt: toDateColumn(criteria.dueBefore) } };
}

const reasonBody = z.strictObject({ reason: trimmedText(500) });
const shipmentBody = z.strictObject({ carrier: trimmedText(100), trackingNumber: trimmedText(100) });

/** An accepted action still running when the request's bound passed (confirm: its documents not ready yet). */
const UNDER_WAY = { description: `${UNDER_WAY_RESPONSE.description}. The body: the order as stored`, schema: orderDetailSchema };

/** Every confirm of one order joins the first one's update, whoever repeats it. */
const CONFIRM_UPDATE_ID = 'confirm';

export function createOrderRoutes(deps: ApiDeps): RouteSpec[] {
  const { db, temporal, config } = deps;
  const handle = (orderNumber: string) => temporal.workflow.getHandle(orderWorkflowId(orderNumber));

  /** A finished order's workflow is closed and takes no updates, so the refusal comes from the mirrored status instead. */
  const assertOpen = (order: { status: string }) => {
    if (isFinal(order.status)) throw new Refused('OrderClosed', `Order is ${order.status}; nothing more can be done with it.`);
  };
  /** Accepted, not finished within the bound: the order as stored, and where to look again. */
  const underWay = async (caller: Caller, orderNumber: string): Promise<Reply> => underWayReply(`/orders/${orderNumber}`, toOrderDetail(await findVisibleOrder(caller, orderNumber)));
  /** An action on the order's workflow: its answer within ACTION_WAIT_SECONDS, else 202 (see underWay). */
  const updateOrder = async <Ret, Args extends [unknown, ...unknown[]]>(caller: Caller, order: { number: string; status: string }, definition: UpdateDefinition<Ret, Args>, ...args: Args): Promise<Reply> => {
    assertOpen(order);
    const outcome = await updateWithinBound(temporal, handle(order.number), definition, args, config.ACTION_WAIT_SECONDS * 1000);
    return outcome.done ? { body: outcome.value } : underWay(caller, order.number);
  };

  /** The order if the caller may see it; another organisation's order is simply not found. */
  const findVisibleOrder = async (caller: Caller, orderNumber: string) => {
    const order = await db.order.findFirst({
      where: { number: orderNumber, organizationId: organizationScope(caller) },
      include: orderDetailInclude,
      relationLoadStrategy: 'join',
    });
    if (!order) throw notFound('Order');
    return order;
  };

  return [
    route({
      method: 'get',
      path: '/catalogue',
      operationId: 'listCatalogue',
      summary: 'Active products with net prices in haléře',
      tags: ['Orders'],
      access: 'public',
      responses: { 200: { description: 'The catalogue', schema: catalogueSchema } },
      handler: async () => ({ body: { items: await db.product.findMany({ where: { active: true }, orderBy: { sku: 'asc' } }) } }),
    }),
    route({
      method: 'post',
      path: '/orders',
      operationId: 'createOrder',
      summary: 'Create a draft order (idempotent by Idempotency-Key); review it, then confirm',
      tags: ['Orders'],
      access: CUSTOMER_ROLES,
      headers: idempotencyHeaders,
      body: createOrderBody,
      responses: {
        201: { description: 'Draft created', schema: orderDetailSchema },
        200: { description: 'The draft created earlier with this Idempotency-Key', schema: orderDetailSchema },
        400: { description: 'Invalid order (problem+json naming the field)' },
        403: { description: 'The organisation is not ACTIVE' },
      },
      handler: async ({ caller, body, req }) => {
        const { order, created } = await createDraftOrder(deps, caller, req.header('idempotency-key')!, body);
        return { status: created ? 201 : 200, headers: { Location: `/orders/${order.number}` }, body: toOrderDetail({ ...order, documents: [], tickets: [], payments: [] }) };
      },
    }),
    route({
      method: 'get',
      path: '/orders',
      operationId: 'listOrders',
      summary: "List orders: a customer's own, or every order for the back office",
      tags: ['Orders'],
      access: [...CUSTOMER_ROLES, ...BACK_OFFICE_ROLES],
      query: listQuery,
      responses: { 200: { description: 'A page of orders', schema: pageOf(orderSummarySchema) } },
      handler: async ({ caller, query }) => {
        const today = pragueDate(new Date());
        const where: Prisma.OrderWhereInput = {
          organizationId: isCustomer(caller) ? organizationScope(caller) : query.organizationId,
          ...(query.status ? { status: query.status } : {}),
          ...(query.paymentMethod ? { paymentMethod: query.paymentMethod } : {}),
          ...(query.overdue === 'true' ? { AND: [overdueWhere(today)] } : {}),
          // DOCUMENTS_FAILED is the one kind, stored as the document problem's reason.
          ...(query.problem ? { documentProblem: { not: null } } : {}),
        };
        const [total, orders] = await Promise.all([
          db.order.count({ where }),
          db.order.findMany({ where, select: orderSummarySelect, orderBy: { createdAt: 'desc' }, skip: (query.page - 1) * query.pageSize, take: query.pageSize }),
        ]);
        return { body: { items: orders.map((order) => toOrderSummary(order, today)), page: query.page, pageSize: query.pageSize, total } };
      },
    }),
    route({
      method: 'get',
      path: '/orders/:orderNumber',
      operationId: 'getOrder',
      summary: 'One order: lines, VAT per rate, totals, documents, tickets, payments',
      tags: ['Orders'],
      access: [...CUSTOMER_ROLES, ...BACK_OFFICE_ROLES],
      params: orderNumberParams,
      responses: { 200: { description: 'The order', schema: orderDetailSchema }, 404: { description: 'No such order (or not yours)' } },
      handler: async ({ caller, params }) => ({ body: toOrderDetail(await findVisibleOrder(caller, params.orderNumber)) }),
    }),
    route({
      method: 'get',
      path: '/orders/:orderNumber/audit',
      operationId: 'getOrderAudit',
      summary: "The order's audit trail: every transition with time and actor",
      tags: ['Orders'],
      access: [...CUSTOMER_ROLES, ...BACK_OFFICE_ROLES],
      params: orderNumberParams,
      responses: { 200: { description: 'Audit events, oldest first', schema: auditTrailSchema }, 404: { description: 'No such order (or not yours)' } },
      handler: async ({ caller, params }) => {
        const order = await findVisibleOrder(caller, params.orderNumber);
        const events = await db.auditEvent.findMany({ where: { entityType: 'ORDER', entityId: order.id }, orderBy: { at: 'asc' } });
        return { body: { items: await toAuditViews(db, events, isCustomer(caller)) } };
      },
    }),
    route({
      method: 'post',
      path: '/orders/:orderNumber/confirm',
      operationId: 'confirmOrder',
      summary:
        'Confirm a reviewed draft: documents are issued and e-mailed (repeating answers the same). 200 with the documents when they are ready within CONFIRM_WAIT_SECONDS, otherwise 202: poll Location',
      tags: ['Orders'],
      access: CUSTOMER_ROLES,
      params: orderNumberParams,
      responses: {
        200: { description: 'The confirmed order with its documents', schema: orderStateSchema },
        202: { ...UNDER_WAY, description: `${UNDER_WAY.description} (confirm: until it leaves DRAFT and CONFIRMED)` },
        403: { description: 'A member, while the admin does not allow members to order' },
        409: { description: 'The order can no longer be confirmed' },
      },
      handler: async ({ caller, params }) => {
        await requireActiveOrganization(db, caller.organizationId);
        await requireOrderingRight(db, caller);
        const order = await findVisibleOrder(caller, params.orderNumber);
        // Confirming again answers with the state the first confirmation led to, even once closed.
        // A closed workflow answers a query only through a worker replaying it: bounded as well.
        if (isFinal(order.status) && order.confirmedAt) {
          const state = await withinBound(config.CONFIRM_WAIT_SECONDS * 1000, (signal) => temporal.withAbortSignal(signal, () => handle(order.number).query(orderStatusQuery)));
          return state.done ? { body: state.value } : underWay(caller, order.number);
        }
        assertOpen(order);
        // One update id per order: a repeated or retried confirm joins the first one instead of queueing another.
        const confirmed = await withinBound(config.CONFIRM_WAIT_SECONDS * 1000, (signal) =>
          temporal.withAbortSignal(signal, () => handle(order.number).executeUpdate(confirmOrderUpdate, { args: [{ actor: actorOf(caller) }], updateId: CONFIRM_UPDATE_ID })),
        );
        return confirmed.done ? { body: confirmed.value } : underWay(caller, order.number);
      },
    }),
    route({
      method: 'post',
      path: '/orders/:orderNumber/cancel',
      operationId: 'cancelOrder',
      summary: 'Cancel: customers until the goods ship, staff until delivery',
      tags: ['Orders'],
      access: [...CUSTOMER_ROLES, ...BACK_OFFICE_ROLES],
      params: orderNumberParams,
      body: reasonBody,
      responses: { 200: { description: 'The cancelled order', schema: orderStateSchema }, 202: UNDER_WAY, 403: { description: 'A member, while the admin does not allow members to order' }, 409: { description: 'Too late to cancel' } },
      handler: async ({ caller, params, body }) => {
        await requireOrderingRight(db, caller);
        const order = await findVisibleOrder(caller, params.orderNumber);
        const by = isCustomer(caller) ? ('CUSTOMER' as const) : ('STAFF' as const);
        return updateOrder(caller, order, cancelOrderUpdate, { actor: actorOf(caller), reason: body.reason, by });
      },
    }),
    route({
      method: 'post',
      path: '/orders/:orderNumber/payments',
      operationId: 'recordOrderPayment',
      summary: 'Record a payment received (staff); the same Idempotency-Key is counted once',
      tags: ['Back office'],
      access: BACK_OFFICE_ROLES,
      params: orderNumberParams,
      headers: idempotencyHeaders,
      body: manualPaymentBody,
      responses: { 200: { description: 'Paid so far, remaining, overpaid, status', schema: orderPaymentResultSchema }, 202: UNDER_WAY, 409: { description: 'The order takes no payment' } },
      handler: async ({ caller, params, body, req }) => {
        const order = await findVisibleOrder(caller, params.orderNumber);
        // The key is the client's: unique per order, not across orders.
        const externalId = `manual:order:${order.number}:${req.header('idempotency-key')!}`;
        return updateOrder(caller, order, recordPaymentUpdate, { actor: actorOf(caller), externalId, source: 'MANUAL', amountHalere: body.amountHalere, receivedOn: body.receivedOn });
      },
    }),
    route({
      method: 'post',
      path: '/orders/:orderNumber/shipment',
      operationId: 'shipOrder',
      summary: 'Record the shipment (carrier, tracking number); transfer orders only once paid',
      tags: ['Back office'],
      access: BACK_OFFICE_ROLES,
      params: orderNumberParams,
      body: shipmentBody,
      responses: { 200: { description: 'The shipped order', schema: orderStateSchema }, 202: UNDER_WAY, 409: { description: 'Not ready to ship (e.g. unpaid)' } },
      handler: async ({ caller, params, body }) => {
        const order = await findVisibleOrder(caller, params.orderNumber);
        return updateOrder(caller, order, shipOrderUpdate, { actor: actorOf(caller), ...body });
      },
    }),
    route({
      method: 'post',
      path: '/orders/:orderNumber/delivery',
      operationId: 'markOrderDelivered',
      summary: 'Record delivery; for COD this is the collected payment',
      tags: ['Back office'],
      access: BACK_OFFICE_ROLES,
      params: orderNumberParams,
      responses: { 200: { description: 'The delivered (and, when paid, completed) order', schema: orderStateSchema }, 202: UNDER_WAY, 409: { description: 'Not shipped' } },
      handler: async ({ caller, params }) => {
        const order = await findVisibleOrder(caller, params.orderNumber);
        return updateOrder(caller, order, markDeliveredUpdate, { actor: actorOf(caller) });
      },
    }),
    route({
      method: 'post',
      path: '/orders/:orderNumber/due-date',
      operationId: 'extendOrderDueDate',
      summary: "Extend an unpaid order's due date (a date or days, with a reason; audited): reminders and automatic cancellation move with it",
      tags: ['Back office'],
      access: BACK_OFFICE_ROLES,
      params: orderNumberParams,
      body: extendDueDateBody,
      responses: { 200: { description: 'The order with its new due date', schema: orderStateSchema }, 202: UNDER_WAY, 409: { description: 'Not awaiting payment' } },
      handler: async ({ caller, params, body }) => {
        const order = await findVisibleOrder(caller, params.orderNumber);
        return updateOrder(caller, order, extendDueDateUpdate, { actor: actorOf(caller), ...extensionOf(body) });
      },
    }),
    route({
      method: 'post',
      path: '/orders/:orderNumber/return',
      operationId: 'markOrderReturned',
      summary: 'The parcel came back: the order is cancelled and a credit note issued',
      tags: ['Back office'],
      access: BACK_OFFICE_ROLES,
      params: orderNumberParams,
      body: reasonBody,
      responses: { 200: { description: 'The cancelled order', schema: orderStateSchema }, 202: UNDER_WAY, 403: { description: 'A member, while the admin does not allow members to order' }, 409: { description: 'Not shipped' } },
      handler: async ({ caller, params, body }) => {
        const order = await findVisibleOrder(caller, params.orderNumber);
        return updateOrder(caller, order, markReturnedUpdate, { actor: actorOf(caller), reason: body.reason });
      },
    }),
  ];
}
