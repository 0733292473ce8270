import type { DocumentContent, DocumentKind, DocumentLine } from './document-content';

/**
 * Realistic example contents for tests, the PDF benchmark and template previews. Amounts are
 * consistent (lines sum to the VAT summary and totals) so they also show how the lead's builder
 * is expected to fill the type.
 */
function line(
  description: string,
  unit: string,
  quantity: number,
  unitPriceHalere: number,
  vatRatePercent = 21,
  detail?: string,
): DocumentLine {
  const netHalere = Math.round(quantity * unitPriceHalere);
  const vatHalere = Math.round((netHalere * vatRatePercent) / 100);
  return { description, unit, quantity, unitPriceHalere, vatRatePercent, netHalere, vatHalere, grossHalere: netHalere + vatHalere, detail };
}

function summarize(lines: DocumentLine[]) {
  const byRate = new Map<number, { ratePercent: number; baseHalere: number; vatHalere: number; grossHalere: number }>();
  for (const l of lines) {
    const s = byRate.get(l.vatRatePercent) ?? { ratePercent: l.vatRatePercent, baseHalere: 0, vatHalere: 0, grossHalere: 0 };
    s.baseHalere += l.netHalere;
    s.vatHalere += l.vatHalere;
    s.grossHalere += l.grossHalere;
    byRate.set(l.vatRatePercent, s);
  }
  const vatSummary = [...byRate.values()].sort((a, b) => b.ratePercent - a.ratePercent);
  const netHalere = vatSummary.reduce((a, s) => a + s.baseHalere, 0);
  const vatHalere = vatSummary.reduce((a, s) => a + s.vatHalere, 0);
  return { vatSummary, netHalere, vatHalere, grossHalere: netHalere + vatHalere };
}

const supplier: DocumentContent['supplier'] = {
  name: 'aTime s.r.o.',
  street: 'Příkladová 1234/5',
  city: 'Praha 4',
  postalCode: '140 00',
  country: 'Česká republika',
  ico: '27082440',
  dic: 'CZ27082440',
  registry: 'Zapsáno v obchodním rejstříku vedeném Městským soudem v Praze, oddíl C, vložka 99999',
  email: 'fakturace@atime.example',
  bankAccount: '2800000000/2010',
  iban: 'CZ4620100000002800000000',
  bic: 'FIOBCZPPXXX',
};

const customer: DocumentContent['customer'] = {
  name: 'Žluťoučký kůň a.s.',
  street: 'Úpětí 12',
  city: 'Brno',
  postalCode: '602 00',
  country: 'Česká republika',
  ico: '12345678',
  dic: 'CZ12345678',
  email: 'ucetni@kun.example',
};

export function sampleDocumentContent(kind: DocumentKind, overrides: Partial<DocumentContent> = {}): DocumentContent {
  const sign = kind === 'CREDIT_NOTE' ? -1 : 1;
  const lines =
    overrides.lines ??
    [
      line('Docházkový terminál aTime T1 (RFID čtečka, Ethernet/Wi-Fi)', 'ks', 2, 1299000),
      line('Bezkontaktní identifikační karta (ISO 14443A)', 'ks', 50, 3900),
      line('Bezkontaktní klíčenka', 'ks', 10, 4900),
    ].map((l) => ({
      ...l,
      quantity: l.quantity * sign,
      netHalere: l.netHalere * sign,
      vatHalere: l.vatHalere * sign,
      grossHalere: l.grossHalere * sign,
    }));
  const sums = summarize(lines);
  const base: DocumentContent = {
    kind,
    language: 'CS',
    number: { ORDER_CONFIRMATION: 'OBJ-2026-000042', PROFORMA_INVOICE: '2026100042', TAX_INVOICE: '2026200042', CREDIT_NOTE: '2026300007' }[kind],
    orderNumber: 'OBJ-2026-000042',
    issueDate: '2026-11-25',
    taxableSupplyDate: kind === 'TAX_INVOICE' || kind === 'CREDIT_NOTE' ? '2026-11-25' : undefined,
    dueDate: kind === 'CREDIT_NOTE' || kind === 'ORDER_CONFIRMATION' ? undefined : '2026-12-09',
    variableSymbol: kind === 'ORDER_CONFIRMATION' ? undefined : '2026100042',
    paymentMethod: 'BANK_TRANSFER',
    supplier,
    customer,
    deliveryAddress: kind === 'ORDER_CONFIRMATION' ? { ...customer, name: 'Žluťoučký kůň a.s. – sklad', street: 'Skladová 7' } : undefined,
    lines,
    ...sums,
    payableHalere: kind === 'CREDIT_NOTE' ? 0 : sums.grossHalere,
    correctsNumber: kind === 'CREDIT_NOTE' ? '2026200042' : undefined,
    reason: kind === 'CREDIT_NOTE' ? 'Zrušení objednávky – zásilka vrácena' : undefined,
    notes: kind === 'ORDER_CONFIRMATION' ? ['Podpora aTime Support se účtuje měsíčně podle skutečného čerpání.'] : [],
    termsUrl: 'https://www.atime.cz/obchodni-podminky',
    qrPayment:
      kind === 'PROFORMA_INVOICE' || kind === 'TAX_INVOICE'
        ? { iban: supplier.iban, bic: supplier.bic, amountHalere: sums.grossHalere, variableSymbol: '2026100042', message: 'Faktura 2026100042' }
        : undefined,
  };
  return { ...base, ...overrides };
}

/** A month-end support invoice: one line per support day, with the ticket code as detail. */
export function sampleSupportInvoice(overrides: Partial<DocumentContent> = {}): DocumentContent {
  const lines = [
    line('aTime Support – servisní tiket', 'h', 1.25, 129000, 21, '3. 11. 2026 · tiket SUP-7KQ2-M4XD · 1 h 15 min'),
    line('aTime Support – servisní tiket', 'h', 2, 129000, 21, '17. 11. 2026 · tiket SUP-9TZP-R2LA · 2 h 00 min'),
  ];
  const sums = summarize(lines);
  return sampleDocumentContent('TAX_INVOICE', {
    number: '2026200051',
    orderNumber: undefined,
    issueDate: '2026-12-01',
    taxableSupplyDate: '2026-11-30',
    dueDate: '2026-12-15',
    variableSymbol: '2026200051',
    supportMonth: '2026-11',
    lines,
    ...sums,
    payableHalere: sums.grossHalere,
    qrPayment: { iban: supplier.iban, bic: supplier.bic, amountHalere: sums.grossHalere, variableSymbol: '2026200051', message: 'Faktura 2026200051' },
    ...overrides,
  });
}

/** COD tax invoice: total rounded half-up to whole crowns, the difference as an untaxed line. */
export function sampleCodTaxInvoice(overrides: Partial<DocumentContent> = {}): DocumentContent {
  const base = sampleDocumentContent('TAX_INVOICE', { paymentMethod: 'COD', qrPayment: undefined });
  const rounded = Math.round(base.grossHalere / 100) * 100;
  return { ...base, roundingHalere: rounded - base.grossHalere, payableHalere: rounded, ...overrides };
}

/** Final tax invoice after the proforma was paid in full: the advance is deducted, nothing is due. */
export function sampleTaxInvoiceAfterProforma(overrides: Partial<DocumentContent> = {}): DocumentContent {
  const base = sampleDocumentContent('TAX_INVOICE', { qrPayment: undefined });
  return { ...base, settledProformaNumber: '2026100042', paidHalere: base.grossHalere, payableHalere: 0, ...overrides };
}
