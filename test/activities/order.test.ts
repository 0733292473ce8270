import { randomUUID } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/common';
import { createOrderActivities } from '../../activities/order';
import type { ConfirmationRecord } from '../../workflows/order/contract';
import { bearer, createTestApi, registerActiveCustomer, type Customer, type TestApi } from '../api/helpers';

/** The order's confirmation written in one transaction (the one-step confirmation's activity), on the real database. */
describe('recordConfirmation', () => {
  let api: TestApi;
  let customer: Customer;
  let activities: ReturnType<typeof createOrderActivities>;

  beforeAll(async () => {
    api = await createTestApi();
    customer = await registerActiveCustomer(api);
    activities = createOrderActivities({ db: api.db, config: api.config, mailer: api.mailer });
  }, 120_000);

  afterAll(async () => {
    await api?.close();
  });

  /** A draft with a terminal and two support tickets; its workflow stays a draft (this test writes as the workflow would). */
  async function draft(paymentMethod: 'COD' | 'BANK_TRANSFER') {
    const created = await api
      .http()
      .post('/orders')
      .set(...bearer(customer))
      .set('Idempotency-Key', randomUUID())
      .send({ paymentMethod, lines: [{ sku: 'TERM-T1', quantity: 1 }, { sku: 'SUPPORT-DAY', quantity: 2 }] });
    expect(created.status).toBe(201);
    return api.db.order.findUniqueOrThrow({ where: { number: created.body.orderNumber } });
  }

  const record = (order: { id: string; number: string }, invoice: ConfirmationRecord['documents'][number]): ConfirmationRecord => ({
    transition: { key: `order-${order.number}:transition:1`, orderId: order.id, from: 'DRAFT', to: 'CONFIRMED', actor: 'user:test', at: new Date().toISOString(), patch: { confirmedAt: new Date().toISOString() } },
    documents: [{ kind: 'ORDER_CONFIRMATION', key: `order-${order.number}:confirmation` }, invoice],
  });

  it('confirms, numbers both documents and issues the tickets at once; a retry answers the same and writes nothing more', async () => {
    const order = await draft('BANK_TRANSFER');
    const input = record(order, { kind: 'PROFORMA_INVOICE', key: `order-${order.number}:proforma`, dueDate: '2026-12-20' });
    const first = await activities.recordConfirmation(input);
    const again = await activities.recordConfirmation(input);
    expect(again).toEqual(first);
    expect(first.documents.map((d) => d.kind)).toEqual(['ORDER_CONFIRMATION', 'PROFORMA_INVOICE']);
    expect(first.documents[1]!.payableHalere).toBeGreaterThan(0);
    expect(first.ticketCodes).toHaveLength(2);

    const stored = await api.db.order.findUniqueOrThrow({ where: { id: order.id }, include: { documents: true, tickets: true } });
    expect(stored.status).toBe('CONFIRMED');
    expect(stored.documents.map((d) => d.number).sort()).toEqual(first.documents.map((d) => d.number).sort());
    expect(stored.variableSymbol).toBe(first.documents[1]!.number);
    expect(stored.tickets.map((t) => t.code).sort()).toEqual(first.ticketCodes);
    expect(await api.db.auditEvent.count({ where: { entityId: order.id, action: 'STATUS_CHANGED', toState: 'CONFIRMED' } })).toBe(1);
  });

  it('content that cannot be documented fails for good and writes nothing: no status, no document, no ticket', async () => {
    const order = await draft('COD');
    // A control character XML cannot carry (the API refuses it; here it got into the row anyway).
    const { name } = await api.db.organization.findUniqueOrThrow({ where: { id: customer.organizationId } });
    await api.db.organization.update({ where: { id: customer.organizationId }, data: { name: `${name}\u0001` } });
    try {
      const failure = await activities.recordConfirmation(record(order, { kind: 'TAX_INVOICE', key: `order-${order.number}:tax-invoice`, taxableSupplyDate: '2026-12-06' })).catch((e: unknown) => e);
      expect(failure).toBeInstanceOf(ApplicationFailure);
      expect(failure).toMatchObject({ type: 'IsdocError', nonRetryable: true, message: expect.stringMatching(/not allowed in XML/) });
    } finally {
      await api.db.organization.update({ where: { id: customer.organizationId }, data: { name } });
    }
    const stored = await api.db.order.findUniqueOrThrow({ where: { id: order.id }, include: { documents: true, tickets: true } });
    expect(stored).toMatchObject({ status: 'DRAFT', documents: [], tickets: [], variableSymbol: null });
    expect(await api.db.auditEvent.count({ where: { entityId: order.id, action: 'STATUS_CHANGED' } })).toBe(0);
  });
});
