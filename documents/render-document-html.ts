import { buildSpayd, SpaydError } from '../domain/spayd';
import { DocumentContentError, type DocumentContent, type DocumentLine, type Party, type VatRateSummary } from './document-content';
import { escapeHtml as e, formatDate, formatMoney, formatMonth, formatPercent, formatQuantity } from './format';
import { LABELS, type DocumentLabels } from './labels';
import { DOCUMENT_CSS } from './styles';
import { qrCodePng } from './qr-code-png';

/**
 * Renders a frozen document as one self-contained A4 HTML page (inline CSS, the QR code as a data
 * URI, no external resources), ready for Chromium's print-to-PDF. One layout; the four kinds differ
 * only in which partials they show. Every value from the content is HTML-escaped.
 */
export function renderDocumentHtml(content: DocumentContent): string {
  assertLegalFields(content);
  const L = LABELS[content.language];
  const qr = showsQrPayment(content) && content.qrPayment ? qrDataUri(content) : undefined;

  const body = [
    header(content, L),
    parties(content, L),
    metaTable(content, L),
    intro(content, L),
    linesTable(content, L),
    `<div class="summary">${vatRecap(content, L)}${totals(content, L)}</div>`,
    banner(content, L),
    paymentBlock(content, L, qr),
    notesBlock(content, L),
    footer(content, L),
  ].join('\n');

  return `<!DOCTYPE html>
<html lang="${content.language === 'CS' ? 'cs' : 'en'}">
<head>
<meta charset="utf-8">
<title>${e(L.title[content.kind])} ${e(content.number)}</title>
<style>${DOCUMENT_CSS}</style>
</head>
<body>
${body}
</body>
</html>
`;
}

/** QR Platba appears wherever a bank transfer is still expected. */
export function showsQrPayment(c: DocumentContent): boolean {
  if (!c.qrPayment) return false;
  if (c.kind === 'PROFORMA_INVOICE') return true;
  return c.kind === 'TAX_INVOICE' && c.paymentMethod === 'BANK_TRANSFER' && c.payableHalere > 0;
}

/** A tax document without these would not be valid (§29, §45 ZDPH): refuse to render it. */
function assertLegalFields(c: DocumentContent): void {
  const missing: string[] = [];
  if (c.kind === 'TAX_INVOICE' || c.kind === 'CREDIT_NOTE') {
    if (!c.taxableSupplyDate) missing.push('taxableSupplyDate');
    if (!c.supplier.dic) missing.push('supplier.dic');
  }
  if (c.kind === 'CREDIT_NOTE') {
    if (!c.correctsNumber) missing.push('correctsNumber');
    if (!c.reason) missing.push('reason');
  }
  if (missing.length > 0) {
    throw new DocumentContentError(`Document ${c.number} (${c.kind}) lacks required fields: ${missing.join(', ')}`);
  }
}

function qrDataUri(c: DocumentContent): string {
  const q = c.qrPayment!;
  let spayd: string;
  try {
    // The due date is printed beside the code, never encoded in it (see domain/spayd.ts).
    spayd = buildSpayd({ iban: q.iban, bic: q.bic, amountHalere: q.amountHalere, variableSymbol: q.variableSymbol, message: q.message });
  } catch (error) {
    if (error instanceof SpaydError) throw new DocumentContentError(`Document ${c.number} (${c.kind}): QR Platba: ${error.message}`, { cause: error });
    throw error;
  }
  // Level M is what the QR Platba recommendations ask for; a 4-module quiet zone keeps it scannable in print.
  const png = qrCodePng(spayd, { errorCorrectionLevel: 'M', margin: 4, scale: 6 });
  return `data:image/png;base64,${png.toString('base64')}`;
}

function header(c: DocumentContent, L: DocumentLabels): string {
  const subtitle: string[] = [];
  if (c.kind === 'PROFORMA_INVOICE') subtitle.push(`<div class="badge">${e(L.notTaxDocument)}</div>`);
  if (c.supportMonth) {
    subtitle.push(`<div class="subtitle">${e(L.supportInvoiceSubtitle(formatMonth(c.supportMonth, c.language)))}</div>`);
  }
  return `<header class="doc-header">
  <div class="brand">${e(c.supplier.name)}</div>
  <div class="doc-title">
    <h1>${e(L.title[c.kind])}</h1>
    <div class="doc-number">${e(c.number)}</div>
    ${subtitle.join('\n    ')}
  </div>
</header>`;
}

