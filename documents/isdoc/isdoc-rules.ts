import { IsdocError, type IsdocInvoice } from './isdoc-invoice';

/**
 * The ISDOC rules the XSD cannot check, plus the XSD facets that depend on data rather than on
 * our serializer (UUID pattern, dates, line-id length). Runs on every document as it is issued:
 * a violation is a bug in the content or the builder and must stop the issue, never be sent.
 */
export function isdocRuleViolations(inv: IsdocInvoice): string[] {
  const violations: string[] = [];
  const fail = (message: string) => violations.push(message);

  const UUID = /^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$/;
  if (!UUID.test(inv.uuid)) fail(`UUID "${inv.uuid}" is not 8-4-4-4-12 hex`);
  const dates: [string, string | undefined][] = [
    ['IssueDate', inv.issueDate],
    ['TaxPointDate', inv.taxPointDate],
    ['OriginalDocumentReference/IssueDate', inv.originalDocument?.issueDate],
    ['PaymentDueDate', inv.payment?.code === 42 ? inv.payment.dueDate : undefined],
  ];
  for (const [field, value] of dates) {
    if (value !== undefined && !isIsoDate(value)) fail(`${field} "${value}" is not a date YYYY-MM-DD`);
  }
  if (inv.id.trim() === '') fail('ID (the document number) is empty');

  // Document types 2, 3 and 6 correct another document.
  if (inv.documentType === 2) {
    if (!inv.originalDocument) fail('a credit note must reference the original document (OriginalDocumentReference)');
    else if (!UUID.test(inv.originalDocument.uuid)) fail(`OriginalDocumentReference UUID "${inv.originalDocument.uuid}" is not 8-4-4-4-12 hex`);
    if (inv.taxPointDate !== undefined) fail('a credit note has no TaxPointDate');
    const amounts: [string, number][] = [
      ['TaxExclusiveAmount', inv.taxExclusiveHalere],
      ['TaxInclusiveAmount', inv.taxInclusiveHalere],
      ['TaxAmount', inv.taxHalere],
      ['PayableAmount', inv.payableHalere],
      ...inv.lines.map((l): [string, number] => [`InvoiceLine ${l.id} LineExtensionAmount`, l.netHalere]),
      ...inv.taxSubTotals.map((s): [string, number] => [`TaxSubTotal ${s.ratePercent} % TaxableAmount`, s.taxableHalere]),
    ];
    for (const [field, value] of amounts) {
      if (value < 0) fail(`a credit note states positive amounts: ${field} is ${value}`);
    }
  } else if (inv.originalDocument) {
    fail(`DocumentType ${inv.documentType} references an original document`);
  }
  if (inv.documentType === 1 && inv.taxPointDate === undefined) fail('a tax invoice states its TaxPointDate (DUZP)');

  const seen = new Set<string>();
  for (const line of inv.lines) {
    if (line.id === '' || line.id.length > 36) fail(`line ID "${line.id}" must have 1 to 36 characters`);
    if (seen.has(line.id)) fail(`line ID "${line.id}" is not unique`);
    seen.add(line.id);
    if (line.grossHalere !== line.netHalere + line.vatHalere) fail(`line ${line.id}: net + VAT ≠ gross`);
    if (!inv.taxSubTotals.some((s) => s.ratePercent === line.ratePercent)) fail(`line ${line.id}: no TaxSubTotal for ${line.ratePercent} %`);
  }
  if (inv.lines.length === 0) fail('InvoiceLines is empty');

  // Per-rate sums equal the totals. The VAT of a rate is computed on the rate's base (§37 ZDPH),
  // so line VATs are informative and are not required to add up to it.
  const rates = new Set<number>();
  for (const s of inv.taxSubTotals) {
    if (rates.has(s.ratePercent)) fail(`two TaxSubTotals for ${s.ratePercent} %`);
    rates.add(s.ratePercent);
    const lineBase = sum(inv.lines.filter((l) => l.ratePercent === s.ratePercent).map((l) => l.netHalere));
    if (lineBase !== s.taxableHalere) fail(`${s.ratePercent} %: lines sum to ${lineBase}, TaxableAmount is ${s.taxableHalere}`);
    if (s.taxInclusiveHalere !== s.taxableHalere + s.taxHalere) fail(`${s.ratePercent} %: TaxableAmount + TaxAmount ≠ TaxInclusiveAmount`);
  }
  const checks: [string, number, number][] = [
    ['TaxExclusiveAmount = Σ TaxSubTotal/TaxableAmount', inv.taxExclusiveHalere, sum(inv.taxSubTotals.map((s) => s.taxableHalere))],
    ['TaxTotal/TaxAmount = Σ TaxSubTotal/TaxAmount', inv.taxHalere, sum(inv.taxSubTotals.map((s) => s.taxHalere))],
    ['TaxInclusiveAmount = TaxExclusiveAmount + TaxAmount', inv.taxInclusiveHalere, inv.taxExclusiveHalere + inv.taxHalere],
    [
      'PayableAmount = TaxInclusiveAmount + PayableRoundingAmount − PaidDepositsAmount',
      inv.payableHalere,
      inv.taxInclusiveHalere + (inv.roundingHalere ?? 0) - inv.paidDepositsHalere,
    ],
  ];
  if (inv.nonTaxedDeposit) {
    checks.push(['PaidDepositsAmount = Σ NonTaxedDeposit/DepositAmount', inv.paidDepositsHalere, inv.nonTaxedDeposit.amountHalere]);
  }
  if (inv.payment) checks.push(['Payment/PaidAmount = PayableAmount', inv.payment.amountHalere, inv.payableHalere]);
  for (const [rule, actual, expected] of checks) {
    if (actual !== expected) fail(`${rule}: ${actual} ≠ ${expected}`);
  }
  if (inv.payment?.code === 42) {
    if (inv.payment.iban === '') fail('a bank transfer needs the IBAN');
    if (!/^\d{1,10}$/.test(inv.payment.variableSymbol)) fail(`VariableSymbol "${inv.payment.variableSymbol}" must be 1 to 10 digits`);
  }
  return violations;
}

/** Throws IsdocError listing every violation. */
export function assertIsdocRules(inv: IsdocInvoice): void {
  const violations = isdocRuleViolations(inv);
  if (violations.length > 0) throw new IsdocError(`ISDOC ${inv.id} breaks the rules: ${violations.join('; ')}`);
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

function isIsoDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}
