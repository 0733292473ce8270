import type { PaymentMethod } from '../domain/payments';
import type { DocumentKind } from './document-content';
import type { Language } from './format';

/** Every fixed text a document prints, per language. Czech is the legal wording. */
export interface DocumentLabels {
  title: Record<DocumentKind, string>;
  notTaxDocument: string;
  supplier: string;
  customer: string;
  deliveryAddress: string;
  deliverySameAsCustomer: string;
  ico: string;
  dic: string;
  number: string;
  orderNumber: string;
  issueDate: string;
  taxableSupplyDate: string;
  dueDate: string;
  paymentMethod: string;
  paymentMethods: Record<PaymentMethod, string>;
  variableSymbol: string;
  bankAccount: string;
  iban: string;
  bic: string;
  billingPeriod: string;
  supportInvoiceSubtitle: (month: string) => string;
  correctsNumber: string;
  reason: string;
  colDescription: string;
  colQuantity: string;
  colUnitPrice: string;
  colVatRate: string;
  colNet: string;
  colVat: string;
  colGross: string;
  vatRecapTitle: Record<DocumentKind, string>;
  recapRate: string;
  recapBase: string;
  recapVat: string;
  recapGross: string;
  recapTotal: string;
  totalNet: string;
  totalVat: string;
  totalGross: string;
  totalDifference: string;
  rounding: string;
  paidByProforma: (proformaNumber: string) => string;
  payable: string;
  payableCod: string;
  refundDue: string;
  codBanner: (amount: string) => string;
  paidBanner: string;
  qrTitle: string;
  qrHint: string;
  orderIntro: string;
  proformaNote: string;
  taxInvoiceNote: string;
  creditNoteIntro: (correctsNumber: string) => string;
  termsReference: Record<DocumentKind, string>;
  notes: string;
  issuedBy: string;
}