function partyBlock(title: string, p: Party, L: DocumentLabels, extra: string[] = []): string {
  const lines = [
    `<div class="party-name">${e(p.name)}</div>`,
    `<div>${e(p.street)}</div>`,
    `<div>${e(p.postalCode)} ${e(p.city)}</div>`,
    `<div>${e(p.country)}</div>`,
  ];
  if (p.ico) lines.push(`<div>${e(L.ico)}: ${e(p.ico)}</div>`);
  if (p.dic) lines.push(`<div>${e(L.dic)}: ${e(p.dic)}</div>`);
  if (p.registry) lines.push(`<div class="small">${e(p.registry)}</div>`);
  if (p.email) lines.push(`<div>${e(p.email)}</div>`);
  if (p.phone) lines.push(`<div>${e(p.phone)}</div>`);
  lines.push(...extra);
  return `<section class="party"><h2>${e(title)}</h2>${lines.join('')}</section>`;
}

function parties(c: DocumentContent, L: DocumentLabels): string {
  const blocks = [partyBlock(L.supplier, c.supplier, L), partyBlock(L.customer, c.customer, L)];
  if (c.deliveryAddress) {
    blocks.push(partyBlock(L.deliveryAddress, c.deliveryAddress, L));
  } else if (c.kind === 'ORDER_CONFIRMATION') {
    blocks.push(`<section class="party"><h2>${e(L.deliveryAddress)}</h2><div>${e(L.deliverySameAsCustomer)}</div></section>`);
  }
  return `<div class="parties">${blocks.join('\n')}</div>`;
}

function metaTable(c: DocumentContent, L: DocumentLabels): string {
  const rows: [string, string][] = [[L.number, c.number]];
  if (c.correctsNumber) rows.push([L.correctsNumber, c.correctsNumber]);
  if (c.orderNumber) rows.push([L.orderNumber, c.orderNumber]);
  rows.push([L.issueDate, formatDate(c.issueDate, c.language)]);
  if (c.taxableSupplyDate) rows.push([L.taxableSupplyDate, formatDate(c.taxableSupplyDate, c.language)]);
  if (c.dueDate) rows.push([L.dueDate, formatDate(c.dueDate, c.language)]);
  rows.push([L.paymentMethod, L.paymentMethods[c.paymentMethod]]);
  if (c.variableSymbol) rows.push([L.variableSymbol, c.variableSymbol]);
  if (c.supportMonth) rows.push([L.billingPeriod, formatMonth(c.supportMonth, c.language)]);
  // Every document states the account, COD ones too: refunds and the carrier's payout go by transfer.
  rows.push([L.bankAccount, c.supplier.bankAccount], [L.iban, c.supplier.iban]);
  if (c.supplier.bic) rows.push([L.bic, c.supplier.bic]);
  const cells = rows.map(([k, v]) => `<tr><th>${e(k)}</th><td>${e(v)}</td></tr>`).join('');
  return `<table class="meta">${cells}</table>`;
}

function intro(c: DocumentContent, L: DocumentLabels): string {
  if (c.kind === 'ORDER_CONFIRMATION') return `<p class="intro">${e(L.orderIntro)}</p>`;
  if (c.kind === 'CREDIT_NOTE') {
    return `<div class="intro"><p>${e(L.creditNoteIntro(c.correctsNumber ?? ''))}</p>
<p><strong>${e(L.reason)}:</strong> ${e(c.reason ?? '')}</p></div>`;
  }
  return '';
}

function lineRow(line: DocumentLine, c: DocumentContent): string {
  const lang = c.language;
  const detail = line.detail ? `<div class="detail">${e(line.detail)}</div>` : '';
  return `<tr>
  <td class="desc">${e(line.description)}${detail}</td>
  <td class="num">${e(formatQuantity(line.quantity, lang))} ${e(line.unit)}</td>
  <td class="num">${e(formatMoney(line.unitPriceHalere, lang))}</td>
  <td class="num">${e(formatPercent(line.vatRatePercent, lang))}</td>
  <td class="num">${e(formatMoney(line.netHalere, lang))}</td>
  <td class="num">${e(formatMoney(line.vatHalere, lang))}</td>
  <td class="num">${e(formatMoney(line.grossHalere, lang))}</td>
</tr>`;
}

function linesTable(c: DocumentContent, L: DocumentLabels): string {
  return `<table class="lines">
<thead><tr>
  <th class="desc">${e(L.colDescription)}</th><th class="num">${e(L.colQuantity)}</th><th class="num">${e(L.colUnitPrice)}</th>
  <th class="num">${e(L.colVatRate)}</th><th class="num">${e(L.colNet)}</th><th class="num">${e(L.colVat)}</th><th class="num">${e(L.colGross)}</th>
</tr></thead>
<tbody>
${c.lines.map((l) => lineRow(l, c)).join('\n')}
</tbody>
</table>`;
}

