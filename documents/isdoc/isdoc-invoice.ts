import type { DocumentContent, DocumentKind, Party } from '../document-content';

/**
 * The ISDOC 6.0.2 view of one issued document, taken field by field from its frozen
 * `DocumentContent` (never recomputed), so the XML states exactly what the PDF prints. Amounts are
 * integer haléře; on a credit note every amount is sign-flipped, because ISDOC states a credit
 * note (DocumentType 2) with positive amounts while our content stores it negated.
 */
export type IsdocDocumentType = 1 | 2 | 4;

/**
 * Which of our documents get ISDOC. The order confirmation gets none: it is neither a payment
 * request nor a tax document, and an accounting program importing it as an invoice would book
 * the order twice.
 */
export const ISDOC_DOCUMENT_TYPE: Readonly<Partial<Record<DocumentKind, IsdocDocumentType>>> = {
  TAX_INVOICE: 1,
  CREDIT_NOTE: 2,
  PROFORMA_INVOICE: 4,
};

export function hasIsdoc(kind: DocumentKind): boolean {
  return ISDOC_DOCUMENT_TYPE[kind] !== undefined;
}

/** Facts the stored content lacks, passed in explicitly by the caller that holds the Document row. */
export interface IsdocFacts {
  /** `Document.id` (a UUID): used as the ISDOC UUID, so rendering again gives the same bytes. */
  documentId: string;
  /** Credit note: the corrected Document's id (its ISDOC UUID) and issue date. */
  corrects?: { documentId: string; issueDate: string };
}

export interface IsdocParty {
  /** IČO; ISDOC requires the element, an empty value is allowed. */
  id: string;
  name: string;
  streetName: string;
  buildingNumber: string;
  cityName: string;
  postalZone: string;
  countryCode: string;
  countryName: string;
  /** DIČ. */
  vatId?: string;
  registry?: string;
  email?: string;
  phone?: string;
}

export interface IsdocLine {
  id: string;
  quantity: number;
  unit: string;
  description: string;
  note?: string;
  unitPriceHalere: number;
  ratePercent: number;
  netHalere: number;
  vatHalere: number;
  grossHalere: number;
  /** Credit note: the line of the original document this one corrects. */
  originalLineId?: string;
}

export interface IsdocTaxSubTotal {
  ratePercent: number;
  taxableHalere: number;
  taxHalere: number;
  taxInclusiveHalere: number;
}

export type IsdocPayment =
  | { code: 10; amountHalere: number }
  | {
      code: 42;
      amountHalere: number;
      dueDate: string;
      accountNumber: string;
      bankCode: string;
      iban: string;
      bic: string;
      variableSymbol: string;
    };

export interface IsdocInvoice {
  documentType: IsdocDocumentType;
  id: string;
  uuid: string;
  issueDate: string;
  taxPointDate?: string;
  vatApplicable: boolean;
  /** xs:language of the notes: cs or en. */
  language: 'cs' | 'en';
  note?: string;
  supplier: IsdocParty;
  customer: IsdocParty;
  orderNumber?: string;
  originalDocument?: { id: string; issueDate: string; uuid: string };
  delivery?: IsdocParty;
  lines: IsdocLine[];
  /** A paid proforma (non-tax deposit) settled by this tax invoice. */
  nonTaxedDeposit?: { id: string; variableSymbol: string; amountHalere: number };
  taxSubTotals: IsdocTaxSubTotal[];
  taxHalere: number;
  taxExclusiveHalere: number;
  taxInclusiveHalere: number;
  /** COD: the untaxed rounding to whole crowns (outside every VAT base). */
  roundingHalere?: number;
  paidDepositsHalere: number;
  payableHalere: number;
  payment?: IsdocPayment;
}

export class IsdocError extends Error {
  override name = 'IsdocError';
}

/** Country names for the codes our organisations use; other codes are named by their code. */
const COUNTRY_NAMES: Readonly<Record<string, string>> = {
  CZ: 'Česká republika',
  SK: 'Slovensko',
  DE: 'Německo',
  AT: 'Rakousko',
  PL: 'Polsko',
};

function country(value: string): { code: string; name: string } {
  if (/^[A-Z]{2}$/.test(value)) return { code: value, name: COUNTRY_NAMES[value] ?? value };
  const known = Object.entries(COUNTRY_NAMES).find(([, name]) => name.toLowerCase() === value.trim().toLowerCase());
  if (!known) throw new IsdocError(`country must be an ISO 3166-1 alpha-2 code, got "${value}"`);
  return { code: known[0], name: known[1] };
}

/** "Příkladová 1234/5" → street "Příkladová", building number "1234/5" (ISDOC keeps them apart). */
export function splitStreet(street: string): { streetName: string; buildingNumber: string } {
  const match = /^(.*\S)\s+(\d+[A-Za-z]?(?:\/\d+[A-Za-z]?)?)$/.exec(street.trim());
  return match ? { streetName: match[1]!, buildingNumber: match[2]! } : { streetName: street.trim(), buildingNumber: '' };
}

function partyOf(p: Party, idFallback = ''): IsdocParty {
  const c = country(p.country);
  return {
    id: p.ico ?? idFallback,
    name: p.name,
    ...splitStreet(p.street),
    cityName: p.city,
    postalZone: p.postalCode,
    countryCode: c.code,
    countryName: c.name,
    ...(p.dic ? { vatId: p.dic } : {}),
    ...(p.registry ? { registry: p.registry } : {}),
    ...(p.email ? { email: p.email } : {}),
    ...(p.phone ? { phone: p.phone } : {}),
  };
}

