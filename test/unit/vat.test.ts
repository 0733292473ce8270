import { VAT_RATES, computeLine, documentTotals, isSupportedVatRate, vatSummary } from '../../domain/vat';

describe('VAT_RATES', () => {
  it('holds the rates in force since 2024', () => {
    expect(VAT_RATES).toEqual([21, 12]);
    expect(isSupportedVatRate(21)).toBe(true);
    expect(isSupportedVatRate(12)).toBe(true);
    expect(isSupportedVatRate(0)).toBe(true);
    expect(isSupportedVatRate(15)).toBe(false);
    expect(isSupportedVatRate(10)).toBe(false);
  });
});

describe('computeLine', () => {
  it('multiplies quantity by unit price and adds informative VAT', () => {
    expect(computeLine({ quantity: 2, unitPriceHalere: 1_299_000, vatRatePercent: 21 })).toEqual({
      netHalere: 2_598_000,
      vatHalere: 545_580,
      grossHalere: 3_143_580,
    });
  });

  it('rounds the line VAT half up to the haléř', () => {
    // 1,50 Kč × 21 % = 0,315 Kč → 0,32
    expect(computeLine({ quantity: 1, unitPriceHalere: 150, vatRatePercent: 21 })).toEqual({
      netHalere: 150,
      vatHalere: 32,
      grossHalere: 182,
    });
    // 0,49 Kč × 21 % = 0,1029 → 0,10
    expect(computeLine({ quantity: 1, unitPriceHalere: 49, vatRatePercent: 21 }).vatHalere).toBe(10);
  });

  it('keeps 1000 × 12 990 Kč a safe integer', () => {
    const line = computeLine({ quantity: 1000, unitPriceHalere: 1_299_000, vatRatePercent: 21 });
    expect(line).toEqual({ netHalere: 1_299_000_000, vatHalere: 272_790_000, grossHalere: 1_571_790_000 });
    expect(Number.isSafeInteger(line.grossHalere)).toBe(true);
  });

  it('mirrors exactly for a negative (credit-note) line', () => {
    const plus = computeLine({ quantity: 3, unitPriceHalere: 150, vatRatePercent: 21 });
    const minus = computeLine({ quantity: -3, unitPriceHalere: 150, vatRatePercent: 21 });
    expect(minus).toEqual({ netHalere: -plus.netHalere, vatHalere: -plus.vatHalere, grossHalere: -plus.grossHalere });
    expect(minus.vatHalere).toBe(-95); // -94,5 → -95
  });

  it('has no VAT at 0 %', () => {
    expect(computeLine({ quantity: 5, unitPriceHalere: 3900, vatRatePercent: 0 })).toEqual({
      netHalere: 19_500,
      vatHalere: 0,
      grossHalere: 19_500,
    });
  });

  it('rejects unsupported rates, fractional quantities and prices, and overflow', () => {
    expect(() => computeLine({ quantity: 1, unitPriceHalere: 100, vatRatePercent: 15 })).toThrow(/VAT rate/);
    expect(() => computeLine({ quantity: 1.5, unitPriceHalere: 100, vatRatePercent: 21 })).toThrow(/quantity/);
    expect(() => computeLine({ quantity: 1, unitPriceHalere: 99.5, vatRatePercent: 21 })).toThrow(/unitPriceHalere/);
    expect(() =>
      computeLine({ quantity: 1_000_000_000, unitPriceHalere: 1_000_000_000, vatRatePercent: 21 }),
    ).toThrow(/netHalere/);
  });
});

