import { addDays } from './prague-calendar';

/**
 * Payment rules every path shares: the API schemas, the statement import, the ledger and the
 * workflows read the methods and the amount limit from here.
 */

export const PAYMENT_METHODS = ['COD', 'BANK_TRANSFER'] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

/** Where a recorded payment came from. */
export const PAYMENT_SOURCES = ['BANK_IMPORT', 'MANUAL', 'COD'] as const;
export type PaymentSource = (typeof PAYMENT_SOURCES)[number];

/**
 * The largest amount one payment may have, in haléře (21 474 836,47 Kč): a larger one is a typo.
 * Every payment path (the schemas of manual payments on an order or a support invoice, bank
 * import, the ledger, the workflows' validators) checks this one number. Amounts and paid totals
 * are BIGINT columns, so any number of valid payments adds up without overflow.
 */
export const MAX_PAYMENT_HALERE = 2_147_483_647;

/** Why an amount cannot be one payment, or null when it can. */
export function paymentAmountProblem(amountHalere: number): string | null {
  if (!Number.isSafeInteger(amountHalere) || amountHalere <= 0) return 'amountHalere must be a positive integer (haléře)';
  if (amountHalere > MAX_PAYMENT_HALERE) return `amountHalere must be at most ${MAX_PAYMENT_HALERE} (one payment of at most 21 474 836,47 Kč)`;
  return null;
}

/**
 * How far from today (Prague) a payment's date may be: a payment cannot arrive in the future (one
 * day of slack for a bank's clock), and one older than the accounting records we keep is a typo.
 */
export const PAYMENT_DATE_WINDOW = { pastYears: 10, futureDays: 1 } as const;

/** Why `receivedOn` (YYYY-MM-DD) cannot be a payment's date, or null when it can. */
export function paymentDateProblem(receivedOn: string, today: string): string | null {
  const earliest = `${Number(today.slice(0, 4)) - PAYMENT_DATE_WINDOW.pastYears}${today.slice(4)}`;
  const latest = addDays(today, PAYMENT_DATE_WINDOW.futureDays);
  if (receivedOn < earliest || receivedOn > latest) return `receivedOn must be between ${earliest} and ${latest}`;
  return null;
}
