import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { parseSpayd } from '../../domain/spayd';
import { renderDocumentHtml } from '../../documents/render-document-html';
import {
  sampleCodTaxInvoice,
  sampleDocumentContent,
  sampleSupportInvoice,
  sampleTaxInvoiceAfterProforma,
} from '../../scripts/fixtures/sample-documents';
import type { DocumentKind } from '../../documents/document-content';

/** What a reader sees: tags removed, entities decoded, whitespace collapsed. */
function visibleText(html: string): string {
  return html
    .replace(/<style[\s\S]*?<\/style>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
}

function qrPayloads(html: string): string[] {
  return [...html.matchAll(/src="data:image\/png;base64,([^"]+)"/g)].map((m) => {
    const png = PNG.sync.read(Buffer.from(m[1]!, 'base64'));
    const code = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
    if (!code) throw new Error('embedded PNG is not a readable QR code');
    return code.data;
  });
}

const KINDS: DocumentKind[] = ['ORDER_CONFIRMATION', 'PROFORMA_INVOICE', 'TAX_INVOICE', 'CREDIT_NOTE'];

describe('renderDocumentHtml', () => {
  it.each(KINDS)('%s carries both parties with IČO/DIČ, the registry entry, number, dates and terms', async (kind) => {
    const content = sampleDocumentContent(kind);
    const html = renderDocumentHtml(content);
    const text = visibleText(html);
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    for (const expected of [
      'Dodavatel', 'aTime s.r.o.', 'Příkladová 1234/5', 'IČO: 27082440', 'DIČ: CZ27082440',
      'oddíl C, vložka 99999',
      'Odběratel', 'Žluťoučký kůň a.s.', 'IČO: 12345678', 'DIČ: CZ12345678',
      content.number, 'Datum vystavení 25. 11. 2026',
      'Docházkový terminál aTime T1', '2 ks', '12 990,00 Kč', '21 %',
      'https://www.atime.cz/obchodni-podminky',
    ]) {
      expect(text).toContain(expected);
    }
  });

  it('is self-contained: no scripts, stylesheets links or external URLs in attributes', async () => {
    for (const kind of KINDS) {
      const html = renderDocumentHtml(sampleDocumentContent(kind));
      expect(html).not.toMatch(/<script|<link|@import|url\(/i);
      expect(html).not.toMatch(/(src|href)="(?!data:)/);
    }
  });

  it('tax invoice: DUZP, VAT recap per rate to the haléř, totals, QR Platba with the amount due', async () => {
    const content = sampleDocumentContent('TAX_INVOICE', {
      lines: [
        ...sampleDocumentContent('TAX_INVOICE').lines,
        { description: 'Kniha docházky', unit: 'ks', quantity: 1, unitPriceHalere: 10000, vatRatePercent: 12, netHalere: 10000, vatHalere: 1200, grossHalere: 11200 },
      ],
      vatSummary: [
        { ratePercent: 21, baseHalere: 2842000, vatHalere: 596820, grossHalere: 3438820 },
        { ratePercent: 12, baseHalere: 10000, vatHalere: 1200, grossHalere: 11200 },
      ],
      netHalere: 2852000,
      vatHalere: 598020,
      grossHalere: 3450020,
      payableHalere: 3450020,
      qrPayment: { iban: 'CZ4620100000002800000000', bic: 'FIOBCZPPXXX', amountHalere: 3450020, variableSymbol: '2026200042', message: 'Faktura 2026200042' },
    });
    const html = renderDocumentHtml(content);
    const text = visibleText(html);
    expect(text).toContain('Faktura – daňový doklad');
    expect(text).toContain('Datum uskutečnění zdanitelného plnění (DUZP) 25. 11. 2026');
    expect(text).toContain('Datum splatnosti 9. 12. 2026');
    expect(text).toContain('Rekapitulace DPH v Kč');
    expect(text).toContain('21 % 28 420,00 Kč 5 968,20 Kč 34 388,20 Kč');
    expect(text).toContain('12 % 100,00 Kč 12,00 Kč 112,00 Kč');
    expect(text).toContain('Součet 28 520,00 Kč 5 980,20 Kč 34 500,20 Kč');
    expect(text).toContain('K úhradě 34 500,20 Kč');
    expect(text).toContain('Variabilní symbol 2026100042');
    expect(text).toContain('IBAN CZ4620100000002800000000');
    expect(text).toContain('§ 29 zákona č. 235/2004 Sb.');
    expect(text).toContain('QR Platba');
    const [spayd] = qrPayloads(html);
    expect(parseSpayd(spayd!)).toEqual({
      ACC: 'CZ4620100000002800000000+FIOBCZPPXXX',
      AM: '34500.20',
      CC: 'CZK',
      'X-VS': '2026200042',
      MSG: 'FAKTURA 2026200042',
    });
  });

  it('proforma: says it is not a tax document, has QR Platba, no DUZP', async () => {
    const html = renderDocumentHtml(sampleDocumentContent('PROFORMA_INVOICE'));
    const text = visibleText(html);
    expect(text).toContain('Zálohová faktura');
    expect(text.toLowerCase()).toContain('není daňový doklad');
    expect(text).not.toContain('DUZP');
    expect(qrPayloads(html)).toHaveLength(1);
    expect(parseSpayd(qrPayloads(html)[0]!).AM).toBe('34388.20');
  });

  it('order confirmation: every line, payment type, delivery address, notes and terms; no QR', async () => {
    const html = renderDocumentHtml(sampleDocumentContent('ORDER_CONFIRMATION'));
    const text = visibleText(html);
    expect(text).toContain('Potvrzení objednávky');
    expect(text).toContain('Forma úhrady Bankovní převod');
    expect(text).toContain('Dodací adresa Žluťoučký kůň a.s. – sklad Skladová 7');
    expect(text).toContain('Bezkontaktní identifikační karta (ISO 14443A) 50 ks 39,00 Kč');
    expect(text).toContain('Bezkontaktní klíčenka 10 ks 49,00 Kč');
    expect(text).toContain('Podpora aTime Support se účtuje měsíčně podle skutečného čerpání.');
    expect(text).toContain('Objednávka se řídí obchodními podmínkami dodavatele: https://www.atime.cz/obchodni-podminky');
    expect(qrPayloads(html)).toHaveLength(0);
  });

  it('order confirmation without a delivery address says it is the customer address', async () => {
    const text = visibleText(renderDocumentHtml(sampleDocumentContent('ORDER_CONFIRMATION', { deliveryAddress: undefined })));
    expect(text).toContain('Dodací adresa Shodná s adresou odběratele');
  });

  it('COD tax invoice: marked Dobírka, untaxed rounding line, whole-crown total, no QR', async () => {
    const html = renderDocumentHtml(sampleCodTaxInvoice());
    const text = visibleText(html);
    expect(text).toContain('Forma úhrady Dobírka');
    expect(text).toContain('Celkem s DPH 34 388,20 Kč');
    expect(text).toContain('Zaokrouhlení (mimo základ DPH) -0,20 Kč');
    expect(text).toContain('K úhradě dobírkou 34 388,00 Kč');
    expect(text).toContain('Dobírka – částku 34 388,00 Kč uhradíte dopravci při převzetí zásilky.');
    expect(qrPayloads(html)).toHaveLength(0);
  });

  it('COD documents state the supplier bank account and IBAN (refunds and the carrier payout go by transfer)', async () => {
    for (const content of [sampleCodTaxInvoice(), sampleDocumentContent('ORDER_CONFIRMATION', { paymentMethod: 'COD' })]) {
      const text = visibleText(renderDocumentHtml(content));
      expect(text).toContain(`Bankovní účet ${content.supplier.bankAccount}`);
      expect(text).toContain(`IBAN ${content.supplier.iban}`);
    }
  });

  it('tax invoice after a proforma: deducts the advance, nothing due, no QR even if one is given', async () => {
    const content = sampleTaxInvoiceAfterProforma({
      qrPayment: { iban: 'CZ4620100000002800000000', amountHalere: 100, variableSymbol: '1' },
    });
    const html = renderDocumentHtml(content);
    const text = visibleText(html);
    expect(text).toContain('Uhrazeno zálohou (zálohová faktura č. 2026100042) -34 388,20 Kč');
    expect(text).toContain('K úhradě 0,00 Kč');
    expect(text).toContain('Uhrazeno zálohou – neplaťte.');
    expect(qrPayloads(html)).toHaveLength(0);
  });

  it('support invoice: the month, one line per day with its detail, fractional hours', async () => {
    const html = renderDocumentHtml(sampleSupportInvoice());
    const text = visibleText(html);
    expect(text).toContain('Vyúčtování podpory aTime Support za období listopad 2026');
    expect(text).toContain('Zúčtovací období listopad 2026');
    expect(text).toContain('DUZP) 30. 11. 2026');
    expect(text).toContain('3. 11. 2026 · tiket SUP-7KQ2-M4XD · 1 h 15 min');
    expect(text).toContain('1,25 h 1 290,00 Kč 21 % 1 612,50 Kč 338,63 Kč 1 951,13 Kč');
    expect(parseSpayd(qrPayloads(html)[0]!)['X-VS']).toBe('2026200051');
  });

  it('credit note: own number, corrected number, reason, negative differences per rate, no QR', async () => {
    const html = renderDocumentHtml(sampleDocumentContent('CREDIT_NOTE', { payableHalere: -3438820 }));
    const text = visibleText(html);
    expect(text).toContain('Opravný daňový doklad 2026300007');
    expect(text).toContain('Opravovaný doklad 2026200042');
    expect(text).toContain('k dokladu č. 2026200042');
    expect(text).toContain('Důvod opravy: Zrušení objednávky – zásilka vrácena');
    expect(text).toContain('Rozdíly podle sazeb DPH v Kč');
    expect(text).toContain('21 % -28 420,00 Kč -5 968,20 Kč -34 388,20 Kč');
    expect(text).toContain('Rozdíl celkem s DPH -34 388,20 Kč');
    expect(text).toContain('K vrácení odběrateli 34 388,20 Kč');
    expect(qrPayloads(html)).toHaveLength(0);
  });

  it('English: labels, CZK formatting and dates', async () => {
    const html = renderDocumentHtml(sampleDocumentContent('TAX_INVOICE', { language: 'EN' }));
    const text = visibleText(html);
    expect(html).toContain('<html lang="en">');
    expect(text).toContain('Invoice – tax document');
    expect(text).toContain('Date of taxable supply 25 Nov 2026');
    expect(text).toContain('Supplier');
    expect(text).toContain('VAT ID (DIČ): CZ12345678');
    expect(text).toContain('Amount due CZK 34,388.20');
    expect(text).toContain('21% CZK 28,420.00 CZK 5,968.20 CZK 34,388.20');
    const proforma = visibleText(renderDocumentHtml(sampleDocumentContent('PROFORMA_INVOICE', { language: 'EN' })));
    expect(proforma).toContain('not a tax document');
  });

  it('escapes every value taken from the content', async () => {
    const evil = '<script>alert("x")</script> & <b>Co</b>';
    const html = renderDocumentHtml(
      sampleDocumentContent('ORDER_CONFIRMATION', {
        customer: { ...sampleDocumentContent('ORDER_CONFIRMATION').customer, name: evil, street: '"><img src=x onerror=1>' },
        notes: ['<i>note</i>'],
        lines: [{ ...sampleDocumentContent('ORDER_CONFIRMATION').lines[0]!, description: 'A & B <c>', detail: "it's" }],
      }),
    );
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<img src=x');
    expect(html).not.toContain('<i>note');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;Co&lt;/b&gt;');
    expect(html).toContain('A &amp; B &lt;c&gt;');
    expect(html).toContain('it&#39;s');
    expect(visibleText(html)).toContain(evil);
  });

  it('refuses a tax document without DUZP and a credit note without its reason', async () => {
    expect(() => renderDocumentHtml(sampleDocumentContent('TAX_INVOICE', { taxableSupplyDate: undefined }))).toThrow(/taxableSupplyDate/);
    expect(() => renderDocumentHtml(sampleDocumentContent('CREDIT_NOTE', { reason: undefined }))).toThrow(/reason/);
  });

  it('is deterministic: the same content renders to the same HTML', async () => {
    const content = sampleDocumentContent('PROFORMA_INVOICE');
    expect(renderDocumentHtml(content)).toBe(renderDocumentHtml(structuredClone(content)));
  });
});
