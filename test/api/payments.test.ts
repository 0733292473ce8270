import { createHash, randomUUID } from 'node:crypto';
import { addDays } from '../../domain/prague-calendar';
import { bankReason } from '../../domain/bank-reasons';
import { eventually } from '../helpers/eventually';
import { bearer, createBackOfficeUser, registerActiveCustomer, type Customer, type SignedIn } from './helpers';
import { createAwaitingOrder, createPaymentsTestApi, credit, statement, today, type PaymentsTestApi } from './payment-fixtures';

describe('payments API: statement upload, unmatched list, manual assignment, ledger', () => {
  let api: PaymentsTestApi;
  let staff: SignedIn;
  let consultant: SignedIn;
  let alice: Customer;
  let bob: Customer;

  beforeAll(async () => {
    api = await createPaymentsTestApi();
    [staff, consultant, alice, bob] = await Promise.all([
      createBackOfficeUser(api, 'STAFF'),
      createBackOfficeUser(api, 'CONSULTANT'),
      registerActiveCustomer(api),
      registerActiveCustomer(api),
    ]);
  }, 120_000);

  afterAll(async () => {
    await api?.close();
  });

  const upload = (who: { token: string }, bytes: Buffer, format = 'gpc') =>
    api.http().post('/payments/imports').set(...bearer(who)).field('format', format).attach('file', bytes, { filename: 'vypis-2026.gpc', contentType: 'application/octet-stream' });

  it('staff upload a GPC statement: the credit is matched and the order paid', async () => {
    const order = await createAwaitingOrder(api, alice);
    const res = await upload(staff, statement(api, [credit(order.invoicedHalere, order.proformaNumber)]));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ format: 'gpc', accountNumber: api.account, entries: 1, newEntries: 1, matched: 1 });
    expect(res.body.credits[0]).toMatchObject({ status: 'MATCHED', orderNumber: order.orderNumber });

    // The order's workflow records it after the upload has answered: the customer sees it paid shortly.
    const detail = await eventually(async () => {
      const read = await api.http().get(`/orders/${order.orderNumber}`).set(...bearer(alice));
      expect(read.body.status).toBe('READY_TO_SHIP');
      return read;
    });
    expect(detail.body.payments).toEqual([expect.objectContaining({ source: 'BANK_IMPORT', amountHalere: order.invoicedHalere })]);

    // Other test files import statements at the same time: look for this one, not at the top.
    const imports = await api.http().get('/payments/imports?pageSize=200').set(...bearer(staff));
    expect(imports.body.items.find((i: { id: string }) => i.id === res.body.importId)).toMatchObject({ fileName: 'vypis-2026.gpc', importedBy: `user:${staff.userId} (STAFF)`, format: 'GPC', warnings: [] });
    expect(res.body.warnings).toEqual([]);
  });

  it("COD: delivery leaves the money with the carrier; its payout on a statement days later settles it; a second payout is flagged for refund", async () => {
    // A COD order confirmed, shipped and delivered: the carrier collects the invoice total.
    const draft = await api.http().post('/orders').set(...bearer(alice)).set('Idempotency-Key', `cod-${randomUUID()}`).send({ paymentMethod: 'COD', lines: [{ sku: 'CARD-RFID', quantity: 3 }] });
    const orderNumber: string = draft.body.orderNumber;
    const confirmed = await api.http().post(`/orders/${orderNumber}/confirm`).set(...bearer(alice));
    expect(confirmed.body.status).toBe('READY_TO_SHIP');
    const invoice = confirmed.body.documents.find((d: { kind: string }) => d.kind === 'TAX_INVOICE');
    const total: number = confirmed.body.invoicedHalere;
    expect((await api.http().post(`/orders/${orderNumber}/shipment`).set(...bearer(staff)).send({ carrier: 'Česká pošta', trackingNumber: `DR${Date.now()}CZ` })).status).toBe(200);
    expect((await api.http().post(`/orders/${orderNumber}/delivery`).set(...bearer(staff))).body.status).toBe('COMPLETED');
    const deliveredOn = today();

    const outstanding = async () => (await api.http().get('/payments/cod-outstanding').query({ pageSize: 200 }).set(...bearer(staff))).body;
    const ledger = async () => (await api.http().get('/payments').query({ orderNumber }).set(...bearer(staff))).body.items;
    const before = await outstanding();
    expect(before.items).toContainEqual(expect.objectContaining({ orderNumber, documentNumber: invoice.number, amountHalere: total, collectedOn: deliveredOn, daysOutstanding: 0 }));
    expect(before.totalHalere).toBeGreaterThanOrEqual(total);
    expect(await ledger()).toEqual([expect.objectContaining({ source: 'COD', amountHalere: total, codStatus: 'COLLECTED_BY_CARRIER', paidOutOn: null })]);
    expect((await api.http().get('/payments/cod-outstanding').set(...bearer(alice))).status).toBe(403);

    // Three days later the carrier pays it out under the invoice's symbol.
    const payoutDay = addDays(deliveredOn, 3);
    const carrier = { counterAccount: '1234567', bankCode: '0300', counterpartyName: 'Česká pošta, s.p.', bookedOn: payoutDay };
    const payout = await upload(staff, statement(api, [credit(total, invoice.number, carrier)], payoutDay));
    expect(payout.status).toBe(201);
    expect(payout.body.credits).toEqual([expect.objectContaining({ status: 'MATCHED', orderNumber, reason: `COD_PAYOUT: the carrier paid out the COD of order ${orderNumber} collected on ${deliveredOn}` })]);
    const after = await outstanding();
    expect(after.items.map((i: { orderNumber: string }) => i.orderNumber)).not.toContain(orderNumber);
    const [cod] = await ledger();
    expect(cod).toMatchObject({ source: 'COD', amountHalere: total, receivedOn: deliveredOn, codStatus: 'PAID_OUT', paidOutOn: payoutDay });
    // The customer's view: the COD payment, not the carrier's account.
    const mine = (await api.http().get('/payments').query({ orderNumber }).set(...bearer(alice))).body.items;
    expect(mine).toEqual([expect.objectContaining({ source: 'COD', amountHalere: total })]);
    expect(mine[0].counterpartyName).toBeUndefined();

    // The carrier pays the same parcel out again: money to give back, listed for staff.
    const second = await upload(staff, statement(api, [credit(total, invoice.number, { ...carrier, bookedOn: addDays(payoutDay, 1) })], addDays(payoutDay, 1)));
    expect(second.body).toMatchObject({ matched: 0, unmatched: 0, refundDue: 1 });
    const refunds = await api.http().get('/payments/unmatched').query({ status: 'REFUND_DUE', pageSize: 200 }).set(...bearer(staff));
    expect(refunds.body.items).toContainEqual(expect.objectContaining({ movementId: second.body.credits[0].movementId, status: 'REFUND_DUE', documentNumber: invoice.number, counterpartyName: 'Česká pošta, s.p.', reasonCode: 'DUPLICATE_PAYMENT', reasonParams: { documentNumber: invoice.number, amountHalere: total } }));
    expect(await ledger()).toHaveLength(1);

    // Staff send the money back and record it: it leaves the refund list, once.
    const refundId = refunds.body.items.find((i: { movementId: string }) => i.movementId === second.body.credits[0].movementId).id;
    expect((await api.http().post(`/payments/unmatched/${refundId}/refunded`).set(...bearer(alice))).status).toBe(403);
    const refunded = await api.http().post(`/payments/unmatched/${refundId}/refunded`).set(...bearer(staff));
    expect(refunded.status).toBe(200);
    expect(refunded.body).toMatchObject({ id: refundId, status: 'REFUNDED', resolvedBy: `user:${staff.userId} (STAFF)`, reasonCode: 'DUPLICATE_PAYMENT' });
    const again = await api.http().post(`/payments/unmatched/${refundId}/refunded`).set(...bearer(staff));
    expect(again.status).toBe(409);
    expect(again.body.type).toMatch(/transaction-not-refund-due$/);
    const stillDue = await api.http().get('/payments/unmatched').query({ status: 'REFUND_DUE', pageSize: 200 }).set(...bearer(staff));
    expect(stillDue.body.items.some((i: { id: string }) => i.id === refundId)).toBe(false);
    expect(await ledger()).toHaveLength(1);
  });

  it('a COD payout of another amount than collected stays unmatched with the reason; the receivable stays open', async () => {
    const draft = await api.http().post('/orders').set(...bearer(bob)).set('Idempotency-Key', `cod-${randomUUID()}`).send({ paymentMethod: 'COD', lines: [{ sku: 'CARD-RFID', quantity: 2 }] });
    const orderNumber: string = draft.body.orderNumber;
    const confirmed = await api.http().post(`/orders/${orderNumber}/confirm`).set(...bearer(bob));
    const invoice = confirmed.body.documents.find((d: { kind: string }) => d.kind === 'TAX_INVOICE');
    await api.http().post(`/orders/${orderNumber}/shipment`).set(...bearer(staff)).send({ carrier: 'PPL', trackingNumber: `P${Date.now()}` });
    await api.http().post(`/orders/${orderNumber}/delivery`).set(...bearer(staff));
    const payoutDay = addDays(today(), 2);
    const short = confirmed.body.invoicedHalere - 2_900;
    const res = await upload(staff, statement(api, [credit(short, invoice.number, { counterpartyName: 'PPL CZ s.r.o.', bookedOn: payoutDay })], payoutDay));
    expect(res.body.credits).toEqual([expect.objectContaining({ status: 'UNMATCHED', reason: expect.stringMatching(new RegExp(`^COD payout of order ${orderNumber}\\? it brings `)) })]);
    const open = (await api.http().get('/payments/cod-outstanding').query({ pageSize: 200 }).set(...bearer(staff))).body.items;
    expect(open).toContainEqual(expect.objectContaining({ orderNumber, amountHalere: confirmed.body.invoicedHalere }));
  });

  it('a malformed file is refused with the line number; nothing is imported', async () => {
    const good = statement(api, [credit(1_000, '1'), credit(2_000, '2')]);
    const shortened = Buffer.concat([good.subarray(0, 130 + 50), good.subarray(130 + 51)]); // line 2 loses a character
    const res = await upload(staff, shortened);
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body).toMatchObject({ status: 400, line: 2, detail: expect.stringContaining('line 2: record must be 128 characters, got 127') });
    expect(res.body.errors[0]).toMatchObject({ field: 'body.file', rule: 'invalid_statement' });

    const badJson = Buffer.from('{"accountStatement": {"info": {"accountId": "2800000000"},\n "transactionList": {"transaction": [ {"column22": {"value": 1}, "column0": {"value": "2026-13-01+0100"}} ]}}}');
    const fio = await upload(staff, badJson, 'fio-json');
    expect(fio.status).toBe(400);
    expect(fio.body).toMatchObject({ line: 1, detail: expect.stringContaining('column0 (date)') });
    // Other test files import meanwhile: look for these two files, not at the count.
    const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
    expect(await api.db.bankStatementImport.count({ where: { fileSha256: { in: [sha256(shortened), sha256(badJson)] } } })).toBe(0);
  });

  it('bad requests: no format, no file, wrong format', async () => {
    const bytes = statement(api, [credit(1_000, '1')]);
    const noFormat = await api.http().post('/payments/imports').set(...bearer(staff)).attach('file', bytes, 'a.gpc');
    expect(noFormat.status).toBe(400);
    expect(noFormat.body.errors[0]).toMatchObject({ field: 'body.format' });
    const noFile = await api.http().post('/payments/imports').set(...bearer(staff)).field('format', 'gpc');
    expect(noFile.status).toBe(400);
    expect(noFile.body.errors[0]).toMatchObject({ field: 'body.file', rule: 'required' });
    const wrong = await upload(staff, bytes, 'camt053');
    expect(wrong.status).toBe(400);
  });

  it('only staff and admins import or see the unmatched list', async () => {
    const bytes = statement(api, [credit(1_000, '1')]);
    expect((await upload(alice, bytes)).status).toBe(403);
    expect((await upload(consultant, bytes)).status).toBe(403);
    expect((await api.http().post('/payments/imports').field('format', 'gpc').attach('file', bytes, 'a.gpc')).status).toBe(401);
    expect((await api.http().get('/payments/unmatched').set(...bearer(alice))).status).toBe(403);
    expect((await api.http().post('/payments/unmatched/00000000-0000-4000-8000-000000000000/assign').set(...bearer(bob)).send({ documentNumber: '2026100001' })).status).toBe(403);
    expect((await api.http().post('/payments/pending/hand-over').set(...bearer(alice))).status).toBe(403);
    expect((await api.http().post('/payments/pending/hand-over').set(...bearer(consultant))).status).toBe(403);
    const handOver = await api.http().post('/payments/pending/hand-over').set(...bearer(staff));
    expect(handOver.status).toBe(200);
    expect(handOver.body).toMatchObject({ entries: expect.any(Number), pending: expect.any(Number), credits: expect.any(Array) });
  });

  it('an unmatched credit is listed with its reason and assigned by hand to the right proforma', async () => {
    const order = await createAwaitingOrder(api, bob);
    // The customer mistyped the symbol: nothing has it.
    const mistyped = credit(order.invoicedHalere, '2026199999', { counterpartyName: 'Bob Účetní' });
    const imported = await upload(staff, statement(api, [mistyped]));
    expect(imported.body.credits[0]).toMatchObject({ status: 'UNMATCHED', reason: bankReason('UNKNOWN_SYMBOL').text });

    const list = await api.http().get('/payments/unmatched').query({ pageSize: 200 }).set(...bearer(staff));
    expect(list.status).toBe(200);
    const entry = list.body.items.find((i: { movementId: string }) => i.movementId === imported.body.credits[0].movementId);
    expect(entry).toMatchObject({ status: 'UNMATCHED', reason: bankReason('UNKNOWN_SYMBOL').text, reasonCode: 'UNKNOWN_SYMBOL', reasonParams: {}, amountHalere: order.invoicedHalere, variableSymbol: '2026199999', counterpartyName: 'Bob Účetní' });

    const missing = await api.http().post(`/payments/unmatched/${entry.id}/assign`).set(...bearer(staff)).send({ documentNumber: '2026199999' });
    expect(missing.status).toBe(404);
    const assigned = await api.http().post(`/payments/unmatched/${entry.id}/assign`).set(...bearer(staff)).send({ documentNumber: order.proformaNumber });
    expect(assigned.status).toBe(200);
    expect(assigned.body).toMatchObject({ status: 'ASSIGNED', orderNumber: order.orderNumber, counted: true, remainingHalere: 0, reason: 'FULL: paid in full' });
    expect((await api.http().get(`/orders/${order.orderNumber}`).set(...bearer(bob))).body.status).toBe('READY_TO_SHIP');

    // Assigned once: a second assignment is refused, and the entry left the unmatched list.
    const twice = await api.http().post(`/payments/unmatched/${entry.id}/assign`).set(...bearer(staff)).send({ documentNumber: order.proformaNumber });
    expect(twice.status).toBe(409);
    const after = await api.http().get('/payments/unmatched').query({ pageSize: 200 }).set(...bearer(staff));
    expect(after.body.items.some((i: { id: string }) => i.id === entry.id)).toBe(false);
    const assignedList = await api.http().get('/payments/unmatched').query({ status: 'ASSIGNED', pageSize: 200 }).set(...bearer(staff));
    expect(assignedList.body.items.find((i: { id: string }) => i.id === entry.id)).toMatchObject({ documentNumber: order.proformaNumber, resolvedBy: `user:${staff.userId} (STAFF)` });
  });

  it('assigning to a cancelled order is refused with the reason; the credit stays unmatched', async () => {
    const order = await createAwaitingOrder(api, bob);
    await api.http().post(`/orders/${order.orderNumber}/cancel`).set(...bearer(bob)).send({ reason: 'Nechci' });
    const imported = await upload(staff, statement(api, [credit(12_345, undefined)]));
    const id = (await api.db.bankTransaction.findUniqueOrThrow({ where: { movementId: imported.body.credits[0].movementId } })).id;
    const refused = await api.http().post(`/payments/unmatched/${id}/assign`).set(...bearer(staff)).send({ documentNumber: order.proformaNumber });
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toMatch(/CANCELLED/);
    // Its reason is back as it was, code and all.
    expect(await api.db.bankTransaction.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: 'UNMATCHED', reason: bankReason('NO_SYMBOL').text, reasonCode: 'NO_SYMBOL' });
  });

  it('orders that owe money back (overpaid; paid, then cancelled) are listed; staff record the refund with the amount they saw', async () => {
    const overpaid = await createAwaitingOrder(api, alice);
    const cancelled = await createAwaitingOrder(api, alice);
    await upload(staff, statement(api, [credit(overpaid.invoicedHalere + 25_000, overpaid.proformaNumber), credit(cancelled.invoicedHalere, cancelled.proformaNumber)]));
    const orderOf = (orderNumber: string) => api.http().get(`/orders/${orderNumber}`).set(...bearer(alice));
    await eventually(async () => {
      expect((await orderOf(overpaid.orderNumber)).body).toMatchObject({ status: 'READY_TO_SHIP', refundDueHalere: 25_000, refundedHalere: 0 });
      expect((await orderOf(cancelled.orderNumber)).body.status).toBe('READY_TO_SHIP');
    });
    const cancel = await api.http().post(`/orders/${cancelled.orderNumber}/cancel`).set(...bearer(staff)).send({ reason: 'Zákazník si to rozmyslel' });
    expect(cancel.body).toMatchObject({ status: 'CANCELLED', refundDueHalere: cancelled.invoicedHalere });

    // Other test files add refunds of their own meanwhile: look for these two.
    const listed = async () => {
      const res = await api.http().get('/payments/refunds-due').query({ pageSize: 100 }).set(...bearer(staff));
      expect(res.status).toBe(200);
      return new Map<string, Record<string, unknown>>(res.body.items.map((i: { orderNumber: string }) => [i.orderNumber, i]));
    };
    const before = await listed();
    expect(before.get(overpaid.orderNumber)).toMatchObject({ status: 'READY_TO_SHIP', paidHalere: overpaid.invoicedHalere + 25_000, refundDueHalere: 25_000, refundedHalere: 0, outstandingHalere: 25_000, refundedAt: null });
    expect(before.get(cancelled.orderNumber)).toMatchObject({ status: 'CANCELLED', outstandingHalere: cancelled.invoicedHalere, cancelReason: 'Zákazník si to rozmyslel' });

    const refund = (who: { token: string }, orderNumber: string, amountHalere: number) =>
      api.http().post(`/payments/refunds-due/${orderNumber}/refunded`).set(...bearer(who)).send({ amountHalere });
    expect((await api.http().get('/payments/refunds-due').set(...bearer(alice))).status).toBe(403);
    expect((await refund(alice, overpaid.orderNumber, 25_000)).status).toBe(403);
    // Not what is owed: refused naming the field, nothing recorded.
    const wrong = await refund(staff, overpaid.orderNumber, 20_000);
    expect(wrong.status).toBe(409);
    expect(wrong.headers['content-type']).toContain('application/problem+json');
    expect(wrong.body.errors).toEqual([expect.objectContaining({ field: 'body.amountHalere', rule: 'outstanding_refund' })]);
    expect((await listed()).get(overpaid.orderNumber)).toMatchObject({ outstandingHalere: 25_000 });

    const done = await refund(staff, overpaid.orderNumber, 25_000);
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ orderNumber: overpaid.orderNumber, refundedHalere: 25_000, outstandingHalere: 0, refundedBy: `user:${staff.userId} (STAFF)` });
    expect((await refund(staff, overpaid.orderNumber, 25_000)).body).toMatchObject({ status: 409, type: expect.stringMatching(/nothing-to-refund$/) });
    expect((await refund(staff, '2026-999999', 1)).status).toBe(404);
    const after = await listed();
    expect(after.has(overpaid.orderNumber)).toBe(false);
    expect(after.has(cancelled.orderNumber)).toBe(true);
    expect((await orderOf(overpaid.orderNumber)).body).toMatchObject({ refundDueHalere: 25_000, refundedHalere: 25_000 });
    const audit = await api.http().get(`/orders/${overpaid.orderNumber}/audit`).set(...bearer(alice));
    expect(audit.body.items).toEqual(expect.arrayContaining([expect.objectContaining({ action: 'REFUNDED', details: { amountHalere: 25_000, refundedHalere: 25_000 } })]));
  });

  it('the ledger: staff see every payment with source and who recorded it; customers only their own', async () => {
    const aliceOrder = await createAwaitingOrder(api, alice);
    const bobOrder = await createAwaitingOrder(api, bob);
    await upload(staff, statement(api, [credit(aliceOrder.invoicedHalere, aliceOrder.proformaNumber), credit(5_000, bobOrder.proformaNumber)]));
    const manual = await api.http().post(`/orders/${bobOrder.orderNumber}/payments`).set(...bearer(staff)).set('Idempotency-Key', `manual-${bobOrder.orderNumber}`).send({ amountHalere: 1_000, receivedOn: '2026-11-20' });
    expect(manual.status).toBe(200);

    // The import's payments reach the ledger once their workflows have recorded them (after its answer).
    const all = await eventually(async () => {
      const res = await api.http().get('/payments').query({ orderNumber: bobOrder.orderNumber }).set(...bearer(staff));
      expect(res.status).toBe(200);
      expect(res.body.items.map((p: { source: string }) => p.source).sort()).toEqual(['BANK_IMPORT', 'MANUAL']);
      return res;
    });
    const bank = all.body.items.find((p: { source: string }) => p.source === 'BANK_IMPORT');
    expect(bank).toMatchObject({ amountHalere: 5_000, orderNumber: bobOrder.orderNumber, documentNumber: bobOrder.proformaNumber, documentType: 'PROFORMA_INVOICE', recordedBy: `user:${staff.userId} (STAFF)`, counterpartyName: 'Žluťoučký kůň s.r.o.', assignedByHand: false });

    // Per invoice: the customer sees what was paid on their proforma.
    await eventually(async () => {
      const byDocument = await api.http().get('/payments').query({ documentNumber: aliceOrder.proformaNumber }).set(...bearer(alice));
      expect(byDocument.body.items).toEqual([expect.objectContaining({ amountHalere: aliceOrder.invoicedHalere, source: 'BANK_IMPORT' })]);
    });
    const alices = await api.http().get('/payments').query({ pageSize: 200 }).set(...bearer(alice));
    expect(alices.status).toBe(200);
    expect(alices.body.items.length).toBeGreaterThan(0);
    expect(alices.body.items.every((p: { orderNumber: string }) => p.orderNumber !== bobOrder.orderNumber)).toBe(true);
    expect(alices.body.items.some((p: { orderNumber: string }) => p.orderNumber === aliceOrder.orderNumber)).toBe(true);
    expect(alices.body.items[0].recordedBy).toBeUndefined();
    // Another organisation's order number filters to nothing rather than leaking it.
    const peek = await api.http().get('/payments').query({ orderNumber: bobOrder.orderNumber }).set(...bearer(alice));
    expect(peek.body).toMatchObject({ items: [], total: 0 });
  });
});