describe('vatSummary', () => {
  it('computes VAT on the base of each rate, not as the sum of line VATs', () => {
    // Ten lines of 0,50 Kč: each line's VAT is 10,5 haléře → 11, summing to 110;
    // on the base (5,00 Kč) the VAT is exactly 105.
    const lines = Array.from({ length: 10 }, () => ({ netHalere: 50, vatRatePercent: 21 }));
    const lineVats = lines.map((l) => computeLine({ quantity: 1, unitPriceHalere: l.netHalere, vatRatePercent: 21 }).vatHalere);
    expect(lineVats.reduce((a, b) => a + b, 0)).toBe(110);
    expect(vatSummary(lines)).toEqual([{ ratePercent: 21, baseHalere: 500, vatHalere: 105, grossHalere: 605 }]);
  });

  it('rounds a half haléř of VAT on the base up', () => {
    // Three lines of 1,50 Kč: line VATs 32 + 32 + 32 = 96; base 450 × 21 % = 94,5 → 95.
    const lines = [150, 150, 150].map((netHalere) => ({ netHalere, vatRatePercent: 21 }));
    expect(vatSummary(lines)).toEqual([{ ratePercent: 21, baseHalere: 450, vatHalere: 95, grossHalere: 545 }]);
  });

  it('gives one row per rate sorted by rate descending', () => {
    const summary = vatSummary([
      { netHalere: 3900, vatRatePercent: 12 },
      { netHalere: 1_299_000, vatRatePercent: 21 },
      { netHalere: 4900, vatRatePercent: 12 },
      { netHalere: 129_000, vatRatePercent: 21 },
      { netHalere: 1000, vatRatePercent: 0 },
    ]);
    expect(summary).toEqual([
      { ratePercent: 21, baseHalere: 1_428_000, vatHalere: 299_880, grossHalere: 1_727_880 },
      { ratePercent: 12, baseHalere: 8800, vatHalere: 1056, grossHalere: 9856 },
      { ratePercent: 0, baseHalere: 1000, vatHalere: 0, grossHalere: 1000 },
    ]);
  });

  it('never rounds the tax to whole crowns', () => {
    // 12 % of 1 234,57 Kč = 148,1484 → 148,15 (not 148,00)
    expect(vatSummary([{ netHalere: 123_457, vatRatePercent: 12 }])[0]!.vatHalere).toBe(14_815);
  });

  it('is empty for no lines', () => {
    expect(vatSummary([])).toEqual([]);
  });

  it('rounds negative bases away from zero (credit notes mirror invoices)', () => {
    expect(vatSummary([150, 150, 150].map((n) => ({ netHalere: -n, vatRatePercent: 21 })))).toEqual([
      { ratePercent: 21, baseHalere: -450, vatHalere: -95, grossHalere: -545 },
    ]);
  });

  it('rejects bad rates and amounts, naming the line', () => {
    expect(() => vatSummary([{ netHalere: 100, vatRatePercent: 10 }])).toThrow(/VAT rate/);
    expect(() => vatSummary([{ netHalere: 100, vatRatePercent: 21 }, { netHalere: 1.5, vatRatePercent: 21 }])).toThrow(
      /lines\[1\]\.netHalere/,
    );
  });
});

describe('documentTotals', () => {
  it('sums the recap, so totals agree with the per-rate rows', () => {
    const lines = [
      ...Array.from({ length: 7 }, () => ({ netHalere: 150, vatRatePercent: 21 })), // base 1050 → 220,5 → 221
      { netHalere: 12_345, vatRatePercent: 12 }, // 1481,4 → 1481
    ];
    const totals = documentTotals(lines);
    expect(totals.vatSummary).toEqual([
      { ratePercent: 21, baseHalere: 1050, vatHalere: 221, grossHalere: 1271 },
      { ratePercent: 12, baseHalere: 12_345, vatHalere: 1481, grossHalere: 13_826 },
    ]);
    expect(totals.netHalere).toBe(13_395);
    expect(totals.vatHalere).toBe(1702);
    expect(totals.grossHalere).toBe(15_097);
    // The sum of informative line VATs would differ (7 × 32 + 1481 = 1705).
    expect(totals.vatHalere).not.toBe(7 * 32 + 1481);
  });

  it('handles the largest possible order (50 lines × 1000 × 12 990 Kč) in safe integers', () => {
    const lines = Array.from({ length: 50 }, () => ({ netHalere: 1000 * 1_299_000, vatRatePercent: 21 }));
    const totals = documentTotals(lines);
    expect(totals.netHalere).toBe(64_950_000_000);
    expect(totals.vatHalere).toBe(13_639_500_000);
    expect(totals.grossHalere).toBe(78_589_500_000);
    expect(Number.isSafeInteger(totals.grossHalere)).toBe(true);
  });

  it('gives a full credit note the exact negative of the invoice', () => {
    const invoice = [
      { netHalere: 1_299_000, vatRatePercent: 21 },
      { netHalere: 150, vatRatePercent: 21 },
      { netHalere: 12_345, vatRatePercent: 12 },
    ];
    const credit = invoice.map((l) => ({ ...l, netHalere: -l.netHalere }));
    const a = documentTotals(invoice);
    const b = documentTotals(credit);
    expect(b.netHalere).toBe(-a.netHalere);
    expect(b.vatHalere).toBe(-a.vatHalere);
    expect(b.grossHalere).toBe(-a.grossHalere);
  });

  it('is all zeros for no lines', () => {
    expect(documentTotals([])).toEqual({ vatSummary: [], netHalere: 0, vatHalere: 0, grossHalere: 0 });
  });
});
