import { copiesExplainedByBreaks } from '../../scripts/lib/smtp-gap';

const WINDOW = 5_000;

describe('copies of one Message-ID that SMTP\'s gap explains (chaos run)', () => {
  test('one copy needs no break', () => {
    expect(copiesExplainedByBreaks([1_000], [], WINDOW)).toBe(true);
  });

  test('a second copy needs the first composed shortly before a break', () => {
    expect(copiesExplainedByBreaks([10_000, 20_000], [13_000], WINDOW)).toBe(true);
    expect(copiesExplainedByBreaks([10_000, 20_000], [16_000], WINDOW)).toBe(false);
    expect(copiesExplainedByBreaks([10_000, 20_000], [9_000], WINDOW)).toBe(false);
  });

  test('three copies need two breaks, one for each copy but the last', () => {
    expect(copiesExplainedByBreaks([10_000, 30_000, 50_000], [12_000, 31_000], WINDOW)).toBe(true);
    // One break cannot end two SMTP transactions.
    expect(copiesExplainedByBreaks([10_000, 11_000, 50_000], [12_000], WINDOW)).toBe(false);
    expect(copiesExplainedByBreaks([10_000, 30_000, 50_000], [12_000], WINDOW)).toBe(false);
  });

  test('the order the copies arrive in does not matter', () => {
    expect(copiesExplainedByBreaks([50_000, 10_000, 30_000], [31_000, 12_000], WINDOW)).toBe(true);
  });
});