function vatRecap(c: DocumentContent, L: DocumentLabels): string {
  const lang = c.language;
  const row = (label: string, s: Pick<VatRateSummary, 'baseHalere' | 'vatHalere' | 'grossHalere'>, cls = '') =>
    `<tr class="${cls}"><td>${e(label)}</td><td class="num">${e(formatMoney(s.baseHalere, lang))}</td><td class="num">${e(
      formatMoney(s.vatHalere, lang),
    )}</td><td class="num">${e(formatMoney(s.grossHalere, lang))}</td></tr>`;
  const rows = c.vatSummary.map((s) => row(formatPercent(s.ratePercent, lang), s));
  rows.push(row(L.recapTotal, { baseHalere: c.netHalere, vatHalere: c.vatHalere, grossHalere: c.grossHalere }, 'sum'));
  return `<section class="recap"><h2>${e(L.vatRecapTitle[c.kind])}</h2>
<table class="recap-table"><thead><tr><th>${e(L.recapRate)}</th><th class="num">${e(L.recapBase)}</th><th class="num">${e(
    L.recapVat,
  )}</th><th class="num">${e(L.recapGross)}</th></tr></thead>
<tbody>${rows.join('')}</tbody></table></section>`;
}

function totals(c: DocumentContent, L: DocumentLabels): string {
  const lang = c.language;
  const rows: [string, number, string?][] = [
    [L.totalNet, c.netHalere],
    [L.totalVat, c.vatHalere],
    [c.kind === 'CREDIT_NOTE' ? L.totalDifference : L.totalGross, c.grossHalere],
  ];
  if (c.roundingHalere !== undefined && (c.roundingHalere !== 0 || c.paymentMethod === 'COD')) {
    rows.push([L.rounding, c.roundingHalere]);
  }
  if (c.settledProformaNumber && c.paidHalere !== undefined) {
    rows.push([L.paidByProforma(c.settledProformaNumber), -c.paidHalere]);
  }
  if (c.kind === 'CREDIT_NOTE') {
    if (c.payableHalere < 0) rows.push([L.refundDue, -c.payableHalere, 'grand']);
    else if (c.payableHalere > 0) rows.push([L.payable, c.payableHalere, 'grand']);
  } else {
    rows.push([c.paymentMethod === 'COD' ? L.payableCod : L.payable, c.payableHalere, 'grand']);
  }
  const cells = rows
    .map(([k, v, cls]) => `<tr class="${cls ?? ''}"><th>${e(k)}</th><td class="num">${e(formatMoney(v, lang))}</td></tr>`)
    .join('');
  return `<table class="totals">${cells}</table>`;
}

function banner(c: DocumentContent, L: DocumentLabels): string {
  if (c.kind === 'CREDIT_NOTE') return '';
  if (c.paymentMethod === 'COD' && c.kind !== 'ORDER_CONFIRMATION') {
    return `<div class="banner cod">${e(L.codBanner(formatMoney(c.payableHalere, c.language)))}</div>`;
  }
  if (c.kind === 'TAX_INVOICE' && c.settledProformaNumber && c.payableHalere <= 0) {
    return `<div class="banner paid">${e(L.paidBanner)}</div>`;
  }
  return '';
}

function paymentBlock(c: DocumentContent, L: DocumentLabels, qr: string | undefined): string {
  if (!qr || !c.qrPayment) return '';
  const q = c.qrPayment;
  const facts: [string, string][] = [
    [L.payable, formatMoney(q.amountHalere, c.language)],
    [L.variableSymbol, q.variableSymbol],
    [L.bankAccount, c.supplier.bankAccount],
    [L.iban, q.iban],
  ];
  if (q.dueDate) facts.push([L.dueDate, formatDate(q.dueDate, c.language)]);
  return `<section class="payment">
  <div class="qr"><img src="${qr}" alt="${e(L.qrTitle)}"><div class="qr-caption">${e(L.qrTitle)}</div></div>
  <div class="payment-facts"><p class="small">${e(L.qrHint)}</p><table>${facts
    .map(([k, v]) => `<tr><th>${e(k)}</th><td>${e(v)}</td></tr>`)
    .join('')}</table></div>
</section>`;
}

function notesBlock(c: DocumentContent, L: DocumentLabels): string {
  const items: string[] = [];
  if (c.kind === 'PROFORMA_INVOICE') items.push(`<li><strong>${e(L.proformaNote)}</strong></li>`);
  if (c.kind === 'TAX_INVOICE') items.push(`<li>${e(L.taxInvoiceNote)}</li>`);
  items.push(...c.notes.map((n) => `<li>${e(n)}</li>`));
  items.push(`<li>${e(L.termsReference[c.kind])}: ${e(c.termsUrl)}</li>`);
  return `<section class="notes"><h2>${e(L.notes)}</h2><ul>${items.join('')}</ul></section>`;
}

function footer(c: DocumentContent, L: DocumentLabels): string {
  const s = c.supplier;
  const parts = [s.name, `${L.ico} ${s.ico ?? ''}`, s.dic ? `${L.dic} ${s.dic}` : '', s.registry ?? '', s.email ?? '']
    .filter((p) => p.trim() !== '')
    .map((p) => e(p));
  return `<footer>${e(L.issuedBy)}: ${parts.join(' · ')}</footer>`;
}
