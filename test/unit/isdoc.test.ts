import { halereToDecimalString } from '../../domain/money';
import { sampleDocumentContent } from '../../scripts/fixtures/sample-documents';
import { hasIsdoc, IsdocError, isdocInvoiceOf, type IsdocInvoice } from '../../documents/isdoc/isdoc-invoice';
import { isdocRuleViolations } from '../../documents/isdoc/isdoc-rules';
import { buildIsdocXml, serializeIsdoc } from '../../documents/isdoc/isdoc-xml';
import { isdocFixtures } from '../helpers/isdoc-fixtures';
import { validateIsdocXsd } from '../helpers/isdoc-xsd';

/** Text of every <name> element in `xml` (elements here never nest in themselves). */
const all = (xml: string, name: string) => [...xml.matchAll(new RegExp(`<${name}(?: [^>]*)?>([\\s\\S]*?)</${name}>`, 'g'))].map((m) => m[1]!);
const one = (xml: string, name: string) => {
  const found = all(xml, name);
  if (found.length !== 1) throw new Error(`expected one <${name}>, found ${found.length}`);
  return found[0]!;
};
const money = (halere: number) => halereToDecimalString(halere);

const fixtures = isdocFixtures();

describe('ISDOC of every document kind we issue', () => {
  test.each(fixtures.map((f) => [f.name, f] as const))('%s validates against the official XSD', async (_name, f) => {
    const xml = buildIsdocXml(f.content, f.facts);
    const result = await validateIsdocXsd(xml);
    expect(result.errors).toEqual([]);
    expect(result.valid).toBe(true);
  });

  test.each(fixtures.map((f) => [f.name, f] as const))('%s states the same amounts, dates and payment as its content', (_name, f) => {
    const c = f.content;
    const xml = buildIsdocXml(f.content, f.facts);
    const sign = c.kind === 'CREDIT_NOTE' ? -1 : 1;
    expect(one(xml, 'DocumentType')).toBe({ TAX_INVOICE: '1', CREDIT_NOTE: '2', PROFORMA_INVOICE: '4' }[c.kind as string]);
    expect(all(xml, 'ID')[0]).toBe(c.number);
    expect(all(xml, 'UUID')[0]).toBe(f.facts.documentId);
    expect(all(xml, 'IssueDate')[0]).toBe(c.issueDate);
    expect(all(xml, 'TaxPointDate')).toEqual(c.kind === 'TAX_INVOICE' ? [c.taxableSupplyDate] : []);

    const total = one(xml, 'LegalMonetaryTotal');
    expect(one(total, 'TaxExclusiveAmount')).toBe(money(sign * c.netHalere));
    expect(one(total, 'TaxInclusiveAmount')).toBe(money(sign * c.grossHalere));
    expect(one(total, 'PayableAmount')).toBe(money(sign * c.payableHalere));
    expect(one(total, 'PaidDepositsAmount')).toBe(money(c.paidHalere ?? 0));
    expect(all(total, 'PayableRoundingAmount')).toEqual(c.roundingHalere === undefined ? [] : [money(sign * c.roundingHalere)]);
    const taxTotal = one(xml, 'TaxTotal');
    const subTotals = all(taxTotal, 'TaxSubTotal');
    expect(
      subTotals.map((s) => ({
        ratePercent: Number(one(one(s, 'TaxCategory'), 'Percent')),
        baseHalere: one(s, 'TaxableAmount'),
        vatHalere: one(s, 'TaxAmount'),
        grossHalere: one(s, 'TaxInclusiveAmount'),
      })),
    ).toEqual(
      c.vatSummary.map((s) => ({
        ratePercent: s.ratePercent,
        baseHalere: money(sign * s.baseHalere),
        vatHalere: money(sign * s.vatHalere),
        grossHalere: money(sign * s.grossHalere),
      })),
    );
    expect(all(taxTotal, 'TaxAmount').at(-1)).toBe(money(sign * c.vatHalere));
    expect(all(xml, 'LineExtensionAmount')).toEqual(c.lines.map((l) => money(sign * l.netHalere)));

    const payments = all(xml, 'Payment');
    if (c.kind === 'CREDIT_NOTE' || c.payableHalere === 0) {
      expect(payments).toEqual([]);
    } else if (c.paymentMethod === 'COD') {
      expect(one(payments[0]!, 'PaymentMeansCode')).toBe('10');
      expect(one(payments[0]!, 'PaidAmount')).toBe(money(c.payableHalere));
    } else {
      const p = payments[0]!;
      expect(one(p, 'PaymentMeansCode')).toBe('42');
      expect(one(p, 'PaidAmount')).toBe(money(c.payableHalere));
      expect(one(p, 'PaymentDueDate')).toBe(c.dueDate);
      expect(one(p, 'VariableSymbol')).toBe(c.variableSymbol);
      expect(one(p, 'IBAN')).toBe(c.supplier.iban);
      expect(`${one(p, 'ID')}/${one(p, 'BankCode')}`).toBe(c.supplier.bankAccount);
      // The QR code the PDF prints asks for the same amount and symbol.
      expect(c.qrPayment).toMatchObject({ amountHalere: c.payableHalere, variableSymbol: one(p, 'VariableSymbol'), iban: one(p, 'IBAN') });
    }
  });

  test('a credit note references the corrected document, line by line, with positive amounts', () => {
    const f = fixtures.find((x) => x.name === 'credit note of the COD invoice')!;
    const xml = buildIsdocXml(f.content, f.facts);
    const ref = one(xml, 'OriginalDocumentReferences');
    expect(one(ref, 'ID')).toBe(f.content.correctsNumber);
    expect(one(ref, 'UUID')).toBe(f.facts.corrects!.documentId);
    expect(one(ref, 'IssueDate')).toBe(f.facts.corrects!.issueDate);
    expect(all(xml, 'LineID')).toEqual(f.content.lines.map((_l, i) => String(i + 1)));
    expect(all(xml, 'InvoicedQuantity').every((q) => Number(q) > 0)).toBe(true);
    expect(one(one(xml, 'LegalMonetaryTotal'), 'PayableAmount')).toBe(money(-f.content.payableHalere));
    expect(Number(one(one(xml, 'LegalMonetaryTotal'), 'PayableAmount'))).toBeGreaterThan(0);
  });

  test('a tax invoice after a paid proforma states the deposit and nothing payable', () => {
    const f = fixtures.find((x) => x.name === 'tax invoice after a paid proforma')!;
    const xml = buildIsdocXml(f.content, f.facts);
    const deposit = one(xml, 'NonTaxedDeposit');
    expect(one(deposit, 'ID')).toBe(f.content.settledProformaNumber);
    expect(one(deposit, 'DepositAmount')).toBe(money(f.content.paidHalere!));
    expect(one(xml, 'PaidDepositsAmount')).toBe(money(f.content.grossHalere));
    expect(one(xml, 'PayableAmount')).toBe('0.00');
  });

  test('the COD rounding is the untaxed PayableRoundingAmount, outside every VAT base', () => {
    const f = fixtures.find((x) => x.name === 'COD tax invoice with rounding')!;
    expect(f.content.roundingHalere).not.toBe(0);
    const xml = buildIsdocXml(f.content, f.facts);
    expect(one(xml, 'PayableRoundingAmount')).toBe(money(f.content.roundingHalere!));
    expect(one(xml, 'PayableAmount')).toBe(money(f.content.payableHalere));
    expect(f.content.payableHalere % 100).toBe(0);
    expect(all(xml, 'InvoiceLine')).toHaveLength(f.content.lines.length);
  });

  test('rendering again gives the same bytes; special characters are escaped', () => {
    for (const f of fixtures) expect(buildIsdocXml(f.content, f.facts)).toBe(buildIsdocXml(structuredClone(f.content), { ...f.facts }));
    const xml = buildIsdocXml(fixtures[0]!.content, fixtures[0]!.facts);
    expect(xml).toContain('<Name>Žluťoučký kůň a.s. &amp; &quot;syn&quot; &lt;dílna&gt;</Name>');
    const control = { ...fixtures[0]!.content, customer: { ...fixtures[0]!.content.customer, name: 'Bad\u0007name' } };
    expect(() => buildIsdocXml(control, fixtures[0]!.facts)).toThrow(IsdocError);
  });

  test('the order confirmation gets no ISDOC', () => {
    expect(hasIsdoc('ORDER_CONFIRMATION')).toBe(false);
    expect(['PROFORMA_INVOICE', 'TAX_INVOICE', 'CREDIT_NOTE'].every((k) => hasIsdoc(k as 'TAX_INVOICE'))).toBe(true);
    expect(() => buildIsdocXml(sampleDocumentContent('ORDER_CONFIRMATION'), { documentId: fixtures[0]!.facts.documentId })).toThrow(
      /gets no ISDOC/,
    );
  });
});

