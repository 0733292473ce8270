import { randomUUID } from 'node:crypto';
import {
  addCustomerMember,
  bearer,
  createBackOfficeUser,
  createTestApi,
  registerActiveCustomer,
  registerCustomer,
  type Customer,
  type SignedIn,
  type TestApi,
} from './helpers';
import { createOrderActivities } from '../../activities/order';
import { ensureDraftWorkflows } from '../../usecases/create-draft-order';
import { createLogger } from '../../infra/logger';
import { addDays, pragueDate, toDateColumn } from '../../domain/prague-calendar';

/** Orders over HTTP: who may do what, what bad input gets, and that nothing leaks across tenants. */
describe('orders API', () => {
  let api: TestApi;
  let customer: Customer;
  let other: Customer;
  let staff: SignedIn;
  let consultant: SignedIn;

  beforeAll(async () => {
    api = await createTestApi({ pdf: true });
    [customer, other, staff, consultant] = await Promise.all([
      registerActiveCustomer(api),
      registerActiveCustomer(api),
      createBackOfficeUser(api, 'STAFF'),
      createBackOfficeUser(api, 'CONSULTANT'),
    ]);
  }, 120_000);

  afterAll(async () => {
    await api?.close();
  });

  const createOrder = (who: Pick<SignedIn, 'token'>, body: unknown, key: string = randomUUID()) =>
    api.http().post('/orders').set(...bearer(who)).set('Idempotency-Key', key).send(body as object);
  const orderCount = (organizationId: string) => api.db.order.count({ where: { organizationId } });
  const cod = { paymentMethod: 'COD', lines: [{ sku: 'CARD-RFID', quantity: 10 }] };

  it('creates a draft with server-side lines, VAT per rate and totals', async () => {
    const res = await createOrder(customer, { paymentMethod: 'BANK_TRANSFER', lines: [{ sku: 'TERM-T1', quantity: 2 }, { sku: 'FOB-RFID', quantity: 3 }] });
    expect(res.status).toBe(201);
    expect(res.headers.location).toBe(`/orders/${res.body.orderNumber}`);
    expect(res.body).toMatchObject({ status: 'DRAFT', netHalere: 2_612_700, vatHalere: 548_667, grossHalere: 3_161_367 });
    expect(res.body.lines.map((l: { sku: string; netHalere: number }) => [l.sku, l.netHalere])).toEqual([
      ['TERM-T1', 2_598_000],
      ['FOB-RFID', 14_700],
    ]);
    expect(res.body.deliveryAddress.city).toBe('Olomouc');
  });

  it('returns the same draft for the same Idempotency-Key, also when requests race', async () => {
    const key = randomUUID();
    const before = await orderCount(customer.organizationId);
    const results = await Promise.all([createOrder(customer, cod, key), createOrder(customer, cod, key), createOrder(customer, cod, key)]);
    expect(new Set(results.map((r) => r.body.orderNumber)).size).toBe(1);
    expect(results.map((r) => r.status).sort()).toEqual([200, 200, 201]);
    expect(await orderCount(customer.organizationId)).toBe(before + 1);
  });

  it('a draft whose workflow never started (crash after the insert) gets it at API start', async () => {
    const draft = (await createOrder(customer, cod)).body;
    const handle = api.temporal.workflow.getHandle(`order-${draft.orderNumber}`);
    await handle.terminate('simulated: the start never happened');
    // Put the draft back as if its workflow had never run: a new number, the same content.
    const order = await api.db.order.update({ where: { number: draft.orderNumber }, data: { number: `${draft.orderNumber.slice(0, 5)}9${draft.orderNumber.slice(6)}` } });
    await ensureDraftWorkflows({ db: api.db, temporal: api.temporal, config: api.config, logger: createLogger(api.config, 'test') });
    const confirmed = await api.http().post(`/orders/${order.number}/confirm`).set(...bearer(customer));
    expect(confirmed.status).toBe(200);
    expect(confirmed.body.status).toBe('READY_TO_SHIP');
  });

  it('lets a member order too, but not an organisation still in trial', async () => {
    const member = await addCustomerMember(api, customer);
    expect((await createOrder(member, cod)).status).toBe(201);
    const trial = await registerCustomer(api);
    const refused = await createOrder(trial, cod);
    expect(refused.status).toBe(403);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(refused.body.type).toContain('organization-not-active');
    expect(await orderCount(trial.organizationId)).toBe(0);
  });

  it.each([
    ['no lines', { paymentMethod: 'COD', lines: [] }, 'body.lines', 'too_small'],
    ['quantity 0', { paymentMethod: 'COD', lines: [{ sku: 'CARD-RFID', quantity: 0 }] }, 'body.lines[0].quantity', 'too_small'],
    ['quantity 1001', { paymentMethod: 'COD', lines: [{ sku: 'CARD-RFID', quantity: 1001 }] }, 'body.lines[0].quantity', 'too_big'],
    ['a fractional quantity', { paymentMethod: 'COD', lines: [{ sku: 'CARD-RFID', quantity: 1.5 }] }, 'body.lines[0].quantity', 'invalid_type'],
    ['51 lines', { paymentMethod: 'COD', lines: Array.from({ length: 51 }, () => ({ sku: 'CARD-RFID', quantity: 1 })) }, 'body.lines', 'too_big'],
    ['a string quantity', { paymentMethod: 'COD', lines: [{ sku: 'CARD-RFID', quantity: '5' }] }, 'body.lines[0].quantity', 'invalid_type'],
    ['an unknown payment method', { paymentMethod: 'CARD', lines: [{ sku: 'CARD-RFID', quantity: 1 }] }, 'body.paymentMethod', 'invalid_value'],
    ['an unknown field', { ...{ paymentMethod: 'COD', lines: [{ sku: 'CARD-RFID', quantity: 1 }] }, priceHalere: 1 }, 'body', 'unrecognized_keys'],
    ['a duplicate SKU', { paymentMethod: 'COD', lines: [{ sku: 'CARD-RFID', quantity: 1 }, { sku: 'CARD-RFID', quantity: 2 }] }, 'body.lines[1].sku', 'duplicateSku'],
    ['an unknown SKU', { paymentMethod: 'COD', lines: [{ sku: 'NOPE', quantity: 1 }] }, 'body.lines[0].sku', 'unknownProduct'],
    ['COD for services only', { paymentMethod: 'COD', lines: [{ sku: 'SUPPORT-DAY', quantity: 1 }] }, 'body.paymentMethod', 'codRequiresComponent'],
    ['a bad postal code', { ...cod, deliveryAddress: { name: 'Sklad', street: 'Dlouhá 1', city: 'Brno', postalCode: 'ABC', country: 'CZ' } }, 'body.deliveryAddress.postalCode', 'invalid_format'],
  ])('rejects %s with problem+json naming the field, creating nothing', async (_name, body, field, rule) => {
    const before = await orderCount(customer.organizationId);
    const res = await createOrder(customer, body);
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field, rule })]));
    expect(await orderCount(customer.organizationId)).toBe(before);
  });

  it('refuses a draft whose total a QR Platba cannot carry (≥ 10 000 000 Kč): 400 naming body.lines, nothing created', async () => {
    const before = await orderCount(customer.organizationId);
    // 1000 terminals: 15 718 900 Kč with VAT, within every per-line limit.
    const res = await createOrder(customer, { paymentMethod: 'BANK_TRANSFER', lines: [{ sku: 'TERM-T1', quantity: 1000 }] });
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body.errors).toEqual([expect.objectContaining({ field: 'body.lines', rule: 'maxOrderTotal' })]);
    expect(await orderCount(customer.organizationId)).toBe(before);
  });

  it('an order whose documents could not be produced shows the problem and its reason to the customer and staff, audited', async () => {
    const created = await createOrder(customer, { paymentMethod: 'BANK_TRANSFER', lines: [{ sku: 'TERM-T1', quantity: 1 }] });
    const order = await api.db.order.findUniqueOrThrow({ where: { number: created.body.orderNumber } });
    // What the order workflow records when the PDF activity fails with a DocumentContentError.
    const reason = 'Document 2026100042 (PROFORMA_INVOICE): QR Platba: IBAN checksum failed: CZ6520100000002800000000';
    const since = new Date().toISOString();
    const activities = createOrderActivities({ db: api.db, config: api.config, mailer: api.mailer });
    await activities.flagOrderProblem({ key: `order-${order.number}:problem:documents`, orderId: order.id, actor: 'system', kind: 'DOCUMENTS_FAILED', reason, since });

    for (const who of [customer, staff]) {
      const detail = await api.http().get(`/orders/${order.number}`).set(...bearer(who));
      expect(detail.body.problem).toEqual({ kind: 'DOCUMENTS_FAILED', reason, since });
    }
    const list = await api.http().get('/orders?pageSize=100').set(...bearer(customer));
    expect(list.body.items.find((o: { orderNumber: string }) => o.orderNumber === order.number).problem).toMatchObject({ kind: 'DOCUMENTS_FAILED' });
    const audit = await api.http().get(`/orders/${order.number}/audit`).set(...bearer(customer));
    expect(audit.body.items.filter((e: { action: string }) => e.action === 'DOCUMENTS_FAILED')).toHaveLength(1);

    // The back office's queue of orders waiting for a decision: this one, and only flagged ones.
    const queue = await api.http().get('/orders?problem=DOCUMENTS_FAILED&pageSize=100').set(...bearer(staff));
    expect(queue.status).toBe(200);
    expect(queue.body.items.map((o: { orderNumber: string }) => o.orderNumber)).toContain(order.number);
    expect(queue.body.items.every((o: { problem: unknown }) => o.problem !== null)).toBe(true);
    expect((await api.http().get('/orders?problem=STUCK').set(...bearer(staff))).body.errors).toEqual([expect.objectContaining({ field: 'query.problem' })]);
  });

  it('requires an Idempotency-Key and rejects a body that is too large', async () => {
    const missing = await api.http().post('/orders').set(...bearer(customer)).send(cod);
    expect(missing.status).toBe(400);
    expect(missing.body.errors[0]).toMatchObject({ field: 'headers.idempotency-key' });
    const huge = await api.http().post('/orders').set(...bearer(customer)).set('Idempotency-Key', randomUUID()).set('Content-Type', 'application/json').send(JSON.stringify({ ...cod, note: 'x'.repeat(200_000) }));
    expect(huge.status).toBe(413);
    expect(huge.body.errors[0]).toMatchObject({ field: 'body', rule: 'max_size' });
  });

  it('lets only customers order and only signed-in users read', async () => {
    expect((await api.http().post('/orders').set('Idempotency-Key', randomUUID()).send(cod)).status).toBe(401);
    expect((await createOrder(staff, cod)).status).toBe(403);
    expect((await createOrder(consultant, cod)).status).toBe(403);
    expect((await api.http().get('/orders').set(...bearer(consultant))).status).toBe(403);
    expect((await api.http().get('/orders').set('Authorization', 'Bearer forged-token')).status).toBe(401);
  });

  it("never shows or changes another organisation's order: 404 for every endpoint", async () => {
    const mine = (await createOrder(customer, cod)).body.orderNumber as string;
    const asOther = (method: 'get' | 'post', path: string, body?: object) => {
      const req = api.http()[method](path).set(...bearer(other));
      return body ? req.send(body) : req;
    };
    expect((await asOther('get', `/orders/${mine}`)).status).toBe(404);
    expect((await asOther('get', `/orders/${mine}/audit`)).status).toBe(404);
    expect((await asOther('post', `/orders/${mine}/confirm`)).status).toBe(404);
    expect((await asOther('post', `/orders/${mine}/cancel`, { reason: 'x' })).status).toBe(404);
    const list = await asOther('get', '/orders');
    expect(list.body.items.map((o: { orderNumber: string }) => o.orderNumber)).not.toContain(mine);
    // Staff see it, and can filter by organisation.
    const staffList = await api.http().get(`/orders?organizationId=${customer.organizationId}&pageSize=100`).set(...bearer(staff));
    expect(staffList.body.items.map((o: { orderNumber: string }) => o.orderNumber)).toContain(mine);
    expect(new Set(staffList.body.items.map((o: { organizationId: string }) => o.organizationId))).toEqual(new Set([customer.organizationId]));
  });

  it('confirms a COD order, keeps documents private, and refuses what its state does not allow', async () => {
    const number = (await createOrder(customer, cod)).body.orderNumber as string;
    const confirmed = await api.http().post(`/orders/${number}/confirm`).set(...bearer(customer));
    expect(confirmed.status).toBe(200);
    expect(confirmed.body.status).toBe('READY_TO_SHIP');
    const invoice = confirmed.body.documents.find((d: { kind: string }) => d.kind === 'TAX_INVOICE');
    expect((await api.http().get(`/documents/${invoice.documentId}/pdf`).set(...bearer(customer))).status).toBe(200);
    expect((await api.http().get(`/documents/${invoice.documentId}/pdf`).set(...bearer(other))).status).toBe(404);

    // Staff actions are staff's only.
    expect((await api.http().post(`/orders/${number}/shipment`).set(...bearer(customer)).send({ carrier: 'PPL', trackingNumber: '1' })).status).toBe(403);
    const delivered = await api.http().post(`/orders/${number}/delivery`).set(...bearer(staff));
    expect(delivered.status).toBe(409);
    expect(delivered.body.detail).toMatch(/only a shipped order/);

    expect((await api.http().post(`/orders/${number}/shipment`).set(...bearer(staff)).send({ carrier: 'PPL', trackingNumber: 'P1' })).status).toBe(200);
    const lateCancel = await api.http().post(`/orders/${number}/cancel`).set(...bearer(customer)).send({ reason: 'Too late' });
    expect(lateCancel.status).toBe(409);
    expect(lateCancel.body.detail).toMatch(/until the goods ship/);
    expect((await api.http().post(`/orders/${number}/delivery`).set(...bearer(staff))).body.status).toBe('COMPLETED');
    const cancelDelivered = await api.http().post(`/orders/${number}/cancel`).set(...bearer(staff)).send({ reason: 'x' });
    expect(cancelDelivered.status).toBe(409);
    expect(cancelDelivered.body.type).toContain('order-closed');
    const payClosed = await api.http().post(`/orders/${number}/payments`).set(...bearer(staff)).set('Idempotency-Key', randomUUID()).send({ amountHalere: 100, receivedOn: '2026-11-25' });
    expect(payClosed.status).toBe(409);

    const audit = await api.http().get(`/orders/${number}/audit`).set(...bearer(customer));
    expect(audit.body.items.map((e: { toState: string | null }) => e.toState).filter(Boolean)).toEqual(['CONFIRMED', 'READY_TO_SHIP', 'SHIPPED', 'DELIVERED', 'COMPLETED']);
    expect(audit.body.items.every((e: { actor: string; at: string }) => e.actor && e.at)).toBe(true);
  });

  it('cancelling after a COD tax invoice issues a credit note with its own number', async () => {
    const number = (await createOrder(customer, cod)).body.orderNumber as string;
    await api.http().post(`/orders/${number}/confirm`).set(...bearer(customer));
    const cancelled = await api.http().post(`/orders/${number}/cancel`).set(...bearer(customer)).send({ reason: 'Objednáno omylem' });
    expect(cancelled.status).toBe(200);
    const order = await api.http().get(`/orders/${number}`).set(...bearer(customer));
    expect(order.body).toMatchObject({ status: 'CANCELLED', cancelReason: 'Objednáno omylem' });
    const kinds = order.body.documents.map((d: { kind: string }) => d.kind);
    expect(kinds).toEqual(['ORDER_CONFIRMATION', 'TAX_INVOICE', 'CREDIT_NOTE']);
    const [, invoice, creditNote] = order.body.documents;
    expect(creditNote.number).not.toBe(invoice.number);
    expect(creditNote.grossHalere).toBe(-invoice.grossHalere);
  });

  it("the back office's overdue filter lists orders still awaiting payment after their due date, and marks them", async () => {
    const transfer = { paymentMethod: 'BANK_TRANSFER', lines: [{ sku: 'CARD-RFID', quantity: 2 }] };
    const [late, onTime] = await Promise.all([createOrder(customer, transfer), createOrder(customer, transfer)]).then((r) => r.map((o) => o.body.orderNumber as string));
    for (const number of [late, onTime]) expect((await api.http().post(`/orders/${number}/confirm`).set(...bearer(customer))).body.status).toBe('AWAITING_PAYMENT');
    // The due date passed yesterday (Prague): the workflow's own timers are not what the list reads.
    const yesterday = addDays(pragueDate(new Date()), -1);
    await api.db.order.update({ where: { number: late }, data: { dueDate: toDateColumn(yesterday) } });
    await api.db.order.update({ where: { number: onTime }, data: { dueDate: toDateColumn(pragueDate(new Date())) } });

    const overdue = await api.http().get(`/orders?overdue=true&organizationId=${customer.organizationId}&pageSize=100`).set(...bearer(staff));
    expect(overdue.status).toBe(200);
    const numbers = overdue.body.items.map((o: { orderNumber: string }) => o.orderNumber);
    expect(numbers).toContain(late);
    expect(numbers).not.toContain(onTime);
    expect(overdue.body.items.every((o: { overdue: boolean; status: string }) => o.overdue && o.status === 'AWAITING_PAYMENT')).toBe(true);
    expect((await api.http().get(`/orders/${onTime}`).set(...bearer(customer))).body.overdue).toBe(false);
    // The proforma is downloadable as ISDOC too.
    const proforma = (await api.http().get(`/orders/${late}`).set(...bearer(customer))).body.documents.find((d: { kind: string }) => d.kind === 'PROFORMA_INVOICE');
    expect(proforma.isdocUrl).toBe(`/documents/${proforma.id}/isdoc`);
    expect((await api.http().get(proforma.isdocUrl).set(...bearer(customer))).status).toBe(200);

    const bad = await api.http().get('/orders?overdue=yes').set(...bearer(staff));
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('query.overdue');
  });
});
