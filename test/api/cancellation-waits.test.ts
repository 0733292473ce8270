import { randomUUID } from 'node:crypto';
import { createOrderActivities } from '../../activities/order';
import { bearer, createBackOfficeUser, createTestApi, registerActiveCustomer, type Customer, type SignedIn, type TestApi } from './helpers';

/** Staff see which unpaid orders' cancellations wait for a bank statement, why and until when. */
describe('cancellations waiting for bank statements', () => {
  let api: TestApi;
  let customer: Customer;
  let staff: SignedIn;

  beforeAll(async () => {
    api = await createTestApi({ config: { METRICS_OPEN: 'true' } });
    [customer, staff] = await Promise.all([registerActiveCustomer(api), createBackOfficeUser(api, 'STAFF')]);
  }, 120_000);

  afterAll(async () => {
    await api?.close();
  });

  const gauge = async () => {
    const res = await api.http().get('/metrics');
    expect(res.status).toBe(200);
    return Number(/^orders_cancellation_waiting_for_statement (\d+)$/m.exec(res.text)?.[1]);
  };

  it('lists the waiting order with its reason, since when and when it cancels anyway; the gauge counts it; the end clears both', async () => {
    const created = await api.http().post('/orders').set(...bearer(customer)).set('Idempotency-Key', randomUUID()).send({ paymentMethod: 'BANK_TRANSFER', lines: [{ sku: 'TERM-T1', quantity: 1 }] });
    expect(created.status).toBe(201);
    const order = await api.db.order.update({ where: { number: created.body.orderNumber }, data: { status: 'AWAITING_PAYMENT', invoicedHalere: 1_571_790 } });
    const before = await gauge();

    // What the order workflow records when the last day of grace is over and no statement covers it.
    const activities = createOrderActivities({ db: api.db, config: api.config, mailer: api.mailer });
    const wait = { since: '2026-12-23T23:00:00.000Z', until: '2026-12-30T23:00:00.000Z', reason: 'No bank statement imported yet; the last day of grace is 2026-12-23.' };
    await activities.setCancellationWait({ key: `order-${order.number}:cancel-wait:2026-12-23`, orderId: order.id, wait });

    const list = await api.http().get('/payments/cancellations-waiting?pageSize=200').set(...bearer(staff));
    expect(list.status).toBe(200);
    expect(list.body.items).toContainEqual({
      orderNumber: order.number,
      organizationId: customer.organizationId,
      organizationName: expect.any(String),
      invoicedHalere: 1_571_790,
      paidHalere: 0,
      variableSymbol: null,
      waitingSince: wait.since,
      cancelsAt: wait.until,
      reason: wait.reason,
    });
    expect(await gauge()).toBe(before + 1);
    expect((await api.http().get('/payments/cancellations-waiting').set(...bearer(customer))).status).toBe(403);

    const audit = await api.db.auditEvent.findMany({ where: { entityId: order.id, action: 'CANCELLATION_WAITS_FOR_STATEMENT' } });
    expect(audit).toHaveLength(1);

    // The order leaves AWAITING_PAYMENT (cancelled at the bound): no longer listed or counted.
    await activities.recordOrderTransition({ key: `order-${order.number}:transition:9`, orderId: order.id, from: 'AWAITING_PAYMENT', to: 'CANCELLED', actor: 'system', at: new Date().toISOString(), patch: { cancelReason: 'Not paid in time' } });
    const after = await api.http().get('/payments/cancellations-waiting?pageSize=200').set(...bearer(staff));
    expect(after.body.items.map((i: { orderNumber: string }) => i.orderNumber)).not.toContain(order.number);
    expect(await gauge()).toBe(before);
  });
});
