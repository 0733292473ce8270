import { icoCheckDigit, isValidDic, isValidIco, normalizeDic, normalizeIco } from '../../domain/czech-ids';

describe('isValidIco', () => {
  it.each([
    '27082440', // Alza.cz a.s. (remainder 1 → check 0)
    '25596641', // remainder 0 → check 1
    '00006947', // Ministerstvo financí (leading zeros)
    '45274649', // ČEZ, a. s.
    '00064581', // Hlavní město Praha
    '26168685', // remainder 6 → check 5
    '00000051', // synthetic: remainder 10 → check 1
  ])('accepts %s', (ico) => {
    expect(isValidIco(ico)).toBe(true);
  });

  it.each([
    '27082441', // wrong check digit
    '25596640',
    '00006948',
    '00000050', // remainder 10 needs check digit 1, not 0
    '6947', // not padded
    '2708244', // 7 digits
    '270824400', // 9 digits
    '2708244O', // letter O
    ' 27082440',
    '27 082 440',
    '',
    '00000000',
  ])('rejects %p', (ico) => {
    expect(isValidIco(ico)).toBe(false);
  });

  it('rejects non-strings', () => {
    expect(isValidIco(27082440 as unknown as string)).toBe(false);
  });
});

describe('icoCheckDigit', () => {
  it('applies the weights 8..2 and the special remainders', () => {
    expect(icoCheckDigit('2559664')).toBe(1); // sum 176, remainder 0
    expect(icoCheckDigit('2708244')).toBe(0); // sum 133, remainder 1
    expect(icoCheckDigit('0000694')).toBe(7); // sum 59, remainder 4
    expect(icoCheckDigit('0000005')).toBe(1); // sum 10, remainder 10
    expect(icoCheckDigit('2616868')).toBe(5); // sum 160, remainder 6
  });

  it('needs exactly seven digits', () => {
    expect(() => icoCheckDigit('123')).toThrow(RangeError);
  });
});

describe('normalizeIco', () => {
  it('removes spaces and pads to 8 digits as the register shows it', () => {
    expect(normalizeIco('6947')).toBe('00006947');
    expect(normalizeIco(' 270 82 440 ')).toBe('27082440');
    expect(normalizeIco('27082440')).toBe('27082440');
    expect(normalizeIco('1')).toBe('00000001');
  });

  it('returns null for anything but 1–8 digits', () => {
    expect(normalizeIco('')).toBeNull();
    expect(normalizeIco('123456789')).toBeNull();
    expect(normalizeIco('CZ27082440')).toBeNull();
    expect(normalizeIco('27-082-440')).toBeNull();
  });

  it('composes with isValidIco', () => {
    expect(isValidIco(normalizeIco('6947')!)).toBe(true);
    expect(isValidIco(normalizeIco('6948')!)).toBe(false);
  });
});

describe('isValidDic / normalizeDic', () => {
  it.each(['CZ27082440', 'CZ699001234', 'CZ7801011234', 'CZ00006947'])('accepts %s', (dic) => {
    expect(isValidDic(dic)).toBe(true);
  });

  it.each(['27082440', 'CZ2708244', 'CZ12345678901', 'cz27082440', 'SK2020317068', 'CZ 27082440', 'CZ2708244A', ''])(
    'rejects %p',
    (dic) => {
      expect(isValidDic(dic)).toBe(false);
    },
  );

  it('normalizes case and spaces', () => {
    expect(normalizeDic(' cz 270 82 440 ')).toBe('CZ27082440');
    expect(isValidDic(normalizeDic('cz27082440'))).toBe(true);
  });
});
