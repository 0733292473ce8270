/**
 * VAT arithmetic for Czech tax documents (zákon 235/2004 Sb. as amended by 80/2019 Sb.).
 * The tax of each rate is computed on that rate's base (sum of line nets), rounded half up to
 * the haléř, never to whole crowns. Line VAT is informative only; document totals are the sums
 * of the per-rate summary so the totals always agree with the printed recap.
 */
import { assertHalere, roundHalfUp } from './money';

/** Rates in force since 1 Jan 2024. */
export const VAT_RATES = [21, 12] as const;
export type VatRate = (typeof VAT_RATES)[number];

/**
 * Rates a line may carry: the legal rates, plus 0 for supplies without Czech VAT
 * (exempt §64 goods to an EU business, reverse-charged services).
 */
export function isSupportedVatRate(rate: number): boolean {
  return rate === 0 || (VAT_RATES as readonly number[]).includes(rate);
}

function assertRate(rate: number): void {
  if (!isSupportedVatRate(rate)) {
    throw new RangeError(`unsupported VAT rate ${String(rate)} % (allowed: ${VAT_RATES.join(', ')}, 0)`);
  }
}

export interface LineAmounts {
  netHalere: number;
  vatHalere: number;
  grossHalere: number;
}

/** net = quantity × unit price; the line's VAT is informative (the recap is authoritative). */
export function computeLine(p: { quantity: number; unitPriceHalere: number; vatRatePercent: number }): LineAmounts {
  if (!Number.isSafeInteger(p.quantity)) throw new RangeError(`quantity must be an integer, got ${p.quantity}`);
  assertHalere(p.unitPriceHalere, 'unitPriceHalere');
  assertRate(p.vatRatePercent);
  const netHalere = p.quantity * p.unitPriceHalere;
  assertHalere(netHalere, 'netHalere');
  const vatHalere = roundHalfUp(netHalere * p.vatRatePercent, 100);
  return { netHalere, vatHalere, grossHalere: netHalere + vatHalere };
}

export interface VatSummaryRow {
  ratePercent: number;
  baseHalere: number;
  vatHalere: number;
  grossHalere: number;
}

/** One row per rate present, VAT computed on the rate's base, sorted by rate descending. */
export function vatSummary(lines: readonly { netHalere: number; vatRatePercent: number }[]): VatSummaryRow[] {
  const bases = new Map<number, number>();
  for (const [i, line] of lines.entries()) {
    assertHalere(line.netHalere, `lines[${i}].netHalere`);
    assertRate(line.vatRatePercent);
    bases.set(line.vatRatePercent, (bases.get(line.vatRatePercent) ?? 0) + line.netHalere);
  }
  return [...bases.entries()]
    .sort(([a], [b]) => b - a)
    .map(([ratePercent, baseHalere]) => {
      assertHalere(baseHalere, `base at ${ratePercent} %`);
      const vatHalere = roundHalfUp(baseHalere * ratePercent, 100);
      return { ratePercent, baseHalere, vatHalere, grossHalere: baseHalere + vatHalere };
    });
}

export interface DocumentTotals {
  vatSummary: VatSummaryRow[];
  netHalere: number;
  vatHalere: number;
  grossHalere: number;
}

/** Totals summed over the per-rate recap (not over line VATs). */
export function documentTotals(lines: readonly { netHalere: number; vatRatePercent: number }[]): DocumentTotals {
  const summary = vatSummary(lines);
  let netHalere = 0;
  let vatHalere = 0;
  for (const row of summary) {
    netHalere += row.baseHalere;
    vatHalere += row.vatHalere;
  }
  assertHalere(netHalere, 'netHalere');
  assertHalere(vatHalere, 'vatHalere');
  return { vatSummary: summary, netHalere, vatHalere, grossHalere: netHalere + vatHalere };
}
