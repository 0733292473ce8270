import { renderEmail, type EmailContext, type EmailSpec, type EmailType, type Language } from '../../emails';

const SPECS: { [T in EmailType]: Extract<EmailSpec, { type: T }> } = {
  trialReminder: { type: 'trialReminder', daysLeft: 7, trialEndsOn: '2026-12-01' },
  trialExpired: { type: 'trialExpired' },
  organizationActivated: { type: 'organizationActivated', organizationName: 'Žluťoučký kůň a.s.' },
  contactFormAcknowledgement: { type: 'contactFormAcknowledgement', subject: 'Terminál nehlásí příchody' },
  contactFormToSupport: {
    type: 'contactFormToSupport',
    organization: { id: 'org-1', name: 'Žluťoučký kůň a.s.', ico: '12345678', status: 'TRIAL' },
    user: { name: 'Jana Nováková', email: 'jana@kun.example' },
    subject: 'Terminál nehlásí příchody',
    message: 'Dobrý den,\nterminál T1 od rána nehlásí příchody.\nDěkuji',
  },
  orderConfirmed: {
    type: 'orderConfirmed',
    orderNumber: 'OBJ-2026-000042',
    paymentMethod: 'BANK_TRANSFER',
    totals: { netHalere: 2842000, vatHalere: 596820, grossHalere: 3438820 },
    amountDueHalere: 3438820,
    dueDate: '2026-12-09',
    variableSymbol: '2026100042',
    bankAccount: '2800000000/2010',
    iban: 'CZ4620100000002800000000',
    ticketCodes: ['SUP-7KQ2-M4XD', 'SUP-9TZP-R2LA'],
    includesServices: true,
  },
  paymentReminder: {
    type: 'paymentReminder',
    stage: 'BEFORE_DUE',
    documentNumber: '2026100042',
    amountDueHalere: 3438820,
    dueDate: '2026-12-09',
    variableSymbol: '2026100042',
    bankAccount: '2800000000/2010',
  },
  paymentReceived: { type: 'paymentReceived', documentNumber: '2026100042', amountReceivedHalere: 3438820, taxInvoiceNumber: '2026200042', goodsWillShip: true },
  overpaymentRecorded: { type: 'overpaymentRecorded', documentNumber: '2026100042', overpaidHalere: 50000 },
  orderCancelled: { type: 'orderCancelled', orderNumber: 'OBJ-2026-000042', reason: 'NOT_PAID', voidedProformaNumber: '2026100042', voidedTicketCodes: ['SUP-7KQ2-M4XD', 'SUP-9TZP-R2LA'] },
  orderShipped: { type: 'orderShipped', orderNumber: 'OBJ-2026-000042', carrier: 'Česká pošta', trackingNumber: 'DR1234567890C', codAmountHalere: 3438800 },
  supportInvoice: {
    type: 'supportInvoice',
    month: '2026-11',
    invoiceNumber: '2026200051',
    amountHalere: 435810,
    dueDate: '2026-12-15',
    variableSymbol: '2026200051',
    iban: 'CZ4620100000002800000000',
  },
};

/** What each message must say (per language), beyond its parameters. */
const MUST_CONTAIN: { [T in EmailType]: Record<Language, string[]> } = {
  trialReminder: { CS: ['(za 7 dní)', '1. 12. 2026'], EN: ['(in 7 days)', '1 Dec 2026'] },
  trialExpired: { CS: ['skončilo', 'data zůstávají'], EN: ['has ended', 'data is kept'] },
  organizationActivated: { CS: ['Žluťoučký kůň a.s.', 'aktivní'], EN: ['Žluťoučký kůň a.s.', 'active'] },
  contactFormAcknowledgement: { CS: ['Terminál nehlásí příchody'], EN: ['Terminál nehlásí příchody'] },
  contactFormToSupport: { CS: ['12345678', 'jana@kun.example', 'od rána nehlásí'], EN: ['12345678', 'jana@kun.example', 'od rána nehlásí'] },
  orderConfirmed: {
    CS: ['OBJ-2026-000042', '34 388,20 Kč', '2026100042', '9. 12. 2026', '2800000000/2010', 'SUP-7KQ2-M4XD', 'SUP-9TZP-R2LA', 'měsíčně'],
    EN: ['OBJ-2026-000042', 'CZK 34,388.20', '2026100042', '9 Dec 2026', '2800000000/2010', 'SUP-7KQ2-M4XD', 'SUP-9TZP-R2LA', 'monthly'],
  },
  paymentReminder: { CS: ['2026100042', '34 388,20 Kč', '9. 12. 2026'], EN: ['2026100042', 'CZK 34,388.20', '9 Dec 2026'] },
  paymentReceived: { CS: ['34 388,20 Kč', '2026200042'], EN: ['CZK 34,388.20', '2026200042'] },
  overpaymentRecorded: { CS: ['500,00 Kč'], EN: ['CZK 500.00'] },
  orderCancelled: {
    CS: ['zrušena', '2026100042', 'Nic neplaťte', 'Nevyužité tikety podpory z této objednávky (SUP-7KQ2-M4XD, SUP-9TZP-R2LA) jsou zrušeny'],
    EN: ['cancelled', '2026100042', 'do not pay', 'The unused support tickets of this order (SUP-7KQ2-M4XD, SUP-9TZP-R2LA) are void'],
  },
  orderShipped: { CS: ['Česká pošta', 'DR1234567890C', '34 388,00 Kč'], EN: ['Česká pošta', 'DR1234567890C', 'CZK 34,388.00'] },
  supportInvoice: { CS: ['listopad 2026', '2026200051', '4 358,10 Kč', '15. 12. 2026'], EN: ['November 2026', '2026200051', 'CZK 4,358.10', '15 Dec 2026'] },
};