/** "19-2000145399/0800" → account "19-2000145399", bank code "0800". */
function splitBankAccount(account: string): { accountNumber: string; bankCode: string } {
  const [accountNumber = '', bankCode = ''] = account.split('/');
  return { accountNumber: accountNumber.trim(), bankCode: bankCode.trim() };
}

function paymentOf(c: DocumentContent, payableHalere: number): IsdocPayment | undefined {
  // Nothing left to pay (settled by a paid proforma) and credit notes (refunded to the customer's
  // account, which the content does not hold) carry no payment means.
  if (c.kind === 'CREDIT_NOTE' || payableHalere === 0) return undefined;
  if (c.paymentMethod === 'COD') return { code: 10, amountHalere: payableHalere };
  if (!c.dueDate) throw new IsdocError(`document ${c.number}: a bank-transfer document needs dueDate`);
  if (!c.variableSymbol) throw new IsdocError(`document ${c.number}: a bank-transfer document needs variableSymbol`);
  return {
    code: 42,
    amountHalere: payableHalere,
    dueDate: c.dueDate,
    ...splitBankAccount(c.supplier.bankAccount),
    iban: c.supplier.iban,
    bic: c.supplier.bic ?? '',
    variableSymbol: c.variableSymbol,
  };
}

/** Maps the frozen content to the ISDOC model. Throws IsdocError for a kind without ISDOC. */
export function isdocInvoiceOf(c: DocumentContent, facts: IsdocFacts): IsdocInvoice {
  const documentType = ISDOC_DOCUMENT_TYPE[c.kind];
  if (documentType === undefined) throw new IsdocError(`document ${c.number}: ${c.kind} gets no ISDOC`);
  const isCreditNote = c.kind === 'CREDIT_NOTE';
  // -x would turn 0 into -0, which prints as "0.00" but is not === 0 in the rules; keep plain 0.
  const amount = (halere: number) => (isCreditNote && halere !== 0 ? -halere : halere);
  let original: IsdocInvoice['originalDocument'];
  if (isCreditNote) {
    if (!c.correctsNumber || !facts.corrects) {
      throw new IsdocError(`credit note ${c.number}: needs correctsNumber in content and the corrected document's id and issue date`);
    }
    original = { id: c.correctsNumber, issueDate: facts.corrects.issueDate, uuid: facts.corrects.documentId.toLowerCase() };
  }
  const notes = [...(isCreditNote && c.reason ? [c.reason] : []), ...c.notes];
  // An overpaid invoice asks nothing more: the surplus is a refund, never a negative payable.
  const payableHalere = isCreditNote ? amount(c.payableHalere) : Math.max(0, c.payableHalere);
  const payment = paymentOf(c, payableHalere);
  // The deposit settles at most what this invoice asks; an overpayment above it is a refund due,
  // not a deposit on this document.
  const depositHalere = isCreditNote ? (c.paidHalere ?? 0) : Math.min(c.paidHalere ?? 0, c.grossHalere + (c.roundingHalere ?? 0));
  return {
    documentType,
    id: c.number,
    uuid: facts.documentId.toLowerCase(),
    issueDate: c.issueDate,
    // Only a tax invoice states a tax point: a proforma is no tax document and a credit note's
    // date is its issue date (ISDOC rule: no TaxPointDate on types 2, 3, 6).
    ...(c.kind === 'TAX_INVOICE' && c.taxableSupplyDate ? { taxPointDate: c.taxableSupplyDate } : {}),
    vatApplicable: Boolean(c.supplier.dic),
    language: c.language === 'CS' ? 'cs' : 'en',
    ...(notes.length > 0 ? { note: notes.join('\n') } : {}),
    supplier: partyOf(c.supplier),
    customer: partyOf(c.customer),
    ...(c.orderNumber ? { orderNumber: c.orderNumber } : {}),
    ...(original ? { originalDocument: original } : {}),
    // The goods go to the customer organisation: the delivery party carries its IČO.
    ...(c.deliveryAddress ? { delivery: partyOf(c.deliveryAddress, c.customer.ico) } : {}),
    lines: c.lines.map((l, i) => ({
      id: String(i + 1),
      quantity: isCreditNote ? -l.quantity : l.quantity,
      unit: l.unit,
      description: l.description,
      ...(l.detail ? { note: l.detail } : {}),
      unitPriceHalere: l.unitPriceHalere,
      ratePercent: l.vatRatePercent,
      netHalere: amount(l.netHalere),
      vatHalere: amount(l.vatHalere),
      grossHalere: amount(l.grossHalere),
      // Credit-note lines mirror the corrected document's lines one to one, in order.
      ...(isCreditNote ? { originalLineId: String(i + 1) } : {}),
    })),
    ...(c.settledProformaNumber && depositHalere > 0
      ? {
          nonTaxedDeposit: {
            id: c.settledProformaNumber,
            variableSymbol: c.settledProformaNumber,
            amountHalere: depositHalere,
          },
        }
      : {}),
    taxSubTotals: c.vatSummary.map((s) => ({
      ratePercent: s.ratePercent,
      taxableHalere: amount(s.baseHalere),
      taxHalere: amount(s.vatHalere),
      taxInclusiveHalere: amount(s.grossHalere),
    })),
    taxHalere: amount(c.vatHalere),
    taxExclusiveHalere: amount(c.netHalere),
    taxInclusiveHalere: amount(c.grossHalere),
    ...(c.roundingHalere !== undefined ? { roundingHalere: amount(c.roundingHalere) } : {}),
    paidDepositsHalere: depositHalere,
    payableHalere,
    ...(payment ? { payment } : {}),
  };
}
