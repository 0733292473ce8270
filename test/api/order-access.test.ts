import { randomUUID } from 'node:crypto';
import { bearer, createBackOfficeUser, registerActiveCustomer, type Customer, type SignedIn } from './helpers';
import { createAwaitingOrder, createPaymentsTestApi, today, type PaymentsTestApi } from './payment-fixtures';

/** What staff record on an order, and what its customer may see of it. */
describe('order payments and audit, by who asks', () => {
  let api: PaymentsTestApi;
  let customer: Customer;
  let staff: SignedIn;

  beforeAll(async () => {
    api = await createPaymentsTestApi();
    [customer, staff] = await Promise.all([registerActiveCustomer(api), createBackOfficeUser(api, 'STAFF')]);
  }, 120_000);

  afterAll(async () => {
    await api?.close();
  });

  const pay = (orderNumber: string, key: string, amountHalere: number) =>
    api.http().post(`/orders/${orderNumber}/payments`).set(...bearer(staff)).set('Idempotency-Key', key).send({ amountHalere, receivedOn: today() });

  it('scopes a manual payment Idempotency-Key to its order: the same key on another order records that payment too', async () => {
    const [first, second] = [await createAwaitingOrder(api, customer), await createAwaitingOrder(api, customer)];
    const key = `manual-${randomUUID()}`;
    expect((await pay(first.orderNumber, key, 100)).status).toBe(200);
    expect((await pay(first.orderNumber, key, 100)).body.paidHalere).toBe(100);
    const other = await pay(second.orderNumber, key, 250);
    expect(other.status).toBe(200);
    expect(other.body.paidHalere).toBe(250);
  });

  it('records large payments and what follows them: 20 000 000 Kč, then 1 Kč, then 20 000 000 Kč on one order, the total beyond 32 bits', async () => {
    const order = await createAwaitingOrder(api, customer);
    const amounts = [2_000_000_000, 100, 2_000_000_000];
    let paid = 0;
    for (const amountHalere of amounts) {
      const res = await pay(order.orderNumber, `manual-${randomUUID()}`, amountHalere);
      paid += amountHalere;
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ counted: true, paidHalere: paid });
    }
    expect(paid).toBeGreaterThan(2 ** 31);
    const detail = await api.http().get(`/orders/${order.orderNumber}`).set(...bearer(staff));
    expect(detail.body).toMatchObject({ paidHalere: paid, refundDueHalere: paid - order.invoicedHalere });
    expect(detail.body.payments.map((p: { amountHalere: number }) => p.amountHalere).sort((a: number, b: number) => a - b)).toEqual([100, 2_000_000_000, 2_000_000_000]);
  });

  it("shows a customer the order's audit with names and roles, never staff ids or bank ids", async () => {
    const order = await createAwaitingOrder(api, customer);
    expect((await pay(order.orderNumber, `manual-${randomUUID()}`, 100)).status).toBe(200);
    const audit = await api.http().get(`/orders/${order.orderNumber}/audit`).set(...bearer(customer));
    expect(audit.status).toBe(200);
    const text = JSON.stringify(audit.body);
    expect(text).not.toContain(staff.userId);
    expect(text).not.toContain('manual-');
    expect(audit.body.items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ action: 'PAYMENT_RECORDED', actor: { name: 'STAFF tester', role: 'STAFF' } }),
        expect.objectContaining({ toState: 'CONFIRMED', actor: { name: expect.stringContaining('Petr Dvořák'), role: 'CUSTOMER_ADMIN' } }),
      ]),
    );
  });
});
