/**
 * Everything an issued document shows, frozen when its number is assigned and stored in
 * `Document.content`. Rendering is a pure function of this value, so a document can be
 * rendered again for a check but is never changed.
 */
import type { PaymentMethod } from '../domain/payments';

export type DocumentKind = 'ORDER_CONFIRMATION' | 'PROFORMA_INVOICE' | 'TAX_INVOICE' | 'CREDIT_NOTE';
/** The order in which an order's documents are listed: the order of their business steps. */
export const DOCUMENT_KINDS: readonly DocumentKind[] = ['ORDER_CONFIRMATION', 'PROFORMA_INVOICE', 'TAX_INVOICE', 'CREDIT_NOTE'];
export type DocumentLanguage = 'CS' | 'EN';

/**
 * The content cannot become a document (a QR amount too long, an invalid IBAN, a missing legal
 * field): the same content fails the same way again, so it is never retried.
 */
export class DocumentContentError extends Error {
  override name = 'DocumentContentError';
}

/** ApplicationFailure types of activities that failed on a document's content (not retried). */
export const DOCUMENT_CONTENT_FAILURES: readonly string[] = ['DocumentContentError', 'IsdocError'];

export interface Party {
  name: string;
  street: string;
  city: string;
  postalCode: string;
  country: string;
  ico?: string;
  dic?: string;
  /** Supplier only: the commercial-register entry. */
  registry?: string;
  email?: string;
  phone?: string;
}

export interface DocumentLine {
  description: string;
  /** e.g. "ks", "h"; shown after the quantity. */
  unit: string;
  quantity: number;
  unitPriceHalere: number;
  vatRatePercent: number;
  netHalere: number;
  vatHalere: number;
  grossHalere: number;
  /** Support-invoice lines: the day and the ticket code, as text for the reader. */
  detail?: string;
  /** Support-invoice lines: the ticket billed, as data (never parsed back out of `detail`). */
  ticketCode?: string;
}

export interface VatRateSummary {
  ratePercent: number;
  baseHalere: number;
  vatHalere: number;
  grossHalere: number;
}

export interface QrPayment {
  iban: string;
  bic?: string;
  amountHalere: number;
  variableSymbol: string;
  /** ISO date YYYY-MM-DD: printed beside the QR code, never put into it (no SPAYD `DT`). */
  dueDate?: string;
  message?: string;
}

export interface DocumentContent {
  kind: DocumentKind;
  language: DocumentLanguage;
  number: string;
  orderNumber?: string;
  /** ISO dates YYYY-MM-DD. */
  issueDate: string;
  taxableSupplyDate?: string;
  dueDate?: string;
  variableSymbol?: string;
  paymentMethod: PaymentMethod;
  supplier: Party & { bankAccount: string; iban: string; bic?: string };
  customer: Party;
  deliveryAddress?: Party;
  lines: DocumentLine[];
  vatSummary: VatRateSummary[];
  netHalere: number;
  vatHalere: number;
  grossHalere: number;
  /** COD: the total rounded to whole crowns, the difference shown as an untaxed line. */
  roundingHalere?: number;
  /** What the customer pays (gross + rounding, less what was already paid by proforma). */
  payableHalere: number;
  /** Credit note: the corrected document's number and the reason. */
  correctsNumber?: string;
  reason?: string;
  /** Tax invoice after a proforma: the proforma's number and the amount paid on it. */
  settledProformaNumber?: string;
  paidHalere?: number;
  /** Support invoice: the month it bills, YYYY-MM. */
  supportMonth?: string;
  /** Free text lines shown under the table (e.g. "support is billed monthly by use"). */
  notes: string[];
  termsUrl: string;
  qrPayment?: QrPayment;
}
