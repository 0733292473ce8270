import { halereToDecimalString } from '../../domain/money';
import type { DocumentContent } from '../document-content';
import { type IsdocFacts, type IsdocInvoice, type IsdocLine, type IsdocParty, IsdocError, isdocInvoiceOf } from './isdoc-invoice';
import { assertIsdocRules } from './isdoc-rules';

export const ISDOC_NAMESPACE = 'http://isdoc.cz/namespace/2013';
export const ISDOC_VERSION = '6.0.2';
export const ISDOC_MEDIA_TYPE = 'application/xml';

/**
 * ISDOC 6.0.2 XML of an issued document, built from its frozen content: the rules are checked
 * first (IsdocError stops the issue), then the model is written in the XSD's element order.
 * Pure and deterministic: the same content and facts give the same bytes.
 */
export function buildIsdocXml(content: DocumentContent, facts: IsdocFacts): string {
  const invoice = isdocInvoiceOf(content, facts);
  assertIsdocRules(invoice);
  return serializeIsdoc(invoice);
}

/** The file name of a document's ISDOC next to its PDF ("2026200042.isdoc"). */
export function isdocFileName(number: string): string {
  return `${number}.isdoc`;
}

// --- a minimal XML writer: elements, attributes, escaped text, two-space indentation ---

type Node = { name: string; attrs?: Record<string, string>; text?: string; children?: (Node | false | undefined)[] };

const el = (name: string, text: string, attrs?: Record<string, string>): Node => ({ name, text, ...(attrs ? { attrs } : {}) });
const parent = (name: string, children: (Node | false | undefined)[], attrs?: Record<string, string>): Node => ({
  name,
  children,
  ...(attrs ? { attrs } : {}),
});

// XML 1.0 allows tab, LF, CR and everything from U+0020 except surrogates and U+FFFE/U+FFFF.
const FORBIDDEN_XML_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function escapeXml(value: string): string {
  if (FORBIDDEN_XML_CHARS.test(value)) throw new IsdocError(`text not allowed in XML: ${JSON.stringify(value)}`);
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/\r/g, '&#13;');
}

function write(node: Node, indent: string, out: string[]): void {
  const attrs = Object.entries(node.attrs ?? {})
    .map(([k, v]) => ` ${k}="${escapeXml(v)}"`)
    .join('');
  const children = (node.children ?? []).filter((c): c is Node => Boolean(c));
  if (node.children === undefined) {
    out.push(`${indent}<${node.name}${attrs}>${escapeXml(node.text ?? '')}</${node.name}>`);
  } else {
    out.push(`${indent}<${node.name}${attrs}>`);
    for (const child of children) write(child, `${indent}  `, out);
    out.push(`${indent}</${node.name}>`);
  }
}

// --- values ---

const amount = (halere: number) => halereToDecimalString(halere);

/** A line quantity as xs:decimal, never in exponent notation. */
function decimal(n: number): string {
  if (!Number.isFinite(n)) throw new IsdocError(`not a finite number: ${n}`);
  const text = String(n);
  return /e/i.test(text) ? n.toFixed(6).replace(/\.?0+$/, '') : text;
}

/** Unit price with VAT, exact: haléře × (100 + rate) % is 10⁻⁶ CZK; written with four decimals. */
function unitPriceTaxInclusive(line: IsdocLine): string {
  const millionths = BigInt(line.unitPriceHalere) * BigInt(Math.round((100 + line.ratePercent) * 100));
  const abs = millionths < 0n ? -millionths : millionths;
  const rest = String(abs % 1_000_000n).padStart(6, '0');
  if (!rest.endsWith('00')) throw new IsdocError(`unit price with VAT of line ${line.id} needs more than 4 decimals`);
  return `${millionths < 0n ? '-' : ''}${abs / 1_000_000n}.${rest.slice(0, 4)}`;
}

const percent = (rate: number) => decimal(rate);

function party(p: IsdocParty): Node {
  return parent('Party', [
    parent('PartyIdentification', [el('ID', p.id)]),
    parent('PartyName', [el('Name', p.name)]),
    parent('PostalAddress', [
      el('StreetName', p.streetName),
      el('BuildingNumber', p.buildingNumber),
      el('CityName', p.cityName),
      el('PostalZone', p.postalZone),
      parent('Country', [el('IdentificationCode', p.countryCode), el('Name', p.countryName)]),
    ]),
    p.vatId !== undefined && parent('PartyTaxScheme', [el('CompanyID', p.vatId), el('TaxScheme', 'VAT')]),
    p.registry !== undefined && parent('RegisterIdentification', [el('Preformatted', p.registry)]),
    (p.email !== undefined || p.phone !== undefined) &&
      parent('Contact', [p.phone !== undefined && el('Telephone', p.phone), p.email !== undefined && el('ElectronicMail', p.email)]),
  ]);
}

