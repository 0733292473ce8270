import { randomInt, randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import * as iconv from 'iconv-lite';
import { pragueDate } from '../../domain/prague-calendar';
import { registerActiveCustomer } from '../../scripts/lib/customers';
import { recordedEmailsTo } from '../helpers/db';
import { writeGpc } from '../../scripts/lib/gpc-writer';
import { getAttachment, waitForMessage } from '../helpers/mailbox';
import { extractPdfText } from '../helpers/pdf';
import { callApi, type ApiRequest } from '../../scripts/stack/api-client';
import { startRunningStack, type RunningStack } from './running-stack';
import { stackEnv } from '../helpers/stack-env';
import { BANK_HAND_OVER_WORKFLOW_TYPE, bankHandOverScheduleId } from '../../workflows/bank-hand-over/contract';

/**
 * Payments in through the running system (real API and worker processes, Temporal, PostgreSQL,
 * Chromium, SMTP): a transfer order is confirmed, the bank's GPC statement with its payment is
 * uploaded over HTTP, the tax invoice arrives by e-mail and the order is ready to ship.
 */
describe('bank statement import end to end', () => {
  let stack: RunningStack;

  beforeAll(async () => {
    stack = await startRunningStack('bank-e2e');
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
  });

  const call = (method: string, path: string, request?: ApiRequest) => callApi(stack.apiUrl, method, path, request);
  const login = async (email: string, password: string) => {
    const { status, body } = await call('POST', '/auth/login', { body: { email, password } });
    expect(status).toBe(200);
    return body.token as string;
  };
  const uploadStatement = (token: string, bytes: Buffer) => {
    const form = new FormData();
    form.set('format', 'gpc');
    form.set('file', new Blob([new Uint8Array(bytes)]), 'vypis-fio.gpc');
    return call('POST', '/payments/imports', { token, form });
  };

  it('transfer order confirmed → GPC statement imported → tax invoice e-mailed, READY_TO_SHIP; the same statement again changes nothing', async () => {
    const suffix = randomUUID().slice(0, 8);
    const contactEmail = `platby-${suffix}@zakaznik.example`;
    const password = 'Velmi-tajne-heslo-42';

    // Customer: register, activate, order by transfer, confirm.
    const { token: customer } = await registerActiveCustomer(stack.apiUrl, {
      organization: { name: `Čeněk Šťastný ${suffix} s.r.o.`, street: 'Dlouhá 12', city: 'Brno', postalCode: '602 00', contactEmail },
      admin: { name: 'Čeněk Šťastný', email: contactEmail, password },
    });
    const draft = await call('POST', '/orders', { token: customer, headers: { 'idempotency-key': `bank-${suffix}` }, body: { paymentMethod: 'BANK_TRANSFER', lines: [{ sku: 'TERM-T1', quantity: 1 }] } });
    expect(draft.status).toBe(201);
    const orderNumber: string = draft.body.orderNumber;
    const confirmed = await call('POST', `/orders/${orderNumber}/confirm`, { token: customer });
    expect(confirmed.body.status).toBe('AWAITING_PAYMENT');
    const proforma = confirmed.body.documents.find((d: { kind: string }) => d.kind === 'PROFORMA_INVOICE');
    const amount: number = confirmed.body.invoicedHalere;
    expect(amount).toBe(1_571_790); // 12 990 Kč + 21 % VAT

    // Back office.
    const admin = await login(stack.adminEmail, stack.adminPassword);
    const staffEmail = `ucetni-${suffix}@atime.example`;
    expect((await call('POST', '/admin/users', { token: admin, body: { name: 'Účetní Věra', email: staffEmail, password, role: 'STAFF' } })).status).toBe(201);
    const staff = await login(staffEmail, password);

    // The bank's statement, written byte by byte: windows-1250, 128-character records, CRLF,
    // the symbol padded with zeros, a Czech name, a fee debit beside the payment.
    const bookedOn = pragueDate(new Date());
    const reference = String(randomInt(1, 9_999_999_999_999)).padStart(13, '0');
    const bytes = writeGpc({
      account: '2800000000',
      ownerName: 'aTime s.r.o.',
      statementDate: bookedOn,
      movements: [
        { documentNumber: reference, amountHalere: amount, variableSymbol: proforma.number, counterAccount: '19-2000145399', bankCode: '0800', counterpartyName: 'Čeněk Šťastný s.r.o.', bookedOn },
        { documentNumber: String(Number(reference) + 1).padStart(13, '0'), amountHalere: -1_500, counterpartyName: 'Poplatek za vedení', bookedOn },
      ],
    });
    expect(bytes.length).toBe(3 * 130);
    expect(iconv.decode(bytes.subarray(130 + 97, 130 + 117), 'windows-1250')).toBe('Čeněk Šťastný s.r.o.');
    expect(bytes.subarray(130 + 61, 130 + 71).toString('latin1')).toBe(proforma.number.padStart(10, '0'));

    const imported = await uploadStatement(staff, bytes);
    expect(imported.status).toBe(201);
    expect(imported.body).toMatchObject({ entries: 2, newEntries: 2, matched: 1, ignored: 1, unmatched: 0, coveredUntil: bookedOn });
    expect(imported.body.credits).toEqual([expect.objectContaining({ status: 'MATCHED', reason: 'FULL: paid in full', orderNumber, documentNumber: proforma.number, amountHalere: amount })]);

    // The tax invoice is e-mailed (dated the payment day, settling the proforma); the order can ship.
    const invoiceMail = await waitForMessage((m) => m.to.some((t) => t.address === contactEmail) && (m.attachments ?? []).some((a) => a.fileName.startsWith('tax-invoice-')), 60_000);
    const attachment = invoiceMail.attachments!.find((a) => a.fileName.startsWith('tax-invoice-'))!;
    const invoiceText = (await extractPdfText(await getAttachment(invoiceMail, attachment.fileName))).replace(/\s+/g, ' ');
    expect(invoiceText).toMatch(/daňový doklad/i);
    expect(invoiceText).toContain(proforma.number);
    const [y, m, d] = bookedOn.split('-').map(Number);
    expect(invoiceText).toContain(`${d}. ${m}. ${y}`);
    const order = await call('GET', `/orders/${orderNumber}`, { token: customer });
    expect(order.body).toMatchObject({ status: 'READY_TO_SHIP', paidHalere: amount });
    expect(order.body.payments).toEqual([expect.objectContaining({ source: 'BANK_IMPORT', amountHalere: amount, receivedOn: bookedOn })]);
    const ledger = await call('GET', `/payments?orderNumber=${orderNumber}`, { token: staff });
    expect(ledger.body.items).toEqual([expect.objectContaining({ source: 'BANK_IMPORT', recordedBy: expect.stringContaining('(STAFF)'), documentNumber: proforma.number })]);

    // The same statement again: nothing new, nothing paid twice, no second e-mail.
    const mailCount = await recordedEmailsTo(contactEmail);
    const again = await uploadStatement(staff, bytes);
    expect(again.status).toBe(201);
    expect(again.body).toMatchObject({ entries: 2, newEntries: 0, alreadyImported: 2, matched: 0, unmatched: 0, credits: [] });
    const after = await call('GET', `/orders/${orderNumber}`, { token: customer });
    expect(after.body).toMatchObject({ status: 'READY_TO_SHIP', paidHalere: amount });
    expect(after.body.payments).toHaveLength(1);
    expect(after.body.documents.filter((doc: { kind: string }) => doc.kind === 'TAX_INVOICE')).toHaveLength(1);
    // Nothing matched, so no workflow was told of a payment: no e-mail was recorded for sending.
    expect(await recordedEmailsTo(contactEmail)).toBe(mailCount);
  });

  it('the worker keeps the sweep schedule of its task queue (bank credits still waiting to be handed over)', async () => {
    const { TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE } = stackEnv();
    const connection = await Connection.connect({ address: TEMPORAL_ADDRESS });
    try {
      const schedule = await new Client({ connection, namespace: TEMPORAL_NAMESPACE }).schedule.getHandle(bankHandOverScheduleId(stack.taskQueue)).describe();
      expect(schedule.spec.intervals).toEqual([{ every: 15 * 60_000 }]);
      expect(schedule.action).toMatchObject({ type: 'startWorkflow', workflowType: BANK_HAND_OVER_WORKFLOW_TYPE, taskQueue: stack.taskQueue });
      expect(schedule.policies.overlap).toBe('SKIP');
    } finally {
      await connection.close();
    }
  });
});
