import type { DocumentContent, DocumentLine, Party } from '../documents/document-content';
import { supportBilledByUseNote } from '../documents/support-terms';
import { codRounding } from '../domain/cod-rounding';
import { documentTotals } from '../domain/vat';
import type { Config } from '../infra/config';
import type { Order, OrderLine, Organization } from '../infra/db';

export type OrderWithLines = Order & { lines: OrderLine[]; organization: Organization };

export interface OrderDocumentOptions {
  kind: DocumentContent['kind'];
  number: string;
  issueDate: string;
  taxableSupplyDate?: string;
  dueDate?: string;
  /** Tax invoice after a proforma: the proforma it settles. */
  settles?: { number: string; paidHalere: number };
  /** Credit note: the corrected document's content and the reason. */
  corrects?: DocumentContent;
  reason?: string;
}

export function supplierParty(config: Config): DocumentContent['supplier'] {
  return {
    name: config.SUPPLIER_NAME,
    street: config.SUPPLIER_STREET,
    city: config.SUPPLIER_CITY,
    postalCode: config.SUPPLIER_POSTAL_CODE,
    country: 'CZ',
    ico: config.SUPPLIER_ICO,
    dic: config.SUPPLIER_DIC,
    registry: config.SUPPLIER_REGISTRY,
    email: config.SUPPLIER_EMAIL,
    bankAccount: config.SUPPLIER_BANK_ACCOUNT,
    iban: config.SUPPLIER_IBAN,
    bic: config.SUPPLIER_BIC,
  };
}

export function customerParty(org: Organization): Party {
  return {
    name: org.name,
    street: org.street,
    city: org.city,
    postalCode: org.postalCode,
    country: org.country,
    ico: org.ico,
    ...(org.dic ? { dic: org.dic } : {}),
    email: org.contactEmail,
    ...(org.phone ? { phone: org.phone } : {}),
  };
}

const TERMS_NOTE = {
  CS: 'Nákup se řídí obchodními podmínkami aTime',
  EN: 'The purchase is governed by the aTime terms of business',
} as const;
const COD_NOTE = { CS: 'Úhrada na dobírku při převzetí zásilky.', EN: 'Cash on delivery, paid when the parcel is received.' } as const;

function lineOf(line: OrderLine, language: 'CS' | 'EN'): DocumentLine {
  return {
    description: `${language === 'CS' ? line.nameCs : line.nameEn} (${line.sku})`,
    unit: language === 'CS' ? 'ks' : 'pcs',
    quantity: line.quantity,
    unitPriceHalere: line.unitPriceHalere,
    vatRatePercent: line.vatRatePercent,
    netHalere: line.netHalere,
    vatHalere: line.vatHalere,
    grossHalere: line.grossHalere,
  };
}

/** Service lines on the confirmation: tickets issued now, priced by use at month end. */
function serviceLineOf(line: OrderLine, language: 'CS' | 'EN'): DocumentLine {
  return {
    ...lineOf(line, language),
    unit: language === 'CS' ? 'tiket' : 'ticket',
    netHalere: 0,
    vatHalere: 0,
    grossHalere: 0,
    // The ticket line's unit price is the catalogue's hourly rate (SUPPORT-DAY).
    detail: supportBilledByUseNote(line.unitPriceHalere, language),
  };
}

const negate = (line: DocumentLine): DocumentLine => ({
  ...line,
  quantity: -line.quantity,
  netHalere: -line.netHalere,
  vatHalere: -line.vatHalere,
  grossHalere: -line.grossHalere,
});

/**
 * The frozen content of an order's document. The invoice issued at confirmation covers the
 * components; services appear on the confirmation only (they are billed monthly by use).
 */
export function buildOrderDocumentContent(order: OrderWithLines, config: Config, options: OrderDocumentOptions): DocumentContent {
  const language = order.organization.language;
  const components = order.lines.filter((l) => l.kind === 'COMPONENT').sort((a, b) => a.position - b.position);
  const services = order.lines.filter((l) => l.kind === 'SERVICE').sort((a, b) => a.position - b.position);
  const corrected = options.corrects;
  const lines =
    options.kind === 'ORDER_CONFIRMATION'
      ? [...components.map((l) => lineOf(l, language)), ...services.map((l) => serviceLineOf(l, language))]
      : corrected
        ? corrected.lines.map(negate)
        : components.map((l) => lineOf(l, language));
  const totals = documentTotals(lines);
  const isCodInvoice = options.kind === 'TAX_INVOICE' && order.paymentMethod === 'COD';
  const roundingHalere = isCodInvoice
    ? codRounding(totals.grossHalere).roundingHalere
    : corrected?.roundingHalere
      ? -corrected.roundingHalere
      : undefined;
  const total = totals.grossHalere + (roundingHalere ?? 0);
  const paidHalere = options.settles?.paidHalere;
  const payableHalere =
    options.kind === 'ORDER_CONFIRMATION' ? total : options.kind === 'CREDIT_NOTE' ? total : total - (paidHalere ?? 0);
  const isPaymentRequest = options.kind === 'PROFORMA_INVOICE' || (options.kind === 'TAX_INVOICE' && !isCodInvoice && payableHalere > 0);
  const variableSymbol = options.kind === 'ORDER_CONFIRMATION' ? undefined : options.number;
  const notes = [
    ...(services[0] && options.kind === 'ORDER_CONFIRMATION' ? [supportBilledByUseNote(services[0].unitPriceHalere, language)] : []),
    ...(order.paymentMethod === 'COD' && options.kind !== 'CREDIT_NOTE' ? [COD_NOTE[language]] : []),
    `${TERMS_NOTE[language]} (${order.termsVersion}): ${config.TERMS_URL}`,
  ];
  const delivery: Party = {
    name: order.deliveryName,
    street: order.deliveryStreet,
    city: order.deliveryCity,
    postalCode: order.deliveryPostalCode,
    country: order.deliveryCountry,
  };
  return {
    kind: options.kind,
    language,
    number: options.number,
    orderNumber: order.number,
    issueDate: options.issueDate,
    ...(options.taxableSupplyDate ? { taxableSupplyDate: options.taxableSupplyDate } : {}),
    ...(options.dueDate ? { dueDate: options.dueDate } : {}),
    ...(variableSymbol ? { variableSymbol } : {}),
    paymentMethod: order.paymentMethod,
    supplier: supplierParty(config),
    customer: customerParty(order.organization),
    deliveryAddress: delivery,
    lines,
    vatSummary: totals.vatSummary,
    netHalere: totals.netHalere,
    vatHalere: totals.vatHalere,
    grossHalere: totals.grossHalere,
    ...(roundingHalere !== undefined ? { roundingHalere } : {}),
    payableHalere,
    ...(corrected ? { correctsNumber: corrected.number, reason: options.reason ?? '' } : {}),
    ...(options.settles ? { settledProformaNumber: options.settles.number, paidHalere: options.settles.paidHalere } : {}),
    notes,
    termsUrl: config.TERMS_URL,
    ...(isPaymentRequest && variableSymbol
      ? {
          qrPayment: {
            iban: config.SUPPLIER_IBAN,
            bic: config.SUPPLIER_BIC,
            amountHalere: payableHalere,
            variableSymbol,
            // No DT: banks read it as the day to execute the payment, not the invoice's due date.
            message: `${language === 'CS' ? 'Objednavka' : 'Order'} ${order.number}`,
          },
        }
      : {}),
  };
}
