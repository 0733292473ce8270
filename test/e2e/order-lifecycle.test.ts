import { createHash, randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { formatDate, formatMoney } from '../../documents/format';
import { addDays } from '../../domain/prague-calendar';
import { parseSpayd } from '../../domain/spayd';
import { eventually } from '../helpers/eventually';
import { getAttachment, waitForMessage, type MailboxMessage } from '../helpers/mailbox';
import { validateIsdocXsd } from '../helpers/isdoc-xsd';
import { parseCsv, unzip } from '../helpers/month-export';
import { decodeQrFromPdf, extractPdfText } from '../helpers/pdf';
import { stackEnv } from '../helpers/stack-env';
import { activateCustomer, randomIco, registerCustomer } from '../../scripts/lib/customers';
import { callApi, type ApiRequest } from '../../scripts/stack/api-client';
import { startRunningStack, type RunningStack } from './running-stack';

/**
 * The whole product through the running system: real API and worker processes, Temporal dev
 * server, PostgreSQL, Chromium and SMTP into the mailbox, read back the way a customer would.
 */
describe('order lifecycle end to end', () => {
  let stack: RunningStack;
  let temporal: Client;

  beforeAll(async () => {
    stack = await startRunningStack('order-e2e');
    temporal = new Client({ connection: await Connection.connect({ address: stackEnv().TEMPORAL_ADDRESS }) });
  }, 120_000);

  afterAll(async () => {
    await temporal?.connection.close();
    await stack?.stop();
  });

  const call = (method: string, path: string, request?: ApiRequest) => callApi(stack.apiUrl, method, path, request);
  const login = async (email: string, password: string) => {
    const { status, body } = await call('POST', '/auth/login', { body: { email, password } });
    expect(status).toBe(200);
    return body.token as string;
  };
  const pdfAttachments = async (message: MailboxMessage) =>
    Promise.all((message.attachments ?? []).map(async (a) => ({ fileName: a.fileName, bytes: await getAttachment(message, a.fileName) })));

  /** Text of the ISDOC elements named, in document order. */
  const isdocValues = (xml: string, element: string) => [...xml.matchAll(new RegExp(`<${element}>([^<]*)</${element}>`, 'g'))].map((m) => m[1]!);
  /** "16189.80" as the PDF prints it, without sign and currency: "16 189,80". */
  const asPrinted = (decimal: string) => formatMoney(Math.abs(Math.round(Number(decimal) * 100)), 'CS').replace(/\s+/g, ' ').replace(/ Kč$/, '');

  /**
   * The e-mailed ISDOC passes the official XSD, is the document's, and states the amounts
   * (totals and VAT), variable symbol and dates that the PDF's text shows.
   */
  async function expectIsdocOfPdf(xml: string, pdfText: string, expected: { documentType: number; number: string }) {
    expect(await validateIsdocXsd(xml)).toEqual({ valid: true, errors: [] });
    expect(isdocValues(xml, 'DocumentType')).toEqual([String(expected.documentType)]);
    expect(isdocValues(xml, 'ID')[0]).toBe(expected.number);
    const amounts = ['TaxExclusiveAmount', 'TaxInclusiveAmount', 'TaxAmount', 'TaxableAmount'].flatMap((e) => isdocValues(xml, e));
    expect(amounts.length).toBeGreaterThanOrEqual(4);
    for (const amount of amounts) expect(pdfText).toContain(asPrinted(amount));
    for (const symbol of isdocValues(xml, 'VariableSymbol')) expect(pdfText).toContain(symbol);
    for (const date of [...isdocValues(xml, 'IssueDate'), ...isdocValues(xml, 'TaxPointDate'), ...isdocValues(xml, 'PaymentDueDate')]) {
      expect(pdfText).toContain(formatDate(date, 'CS').replace(/\s+/g, ' '));
    }
  }

  it('register → activate → order → confirm → PDFs by e-mail → payment → ship → deliver → COMPLETED', async () => {
    const suffix = randomUUID().slice(0, 8);
    const contactEmail = `nakup-${suffix}@zakaznik.example`;
    const password = 'Velmi-tajne-heslo-42';
    const ico = randomIco();

    // Register and activate.
    const registered = await registerCustomer(stack.apiUrl, {
      organization: { name: `Příliš žluťoučký kůň ${suffix} s.r.o.`, ico, dic: `CZ${ico}`, street: 'Dlouhá 12', city: 'Brno', postalCode: '602 00', contactEmail },
      admin: { name: 'Jana Nováková', email: contactEmail, password },
    });
    const customer = registered.token;
    const tooEarly = await call('POST', '/orders', { token: customer, headers: { 'idempotency-key': `early-${suffix}` }, body: { paymentMethod: 'COD', lines: [{ sku: 'CARD-RFID', quantity: 1 }] } });
    expect(tooEarly.status).toBe(403);
    expect(tooEarly.headers.get('content-type')).toContain('application/problem+json');
    await activateCustomer(stack.apiUrl, registered);

    // Back office.
    const admin = await login(stack.adminEmail, stack.adminPassword);
    const staffEmail = `sklad-${suffix}@atime.example`;
    expect((await call('POST', '/admin/users', { token: admin, body: { name: 'Petr Skladník', email: staffEmail, password, role: 'STAFF' } })).status).toBe(201);
    const staff = await login(staffEmail, password);

    // Draft: computed by the server, idempotent by key.
    const draftRequest = {
      paymentMethod: 'BANK_TRANSFER',
      lines: [
        { sku: 'TERM-T1', quantity: 1 },
        { sku: 'CARD-RFID', quantity: 10 },
        { sku: 'SUPPORT-DAY', quantity: 1 },
      ],
    };
    const draft = await call('POST', '/orders', { token: customer, headers: { 'idempotency-key': `order-${suffix}` }, body: draftRequest });
    expect(draft.status).toBe(201);
    const again = await call('POST', '/orders', { token: customer, headers: { 'idempotency-key': `order-${suffix}` }, body: draftRequest });
    expect(again.status).toBe(200);
    expect(again.body.orderNumber).toBe(draft.body.orderNumber);
    const orderNumber: string = draft.body.orderNumber;
    // 12 990 + 10 × 39 = 13 380 Kč net, 21 % VAT 2 809,80 Kč: the components; support is billed by use.
    expect(draft.body).toMatchObject({ status: 'DRAFT', netHalere: 1_338_000, vatHalere: 280_980, grossHalere: 1_618_980 });
    expect(draft.body.vatSummary).toEqual([{ ratePercent: 21, baseHalere: 1_338_000, vatHalere: 280_980, grossHalere: 1_618_980 }]);

    // Confirm: confirmation + proforma with QR Platba, e-mailed together.
    const confirmed = await call('POST', `/orders/${orderNumber}/confirm`, { token: customer });
    expect(confirmed.status).toBe(200);
    expect(confirmed.body.status).toBe('AWAITING_PAYMENT');
    expect(confirmed.body.ticketCodes).toHaveLength(1);
    const proforma = confirmed.body.documents.find((d: { kind: string }) => d.kind === 'PROFORMA_INVOICE');

    const confirmationMail = await waitForMessage((m) => m.to.some((t) => t.address === contactEmail) && m.subject.includes(orderNumber), 30_000);
    const attachments = await pdfAttachments(confirmationMail);
    const confirmationDocument = confirmed.body.documents.find((d: { kind: string }) => d.kind === 'ORDER_CONFIRMATION');
    expect(attachments.map((a) => a.fileName).sort()).toEqual([
      `${proforma.number}.isdoc`,
      `order-confirmation-${confirmationDocument.number}.pdf`,
      `proforma-invoice-${proforma.number}.pdf`,
    ]);
    expect(confirmationMail.text).toContain(`ve formátu ISDOC (${proforma.number}.isdoc)`);
    const proformaPdf = attachments.find((a) => a.fileName.startsWith('proforma-invoice-'))!;
    const proformaText = (await extractPdfText(proformaPdf.bytes)).replace(/\s+/g, ' ');
    expect(proformaText).toMatch(/Zálohová faktura/i);
    expect(proformaText).toContain(proforma.number);
    expect(proformaText).toContain(ico);
    expect(proformaText).toContain('27082440'); // supplier IČO
    expect(proformaText).toContain('Příliš žluťoučký kůň');
    const spayd = parseSpayd((await decodeQrFromPdf(proformaPdf.bytes))!);
    expect(spayd).toMatchObject({ ACC: expect.stringContaining('CZ4620100000002800000000'), AM: '16189.80', CC: 'CZK', 'X-VS': proforma.number });
    const proformaIsdoc = attachments.find((a) => a.fileName === `${proforma.number}.isdoc`)!.bytes;
    await expectIsdocOfPdf(proformaIsdoc.toString('utf8'), proformaText, { documentType: 4, number: proforma.number });
    expect(isdocValues(proformaIsdoc.toString('utf8'), 'VariableSymbol')).toEqual([proforma.number]);
    const confirmationText = (await extractPdfText(attachments.find((a) => a.fileName.startsWith('order-confirmation-'))!.bytes)).replace(/\s+/g, ' ');
    expect(confirmationText).toContain(orderNumber);
    expect(confirmationText).toMatch(/SUPPORT-DAY/);
    expect(confirmationMail.text).toContain(confirmed.body.ticketCodes[0]);

    // The stored PDF downloads byte-identical to what was e-mailed.
    const download = await call('GET', `/documents/${proforma.documentId}/pdf`, { token: customer });
    expect(download.status).toBe(200);
    expect(Buffer.compare(download.body as Buffer, proformaPdf.bytes)).toBe(0);
    expect(download.headers.get('etag')).toBe(`"${createHash('sha256').update(proformaPdf.bytes).digest('hex')}"`);
    const isdocDownload = await call('GET', `/documents/${proforma.documentId}/isdoc`, { token: customer });
    expect(isdocDownload.status).toBe(200);
    expect(isdocDownload.headers.get('content-type')).toContain('application/xml');
    expect(Buffer.compare(isdocDownload.body as Buffer, proformaIsdoc)).toBe(0);
    expect(isdocDownload.headers.get('etag')).toBe(`"${createHash('sha256').update(proformaIsdoc).digest('hex')}"`);
    // The order confirmation is no invoice: it has no ISDOC.
    expect((await call('GET', `/documents/${confirmationDocument.documentId}/isdoc`, { token: customer })).status).toBe(404);

    // Staff move the due date by 10 days (audited); a request with both a date and days is refused, naming the field.
    const both = await call('POST', `/orders/${orderNumber}/due-date`, { token: staff, body: { days: 10, dueDate: '2027-01-31', reason: 'x' } });
    expect(both.status).toBe(400);
    expect(both.headers.get('content-type')).toContain('application/problem+json');
    expect(JSON.stringify(both.body)).toContain('dueDate');
    expect((await call('POST', `/orders/${orderNumber}/due-date`, { token: customer, body: { days: 10, reason: 'x' } })).status).toBe(403);
    const extended = await call('POST', `/orders/${orderNumber}/due-date`, { token: staff, body: { days: 10, reason: 'Čeká na schválení rozpočtu' } });
    expect(extended.status).toBe(200);
    expect(extended.body.dueDate).toBe(addDays(confirmed.body.dueDate, 10));
    const movedProforma = (await call('GET', '/documents?kind=PROFORMA_INVOICE', { token: customer })).body.items.find((d: { number: string }) => d.number === proforma.number);
    expect(movedProforma.dueDate).toBe(addDays(confirmed.body.dueDate, 10));

    // Unpaid transfer orders do not ship.
    const early = await call('POST', `/orders/${orderNumber}/shipment`, { token: staff, body: { carrier: 'PPL', trackingNumber: 'X1' } });
    expect(early.status).toBe(409);
    expect(early.body.detail).toMatch(/not paid/);

    // Staff record the payment; the tax invoice follows by e-mail.
    const paid = await call('POST', `/orders/${orderNumber}/payments`, {
      token: staff,
      headers: { 'idempotency-key': `bank-${suffix}` },
      body: { amountHalere: 1_618_980, receivedOn: '2026-11-25' },
    });
    expect(paid.status).toBe(200);
    expect(paid.body).toMatchObject({ counted: true, remainingHalere: 0, status: 'READY_TO_SHIP' });
    const paidAgain = await call('POST', `/orders/${orderNumber}/payments`, {
      token: staff,
      headers: { 'idempotency-key': `bank-${suffix}` },
      body: { amountHalere: 1_618_980, receivedOn: '2026-11-25' },
    });
    expect(paidAgain.body).toMatchObject({ counted: false, paidHalere: 1_618_980 });
    const invoiceMail = await waitForMessage((m) => m.to.some((t) => t.address === contactEmail) && (m.attachments ?? []).some((a) => a.fileName.startsWith('tax-invoice-')), 30_000);
    const invoiceAttachments = await pdfAttachments(invoiceMail);
    const invoicePdf = invoiceAttachments.find((a) => a.fileName.endsWith('.pdf'));
    const invoiceText = (await extractPdfText(invoicePdf!.bytes)).replace(/\s+/g, ' ');
    const invoiceNumber = invoicePdf!.fileName.replace(/^tax-invoice-|\.pdf$/g, '');
    const invoiceIsdoc = invoiceAttachments.find((a) => a.fileName === `${invoiceNumber}.isdoc`)!.bytes.toString('utf8');
    await expectIsdocOfPdf(invoiceIsdoc, invoiceText, { documentType: 1, number: invoiceNumber });
    // Settles the paid proforma: the deposit deducted, nothing left to pay.
    expect(isdocValues(invoiceIsdoc, 'PaidDepositsAmount')).toEqual(['16189.80']);
    expect(isdocValues(invoiceIsdoc, 'PayableAmount')).toEqual(['0.00']);
    expect(invoiceText).toMatch(/daňový doklad/i);
    expect(invoiceText).toContain('25. 11. 2026'); // DUZP = the payment day
    expect(invoiceText).toContain(proforma.number); // settles the proforma

    // Ship, deliver, completed.
    expect((await call('POST', `/orders/${orderNumber}/shipment`, { token: staff, body: { carrier: 'PPL', trackingNumber: `PPL${suffix}` } })).status).toBe(200);
    const delivered = await call('POST', `/orders/${orderNumber}/delivery`, { token: staff });
    expect(delivered.body.status).toBe('COMPLETED');
    const order = await call('GET', `/orders/${orderNumber}`, { token: customer });
    expect(order.body.status).toBe('COMPLETED');
    expect(order.body.documents.map((d: { kind: string }) => d.kind).sort()).toEqual(['ORDER_CONFIRMATION', 'PROFORMA_INVOICE', 'TAX_INVOICE']);

    // The audit trail tells the story with actors.
    const audit = await call('GET', `/orders/${orderNumber}/audit`, { token: customer });
    expect(audit.body.items.filter((e: { action: string }) => e.action === 'STATUS_CHANGED').map((e: { toState: string }) => e.toState)).toEqual([
      'CONFIRMED',
      'AWAITING_PAYMENT',
      'READY_TO_SHIP',
      'SHIPPED',
      'DELIVERED',
      'COMPLETED',
    ]);
    expect(audit.body.items.find((e: { action: string }) => e.action === 'DUE_DATE_EXTENDED')).toMatchObject({ details: { reason: 'Čeká na schválení rozpočtu', to: addDays(confirmed.body.dueDate, 10) } });

    // Ops find the workflow by its business fields.
    const query = `OrderNumber = "${orderNumber}" AND OrderStatus = "COMPLETED" AND PaymentMethod = "BANK_TRANSFER" AND DocumentNumber = "${proforma.number}"`;
    await eventually(
      async () => {
        const found: string[] = [];
        for await (const execution of temporal.workflow.list({ query })) found.push(execution.workflowId);
        expect(found).toEqual([`order-${orderNumber}`]);
      },
      { timeoutMs: 15_000, intervalMs: 250 },
    );

    // Another customer cannot see any of it.
    const { token: other } = await registerCustomer(stack.apiUrl);
    expect((await call('GET', `/orders/${orderNumber}`, { token: other })).status).toBe(404);
    expect((await call('GET', `/documents/${proforma.documentId}/pdf`, { token: other })).status).toBe(404);
    expect((await call('GET', `/documents/${proforma.documentId}/isdoc`, { token: other })).status).toBe(404);
  });

  it('a returned COD parcel: tax invoice and credit note with valid ISDOC; the month export over HTTP reconciles with the documents, the credit note negative', async () => {
    const registered = await registerCustomer(stack.apiUrl);
    await activateCustomer(stack.apiUrl, registered);
    const customer = registered.token;
    const admin = await login(stack.adminEmail, stack.adminPassword);
    const draft = await call('POST', '/orders', {
      token: customer,
      headers: { 'idempotency-key': `cod-${randomUUID()}` },
      body: { paymentMethod: 'COD', lines: [{ sku: 'TERM-T1', quantity: 1 }, { sku: 'CARD-RFID', quantity: 3 }] },
    });
    expect(draft.status).toBe(201);
    const orderNumber: string = draft.body.orderNumber;
    expect((await call('POST', `/orders/${orderNumber}/confirm`, { token: customer })).status).toBe(200);
    expect((await call('POST', `/orders/${orderNumber}/shipment`, { token: admin, body: { carrier: 'PPL', trackingNumber: `R${orderNumber}` } })).status).toBe(200);
    const returned = await call('POST', `/orders/${orderNumber}/return`, { token: admin, body: { reason: 'Zásilka nepřevzata' } });
    expect(returned.status).toBe(200);
    const documents: { kind: string; documentId: string; number: string }[] = returned.body.documents;
    const invoice = documents.find((d) => d.kind === 'TAX_INVOICE')!;
    const creditNote = documents.find((d) => d.kind === 'CREDIT_NOTE')!;
    expect(creditNote).toBeDefined();

    const files = await eventually(async () => {
      const downloads = await Promise.all(
        [invoice, creditNote].flatMap((d) => [call('GET', `/documents/${d.documentId}/pdf`, { token: customer }), call('GET', `/documents/${d.documentId}/isdoc`, { token: customer })]),
      );
      for (const d of downloads) expect(d.status).toBe(200);
      return downloads.map((d) => d.body as Buffer);
    });
    const [invoicePdf, invoiceIsdoc, creditPdf, creditIsdoc] = files as [Buffer, Buffer, Buffer, Buffer];
    await expectIsdocOfPdf(invoiceIsdoc.toString('utf8'), (await extractPdfText(invoicePdf)).replace(/\s+/g, ' '), { documentType: 1, number: invoice.number });
    const creditXml = creditIsdoc.toString('utf8');
    await expectIsdocOfPdf(creditXml, (await extractPdfText(creditPdf)).replace(/\s+/g, ' '), { documentType: 2, number: creditNote.number });
    // The credit note references the invoice by its number and ISDOC UUID, and has no tax point date.
    expect(creditXml).toContain(`<ID>${invoice.number}</ID>`);
    expect(creditXml).toContain(`<UUID>${invoice.documentId}</UUID>`);
    expect(isdocValues(creditXml, 'TaxPointDate')).toEqual([]);

    // Staff only; a bad month is problem+json naming the field.
    const month = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Prague', year: 'numeric', month: '2-digit' }).format(new Date());
    expect((await call('GET', `/exports/documents?month=${month}`, { token: customer })).status).toBe(403);
    const bad = await call('GET', '/exports/documents?month=2026-13', { token: admin });
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toContain('application/problem+json');
    expect(JSON.stringify(bad.body)).toContain('month');

    // Other tests issue documents of this month meanwhile: while one renders, the export answers
    // 409 with Retry-After (never a ZIP cut short) and succeeds once it is stored.
    const exported = await eventually(async () => {
      const answer = await call('GET', `/exports/documents?month=${month}`, { token: admin });
      if (answer.status === 409) expect(answer.headers.get('retry-after')).toBe('5');
      expect(answer.status).toBe(200);
      return answer;
    }, { timeoutMs: 30_000, intervalMs: 500 });
    expect(exported.headers.get('content-type')).toContain('application/zip');
    const zip = await unzip(exported.body as Buffer);
    expect(Buffer.compare(zip.get(`doklady/${creditNote.number}.isdoc`)!.data, creditIsdoc)).toBe(0);
    expect(Buffer.compare(zip.get(`doklady/${invoice.number}.pdf`)!.data, invoicePdf)).toBe(0);
    const [header, ...rows] = parseCsv(zip.get(`kniha-vydanych-dokladu-${month}.csv`)!.data.toString('utf8').slice(1));
    const column = (name: string) => header!.indexOf(name);
    const halere = (cell: string) => Math.round(Number(cell.replace(',', '.')) * 100);
    const ours = rows.filter((r) => r[column('Objednávka')] === orderNumber);
    expect(ours.map((r) => r[column('Číslo dokladu')]).sort()).toEqual([invoice.number, creditNote.number].sort());
    const creditRow = ours.find((r) => r[column('Číslo dokladu')] === creditNote.number)!;
    expect(halere(creditRow[column('Celkem')]!)).toBeLessThan(0);
    expect(halere(creditRow[column('Základ 21 %')]!)).toBeLessThan(0);
    // The book's sums equal the documents' stored totals, to the haléř.
    const listed = await call('GET', '/documents?pageSize=100', { token: customer });
    const stored = (listed.body.items as { number: string; grossHalere: number }[]).filter((d) => d.number === invoice.number || d.number === creditNote.number);
    expect(stored).toHaveLength(2);
    const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
    expect(sum(ours.map((r) => halere(r[column('Celkem')]!)))).toBe(sum(stored.map((d) => d.grossHalere)));
    expect(sum(ours.map((r) => halere(r[column('Celkem')]!)))).toBe(0);
  });
});
