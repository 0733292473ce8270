import type { Client } from '@temporalio/client';
import { formatOrderNumber } from '../domain/document-number';
import { ValidationFailed } from '../domain/errors';
import { orderTotalProblem, validateOrderRequest } from '../domain/order-rules';
import type { PaymentMethod } from '../domain/payments';
import { pragueDate } from '../domain/prague-calendar';
import { computeLine, documentTotals } from '../domain/vat';
import type { Config } from '../infra/config';
import type { Logger } from '../infra/logger';
import type { Order, OrderLine, PrismaClient } from '../infra/db';
import { nextInSequence } from '../persistence/sequences';
import { startOrderWorkflow as startWorkflow } from '../workflows/order/start';
import { requireActiveOrganization } from './require-active-organization';

export interface DraftRequest {
  paymentMethod: PaymentMethod;
  lines: { sku: string; quantity: number }[];
  deliveryAddress?: { name: string; street: string; city: string; postalCode: string; country: string };
}

const ORDER_SERIES = 'ORDER';

/**
 * Creates the draft (lines, VAT and totals computed here, never taken from the client) and
 * starts its workflow. Only an ACTIVE organisation may order. Idempotent by (organisation,
 * Idempotency-Key): a repeated request gets the first draft, and restarts the workflow start
 * should the first attempt have died between the insert and the start.
 * @throws Forbidden when the organisation may not order, ValidationFailed for a bad request
 */
export async function createDraftOrder(
  deps: { db: PrismaClient; temporal: Client; config: Config },
  orderedBy: { userId: string; organizationId: string | null },
  idempotencyKey: string,
  request: DraftRequest,
): Promise<{ order: Order & { lines: OrderLine[] }; created: boolean }> {
  const { db, config } = deps;
  const caller = { userId: orderedBy.userId, organizationId: await requireActiveOrganization(db, orderedBy.organizationId) };
  const existing = await db.order.findUnique({
    where: { organizationId_idempotencyKey: { organizationId: caller.organizationId, idempotencyKey } },
    include: { lines: true },
  });
  if (existing) {
    await startWorkflow(deps.temporal, deps.config, existing);
    return { order: existing, created: false };
  }

  const products = await db.product.findMany();
  const errors = validateOrderRequest(request, products);
  if (errors.length > 0) throw new ValidationFailed(errors);

  const organization = await db.organization.findUniqueOrThrow({ where: { id: caller.organizationId } });
  const address = request.deliveryAddress ?? {
    name: organization.name,
    street: organization.street,
    city: organization.city,
    postalCode: organization.postalCode,
    country: organization.country,
  };
  const lines = request.lines.map((requested, index) => {
    const product = products.find((p) => p.sku === requested.sku)!;
    const amounts = computeLine({ quantity: requested.quantity, unitPriceHalere: product.unitPriceHalere, vatRatePercent: product.vatRatePercent });
    return {
      productId: product.id,
      position: index + 1,
      sku: product.sku,
      nameCs: product.nameCs,
      nameEn: product.nameEn,
      kind: product.kind,
      quantity: requested.quantity,
      unitPriceHalere: product.unitPriceHalere,
      vatRatePercent: product.vatRatePercent,
      ...amounts,
    };
  });
  // The draft shows what the customer would pay now: the components (support is billed by use).
  const totals = documentTotals(lines.filter((l) => l.kind === 'COMPONENT'));
  const totalProblem = orderTotalProblem(totals.grossHalere);
  if (totalProblem) throw new ValidationFailed([totalProblem]);
  const year = Number(pragueDate(new Date()).slice(0, 4));

  try {
    const order = await db.$transaction(async (tx) => {
      return tx.order.create({
        data: {
          number: formatOrderNumber(year, await nextInSequence(tx, ORDER_SERIES, year)),
          organizationId: caller.organizationId,
          createdById: caller.userId,
          idempotencyKey,
          paymentMethod: request.paymentMethod,
          deliveryName: address.name,
          deliveryStreet: address.street,
          deliveryCity: address.city,
          deliveryPostalCode: address.postalCode,
          deliveryCountry: address.country,
          netHalere: totals.netHalere,
          vatHalere: totals.vatHalere,
          grossHalere: totals.grossHalere,
          termsVersion: config.TERMS_VERSION,
          expiresAt: new Date(Date.now() + config.DRAFT_TTL_HOURS * 3_600_000),
          lines: { create: lines },
        },
        include: { lines: true },
      });
    });
    await startWorkflow(deps.temporal, deps.config, order);
    return { order, created: true };
  } catch (error) {
    // A concurrent request with the same key won the insert: answer with its draft.
    const winner = await db.order.findUnique({
      where: { organizationId_idempotencyKey: { organizationId: caller.organizationId, idempotencyKey } },
      include: { lines: true },
    });
    if (winner) return { order: winner, created: false };
    throw error;
  }
}

/**
 * Repair path for the window between a draft's insert and its workflow's start (a crash or a
 * Temporal outage there): starts the workflow of every order still in DRAFT; running and
 * finished ones are left alone. Called at API start. Returns how many drafts were checked.
 */
export async function ensureDraftWorkflows(deps: { db: PrismaClient; temporal: Client; config: Config; logger: Logger }): Promise<number> {
  const drafts = await deps.db.order.findMany({ where: { status: 'DRAFT' }, include: { lines: true } });
  for (const draft of drafts) {
    try {
      await startWorkflow(deps.temporal, deps.config, draft);
    } catch (error) {
      deps.logger.error({ err: error, orderNumber: draft.number }, 'could not ensure the order workflow');
    }
  }
  return drafts.length;
}