export const LABELS: Record<Language, DocumentLabels> = {
  CS: {
    title: {
      ORDER_CONFIRMATION: 'Potvrzení objednávky',
      PROFORMA_INVOICE: 'Zálohová faktura',
      TAX_INVOICE: 'Faktura – daňový doklad',
      CREDIT_NOTE: 'Opravný daňový doklad',
    },
    notTaxDocument: 'Není daňový doklad',
    supplier: 'Dodavatel',
    customer: 'Odběratel',
    deliveryAddress: 'Dodací adresa',
    deliverySameAsCustomer: 'Shodná s adresou odběratele',
    ico: 'IČO',
    dic: 'DIČ',
    number: 'Číslo dokladu',
    orderNumber: 'Číslo objednávky',
    issueDate: 'Datum vystavení',
    taxableSupplyDate: 'Datum uskutečnění zdanitelného plnění (DUZP)',
    dueDate: 'Datum splatnosti',
    paymentMethod: 'Forma úhrady',
    paymentMethods: { COD: 'Dobírka', BANK_TRANSFER: 'Bankovní převod' },
    variableSymbol: 'Variabilní symbol',
    bankAccount: 'Bankovní účet',
    iban: 'IBAN',
    bic: 'BIC/SWIFT',
    billingPeriod: 'Zúčtovací období',
    supportInvoiceSubtitle: (month) => `Vyúčtování podpory aTime Support za období ${month}`,
    correctsNumber: 'Opravovaný doklad',
    reason: 'Důvod opravy',
    colDescription: 'Označení dodávky',
    colQuantity: 'Množství',
    colUnitPrice: 'Cena za MJ bez DPH',
    colVatRate: 'Sazba DPH',
    colNet: 'Základ',
    colVat: 'DPH',
    colGross: 'Celkem s DPH',
    vatRecapTitle: {
      ORDER_CONFIRMATION: 'Rekapitulace DPH',
      PROFORMA_INVOICE: 'Rekapitulace DPH (informativní)',
      TAX_INVOICE: 'Rekapitulace DPH v Kč',
      CREDIT_NOTE: 'Rozdíly podle sazeb DPH v Kč',
    },
    recapRate: 'Sazba',
    recapBase: 'Základ daně',
    recapVat: 'Výše daně',
    recapGross: 'Celkem',
    recapTotal: 'Součet',
    totalNet: 'Celkem bez DPH',
    totalVat: 'DPH celkem',
    totalGross: 'Celkem s DPH',
    totalDifference: 'Rozdíl celkem s DPH',
    rounding: 'Zaokrouhlení (mimo základ DPH)',
    paidByProforma: (n) => `Uhrazeno zálohou (zálohová faktura č. ${n})`,
    payable: 'K úhradě',
    payableCod: 'K úhradě dobírkou',
    refundDue: 'K vrácení odběrateli',
    codBanner: (amount) => `Dobírka – částku ${amount} uhradíte dopravci při převzetí zásilky.`,
    paidBanner: 'Uhrazeno zálohou – neplaťte.',
    qrTitle: 'QR Platba',
    qrHint: 'Naskenujte v aplikaci své banky.',
    orderIntro: 'Děkujeme za objednávku. Potvrzujeme její přijetí v tomto rozsahu:',
    proformaNote:
      'Zálohová faktura je výzvou k platbě a není daňový doklad. Daňový doklad vystavíme do 15 dnů od přijetí platby.',
    taxInvoiceNote: 'Faktura je daňovým dokladem podle § 29 zákona č. 235/2004 Sb., o dani z přidané hodnoty.',
    creditNoteIntro: (n) => `Opravný daňový doklad podle § 45 zákona č. 235/2004 Sb. k dokladu č. ${n}.`,
    termsReference: {
      ORDER_CONFIRMATION: 'Objednávka se řídí obchodními podmínkami dodavatele',
      PROFORMA_INVOICE: 'Dodávka se řídí obchodními podmínkami dodavatele',
      TAX_INVOICE: 'Dodávka se řídí obchodními podmínkami dodavatele',
      CREDIT_NOTE: 'Dodávka se řídí obchodními podmínkami dodavatele',
    },
    notes: 'Poznámky',
    issuedBy: 'Vystavil',
  },
  EN: {
    title: {
      ORDER_CONFIRMATION: 'Order confirmation',
      PROFORMA_INVOICE: 'Proforma invoice',
      TAX_INVOICE: 'Invoice – tax document',
      CREDIT_NOTE: 'Credit note – corrective tax document',
    },
    notTaxDocument: 'Not a tax document',
    supplier: 'Supplier',
    customer: 'Customer',
    deliveryAddress: 'Delivery address',
    deliverySameAsCustomer: 'Same as the customer address',
    ico: 'Company ID (IČO)',
    dic: 'VAT ID (DIČ)',
    number: 'Document number',
    orderNumber: 'Order number',
    issueDate: 'Issue date',
    taxableSupplyDate: 'Date of taxable supply',
    dueDate: 'Due date',
    paymentMethod: 'Payment method',
    paymentMethods: { COD: 'Cash on delivery', BANK_TRANSFER: 'Bank transfer' },
    variableSymbol: 'Variable symbol',
    bankAccount: 'Bank account',
    iban: 'IBAN',
    bic: 'BIC/SWIFT',
    billingPeriod: 'Billing period',
    supportInvoiceSubtitle: (month) => `aTime Support usage for ${month}`,
    correctsNumber: 'Corrected document',
    reason: 'Reason for correction',
    colDescription: 'Description',
    colQuantity: 'Quantity',
    colUnitPrice: 'Unit price excl. VAT',
    colVatRate: 'VAT rate',
    colNet: 'Net',
    colVat: 'VAT',
    colGross: 'Total incl. VAT',
    vatRecapTitle: {
      ORDER_CONFIRMATION: 'VAT summary',
      PROFORMA_INVOICE: 'VAT summary (for information)',
      TAX_INVOICE: 'VAT summary in CZK',
      CREDIT_NOTE: 'Differences per VAT rate in CZK',
    },
    recapRate: 'Rate',
    recapBase: 'Tax base',
    recapVat: 'VAT',
    recapGross: 'Total',
    recapTotal: 'Sum',
    totalNet: 'Total excl. VAT',
    totalVat: 'Total VAT',
    totalGross: 'Total incl. VAT',
    totalDifference: 'Total difference incl. VAT',
    rounding: 'Rounding (not subject to VAT)',
    paidByProforma: (n) => `Paid in advance (proforma invoice no. ${n})`,
    payable: 'Amount due',
    payableCod: 'Amount due on delivery',
    refundDue: 'To be refunded to the customer',
    codBanner: (amount) => `Cash on delivery – pay ${amount} to the carrier when you receive the parcel.`,
    paidBanner: 'Paid in advance – nothing to pay.',
    qrTitle: 'QR payment',
    qrHint: 'Scan it in your banking app.',
    orderIntro: 'Thank you for your order. We confirm that we have received it as follows:',
    proformaNote:
      'This proforma invoice is a request for payment and is not a tax document. The tax document will be issued within 15 days of receiving the payment.',
    taxInvoiceNote: 'This invoice is a tax document under § 29 of the Czech VAT Act (No. 235/2004 Coll.).',
    creditNoteIntro: (n) => `Corrective tax document under § 45 of the Czech VAT Act (No. 235/2004 Coll.) to document no. ${n}.`,
    termsReference: {
      ORDER_CONFIRMATION: 'The order is governed by the supplier’s terms of business',
      PROFORMA_INVOICE: 'The supply is governed by the supplier’s terms of business',
      TAX_INVOICE: 'The supply is governed by the supplier’s terms of business',
      CREDIT_NOTE: 'The supply is governed by the supplier’s terms of business',
    },
    notes: 'Notes',
    issuedBy: 'Issued by',
  },
};
