import { NBSP, assertHalere, formatCzk, halereFromBigInt, halereToDecimalString, parseCzkDecimal, roundHalfUp } from '../../domain/money';

describe('formatCzk', () => {
  it('formats Czech with no-break space groups and a decimal comma', () => {
    expect(formatCzk(1_299_000, 'CS')).toBe(`12${NBSP}990,00${NBSP}Kč`);
    expect(formatCzk(1_299_000, 'CS')).toBe('12\u00a0990,00\u00a0Kč');
  });

  it('formats English with comma groups and a decimal point', () => {
    expect(formatCzk(1_299_000, 'EN')).toBe(`CZK${NBSP}12,990.00`);
  });

  it('handles small amounts, zero and millions', () => {
    expect(formatCzk(0, 'CS')).toBe(`0,00${NBSP}Kč`);
    expect(formatCzk(5, 'CS')).toBe(`0,05${NBSP}Kč`);
    expect(formatCzk(99_999, 'CS')).toBe(`999,99${NBSP}Kč`);
    expect(formatCzk(100_000, 'CS')).toBe(`1${NBSP}000,00${NBSP}Kč`);
    expect(formatCzk(1_571_790_000, 'CS')).toBe(`15${NBSP}717${NBSP}900,00${NBSP}Kč`);
    expect(formatCzk(1_571_790_000, 'EN')).toBe(`CZK${NBSP}15,717,900.00`);
  });

  it('puts the minus sign in front for negative amounts (credit notes)', () => {
    expect(formatCzk(-1_299_050, 'CS')).toBe(`-12${NBSP}990,50${NBSP}Kč`);
    expect(formatCzk(-35, 'EN')).toBe(`-CZK${NBSP}0.35`);
  });

  it('rejects non-integer amounts', () => {
    expect(() => formatCzk(10.5, 'CS')).toThrow(RangeError);
  });
});

describe('assertHalere', () => {
  it('accepts safe integers including negatives and zero', () => {
    expect(() => assertHalere(0, 'x')).not.toThrow();
    expect(() => assertHalere(-123, 'x')).not.toThrow();
    expect(() => assertHalere(Number.MAX_SAFE_INTEGER, 'x')).not.toThrow();
  });

  it.each([0.5, NaN, Infinity, Number.MAX_SAFE_INTEGER + 1])('rejects %p and names the field', (n) => {
    expect(() => assertHalere(n, 'unitPriceHalere')).toThrow(/unitPriceHalere/);
  });

  it('rejects non-numbers', () => {
    expect(() => assertHalere('100' as unknown as number, 'amount')).toThrow(/amount/);
  });
});

describe('halereFromBigInt', () => {
  it('reads a BIGINT sum beyond 32 bits exactly, and an empty sum as 0', () => {
    expect(halereFromBigInt(4_000_000_100n, 'paidHalere')).toBe(4_000_000_100);
    expect(halereFromBigInt(null, 'paidHalere')).toBe(0);
  });

  it('refuses a value a JS number cannot hold exactly, naming the field', () => {
    expect(() => halereFromBigInt(2n ** 53n + 1n, 'paidHalere')).toThrow(/paidHalere/);
  });
});

describe('roundHalfUp', () => {
  it.each([
    [10, 4, 3], // 2.5 → 3
    [9, 4, 2], // 2.25 → 2
    [11, 4, 3], // 2.75 → 3
    [-10, 4, -3], // -2.5 → -3 (away from zero)
    [-9, 4, -2],
    [-11, 4, -3],
    [10, -4, -3],
    [-10, -4, 3],
    [1, 2, 1],
    [-1, 2, -1],
    [1, 3, 0],
    [0, 7, 0],
    [3150, 100, 32], // 31.5 haléře of VAT → 32
    [-3150, 100, -32],
  ])('%p / %p → %p', (n, d, expected) => {
    expect(roundHalfUp(n, d)).toBe(expected);
  });

  it('never returns negative zero', () => {
    expect(Object.is(roundHalfUp(-1, 3), 0)).toBe(true);
  });

  it('is exact near the safe-integer limit where float division is not', () => {
    // (2^53 − 1) / 2 = 4503599627370495.5 → ...496
    expect(roundHalfUp(Number.MAX_SAFE_INTEGER, 2)).toBe(4_503_599_627_370_496);
    expect(roundHalfUp(Number.MAX_SAFE_INTEGER - 1, 2)).toBe(4_503_599_627_370_495);
  });

  it('rejects a zero or fractional denominator', () => {
    expect(() => roundHalfUp(1, 0)).toThrow(RangeError);
    expect(() => roundHalfUp(1, 0.5)).toThrow(RangeError);
    expect(() => roundHalfUp(1.5, 2)).toThrow(RangeError);
  });
});

describe('halereToDecimalString / parseCzkDecimal', () => {
  it('prints the plain decimal form', () => {
    expect(halereToDecimalString(1_299_000)).toBe('12990.00');
    expect(halereToDecimalString(5)).toBe('0.05');
    expect(halereToDecimalString(-150)).toBe('-1.50');
  });

  it.each([
    ['1290', 129_000],
    ['1290.5', 129_050],
    ['1290,05', 129_005],
    ['-12 990,50', -1_299_050],
    ['0.1', 10],
    ['+3', 300],
  ])('parses %p', (text, expected) => {
    expect(parseCzkDecimal(text)).toBe(expected);
  });

  it.each(['1.234', 'abc', '', '1e3', '12.'])('rejects %p', (text) => {
    expect(() => parseCzkDecimal(text)).toThrow(RangeError);
  });

  it('round-trips', () => {
    for (const h of [0, 1, 99, 100, 123_456_789, -42]) {
      expect(parseCzkDecimal(halereToDecimalString(h))).toBe(h);
    }
  });
});
