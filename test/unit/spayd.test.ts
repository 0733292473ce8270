import {
  buildSpayd,
  formatSpaydAmount,
  normalizeIban,
  parseSpayd,
  sanitizeSpaydText,
  SPAYD_PATTERN,
  SpaydError,
} from '../../domain/spayd';
import { isdocFixtures } from '../helpers/isdoc-fixtures';

const IBAN = 'CZ6508000000192000145399'; // 19-2000145399/0800, the published test vector

describe('buildSpayd', () => {
  it('builds the canonical string with amount, currency, VS and message', () => {
    const s = buildSpayd({
      iban: IBAN,
      bic: 'GIBACZPX',
      amountHalere: 123450,
      variableSymbol: '2026100042',
      message: 'Faktura 2026100042',
    });
    expect(s).toBe('SPD*1.0*ACC:CZ6508000000192000145399+GIBACZPX*AM:1234.50*CC:CZK*X-VS:2026100042*MSG:FAKTURA 2026100042');
    expect(s).toMatch(SPAYD_PATTERN);
  });

  it('reproduces the KB example (minus DT, which we never emit)', () => {
    expect(buildSpayd({ iban: 'CZ7801000000000000000123', amountHalere: 79950, variableSymbol: '9562231077' })).toBe(
      'SPD*1.0*ACC:CZ7801000000000000000123*AM:799.50*CC:CZK*X-VS:9562231077',
    );
  });

  it('formats amounts from integer haléře without floating point', () => {
    expect(formatSpaydAmount(1)).toBe('0.01');
    expect(formatSpaydAmount(10)).toBe('0.10');
    expect(formatSpaydAmount(100)).toBe('1.00');
    expect(formatSpaydAmount(3438820)).toBe('34388.20');
    // 0.1 + 0.2 style errors cannot occur: 29 haléřů stays 0.29
    expect(formatSpaydAmount(29)).toBe('0.29');
    expect(formatSpaydAmount(999999999)).toBe('9999999.99'); // the 10-character maximum
  });

  it('rejects amounts that are not positive integers or exceed 10 characters', () => {
    expect(() => formatSpaydAmount(0)).toThrow(SpaydError);
    expect(() => formatSpaydAmount(-100)).toThrow(SpaydError);
    expect(() => formatSpaydAmount(12.5)).toThrow(SpaydError);
    expect(() => formatSpaydAmount(1000000000)).toThrow(/max 10/);
  });

  it('accepts IBANs with spaces and lower case, and rejects a bad checksum', () => {
    expect(normalizeIban('cz65 0800 0000 1920 0014 5399')).toBe(IBAN);
    expect(() => normalizeIban('CZ6608000000192000145399')).toThrow(/checksum/);
    expect(() => normalizeIban('CZ650800000019200014539')).toThrow(/24/);
    expect(() => normalizeIban('not an iban')).toThrow(SpaydError);
  });

  it('strips leading zeros of the VS and rejects non-digits or more than 10 digits', () => {
    expect(parseSpayd(buildSpayd({ iban: IBAN, amountHalere: 100, variableSymbol: '0000123' }))['X-VS']).toBe('123');
    expect(() => buildSpayd({ iban: IBAN, amountHalere: 100, variableSymbol: '12345678901' })).toThrow(SpaydError);
    expect(() => buildSpayd({ iban: IBAN, amountHalere: 100, variableSymbol: '12A' })).toThrow(SpaydError);
    expect(() => buildSpayd({ iban: IBAN, amountHalere: 100, variableSymbol: '000' })).toThrow(SpaydError);
  });

  it('rejects an invalid BIC', () => {
    expect(() => buildSpayd({ iban: IBAN, bic: 'X', amountHalere: 100, variableSymbol: '1' })).toThrow(/BIC/);
  });

  it.each(['support invoice', 'proforma'])('the %s QR code carries no DT (banks read it as the execution date), while the due date stays printed', (kind) => {
    const fixture = isdocFixtures().find((f) => f.name.includes(kind))!;
    const qr = fixture.content.qrPayment!;
    expect(fixture.content.dueDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const fields = parseSpayd(buildSpayd(qr));
    expect(fields).not.toHaveProperty('DT');
    expect(fields).toMatchObject({ AM: expect.any(String), 'X-VS': fixture.content.number });
  });

  it('escapes * and %, removes diacritics and never lets a value break the structure', () => {
    const s = buildSpayd({
      iban: IBAN,
      amountHalere: 100,
      variableSymbol: '1',
      message: 'Příliš žluťoučký kůň *100% úpěl*',
      recipientName: 'aTime s.r.o.',
    });
    expect(s).toMatch(SPAYD_PATTERN);
    expect(s).toContain('MSG:PRILIS ZLUTOUCKY KUN %2A100%25 UPEL%2A');
    expect(s).toContain('*RN:ATIME S.R.O.');
    expect(s.split('*')).toHaveLength(8); // SPD, 1.0 and six fields: no stray separators
    const parsed = parseSpayd(s);
    expect(parsed.MSG).toBe('PRILIS ZLUTOUCKY KUN *100% UPEL*');
    expect(parsed.RN).toBe('ATIME S.R.O.');
  });

  it('cuts MSG to 60 and RN to 35 characters without splitting an escape', () => {
    expect(sanitizeSpaydText('A'.repeat(100), 60)).toHaveLength(60);
    const cut = sanitizeSpaydText(`${'A'.repeat(58)}*B`, 60);
    expect(cut).toBe('A'.repeat(58)); // %2A would need 3 characters, so it is dropped whole
    const s = buildSpayd({ iban: IBAN, amountHalere: 100, variableSymbol: '1', message: 'x'.repeat(80), recipientName: 'y'.repeat(50) });
    expect(parseSpayd(s).MSG).toHaveLength(60);
    expect(parseSpayd(s).RN).toHaveLength(35);
  });

  it('replaces characters outside ASCII that have no decomposition, and omits an empty message', () => {
    expect(sanitizeSpaydText('Zahlung für € 5 – ß', 60)).toBe('ZAHLUNG FUR 5');
    const s = buildSpayd({ iban: IBAN, amountHalere: 100, variableSymbol: '1', message: '   ' });
    expect(s).not.toContain('MSG');
  });
});

describe('parseSpayd', () => {
  it('parses keys and values, tolerating a trailing *', () => {
    expect(parseSpayd('SPD*1.0*ACC:CZ2806000000000168540115*AM:450.00*CC:CZK*MSG:PLATBA ZA ZBOZI*X-VS:1234567890*')).toEqual({
      ACC: 'CZ2806000000000168540115',
      AM: '450.00',
      CC: 'CZK',
      MSG: 'PLATBA ZA ZBOZI',
      'X-VS': '1234567890',
    });
  });

  it('rejects strings that are not SPAYD', () => {
    expect(() => parseSpayd('SPD*1.0')).toThrow(SpaydError);
    expect(() => parseSpayd('HELLO*1.0*ACC:CZ1')).toThrow(SpaydError);
    expect(() => parseSpayd('SPD*1.0*ACC')).toThrow(SpaydError);
  });
});