describe('a broken ISDOC is rejected', () => {
  const good = buildIsdocXml(fixtures[1]!.content, fixtures[1]!.facts);

  test('by the XSD: a missing UUID', async () => {
    const result = await validateIsdocXsd(good.replace(/\s*<UUID>[^<]*<\/UUID>/, ''));
    expect(result.valid).toBe(false);
    expect(result.errors.join('\n')).toMatch(/UUID/);
  });

  test('by the XSD: a wrong DocumentType', async () => {
    const result = await validateIsdocXsd(good.replace('<DocumentType>1</DocumentType>', '<DocumentType>9</DocumentType>'));
    expect(result.valid).toBe(false);
    expect(result.errors.join('\n')).toMatch(/DocumentType/);
  });

  test('by the XSD: a malformed UUID, which the issue-time rules reject too', async () => {
    const bad = { ...fixtures[1]!.facts, documentId: 'order-2026-000042' };
    expect(() => buildIsdocXml(fixtures[1]!.content, bad)).toThrow(/UUID/);
    const xml = serializeIsdoc(isdocInvoiceOf(fixtures[1]!.content, bad));
    expect((await validateIsdocXsd(xml)).valid).toBe(false);
  });
});

describe('the rules the XSD cannot check', () => {
  const model = (name: string): IsdocInvoice => {
    const f = fixtures.find((x) => x.name === name)!;
    return isdocInvoiceOf(f.content, f.facts);
  };
  const creditNote = () => model('credit note of the COD invoice');
  const invoice = () => model('COD tax invoice with rounding');

  test('every fixture passes', () => {
    for (const f of fixtures) expect(isdocRuleViolations(isdocInvoiceOf(f.content, f.facts))).toEqual([]);
  });

  const cases: [string, () => IsdocInvoice, RegExp][] = [
    ['credit note without the original document', () => ({ ...creditNote(), originalDocument: undefined }), /reference the original/],
    ['credit note with a TaxPointDate', () => ({ ...creditNote(), taxPointDate: '2026-11-20' }), /no TaxPointDate/],
    [
      'credit note with negative amounts',
      () => {
        const m = creditNote();
        return { ...m, lines: m.lines.map((l) => ({ ...l, netHalere: -l.netHalere })) };
      },
      /positive amounts/,
    ],
    ['duplicate line ids', () => ({ ...invoice(), lines: invoice().lines.map((l) => ({ ...l, id: '1' })) }), /not unique/],
    ['line id over 36 characters', () => ({ ...invoice(), lines: invoice().lines.map((l, i) => ({ ...l, id: `${'x'.repeat(36)}${i}` })) }), /1 to 36/],
    [
      'a rate whose lines do not sum to its base',
      () => ({ ...invoice(), taxSubTotals: invoice().taxSubTotals.map((s, i) => (i === 0 ? { ...s, taxableHalere: s.taxableHalere + 1 } : s)) }),
      /lines sum to/,
    ],
    ['VAT total not the sum of the rates', () => ({ ...invoice(), taxHalere: invoice().taxHalere + 1 }), /TaxTotal\/TaxAmount/],
    ['payable not total + rounding − deposits', () => ({ ...invoice(), roundingHalere: 0 }), /PayableAmount =/],
    ['tax invoice without TaxPointDate', () => ({ ...invoice(), taxPointDate: undefined }), /TaxPointDate \(DUZP\)/],
    ['UUID not 8-4-4-4-12', () => ({ ...invoice(), uuid: 'abc' }), /UUID "abc"/],
    ['an impossible date', () => ({ ...invoice(), issueDate: '2026-02-30' }), /IssueDate/],
    [
      'a transfer with a non-numeric variable symbol',
      () => {
        const m = model('proforma invoice (bank transfer)');
        return { ...m, payment: { ...(m.payment as Extract<IsdocInvoice['payment'], { code: 42 }>), variableSymbol: 'OBJ-1' } };
      },
      /VariableSymbol/,
    ],
  ];
  test.each(cases)('rejects %s', (_name, broken, message) => {
    const violations = isdocRuleViolations(broken());
    expect(violations.join('\n')).toMatch(message);
  });
});
