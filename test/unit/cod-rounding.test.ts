import { codRounding } from '../../domain/cod-rounding';

describe('codRounding', () => {
  it.each([
    [4465, 4500, 35], // 44,65 → 45,00 (the ČNB/Dotykačka example)
    [4450, 4500, 50], // ,50 rounds up
    [4449, 4400, -49],
    [4401, 4400, -1],
    [4400, 4400, 0],
    [1_571_790_000, 1_571_790_000, 0],
    [15_718_350, 15_718_400, 50],
    [0, 0, 0],
    [1, 0, -1],
    [50, 100, 50],
  ])('%p haléřů → COD %p, rounding %p', (gross, cod, rounding) => {
    expect(codRounding(gross)).toEqual({ codAmountHalere: cod, roundingHalere: rounding });
  });

  it('always gives whole crowns and gross + rounding = COD amount', () => {
    for (let gross = 0; gross < 1000; gross += 7) {
      const { codAmountHalere, roundingHalere } = codRounding(gross);
      expect(codAmountHalere % 100).toBe(0);
      expect(gross + roundingHalere).toBe(codAmountHalere);
      expect(roundingHalere).toBeGreaterThanOrEqual(-49);
      expect(roundingHalere).toBeLessThanOrEqual(50);
    }
  });

  it('rejects a fractional amount', () => {
    expect(() => codRounding(10.5)).toThrow(/grossHalere/);
  });
});