function line(l: IsdocLine, inv: IsdocInvoice): Node {
  return parent('InvoiceLine', [
    el('ID', l.id),
    l.originalLineId !== undefined && parent('OriginalDocumentReference', [el('LineID', l.originalLineId)], { ref: 'original' }),
    el('InvoicedQuantity', decimal(l.quantity), { unitCode: l.unit }),
    el('LineExtensionAmount', amount(l.netHalere)),
    el('LineExtensionAmountTaxInclusive', amount(l.grossHalere)),
    el('LineExtensionTaxAmount', amount(l.vatHalere)),
    el('UnitPrice', amount(l.unitPriceHalere)),
    el('UnitPriceTaxInclusive', unitPriceTaxInclusive(l)),
    parent('ClassifiedTaxCategory', [el('Percent', percent(l.ratePercent)), el('VATCalculationMethod', '0')]),
    l.note !== undefined && el('Note', l.note, { languageID: inv.language }),
    parent('Item', [el('Description', l.description)]),
  ]);
}

export function serializeIsdoc(inv: IsdocInvoice): string {
  const zero = amount(0);
  const p = inv.payment;
  const root = parent(
    'Invoice',
    [
      el('DocumentType', String(inv.documentType)),
      el('ID', inv.id),
      el('UUID', inv.uuid),
      el('IssuingSystem', 'aTime'),
      el('IssueDate', inv.issueDate),
      inv.taxPointDate !== undefined && el('TaxPointDate', inv.taxPointDate),
      el('VATApplicable', String(inv.vatApplicable)),
      el('ElectronicPossibilityAgreementReference', ''),
      inv.note !== undefined && el('Note', inv.note, { languageID: inv.language }),
      el('LocalCurrencyCode', 'CZK'),
      el('CurrRate', '1'),
      el('RefCurrRate', '1'),
      parent('AccountingSupplierParty', [party(inv.supplier)]),
      parent('AccountingCustomerParty', [party(inv.customer)]),
      inv.orderNumber !== undefined &&
        parent('OrderReferences', [parent('OrderReference', [el('SalesOrderID', inv.orderNumber)], { id: 'order' })]),
      inv.originalDocument !== undefined &&
        parent('OriginalDocumentReferences', [
          parent(
            'OriginalDocumentReference',
            [el('ID', inv.originalDocument.id), el('IssueDate', inv.originalDocument.issueDate), el('UUID', inv.originalDocument.uuid)],
            { id: 'original' },
          ),
        ]),
      inv.delivery !== undefined && parent('Delivery', [party(inv.delivery)]),
      parent(
        'InvoiceLines',
        inv.lines.map((l) => line(l, inv)),
      ),
      inv.nonTaxedDeposit !== undefined &&
        parent('NonTaxedDeposits', [
          parent('NonTaxedDeposit', [
            el('ID', inv.nonTaxedDeposit.id),
            el('VariableSymbol', inv.nonTaxedDeposit.variableSymbol),
            el('DepositAmount', amount(inv.nonTaxedDeposit.amountHalere)),
          ]),
        ]),
      parent('TaxTotal', [
        ...inv.taxSubTotals.map((s) =>
          parent('TaxSubTotal', [
            el('TaxableAmount', amount(s.taxableHalere)),
            el('TaxAmount', amount(s.taxHalere)),
            el('TaxInclusiveAmount', amount(s.taxInclusiveHalere)),
            // No taxed deposits (tax documents for a received payment) are ever claimed here.
            el('AlreadyClaimedTaxableAmount', zero),
            el('AlreadyClaimedTaxAmount', zero),
            el('AlreadyClaimedTaxInclusiveAmount', zero),
            el('DifferenceTaxableAmount', amount(s.taxableHalere)),
            el('DifferenceTaxAmount', amount(s.taxHalere)),
            el('DifferenceTaxInclusiveAmount', amount(s.taxInclusiveHalere)),
            parent('TaxCategory', [el('Percent', percent(s.ratePercent))]),
          ]),
        ),
        el('TaxAmount', amount(inv.taxHalere)),
      ]),
      parent('LegalMonetaryTotal', [
        el('TaxExclusiveAmount', amount(inv.taxExclusiveHalere)),
        el('TaxInclusiveAmount', amount(inv.taxInclusiveHalere)),
        el('AlreadyClaimedTaxExclusiveAmount', zero),
        el('AlreadyClaimedTaxInclusiveAmount', zero),
        el('DifferenceTaxExclusiveAmount', amount(inv.taxExclusiveHalere)),
        el('DifferenceTaxInclusiveAmount', amount(inv.taxInclusiveHalere)),
        inv.roundingHalere !== undefined && el('PayableRoundingAmount', amount(inv.roundingHalere)),
        el('PaidDepositsAmount', amount(inv.paidDepositsHalere)),
        el('PayableAmount', amount(inv.payableHalere)),
      ]),
      p !== undefined &&
        parent('PaymentMeans', [
          parent('Payment', [
            el('PaidAmount', amount(p.amountHalere)),
            el('PaymentMeansCode', String(p.code)),
            p.code === 42 &&
              parent('Details', [
                el('PaymentDueDate', p.dueDate),
                el('ID', p.accountNumber),
                el('BankCode', p.bankCode),
                el('Name', ''),
                el('IBAN', p.iban),
                el('BIC', p.bic),
                el('VariableSymbol', p.variableSymbol),
              ]),
          ]),
        ]),
    ],
    { xmlns: ISDOC_NAMESPACE, version: ISDOC_VERSION },
  );
  const out = ['<?xml version="1.0" encoding="UTF-8"?>'];
  write(root, '', out);
  return `${out.join('\n')}\n`;
}
