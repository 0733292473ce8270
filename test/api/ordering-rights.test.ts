import { randomUUID } from 'node:crypto';
import { addCustomerMember, bearer, createTestApi, registerActiveCustomer, type Customer, type SignedIn, type TestApi } from './helpers';

/** Confirming and cancelling bind the organisation: the admin's, unless the admin lets members do it. */
describe('who may order', () => {
  let api: TestApi;
  let admin: Customer;
  let member: SignedIn;

  beforeAll(async () => {
    api = await createTestApi({ pdf: true });
    admin = await registerActiveCustomer(api);
    member = await addCustomerMember(api, admin);
  }, 120_000);

  afterAll(async () => {
    await api?.close();
  });

  const draft = async (who: Pick<SignedIn, 'token'>): Promise<string> => {
    const res = await api
      .http()
      .post('/orders')
      .set(...bearer(who))
      .set('Idempotency-Key', randomUUID())
      .send({ paymentMethod: 'COD', lines: [{ sku: 'CARD-RFID', quantity: 1 }] });
    expect(res.status).toBe(201);
    return res.body.orderNumber as string;
  };
  const setMembersMayOrder = (who: Pick<SignedIn, 'token'>, membersMayOrder: unknown) =>
    api.http().patch('/organizations/me/settings').set(...bearer(who)).send({ membersMayOrder });

  it('refuses a member confirming or cancelling by default, and leaves the order a draft', async () => {
    const orderNumber = await draft(member);
    const confirm = await api.http().post(`/orders/${orderNumber}/confirm`).set(...bearer(member));
    expect(confirm.status).toBe(403);
    expect(confirm.body.type).toContain('members-may-not-order');
    const cancel = await api.http().post(`/orders/${orderNumber}/cancel`).set(...bearer(member)).send({ reason: 'změna plánu' });
    expect(cancel.status).toBe(403);
    expect((await api.db.order.findUniqueOrThrow({ where: { number: orderNumber } })).status).toBe('DRAFT');
  });

  it('lets only the admin change the setting, and audits the change', async () => {
    expect((await setMembersMayOrder(member, true)).status).toBe(403);
    expect((await setMembersMayOrder(admin, 'yes')).status).toBe(400);
    const changed = await setMembersMayOrder(admin, true);
    expect(changed.status).toBe(200);
    expect(changed.body).toEqual({ membersMayOrder: true });
    expect((await api.http().get('/organizations/me').set(...bearer(member))).body.membersMayOrder).toBe(true);
    const audit = await api.db.auditEvent.findMany({ where: { organizationId: admin.organizationId, action: 'SETTINGS_CHANGED' } });
    expect(audit).toEqual([expect.objectContaining({ actor: expect.stringContaining(admin.userId), details: { membersMayOrder: { from: false, to: true } } })]);
  });

  it('lets a member confirm and cancel once the admin allows it', async () => {
    const confirmed = await api.http().post(`/orders/${await draft(member)}/confirm`).set(...bearer(member));
    expect(confirmed.status).toBe(200);
    const cancelled = await api.http().post(`/orders/${await draft(member)}/cancel`).set(...bearer(member)).send({ reason: 'změna plánu' });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.status).toBe('CANCELLED');
  });
});
