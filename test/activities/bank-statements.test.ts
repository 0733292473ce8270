import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { createOrderActivities } from '../../activities/order';
import { bankPaymentSignal, orderStatusQuery, orderWorkflowId } from '../../workflows/order/contract';
import { bankReason } from '../../domain/bank-reasons';
import { findTargets, targetKey } from '../../usecases/payment-matching';
import { StatementRejectedError, handOverPending, importStatement, statementCoverage } from '../../usecases/import-statement';
import { ensureBankHandOverSchedule } from '../../workflows/bank-hand-over/start';
import { HAND_OVER_LOCK_KEY } from '../../usecases/bank-hand-over';
import { withAdvisoryLock } from '../../persistence/advisory-lock';
import { StatementParseError } from '../../domain/bank-statements/types';
import { addDays } from '../../domain/prague-calendar';
import { eventually } from '../helpers/eventually';
import { writeFioJson } from '../../scripts/lib/fio-json-writer';
import { writeGpc } from '../../scripts/lib/gpc-writer';
import { registerActiveCustomer, bearer, type Customer } from '../api/helpers';
import { createAwaitingOrder, createPaymentsTestApi, credit, statement, today, type PaymentsTestApi } from '../api/payment-fixtures';

/**
 * The import service with real PostgreSQL, the Temporal dev server and the real order workflow
 * (PDFs rendered by a stand-in): each matched credit is handed to its order's workflow
 * (bankPaymentSignal), which records it after the import has answered.
 */