function htmlText(html: string): string {
  return html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
}

const squash = (s: string) => s.replace(/\s+/g, ' ');

describe('e-mail messages', () => {
  const cases = (Object.keys(SPECS) as EmailType[]).flatMap((t) => (['CS', 'EN'] as const).map((l) => [t, l] as const));

  it.each(cases)('%s in %s has a subject, and text and HTML parts saying the same', (type, language) => {
    const ctx: EmailContext = { language, portalUrl: 'https://app.atime.example', supportEmail: 'podpora@atime.example' };
    const email = renderEmail(ctx, SPECS[type]);
    expect(email.subject.length).toBeGreaterThan(5);
    expect(email.subject).not.toMatch(/\n/);
    for (const part of [email.subject, email.text, email.html]) {
      expect(part).not.toMatch(/undefined|NaN|\[object Object\]/);
    }
    expect(email.html).toMatch(/^<!DOCTYPE html>/);
    expect(email.html).toContain(`lang="${language === 'CS' ? 'cs' : 'en'}"`);
    const text = squash(email.text);
    const html = htmlText(email.html);
    for (const expected of MUST_CONTAIN[type][language]) {
      expect(text).toContain(expected);
      expect(html).toContain(expected);
    }
    expect(text).toContain(language === 'CS' ? 'S pozdravem' : 'Kind regards');
    expect(html).toContain('podpora@atime.example');
  });

  it('links the order, invoice, ticket, shipping and payment e-mails to the exact portal page', () => {
    const ctx: EmailContext = { language: 'EN', portalUrl: 'https://app.atime.example' };
    const links = (spec: EmailSpec) => [...renderEmail(ctx, spec).html.matchAll(/href="([^"]+)"/g)].map((m) => m[1]).filter((url) => url!.includes('/portal/'));
    const order = 'https://app.atime.example/portal/orders/OBJ-2026-000042';
    expect(links(SPECS.orderConfirmed)).toEqual([
      'https://app.atime.example/portal/tickets/SUP-7KQ2-M4XD',
      'https://app.atime.example/portal/tickets/SUP-9TZP-R2LA',
      order,
    ]);
    expect(links(SPECS.orderShipped)).toEqual([order]);
    expect(links(SPECS.orderCancelled)).toEqual([order]);
    expect(links(SPECS.supportInvoice)).toEqual([`https://app.atime.example/portal/invoices/${SPECS.supportInvoice.invoiceNumber}`]);
    expect(links({ ...SPECS.paymentReminder, page: { orderNumber: 'OBJ-2026-000042' } })).toEqual([order]);
    expect(links({ ...SPECS.paymentReceived, page: { invoiceNumber: '2026300001' } })).toEqual(['https://app.atime.example/portal/invoices/2026300001']);
    // Without a page (and without a portal address) no link is made up.
    expect(links(SPECS.paymentReminder)).toEqual([]);
    expect(renderEmail({ language: 'EN' }, SPECS.orderShipped).html).not.toContain('/portal/');
  });

  it('links to the exact portal page: the order, or the portal (where the trial banner activates)', () => {
    const ctx: EmailContext = { language: 'CS', portalUrl: 'https://app.atime.example/' };
    expect(renderEmail(ctx, SPECS.orderConfirmed).text).toContain(`https://app.atime.example/portal/orders/${SPECS.orderConfirmed.orderNumber}`);
    expect(renderEmail(ctx, SPECS.trialExpired).text).toContain('https://app.atime.example/portal/');
  });

  it('uses Czech plural forms for days', () => {
    const subject = (n: number) => renderEmail({ language: 'CS' }, { type: 'trialReminder', daysLeft: n, trialEndsOn: '2026-12-01' }).subject;
    expect(subject(1)).toBe('Zkušební verze aTime končí za 1 den');
    expect(subject(3)).toBe('Zkušební verze aTime končí za 3 dny');
    expect(subject(7)).toBe('Zkušební verze aTime končí za 7 dní');
    expect(renderEmail({ language: 'EN' }, { type: 'trialReminder', daysLeft: 1, trialEndsOn: '2026-12-01' }).subject).toBe(
      'Your aTime trial ends in 1 day',
    );
  });

  it('escapes user input in the HTML part and keeps it verbatim in the text part', () => {
    const evil = '<script>alert("x")</script> & "quotes"';
    const email = renderEmail({ language: 'CS' }, { ...SPECS.contactFormToSupport, subject: evil, message: `${evil}\nline 2` });
    expect(email.html).not.toContain('<script>');
    expect(email.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &quot;quotes&quot;');
    expect(email.text).toContain(`> ${evil}\n> line 2`);
    expect(email.subject).toContain(evil); // subjects are plain text headers, not HTML
  });

  it('order confirmation: COD says pay on delivery; a service-only order gives no payment instructions', () => {
    const cod = renderEmail({ language: 'CS' }, { ...SPECS.orderConfirmed, paymentMethod: 'COD', amountDueHalere: 3438800, ticketCodes: [], includesServices: false });
    expect(cod.text).toContain('Částku 34 388,00 Kč zaplatíte dopravci při převzetí zásilky (dobírka)');
    expect(cod.text).not.toContain('Variabilní symbol');
    expect(cod.text).not.toContain('měsíčně');
    const servicesOnly = renderEmail(
      { language: 'EN' },
      { ...SPECS.orderConfirmed, amountDueHalere: undefined, dueDate: undefined, variableSymbol: undefined },
    );
    expect(servicesOnly.text).not.toContain('Amount due');
    expect(servicesOnly.text).toContain('billed monthly by use');
  });

  it('payment received: a partial payment states the remaining amount', () => {
    const email = renderEmail({ language: 'CS' }, { type: 'paymentReceived', documentNumber: '2026100042', amountReceivedHalere: 1000000, remainingHalere: 2438820 });
    expect(email.subject).toBe('Přijali jsme částečnou platbu k dokladu 2026100042');
    expect(email.text).toContain('zbývá uhradit 24 388,20 Kč');
    expect(email.text).not.toContain('daňový doklad');
  });

  it('payment reminder on the due day and order cancelled with a credit note and refund', () => {
    const due = renderEmail({ language: 'EN' }, { ...SPECS.paymentReminder, stage: 'DUE_TODAY' });
    expect(due.subject).toBe('Document 2026100042 is due today');
    const cancelled = renderEmail(
      { language: 'CS' },
      { type: 'orderCancelled', orderNumber: 'OBJ-1', reason: 'PARCEL_RETURNED', creditNoteNumber: '2026300007', refundDueHalere: 12345 },
    );
    expect(cancelled.text).toContain('zásilka nebyla převzata a vrátila se');
    expect(cancelled.text).toContain('opravný daňový doklad 2026300007');
    expect(cancelled.text).toContain('Přijatou platbu 123,45 Kč vám vrátíme');
  });

  it('says, in Czech and in English, that the ISDOC e-invoices are attached, only when they are', () => {
    const spec = SPECS.supportInvoice;
    const cs = renderEmail({ language: 'CS', attachedIsdoc: ['2026200051.isdoc'] }, spec);
    expect(cs.text).toContain('ve formátu ISDOC (2026200051.isdoc) pro přímý import do účetního programu');
    expect(cs.html).toContain('ve formátu ISDOC (2026200051.isdoc)');
    const en = renderEmail({ language: 'EN', attachedIsdoc: ['2026100042.isdoc', '2026200042.isdoc'] }, spec);
    expect(en.text).toContain('also attached as ISDOC e-invoices (2026100042.isdoc, 2026200042.isdoc)');
    expect(renderEmail({ language: 'CS', attachedIsdoc: [] }, spec).text).not.toContain('ISDOC');
  });
});
