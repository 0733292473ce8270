/**
 * Where a bank movement stands, and why it was matched, left for staff, or ignored: a code with its data. The console
 * shows it in the reader's language from the code and data; logs, the CLI and the API's `reason`
 * carry one English sentence made from the same two (never read back).
 */
import { halereToDecimalString } from './money';

/** Where a bank movement stands (the database's BankTransactionStatus). */
export const BANK_MOVEMENT_STATUSES = ['PENDING', 'HANDING_OVER', 'MATCHED', 'UNMATCHED', 'IGNORED', 'ASSIGNED', 'REFUND_DUE', 'REFUNDED'] as const;
export type BankMovementStatus = (typeof BANK_MOVEMENT_STATUSES)[number];

export const BANK_REASON_CODES = [
  /** Matched: paid in full, partly (amount still due), or over what was due (amount over). */
  'FULL',
  'PARTIAL',
  'OVERPAID',
  /** Matched: a carrier's payout of the COD collected for the order on `collectedOn`. */
  'COD_PAYOUT',
  /** Ignored: money out, or a bank's reversal of an earlier movement. */
  'DEBIT',
  'REVERSAL',
  /** Unmatched: no symbol, a symbol no payable document has, or more than a payment can hold. */
  'NO_SYMBOL',
  'UNKNOWN_SYMBOL',
  'TOO_LARGE',
  /** Unmatched: the order is closed (orderStatus); its workflow ended; the workflow refused (problem, detail). */
  'ORDER_CLOSED',
  'WORKFLOW_ENDED',
  'REFUSED',
  /** Unmatched: a COD payout whose amount is none the carrier collected (amount, collected). */
  'COD_PAYOUT_MISMATCH',
  /** To refund: the document was already paid in full (amount to refund). */
  'DUPLICATE_PAYMENT',
  /** Pending: accepted by the workflow, still queued behind another action; or not recorded yet (detail). */
  'QUEUED',
  'NOT_RECORDED_YET',
  /** Pending while a staff member (actor) assigns it by hand. */
  'BEING_ASSIGNED',
] as const;
export type BankReasonCode = (typeof BANK_REASON_CODES)[number];
export const isBankReasonCode = (value: unknown): value is BankReasonCode => (BANK_REASON_CODES as readonly unknown[]).includes(value);

export interface BankReasonParams {
  documentNumber?: string;
  orderNumber?: string;
  orderStatus?: string;
  /** The support billing's month (YYYY-MM), when the document is a support invoice. */
  billingMonth?: string;
  /** Still due (PARTIAL), over what was due (OVERPAID), to refund (DUPLICATE_PAYMENT), what a payout brings (COD_PAYOUT_MISMATCH). */
  amountHalere?: number;
  /** What the carrier collected (COD_PAYOUT_MISMATCH). */
  collectedHalere?: number[];
  /** When the carrier collected it (COD_PAYOUT), YYYY-MM-DD. */
  collectedOn?: string;
  /** The refusal's problem slug (REFUSED), e.g. `payment-refused`. */
  problem?: string;
  /** The workflow's own words (REFUSED) or the error (NOT_RECORDED_YET), in English. */
  detail?: string;
  /** Who assigns it (BEING_ASSIGNED). */
  actor?: string;
}

export interface BankReason {
  code: BankReasonCode;
  params: BankReasonParams;
  /** The English sentence for logs, the CLI and the API's `reason`. */
  text: string;
}

const formatKc = (halere: number) => `${halereToDecimalString(halere)} CZK`;

function englishText(code: BankReasonCode, p: BankReasonParams): string {
  const amount = formatKc(p.amountHalere ?? 0);
  switch (code) {
    case 'FULL':
      return 'FULL: paid in full';
    case 'PARTIAL':
      return `PARTIAL: ${amount} still due`;
    case 'OVERPAID':
      return `OVERPAID: ${amount} over what was due, flagged for refund`;
    case 'COD_PAYOUT':
      return `COD_PAYOUT: the carrier paid out the COD of order ${p.orderNumber} collected on ${p.collectedOn}`;
    case 'DEBIT':
      return 'debit (money out): not a customer payment';
    case 'REVERSAL':
      return 'reversal (storno) of an earlier movement: not a customer payment';
    case 'NO_SYMBOL':
      return 'no variable symbol';
    case 'UNKNOWN_SYMBOL':
      return 'unknown variable symbol: no open proforma or invoice has it';
    case 'TOO_LARGE':
      return 'amount larger than a payment can hold: record it by hand';
    case 'ORDER_CLOSED':
      return `refused: order ${p.orderNumber} is ${p.orderStatus}; it takes no payment`;
    case 'WORKFLOW_ENDED':
      return `refused: the workflow of ${p.orderNumber ? `order ${p.orderNumber}` : `support billing of ${p.billingMonth}`} has ended; it takes no payment`;
    case 'REFUSED':
      return `refused: ${p.detail}`;
    case 'COD_PAYOUT_MISMATCH':
      return `COD payout of order ${p.orderNumber}? it brings ${amount}, the carrier collected ${(p.collectedHalere ?? []).map(formatKc).join(', ')}: check the carrier's payout`;
    case 'DUPLICATE_PAYMENT':
      return `DUPLICATE_PAYMENT: document ${p.documentNumber} was already paid in full; refund ${amount}`;
    case 'QUEUED':
      return 'not recorded yet: accepted, still waiting behind another action on the document';
    case 'NOT_RECORDED_YET':
      return `not recorded yet: ${p.detail}`;
    case 'BEING_ASSIGNED':
      return `being assigned by ${p.actor}`;
  }
}

export function bankReason(code: BankReasonCode, params: BankReasonParams = {}): BankReason {
  return { code, params, text: englishText(code, params) };
}
