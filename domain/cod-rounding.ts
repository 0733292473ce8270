/**
 * Cash-on-delivery rounding (§3(c) zákon 634/1992 Sb.: a cash total is rounded to the smallest
 * coin, 1 Kč). Only the COD cash total is rounded; the difference is a separate untaxed
 * "Zaokrouhlení" line outside the VAT base and tax.
 */
import { assertHalere, roundHalfUp } from './money';

export interface CodRounding {
  /** codAmountHalere − grossHalere, between -49 and +50. */
  roundingHalere: number;
  /** What the carrier collects: whole crowns. */
  codAmountHalere: number;
}

/** Rounds half up (…,50 → up) to whole crowns. */
export function codRounding(grossHalere: number): CodRounding {
  assertHalere(grossHalere, 'grossHalere');
  const codAmountHalere = roundHalfUp(grossHalere, 100) * 100;
  return { roundingHalere: codAmountHalere - grossHalere, codAmountHalere };
}
