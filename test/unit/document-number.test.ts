import {
  DOCUMENT_SERIES,
  MAX_DOCUMENT_SEQUENCE,
  formatDocumentNumber,
  formatOrderNumber,
  nextSequence,
  normalizeVariableSymbol,
  parseDocumentNumber,
  parseOrderNumber,
  variableSymbolsEqual,
} from '../../domain/document-number';

describe('DOCUMENT_SERIES', () => {
  it('gives each document kind its own digit', () => {
    expect(DOCUMENT_SERIES).toEqual({ ORDER_CONFIRMATION: '0', PROFORMA_INVOICE: '1', TAX_INVOICE: '2', CREDIT_NOTE: '3' });
    expect(new Set(Object.values(DOCUMENT_SERIES)).size).toBe(4);
  });
});

describe('formatDocumentNumber', () => {
  it.each([
    ['ORDER_CONFIRMATION', 2026, 1, '2026000001'],
    ['PROFORMA_INVOICE', 2026, 1, '2026100001'],
    ['TAX_INVOICE', 2026, 42, '2026200042'],
    ['CREDIT_NOTE', 2027, 99_999, '2027399999'],
  ] as const)('%s %p #%p → %s', (kind, year, seq, expected) => {
    expect(formatDocumentNumber(kind, year, seq)).toBe(expected);
  });

  it('always has 10 digits and no leading zero, so it is a valid variable symbol', () => {
    const n = formatDocumentNumber('PROFORMA_INVOICE', 2026, 7);
    expect(n).toMatch(/^[1-9]\d{9}$/);
  });

  it('throws beyond 99 999 and for non-positive or fractional sequences', () => {
    expect(() => formatDocumentNumber('TAX_INVOICE', 2026, MAX_DOCUMENT_SEQUENCE + 1)).toThrow(RangeError);
    expect(() => formatDocumentNumber('TAX_INVOICE', 2026, 0)).toThrow(RangeError);
    expect(() => formatDocumentNumber('TAX_INVOICE', 2026, -1)).toThrow(RangeError);
    expect(() => formatDocumentNumber('TAX_INVOICE', 2026, 1.5)).toThrow(RangeError);
  });

  it('rejects a year that is not four digits and an unknown kind', () => {
    expect(() => formatDocumentNumber('TAX_INVOICE', 26, 1)).toThrow(/year/);
    expect(() => formatDocumentNumber('TAX_INVOICE', 10_000, 1)).toThrow(/year/);
    expect(() => formatDocumentNumber('INVOICE' as never, 2026, 1)).toThrow(/kind/);
  });
});

describe('parseDocumentNumber', () => {
  it('round-trips every kind', () => {
    for (const kind of Object.keys(DOCUMENT_SERIES) as (keyof typeof DOCUMENT_SERIES)[]) {
      expect(parseDocumentNumber(formatDocumentNumber(kind, 2026, 1234))).toEqual({ kind, year: 2026, sequence: 1234 });
    }
  });

  it('accepts a variable symbol padded by the bank', () => {
    expect(parseDocumentNumber('0002026100001')).toEqual({ kind: 'PROFORMA_INVOICE', year: 2026, sequence: 1 });
    expect(parseDocumentNumber(' 2026200005 ')).toEqual({ kind: 'TAX_INVOICE', year: 2026, sequence: 5 });
  });

  it.each(['', '2026', '202610000', '20261000011', '2026400001', '2026100000', 'ABC6100001', '2026-100001'])(
    'returns null for %p',
    (s) => {
      expect(parseDocumentNumber(s)).toBeNull();
    },
  );
});

describe('nextSequence', () => {
  it('starts at 1 and continues without gaps', () => {
    expect(nextSequence(null)).toBe(1);
    expect(nextSequence(1)).toBe(2);
    expect(nextSequence(99_998)).toBe(99_999);
  });

  it('refuses to overflow the series', () => {
    expect(() => nextSequence(99_999)).toThrow(RangeError);
    expect(nextSequence(99_999, 999_999)).toBe(100_000);
  });
});

describe('formatOrderNumber / parseOrderNumber', () => {
  it('formats year and a 6-digit sequence', () => {
    expect(formatOrderNumber(2026, 1)).toBe('2026-000001');
    expect(formatOrderNumber(2026, 999_999)).toBe('2026-999999');
  });

  it('throws beyond 999 999', () => {
    expect(() => formatOrderNumber(2026, 1_000_000)).toThrow(RangeError);
    expect(() => formatOrderNumber(2026, 0)).toThrow(RangeError);
  });

  it('parses what it formats and rejects anything else', () => {
    expect(parseOrderNumber('2026-000042')).toEqual({ year: 2026, sequence: 42 });
    expect(parseOrderNumber('2026-42')).toBeNull();
    expect(parseOrderNumber('2026-000000')).toBeNull();
    expect(parseOrderNumber('2026000042')).toBeNull();
  });
});

describe('normalizeVariableSymbol', () => {
  it('strips leading zeros and whitespace', () => {
    expect(normalizeVariableSymbol('0002026100001')).toBe('2026100001');
    expect(normalizeVariableSymbol('2026100001')).toBe('2026100001');
    expect(normalizeVariableSymbol(' 2026 100 001 ')).toBe('2026100001');
    expect(normalizeVariableSymbol('0000000012')).toBe('12');
  });

  it('returns "" when there is no usable symbol', () => {
    expect(normalizeVariableSymbol('')).toBe('');
    expect(normalizeVariableSymbol('0000000000')).toBe('');
    expect(normalizeVariableSymbol('VS2026100001')).toBe('');
    expect(normalizeVariableSymbol('2026-100001')).toBe('');
  });

  it('makes padded and unpadded symbols equal', () => {
    expect(variableSymbolsEqual('0002026100001', '2026100001')).toBe(true);
    expect(variableSymbolsEqual('2026100001', '2026100002')).toBe(false);
    expect(variableSymbolsEqual('000', '0')).toBe(false);
    expect(variableSymbolsEqual(null, '1')).toBe(false);
    expect(variableSymbolsEqual(undefined, undefined)).toBe(false);
  });
});
