import type { DocumentContent, DocumentLine } from '../documents/document-content';
import { formatDate, formatMonth } from '../documents/format';
import { supportInvoiceNote } from '../documents/support-terms';
import { lastDayOfMonth } from '../domain/prague-calendar';
import { documentTotals } from '../domain/vat';
import { roundHalfUp } from '../domain/money';
import type { Config } from '../infra/config';
import type { Organization } from '../infra/db';
import type { SupportUsageReport } from '../workflows/support-billing/contract';
import { customerParty, supplierParty } from './order-document-content';

export interface SupportInvoiceOptions {
  number: string;
  /** YYYY-MM, the month billed. */
  month: string;
  issueDate: string;
  dueDate: string;
  /** One line per support day (ticket), in the order they appear. */
  usages: SupportUsageReport[];
  /** The product name as the catalogue has it (SUPPORT-DAY). */
  productName: { CS: string; EN: string };
  /** A supplementary invoice for usage reported after the month's first invoice. */
  supplements?: string | undefined;
}

/** Billed time as "1 h 15 min" (the same in both languages). */
const durationText = (minutes: number) => `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;

const callTimeText = (seconds: number, language: 'CS' | 'EN') => {
  const minutes = Math.floor(seconds / 60);
  const rest = seconds % 60;
  return language === 'CS' ? `čas hovorů ${minutes} min ${rest} s` : `call time ${minutes} min ${rest} s`;
};

/** One invoice line for one ticket's support day: hours in quarter steps at the hourly rate. */
export function supportInvoiceLine(usage: SupportUsageReport, productName: string, language: 'CS' | 'EN'): DocumentLine {
  const netHalere = usage.amountHalere;
  const vatHalere = roundHalfUp(netHalere * usage.vatRatePercent, 100);
  return {
    description: productName,
    unit: 'h',
    quantity: usage.billedMinutes / 60,
    unitPriceHalere: usage.hourlyRateHalere,
    vatRatePercent: usage.vatRatePercent,
    netHalere,
    vatHalere,
    grossHalere: netHalere + vatHalere,
    detail: [
      formatDate(usage.supportDay, language),
      `${language === 'CS' ? 'tiket' : 'ticket'} ${usage.ticketCode}`,
      durationText(usage.billedMinutes),
      `(${callTimeText(usage.usedSeconds, language)})`,
    ].join(' · '),
    ticketCode: usage.ticketCode,
  };
}

/**
 * The frozen content of a month's support invoice (faktura – daňový doklad): DUZP the month's
 * last day (the service is supplied continuously through the month, billed after it), payable
 * by bank transfer with QR Platba, the number doubling as the variable symbol.
 */
export function buildSupportInvoiceContent(org: Organization, config: Config, options: SupportInvoiceOptions): DocumentContent {
  const language = org.language;
  const month = formatMonth(options.month, language);
  const lines = options.usages.map((u) => supportInvoiceLine(u, options.productName[language], language));
  const totals = documentTotals(lines);
  const notes = [
    supportInvoiceNote(month, options.usages.map((u) => u.hourlyRateHalere), language),
    ...(options.supplements
      ? [
          language === 'CS'
            ? `Dodatečná faktura k vyúčtování za ${month} (čerpání nahlášené po vystavení faktury ${options.supplements}).`
            : `Supplementary invoice for ${month} (usage reported after invoice ${options.supplements} was issued).`,
        ]
      : []),
    `${language === 'CS' ? 'Dodávka se řídí obchodními podmínkami aTime' : 'The supply is governed by the aTime terms of business'}: ${config.TERMS_URL}`,
  ];
  return {
    kind: 'TAX_INVOICE',
    language,
    number: options.number,
    issueDate: options.issueDate,
    taxableSupplyDate: lastDayOfMonth(options.month),
    dueDate: options.dueDate,
    variableSymbol: options.number,
    paymentMethod: 'BANK_TRANSFER',
    supplier: supplierParty(config),
    customer: customerParty(org),
    lines,
    vatSummary: totals.vatSummary,
    netHalere: totals.netHalere,
    vatHalere: totals.vatHalere,
    grossHalere: totals.grossHalere,
    payableHalere: totals.grossHalere,
    supportMonth: options.month,
    notes,
    termsUrl: config.TERMS_URL,
    qrPayment: {
      iban: config.SUPPLIER_IBAN,
      bic: config.SUPPLIER_BIC,
      amountHalere: totals.grossHalere,
      variableSymbol: options.number,
      dueDate: options.dueDate,
      message: `Faktura ${options.number}`,
    },
  };
}