describe('bank statement import and matching', () => {
  let api: PaymentsTestApi;
  let customer: Customer;
  const actor = 'user:00000000-0000-0000-0000-000000000001 (STAFF)';
  const importGpc = (bytes: Buffer) => importStatement(api.deps, { bytes, format: 'gpc', fileName: 'vypis.gpc', importedBy: actor });
  const importJson = (bytes: Buffer) => importStatement(api.deps, { bytes, format: 'fio-json', fileName: 'transactions.json', importedBy: actor });
  /** The order's row with its payments; BIGINT amounts as numbers, as the API answers them. */
  const orderRow = async (orderNumber: string) => {
    const row = await api.db.order.findUniqueOrThrow({ where: { number: orderNumber }, include: { payments: true } });
    return { ...row, paidHalere: Number(row.paidHalere), refundDueHalere: Number(row.refundDueHalere), payments: row.payments.map((p) => ({ ...p, amountHalere: Number(p.amountHalere) })) };
  };
  const transaction = (movementId: string) => api.db.bankTransaction.findUniqueOrThrow({ where: { movementId } });
  /** The movement once the hand-over (or its workflow) has moved it on. */
  const movementEventually = (movementId: string, expected: Record<string, unknown>) =>
    eventually(async () => {
      const tx = await transaction(movementId);
      expect(tx).toMatchObject(expected);
      return tx;
    });
  /** The order's row once its workflow has recorded what the import handed it. */
  const recorded = (orderNumber: string, expected: Record<string, unknown>) =>
    eventually(async () => {
      const row = await orderRow(orderNumber);
      expect(row).toMatchObject(expected);
      return row;
    });

  /** The order's payment imported while Temporal cannot be reached: matched, but no hand-over starts. */
  /**
   * Other files' hand-overs (the contract test's, the console's) take every waiting credit of the
   * shared database: they wait while `look` sees what a hand-over-less import left.
   */
  const withoutOtherHandOvers = <T>(look: () => Promise<T>) => withAdvisoryLock(api.db, HAND_OVER_LOCK_KEY, look);

  const importWhileTemporalUnreachable = async (order: { invoicedHalere: number; proformaNumber: string }) => {
    // A client whose server is gone, without the SDK's retries: starting the hand-over fails as when Temporal is down.
    const unreachable = new Client({ connection: Connection.lazy({ address: '127.0.0.1:1', interceptors: [] }), namespace: api.config.TEMPORAL_NAMESPACE });
    const payment = credit(order.invoicedHalere, order.proformaNumber);
    try {
      const summary = await importStatement({ ...api.deps, temporal: unreachable }, { bytes: statement(api, [payment]), format: 'gpc', importedBy: actor });
      return { summary, movementId: `bank:${api.account}:${Number(payment.documentNumber)}` };
    } finally {
      await unreachable.connection.close();
    }
  };

  beforeAll(async () => {
    api = await createPaymentsTestApi();
    customer = await registerActiveCustomer(api);
  }, 120_000);

  afterAll(async () => {
    await api?.close();
  });

  it('a full payment with a zero-padded symbol settles the proforma: tax invoice, READY_TO_SHIP, one ledger entry', async () => {
    const order = await createAwaitingOrder(api, customer);
    const payment = credit(order.invoicedHalere, order.proformaNumber);
    const bytes = statement(api, [payment]);
    expect(bytes.toString('latin1').slice(128 + 2 + 61, 128 + 2 + 71)).toBe(order.proformaNumber.padStart(10, '0'));

    const summary = await importGpc(bytes);
    expect(summary).toMatchObject({ entries: 1, newEntries: 1, matched: 1, unmatched: 0, ignored: 0, pending: 0 });
    const movementId = `bank:${api.account}:${payment.documentNumber.replace(/^0+/, '')}`;
    expect(summary.credits).toEqual([expect.objectContaining({ movementId, status: 'MATCHED', reason: 'FULL: paid in full', orderNumber: order.orderNumber, documentNumber: order.proformaNumber })]);
    // Matched when the import answers; handed to the order's workflow by the hand-over workflow after.
    expect(summary.handOverWorkflowId).toBe(`bank-hand-over-${summary.importId}`);
    expect(await api.temporal.workflow.getHandle(summary.handOverWorkflowId!).result()).toEqual({ handedOver: expect.any(Number), workflowEnded: expect.any(Number), ordersTold: expect.any(Number) });
    // The overdue orders were told this statement's coverage, once: a later sweep does not tell them again.
    expect((await api.db.bankStatementImport.findUniqueOrThrow({ where: { id: summary.importId } })).ordersToldAt).toBeInstanceOf(Date);

    const row = await recorded(order.orderNumber, { status: 'READY_TO_SHIP', paidHalere: order.invoicedHalere });
    expect(row.payments).toEqual([expect.objectContaining({ externalId: movementId, source: 'BANK_IMPORT', amountHalere: order.invoicedHalere, recordedBy: actor })]);
    await movementEventually(movementId, { status: 'MATCHED', paymentId: row.payments[0]!.id, counterpartyName: 'Žluťoučký kůň s.r.o.', counterpartyAccount: '19-2000145399/0800' });
    // The confirmation and the proforma are issued side by side: compare as a set.
    const documents = await api.db.document.findMany({ where: { orderId: row.id } });
    expect(documents.map((d) => d.type).sort()).toEqual(['ORDER_CONFIRMATION', 'PROFORMA_INVOICE', 'TAX_INVOICE']);
    expect(documents.find((d) => d.type === 'TAX_INVOICE')!.taxableSupplyDate!.toISOString().slice(0, 10)).toBe(today());

    // The customer pays the same proforma again a day later: not recorded, flagged for refund.
    const duplicate = credit(order.invoicedHalere, order.proformaNumber, { bookedOn: addDays(today(), 1) });
    const again = await importGpc(statement(api, [duplicate], addDays(today(), 1)));
    const refund = `DUPLICATE_PAYMENT: document ${order.proformaNumber} was already paid in full; refund ${(order.invoicedHalere / 100).toFixed(2)} CZK`;
    expect(again).toMatchObject({ matched: 0, unmatched: 0, refundDue: 1 });
    expect(again.credits).toEqual([expect.objectContaining({ status: 'REFUND_DUE', reason: refund, orderNumber: order.orderNumber })]);
    expect((await orderRow(order.orderNumber)).payments).toHaveLength(1);
    expect(await transaction(`bank:${api.account}:${duplicate.documentNumber.replace(/^0+/, '')}`)).toMatchObject({ status: 'REFUND_DUE', reason: refund, paymentId: null });
  });

  it('the same half payment from the GPC file and then from the Fio JSON list is counted once: the order still waits', async () => {
    const order = await createAwaitingOrder(api, customer, 10);
    const half = Math.floor(order.invoicedHalere / 2);
    const payment = credit(half, order.proformaNumber, { valueOn: addDays(today(), -1) });
    const gpc = await importGpc(statement(api, [payment]));
    expect(gpc.credits).toEqual([expect.objectContaining({ status: 'MATCHED', reason: expect.stringMatching(/^PARTIAL: /) })]);
    await recorded(order.orderNumber, { paidHalere: half });
    // The value date is kept beside the booking day.
    const stored = await transaction(`bank:${api.account}:${Number(payment.documentNumber)}`);
    expect([stored.bookedOn.toISOString().slice(0, 10), stored.valueOn?.toISOString().slice(0, 10)]).toEqual([today(), addDays(today(), -1)]);

    // The bank's JSON list for the same day: the same transaction, its id in column22.
    const json = writeFioJson({
      account: api.account,
      dateStart: today(),
      dateEnd: today(),
      movements: [{ movementId: String(Number(payment.documentNumber)), amountHalere: half, variableSymbol: order.proformaNumber, counterAccount: '2000145399', bankCode: '0800', counterpartyName: 'Žluťoučký kůň s.r.o.', bookedOn: today() }],
    });
    const again = await importJson(json);
    expect(again).toMatchObject({ format: 'fio-json', entries: 1, newEntries: 0, alreadyImported: 1, matched: 0, credits: [] });
    const row = await recorded(order.orderNumber, { status: 'AWAITING_PAYMENT', paidHalere: half });
    expect(row.payments).toEqual([expect.objectContaining({ externalId: `bank:${api.account}:${Number(payment.documentNumber)}`, amountHalere: half })]);
  });

  it('a GPC statement in GBP is refused naming the currency rule; nothing is stored', async () => {
    const order = await createAwaitingOrder(api, customer);
    const imports = await api.db.bankStatementImport.count();
    const gbp = writeGpc({ account: api.account, statementDate: today(), movements: [{ ...credit(order.invoicedHalere, order.proformaNumber), currencyCode: '0826' }] });
    const error = await importGpc(gbp).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StatementParseError);
    expect((error as StatementParseError).violations).toEqual([expect.objectContaining({ field: 'file', rule: 'currency_not_czk', message: expect.stringMatching(/line 2: .*must be CZK.*"0826"/) })]);
    expect(await api.db.bankStatementImport.count()).toBe(imports);
    expect(await orderRow(order.orderNumber)).toMatchObject({ status: 'AWAITING_PAYMENT', paidHalere: 0, payments: [] });
  });

  it('a file whose header does not add up is imported with warnings, kept on the import', async () => {
    const order = await createAwaitingOrder(api, customer);
    // A partial export: the header's closing balance and credit turnover include movements not in the file.
    const bytes = writeGpc({
      account: api.account,
      statementDate: today(),
      openingBalanceHalere: 5_000_000,
      stated: { closingBalanceHalere: 5_000_000 + order.invoicedHalere + 99_900, creditTurnoverHalere: order.invoicedHalere + 99_900 },
      movements: [credit(order.invoicedHalere, order.proformaNumber)],
    });
    const summary = await importGpc(bytes);
    expect(summary).toMatchObject({ newEntries: 1, matched: 1 });
    expect(summary.warnings.map((w) => [w.rule, w.statedHalere - w.computedHalere])).toEqual([
      ['balance_mismatch', 99_900],
      ['credit_turnover_mismatch', 99_900],
    ]);
    const stored = await api.db.bankStatementImport.findUniqueOrThrow({ where: { id: summary.importId } });
    expect(stored.warnings).toEqual(summary.warnings);
    // One that adds up has none.
    expect((await importGpc(statement(api, [credit(1_000, '7777777777')]))).warnings).toEqual([]);
  });

  it('partial, then the rest in an overlapping statement: each payment counted once', async () => {
    const order = await createAwaitingOrder(api, customer, 50);
    const first = credit(100_000, order.proformaNumber);
    const rest = credit(order.invoicedHalere - 100_000, order.proformaNumber);

    const monday = await importGpc(statement(api, [first]));
    expect(monday.credits).toEqual([expect.objectContaining({ status: 'MATCHED', reason: expect.stringMatching(/^PARTIAL: /) })]);
    await recorded(order.orderNumber, { status: 'AWAITING_PAYMENT', paidHalere: 100_000 });

    // The next statement repeats the first movement (overlap) and brings the rest.
    const tuesday = await importGpc(statement(api, [first, rest]));
    expect(tuesday).toMatchObject({ entries: 2, newEntries: 1, alreadyImported: 1, matched: 1 });
    expect(tuesday.credits[0]!.reason).toBe('FULL: paid in full');
    const row = await recorded(order.orderNumber, { status: 'READY_TO_SHIP', paidHalere: order.invoicedHalere });
    expect(row.payments.map((p) => p.amountHalere).sort((a, b) => a - b)).toEqual([100_000, order.invoicedHalere - 100_000].sort((a, b) => a - b));
  });

  it('an overpayment goes through and is flagged for refund', async () => {
    const order = await createAwaitingOrder(api, customer);
    const summary = await importGpc(statement(api, [credit(order.invoicedHalere + 25_000, order.proformaNumber)]));
    expect(summary.credits[0]).toMatchObject({ status: 'MATCHED', reason: 'OVERPAID: 250.00 CZK over what was due, flagged for refund' });
    await recorded(order.orderNumber, { status: 'READY_TO_SHIP', paidHalere: order.invoicedHalere + 25_000, refundDueHalere: 25_000 });
  });

  it('unknown or missing symbols are kept with the reason; debits and reversals are ignored', async () => {
    const unknown = credit(50_000, '9999999999');
    const none = credit(60_000, undefined);
    const debit = credit(-70_000, '1234');
    const reversal = credit(80_000, '2026100001', { reversal: true });
    const summary = await importGpc(statement(api, [unknown, none, debit, reversal]));
    expect(summary).toMatchObject({ entries: 4, matched: 0, unmatched: 2, ignored: 2 });
    const reasons = Object.fromEntries(
      await Promise.all([unknown, none, debit, reversal].map(async (m) => {
        const tx = await api.db.bankTransaction.findFirstOrThrow({ where: { movementId: { endsWith: `:${m.documentNumber.replace(/^0+/, '')}` } } });
        return [m.documentNumber, `${tx.status}: ${tx.reason}`];
      })),
    );
    expect(reasons).toEqual({
      [unknown.documentNumber]: `UNMATCHED: ${bankReason('UNKNOWN_SYMBOL').text}`,
      [none.documentNumber]: `UNMATCHED: ${bankReason('NO_SYMBOL').text}`,
      [debit.documentNumber]: `IGNORED: ${bankReason('DEBIT').text}`,
      [reversal.documentNumber]: `IGNORED: ${bankReason('REVERSAL').text}`,
    });
  });

  it("a cancelled order's proforma: the payment is refused and listed for staff", async () => {
    const order = await createAwaitingOrder(api, customer);
    const cancelled = await api.http().post(`/orders/${order.orderNumber}/cancel`).set(...bearer(customer)).send({ reason: 'Objednáno omylem' });
    expect(cancelled.body.status).toBe('CANCELLED');
    const summary = await importGpc(statement(api, [credit(order.invoicedHalere, order.proformaNumber)]));
    expect(summary.credits[0]).toMatchObject({ status: 'UNMATCHED', reason: expect.stringMatching(/^refused: .*CANCELLED/), orderNumber: order.orderNumber });
    expect((await orderRow(order.orderNumber)).payments).toHaveLength(0);
  });

  it('a payment handed to an order that can no longer take it goes back to staff, in the workflow\'s words', async () => {
    // The import matched it while the order could take payments (a row it left MATCHED); by the
    // time the workflow reads the signal it cannot (a draft here: no payment is ever allowed on one).
    const draft = await api.http().post('/orders').set(...bearer(customer)).set('Idempotency-Key', `pay-${randomUUID()}`).send({ paymentMethod: 'BANK_TRANSFER', lines: [{ sku: 'CARD-RFID', quantity: 1 }] });
    expect(draft.status).toBe(201);
    const movement = credit(10_000, '6666666666');
    await importGpc(statement(api, [movement]));
    const movementId = `bank:${api.account}:${Number(movement.documentNumber)}`;
    await api.db.bankTransaction.update({ where: { movementId }, data: { status: 'MATCHED' } });

    const handle = api.temporal.workflow.getHandle(orderWorkflowId(draft.body.orderNumber));
    await handle.signal(bankPaymentSignal, { actor, externalId: movementId, source: 'BANK_IMPORT', amountHalere: 10_000, receivedOn: today() });
    const returned = await movementEventually(movementId, { status: 'UNMATCHED' });
    expect(returned).toMatchObject({ reasonCode: 'REFUSED', reasonParams: { problem: 'payment-refused', detail: 'Order is DRAFT; a payment cannot be recorded on it.' }, paymentId: null });
    expect(await api.db.payment.count({ where: { externalId: movementId } })).toBe(0);
    expect((await handle.query(orderStatusQuery)).status).toBe('DRAFT');
  });

  it('the same proforma paid twice on consecutive statements, the second imported at once: flagged for refund, not counted', async () => {
    const order = await createAwaitingOrder(api, customer);
    const first = await importGpc(statement(api, [credit(order.invoicedHalere, order.proformaNumber)]));
    // No waiting for the workflow: what was handed to it counts as paid already.
    const second = await importGpc(statement(api, [credit(order.invoicedHalere, order.proformaNumber, { bookedOn: addDays(today(), 1) })], addDays(today(), 1)));
    expect([first.credits[0]!.status, second.credits[0]!.status]).toEqual(['MATCHED', 'REFUND_DUE']);
    const row = await recorded(order.orderNumber, { status: 'READY_TO_SHIP', paidHalere: order.invoicedHalere, refundDueHalere: 0 });
    expect(row.payments).toHaveLength(1);
  });

  it('Temporal unreachable during the import: the credit is matched and waits HANDING_OVER, is handed over on request, counted once', async () => {
    const order = await createAwaitingOrder(api, customer);
    const movementId = await withoutOtherHandOvers(async () => {
      const imported = await importWhileTemporalUnreachable(order);
      expect(imported.summary).toMatchObject({ newEntries: 1, matched: 1, pending: 0, handOverWorkflowId: null });
      expect(await transaction(imported.movementId)).toMatchObject({ status: 'HANDING_OVER', reasonCode: 'FULL', paymentId: null });
      expect((await orderRow(order.orderNumber)).payments).toHaveLength(0);
      return imported.movementId;
    });

    const handed = await handOverPending(api.deps, actor);
    expect(handed.handOverWorkflowId).toMatch(/^bank-hand-over-/);
    // How many it hands over counts every waiting credit of the shared database; another file's
    // hand-over may have taken this one while the request waited for the import lock.
    expect(handed).toMatchObject({ handingOver: expect.any(Number) });
    const row = await recorded(order.orderNumber, { status: 'READY_TO_SHIP', paidHalere: order.invoicedHalere });
    expect(row.payments).toEqual([expect.objectContaining({ externalId: movementId, recordedBy: actor })]);
    await movementEventually(movementId, { status: 'MATCHED', paymentId: row.payments[0]!.id });
    // Handing over again (a second request, a retried activity) records nothing twice.
    await api.db.bankTransaction.update({ where: { movementId }, data: { status: 'HANDING_OVER' } });
    const again = await handOverPending(api.deps, actor);
    expect(await api.temporal.workflow.getHandle(again.handOverWorkflowId!).result()).toEqual({ handedOver: expect.any(Number), workflowEnded: expect.any(Number), ordersTold: expect.any(Number) });
    await movementEventually(movementId, { status: 'MATCHED' });
    expect((await orderRow(order.orderNumber)).payments).toHaveLength(1);
  });

  it('a credit left waiting is handed over by the scheduled sweep the worker keeps, without anyone asking', async () => {
    const order = await createAwaitingOrder(api, customer);
    const movementId = await withoutOtherHandOvers(async () => {
      const imported = await importWhileTemporalUnreachable(order);
      expect(await transaction(imported.movementId)).toMatchObject({ status: 'HANDING_OVER' });
      return imported.movementId;
    });

    // What the worker does at start (worker/main.ts): twice, as a second worker would.
    const scheduleId = await ensureBankHandOverSchedule(api.temporal, { ...api.config, BANK_HAND_OVER_SWEEP_MINUTES: 30 });
    expect(await ensureBankHandOverSchedule(api.temporal, api.config)).toBe(scheduleId);
    const schedule = api.temporal.schedule.getHandle(scheduleId);
    try {
      const described = await schedule.describe();
      expect(described.spec.intervals).toEqual([{ every: api.config.BANK_HAND_OVER_SWEEP_MINUTES * 60_000 }]);
      expect(described.action).toMatchObject({ type: 'startWorkflow', workflowType: 'bankHandOverWorkflow', taskQueue: api.config.TEMPORAL_TASK_QUEUE });
      // The sweep's time, now rather than in a quarter of an hour.
      await schedule.trigger();
      const row = await recorded(order.orderNumber, { status: 'READY_TO_SHIP', paidHalere: order.invoicedHalere });
      await movementEventually(movementId, { status: 'MATCHED', paymentId: row.payments[0]!.id });
    } finally {
      await schedule.delete();
    }
  });

  it('importing the same statement twice changes nothing', async () => {
    const order = await createAwaitingOrder(api, customer);
    const bytes = statement(api, [credit(order.invoicedHalere, order.proformaNumber), credit(5_000, '8888888888')]);
    const first = await importGpc(bytes);
    expect(first).toMatchObject({ newEntries: 2, matched: 1, unmatched: 1 });
    await recorded(order.orderNumber, { status: 'READY_TO_SHIP', paidHalere: order.invoicedHalere });
    // Other test files record payments meanwhile: count this customer's, and this symbol's.
    const payments = () => api.db.payment.count({ where: { organizationId: customer.organizationId } });
    const unmatched = () => api.db.bankTransaction.count({ where: { status: 'UNMATCHED', variableSymbol: '8888888888' } });
    const paymentsBefore = await payments();
    const unmatchedBefore = await unmatched();

    const second = await importGpc(bytes);
    expect(second).toMatchObject({ entries: 2, newEntries: 0, alreadyImported: 2, matched: 0, unmatched: 0, credits: [] });
    expect(await payments()).toBe(paymentsBefore);
    expect(await unmatched()).toBe(unmatchedBefore);
    expect(await orderRow(order.orderNumber)).toMatchObject({ status: 'READY_TO_SHIP', paidHalere: order.invoicedHalere });
  });

  it('a support invoice symbol is routed to its month-end billing workflow', async () => {
    const number = `2026${2}${String(Math.floor(Math.random() * 89_999) + 10_000)}`;
    const document = await api.db.document.create({
      data: {
        key: `test:${randomUUID()}`,
        type: 'TAX_INVOICE',
        series: 'TAX_INVOICE',
        year: 2026,
        sequence: Number(number.slice(5)) + 1_000_000, // outside the real series
        number,
        organizationId: customer.organizationId,
        supportMonth: '2026-10',
        language: 'CS',
        issueDate: new Date('2026-11-01T00:00:00Z'),
        variableSymbol: number,
        netHalere: 100_000,
        vatHalere: 21_000,
        grossHalere: 121_000,
        content: {},
        fileName: `invoice-${number}.pdf`,
      },
    });
    const targets = await findTargets(api.db, [`000${number}`]);
    expect(targets.get(number)?.kind).toBe('SUPPORT');
    expect(targetKey(targets.get(number)!)).toBe(`support-billing-${customer.organizationId}-2026-10`);

    // No billing workflow runs for it here: matched, then back to staff with the reason, nothing recorded.
    const movement = credit(121_000, number);
    const summary = await importGpc(statement(api, [movement]));
    expect(summary.credits[0]).toMatchObject({ status: 'MATCHED', documentNumber: number });
    await movementEventually(`bank:${api.account}:${Number(movement.documentNumber)}`, {
      status: 'UNMATCHED',
      reason: 'refused: the workflow of support billing of 2026-10 has ended; it takes no payment',
      documentId: document.id,
    });
    expect(await api.db.payment.count({ where: { documentId: document.id } })).toBe(0);
  });

  it('a malformed file or another account: an error (with the line) and nothing stored', async () => {
    const imports = await api.db.bankStatementImport.count();
    const good = statement(api, [credit(1_000, '1'), credit(2_000, '2')]);
    const broken = Buffer.concat([good.subarray(0, 130 + 130 + 60), Buffer.from('X'), good.subarray(130 + 130 + 61)]);
    const error = await importGpc(broken).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StatementParseError);
    expect((error as StatementParseError).line).toBe(3);

    const foreign = writeGpc({ account: '19-2000145399', statementDate: today(), movements: [credit(1_000, '1')] });
    await expect(importGpc(foreign)).rejects.toBeInstanceOf(StatementRejectedError);
    expect(await api.db.bankStatementImport.count()).toBe(imports);
  });

  it('statementsCoveredUntil: the last booking day any import covers', async () => {
    const activities = createOrderActivities({ db: api.db, config: api.config, mailer: api.mailer });
    await importGpc(statement(api, [credit(1_000, '7777777777')]));
    const before = await activities.statementsCoveredUntil();
    expect(before! >= today()).toBe(true);
    // An older statement does not move coverage back; a newer one moves it on.
    await importGpc(statement(api, [credit(1_000, '7777777777', { bookedOn: addDays(today(), -30) })], addDays(today(), -30)));
    expect(await activities.statementsCoveredUntil()).toBe(before);
    expect(statementCoverage({ accountNumber: '1', statementDate: '2026-12-01', movements: [] })).toBe('2026-12-01');
    expect(statementCoverage({ accountNumber: '1', movements: [] })).toBeNull();
  });
});
