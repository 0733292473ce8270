import { formatDate, formatMoney, formatMonth } from '../documents/format';
import { ticketRulesText } from '../documents/support-terms';
import type { PaymentMethod } from '../domain/payments';
import { renderEmailLayout, type Block, type EmailContext, type RenderedEmail } from './layout';

/**
 * Every e-mail the system sends, one function per message: (context, parameters) -> subject,
 * plain text and HTML in the organisation's language. Money is integer haléře, dates YYYY-MM-DD.
 * PDFs (and ISDOC, which the layout then mentions) are attached by the caller.
 */

/** Bank details for payment instructions. */
export interface BankDetails {
  bankAccount?: string;
  iban?: string;
}

/** Czech has three plural forms: 1 den, 2–4 dny, 5+ dní. */
function csPlural(n: number, one: string, few: string, many: string): string {
  if (n === 1) return one;
  if (n >= 2 && n <= 4) return few;
  return many;
}

function money(ctx: EmailContext, halere: number): string {
  return formatMoney(halere, ctx.language);
}

function date(ctx: EmailContext, iso: string): string {
  return formatDate(iso, ctx.language);
}

/** The portal page a message is about: its link opens exactly that order, invoice or ticket. */
export type PortalPage = { orderNumber: string } | { invoiceNumber: string } | { ticketCode: string };

/** The page's path under /portal/ (the web app's routes `orders/:n`, `invoices/:n`, `tickets/:code`). */
export function portalPath(page: PortalPage): string {
  if ('orderNumber' in page) return `orders/${encodeURIComponent(page.orderNumber)}`;
  if ('invoiceNumber' in page) return `invoices/${encodeURIComponent(page.invoiceNumber)}`;
  return `tickets/${encodeURIComponent(page.ticketCode)}`;
}

/** A link to one page of the customer portal (served under /portal/ by the API). */
function portalLink(ctx: EmailContext, cs: string, en: string, page?: PortalPage): Block[] {
  return ctx.portalUrl ? [{ kind: 'link', label: ctx.language === 'CS' ? cs : en, url: `${ctx.portalUrl.replace(/\/$/, '')}/portal/${page ? portalPath(page) : ''}` }] : [];
}

/** Where a payment message sends the customer: the order (QR Platba on screen) or the support invoice. */
function payablePageLink(ctx: EmailContext, page: PortalPage | undefined): Block[] {
  if (!page) return [];
  return 'orderNumber' in page ? portalLink(ctx, 'Objednávka v aplikaci', 'View the order', page) : portalLink(ctx, 'Faktura v aplikaci', 'View the invoice', page);
}

function paymentFacts(
  ctx: EmailContext,
  p: { amountHalere: number; dueDate?: string; variableSymbol?: string } & BankDetails,
): Block {
  const cs = ctx.language === 'CS';
  const rows: [string, string][] = [[cs ? 'Částka k úhradě' : 'Amount due', money(ctx, p.amountHalere)]];
  if (p.bankAccount) rows.push([cs ? 'Číslo účtu' : 'Bank account', p.bankAccount]);
  if (p.iban) rows.push(['IBAN', p.iban]);
  if (p.variableSymbol) rows.push([cs ? 'Variabilní symbol' : 'Variable symbol', p.variableSymbol]);
  if (p.dueDate) rows.push([cs ? 'Splatnost' : 'Due date', date(ctx, p.dueDate)]);
  return { kind: 'facts', rows };
}

// ---------------------------------------------------------------------------------------------
// Trial and activation
// ---------------------------------------------------------------------------------------------

export interface TrialReminderParams {
  daysLeft: number;
  /** The last day of the trial, YYYY-MM-DD. */
  trialEndsOn: string;
}

export function trialReminder(ctx: EmailContext, p: TrialReminderParams): RenderedEmail {
  if (ctx.language === 'CS') {
    const days = `${p.daysLeft} ${csPlural(p.daysLeft, 'den', 'dny', 'dní')}`;
    return renderEmailLayout(ctx, `Zkušební verze aTime končí za ${days}`, [
      { kind: 'p', text: `zkušební období aplikace aTime vaší organizace končí ${date(ctx, p.trialEndsOn)} (za ${days}).` },
      {
        kind: 'p',
        text: 'Aby aTime fungoval bez přerušení, aktivujte jej v aplikaci (Organizace → Aktivace) a potvrďte obchodní podmínky. Aktivace softwaru je zdarma; platíte jen objednaný hardware a podporu.',
      },
      ...portalLink(ctx, 'Aktivovat aTime', 'Activate aTime'),
    ]);
  }
  const days = `${p.daysLeft} ${p.daysLeft === 1 ? 'day' : 'days'}`;
  return renderEmailLayout(ctx, `Your aTime trial ends in ${days}`, [
    { kind: 'p', text: `your organisation's aTime trial ends on ${date(ctx, p.trialEndsOn)} (in ${days}).` },
    {
      kind: 'p',
      text: 'To keep using aTime without interruption, activate it in the application (Organisation → Activation) and accept the terms of business. Activating the software is free; you only pay for hardware and support you order.',
    },
    ...portalLink(ctx, 'Aktivovat aTime', 'Activate aTime'),
  ]);
}

export function trialExpired(ctx: EmailContext): RenderedEmail {
  if (ctx.language === 'CS') {
    return renderEmailLayout(ctx, 'Zkušební verze aTime skončila', [
      { kind: 'p', text: 'zkušební období aplikace aTime vaší organizace skončilo.' },
      { kind: 'p', text: 'Vaše data zůstávají uložena. aTime můžete kdykoli aktivovat v aplikaci a pokračovat tam, kde jste skončili.' },
      ...portalLink(ctx, 'Aktivovat aTime', 'Activate aTime'),
    ]);
  }
  return renderEmailLayout(ctx, 'Your aTime trial has ended', [
    { kind: 'p', text: "your organisation's aTime trial has ended." },
    { kind: 'p', text: 'Your data is kept. You can activate aTime in the application at any time and carry on where you left off.' },
    ...portalLink(ctx, 'Aktivovat aTime', 'Activate aTime'),
  ]);
}

export interface OrganizationActivatedParams {
  organizationName: string;
}

export function organizationActivated(ctx: EmailContext, p: OrganizationActivatedParams): RenderedEmail {
  if (ctx.language === 'CS') {
    return renderEmailLayout(ctx, 'aTime je aktivní', [
      { kind: 'p', text: `děkujeme, organizace ${p.organizationName} má aTime aktivní.` },
      { kind: 'p', text: 'Nyní můžete v aplikaci objednávat docházkové terminály, identifikační karty a servisní tikety aTime Support.' },
      ...portalLink(ctx, 'Přejít do aplikace', 'Open aTime'),
    ]);
  }
  return renderEmailLayout(ctx, 'aTime is active', [
    { kind: 'p', text: `thank you, aTime is now active for ${p.organizationName}.` },
    { kind: 'p', text: 'You can now order attendance terminals, identification cards and aTime Support tickets in the application.' },
    ...portalLink(ctx, 'Přejít do aplikace', 'Open aTime'),
  ]);
}

// ---------------------------------------------------------------------------------------------
// Contact form
// ---------------------------------------------------------------------------------------------

export interface ContactFormAcknowledgementParams {
  subject: string;
}

export function contactFormAcknowledgement(ctx: EmailContext, p: ContactFormAcknowledgementParams): RenderedEmail {
  if (ctx.language === 'CS') {
    return renderEmailLayout(ctx, `Přijali jsme váš dotaz: ${p.subject}`, [
      { kind: 'p', text: `děkujeme za zprávu „${p.subject}“. Přijali jsme ji a ozveme se vám co nejdříve, obvykle do jednoho pracovního dne.` },
    ]);
  }
  return renderEmailLayout(ctx, `We have received your request: ${p.subject}`, [
    { kind: 'p', text: `thank you for your message "${p.subject}". We have received it and will get back to you as soon as possible, usually within one working day.` },
  ]);
}

export interface ContactFormToSupportParams {
  organization: { id?: string; name: string; ico?: string; status?: string };
  user: { name?: string; email: string };
  subject: string;
  message: string;
}

/** To the support mailbox (staff); send it with `replyTo: user.email` so staff can answer directly. */
export function contactFormToSupport(ctx: EmailContext, p: ContactFormToSupportParams): RenderedEmail {
  const cs = ctx.language === 'CS';
  const rows: [string, string][] = [[cs ? 'Organizace' : 'Organisation', p.organization.name]];
  if (p.organization.ico) rows.push(['IČO', p.organization.ico]);
  if (p.organization.status) rows.push([cs ? 'Stav' : 'Status', p.organization.status]);
  if (p.organization.id) rows.push(['ID', p.organization.id]);
  rows.push([cs ? 'Uživatel' : 'User', p.user.name ? `${p.user.name} <${p.user.email}>` : p.user.email]);
  rows.push([cs ? 'Předmět' : 'Subject', p.subject]);
  const title = cs ? 'Kontaktní formulář' : 'Contact form';
  return renderEmailLayout(
    ctx,
    `[${title}] ${p.organization.name}: ${p.subject}`,
    [
      { kind: 'p', text: cs ? 'Nový dotaz z kontaktního formuláře:' : 'New request from the contact form:', strong: true },
      { kind: 'facts', rows },
      { kind: 'quote', text: p.message },
    ],
    { greeting: false },
  );
}

// ---------------------------------------------------------------------------------------------
// Orders
// ---------------------------------------------------------------------------------------------

export interface OrderConfirmedParams extends BankDetails {
  orderNumber: string;
  paymentMethod: PaymentMethod;
  totals: { netHalere: number; vatHalere: number; grossHalere: number };
  /**
   * What the customer pays now: the COD amount (rounded) or the proforma total. Absent when
   * nothing is due now (a service-only order is billed after the month).
   */
  amountDueHalere?: number;
  dueDate?: string;
  variableSymbol?: string;
  /** Service tickets issued with the order. */
  ticketCodes: string[];
  /** The order has service lines: say that support is billed monthly by use. */
  includesServices: boolean;
}

export function orderConfirmed(ctx: EmailContext, p: OrderConfirmedParams): RenderedEmail {
  const cs = ctx.language === 'CS';
  const blocks: Block[] = [
    { kind: 'p', text: cs ? `děkujeme za objednávku ${p.orderNumber}, kterou jsme přijali a potvrzujeme.` : `thank you for your order ${p.orderNumber}; we have received and confirm it.` },
    {
      kind: 'facts',
      rows: [
        [cs ? 'Celkem bez DPH' : 'Total excl. VAT', money(ctx, p.totals.netHalere)],
        [cs ? 'DPH' : 'VAT', money(ctx, p.totals.vatHalere)],
        [cs ? 'Celkem s DPH' : 'Total incl. VAT', money(ctx, p.totals.grossHalere)],
        [cs ? 'Forma úhrady' : 'Payment method', p.paymentMethod === 'COD' ? (cs ? 'Dobírka' : 'Cash on delivery') : cs ? 'Bankovní převod' : 'Bank transfer'],
      ],
    },
  ];
  const due = p.amountDueHalere ?? 0;
  if (due > 0 && p.paymentMethod === 'COD') {
    blocks.push({
      kind: 'p',
      text: cs
        ? `Zboží odešleme co nejdříve. Částku ${money(ctx, due)} zaplatíte dopravci při převzetí zásilky (dobírka). V příloze najdete potvrzení objednávky a fakturu – daňový doklad.`
        : `We will ship the goods shortly. You pay ${money(ctx, due)} to the carrier on delivery (cash on delivery). Attached are the order confirmation and the invoice (tax document).`,
    });
  } else if (due > 0) {
    blocks.push(
      {
        kind: 'p',
        text: cs
          ? 'Zboží odešleme po připsání platby na náš účet. Zaplaťte prosím zálohovou fakturu (v příloze spolu s potvrzením objednávky, s QR Platbou):'
          : 'We will ship the goods once the payment reaches our account. Please pay the proforma invoice (attached with the order confirmation, with a QR payment code):',
      },
      paymentFacts(ctx, { amountHalere: due, dueDate: p.dueDate, variableSymbol: p.variableSymbol, bankAccount: p.bankAccount, iban: p.iban }),
    );
  } else {
    blocks.push({ kind: 'p', text: cs ? 'V příloze najdete potvrzení objednávky.' : 'The order confirmation is attached.' });
  }
  if (p.ticketCodes.length > 0) {
    blocks.push(
      { kind: 'p', text: cs ? 'Servisní tikety aTime Support k této objednávce:' : 'aTime Support tickets for this order:' },
      { kind: 'list', items: p.ticketCodes, monospace: true },
      { kind: 'p', text: ticketRulesText(ctx.language) },
      ...p.ticketCodes.flatMap((code) => portalLink(ctx, `Tiket ${code} v aplikaci`, `Ticket ${code} in the portal`, { ticketCode: code })),
    );
  }
  if (p.includesServices || p.ticketCodes.length > 0) {
    blocks.push({
      kind: 'p',
      text: cs
        ? 'Podporu aTime Support účtujeme měsíčně podle skutečného čerpání: fakturu za služby obdržíte po skončení měsíce, ve kterém jste je využili.'
        : 'aTime Support is billed monthly by use: you will receive the invoice for services after the end of the month in which you used them.',
    });
  }
  blocks.push(...portalLink(ctx, 'Objednávka v aplikaci', 'View the order', { orderNumber: p.orderNumber }));
  return renderEmailLayout(ctx, cs ? `Potvrzení objednávky ${p.orderNumber}` : `Order ${p.orderNumber} confirmed`, blocks);
}

export interface PaymentReminderParams extends BankDetails {
  /** BEFORE_DUE: a few days before the due date; DUE_TODAY: on the due date. */
  stage: 'BEFORE_DUE' | 'DUE_TODAY';
  documentNumber: string;
  amountDueHalere: number;
  dueDate: string;
  variableSymbol: string;
  /** The order or support invoice this document belongs to, linked from the message. */
  page?: PortalPage;
}

export function paymentReminder(ctx: EmailContext, p: PaymentReminderParams): RenderedEmail {
  const cs = ctx.language === 'CS';
  const when = date(ctx, p.dueDate);
  const subject = cs
    ? p.stage === 'DUE_TODAY'
      ? `Dnes je splatný doklad ${p.documentNumber}`
      : `Připomínka: doklad ${p.documentNumber} je splatný ${when}`
    : p.stage === 'DUE_TODAY'
      ? `Document ${p.documentNumber} is due today`
      : `Reminder: document ${p.documentNumber} is due on ${when}`;
  const intro = cs
    ? p.stage === 'DUE_TODAY'
      ? `dnes je splatný doklad ${p.documentNumber}. Platbu jsme zatím neobdrželi.`
      : `připomínáme, že doklad ${p.documentNumber} je splatný ${when}. Platbu jsme zatím neobdrželi.`
    : p.stage === 'DUE_TODAY'
      ? `document ${p.documentNumber} is due today. We have not received the payment yet.`
      : `a friendly reminder that document ${p.documentNumber} is due on ${when}. We have not received the payment yet.`;
  return renderEmailLayout(ctx, subject, [
    { kind: 'p', text: intro },
    paymentFacts(ctx, { amountHalere: p.amountDueHalere, dueDate: p.dueDate, variableSymbol: p.variableSymbol, bankAccount: p.bankAccount, iban: p.iban }),
    {
      kind: 'p',
      text: cs
        ? 'Uveďte prosím variabilní symbol, aby se platba spárovala automaticky. Pokud jste již zaplatili, považujte tuto zprávu za bezpředmětnou.'
        : 'Please quote the variable symbol so that the payment is matched automatically. If you have already paid, please disregard this message.',
    },
    ...payablePageLink(ctx, p.page),
  ]);
}

export interface PaymentReceivedParams {
  /** The document the payment was for (proforma or invoice). */
  documentNumber: string;
  amountReceivedHalere: number;
  /** Full payment: the tax document issued for it (attached by the caller). */
  taxInvoiceNumber?: string;
  /** Partial payment: what is still to be paid. */
  remainingHalere?: number;
  /** The paid order has goods that now ship. */
  goodsWillShip?: boolean;
  /** The order or support invoice the document belongs to, linked from the message. */
  page?: PortalPage;
}

export function paymentReceived(ctx: EmailContext, p: PaymentReceivedParams): RenderedEmail {
  const cs = ctx.language === 'CS';
  const partial = p.remainingHalere !== undefined && p.remainingHalere > 0;
  const blocks: Block[] = [
    {
      kind: 'p',
      text: cs
        ? `děkujeme, přijali jsme platbu ${money(ctx, p.amountReceivedHalere)} k dokladu ${p.documentNumber}.`
        : `thank you, we have received your payment of ${money(ctx, p.amountReceivedHalere)} for document ${p.documentNumber}.`,
    },
  ];
  if (partial) {
    blocks.push({
      kind: 'p',
      strong: true,
      text: cs
        ? `Platba je částečná: zbývá uhradit ${money(ctx, p.remainingHalere!)}. Objednávka čeká na doplacení zbývající částky se stejným variabilním symbolem.`
        : `This is a partial payment: ${money(ctx, p.remainingHalere!)} remains to be paid. The order waits for the rest, paid with the same variable symbol.`,
    });
  } else {
    if (p.taxInvoiceNumber) {
      blocks.push({
        kind: 'p',
        text: cs ? `Doklad je uhrazen v plné výši. V příloze je faktura – daňový doklad ${p.taxInvoiceNumber}.` : `The document is paid in full. Attached is the invoice (tax document) ${p.taxInvoiceNumber}.`,
      });
    } else {
      blocks.push({ kind: 'p', text: cs ? 'Doklad je uhrazen v plné výši.' : 'The document is paid in full.' });
    }
    if (p.goodsWillShip) {
      blocks.push({ kind: 'p', text: cs ? 'Zboží připravujeme k odeslání; o odeslání vás budeme informovat.' : 'We are preparing the goods for shipping and will let you know when they are on their way.' });
    }
  }
  blocks.push(...payablePageLink(ctx, p.page));
  const subject = cs
    ? partial
      ? `Přijali jsme částečnou platbu k dokladu ${p.documentNumber}`
      : `Platba k dokladu ${p.documentNumber} přijata`
    : partial
      ? `Partial payment received for document ${p.documentNumber}`
      : `Payment received for document ${p.documentNumber}`;
  return renderEmailLayout(ctx, subject, blocks);
}

export interface OverpaymentRecordedParams {
  documentNumber: string;
  overpaidHalere: number;
}

export function overpaymentRecorded(ctx: EmailContext, p: OverpaymentRecordedParams): RenderedEmail {
  const cs = ctx.language === 'CS';
  return renderEmailLayout(ctx, cs ? `Přeplatek k dokladu ${p.documentNumber}` : `Overpayment on document ${p.documentNumber}`, [
    {
      kind: 'p',
      text: cs
        ? `k dokladu ${p.documentNumber} jsme obdrželi o ${money(ctx, p.overpaidHalere)} více, než bylo třeba.`
        : `we have received ${money(ctx, p.overpaidHalere)} more than was due on document ${p.documentNumber}.`,
    },
    {
      kind: 'p',
      text: cs
        ? 'Přeplatek jsme zaevidovali a vrátíme jej na účet, ze kterého platba přišla. Nemusíte nic dělat.'
        : 'We have recorded the overpayment and will refund it to the account the payment came from. You do not need to do anything.',
    },
  ]);
}

export type OrderCancelReason = 'NOT_PAID' | 'CUSTOMER_REQUEST' | 'STAFF' | 'PARCEL_RETURNED';

const CANCEL_REASONS: Record<OrderCancelReason, { CS: string; EN: string }> = {
  NOT_PAID: { CS: 'platba nebyla připsána do 7 dnů po splatnosti', EN: 'the payment did not arrive within 7 days after the due date' },
  CUSTOMER_REQUEST: { CS: 'zrušeno na vaši žádost', EN: 'cancelled at your request' },
  STAFF: { CS: 'zrušeno dodavatelem', EN: 'cancelled by the supplier' },
  PARCEL_RETURNED: { CS: 'zásilka nebyla převzata a vrátila se', EN: 'the parcel was not collected and was returned' },
};

export interface OrderCancelledParams {
  orderNumber: string;
  reason: OrderCancelReason;
  /** Optional free-text detail given by staff or the customer. */
  reasonText?: string;
  /** An unpaid proforma that is hereby void (nothing to pay). */
  voidedProformaNumber?: string;
  /** The credit note issued (attached by the caller). */
  creditNoteNumber?: string;
  /** A received payment that will be refunded. */
  refundDueHalere?: number;
  /** Support tickets of the order not yet used, void with it. */
  voidedTicketCodes?: string[];
}

export function orderCancelled(ctx: EmailContext, p: OrderCancelledParams): RenderedEmail {
  const cs = ctx.language === 'CS';
  const reason = CANCEL_REASONS[p.reason][ctx.language] + (p.reasonText ? ` (${p.reasonText})` : '');
  const blocks: Block[] = [
    { kind: 'p', text: cs ? `objednávka ${p.orderNumber} byla zrušena.` : `order ${p.orderNumber} has been cancelled.` },
    { kind: 'facts', rows: [[cs ? 'Důvod' : 'Reason', reason]] },
  ];
  if (p.voidedProformaNumber) {
    blocks.push({
      kind: 'p',
      text: cs
        ? `Zálohová faktura ${p.voidedProformaNumber} tím pozbývá platnosti. Nic neplaťte.`
        : `Proforma invoice ${p.voidedProformaNumber} is therefore void. Please do not pay it.`,
    });
  }
  if (p.creditNoteNumber) {
    blocks.push({
      kind: 'p',
      text: cs ? `V příloze je opravný daňový doklad ${p.creditNoteNumber}.` : `Attached is the credit note (corrective tax document) ${p.creditNoteNumber}.`,
    });
  }
  if (p.voidedTicketCodes?.length) {
    const codes = p.voidedTicketCodes.join(', ');
    blocks.push({
      kind: 'p',
      text: cs
        ? `Nevyužité tikety podpory z této objednávky (${codes}) jsou zrušeny a nelze je již použít.`
        : `The unused support tickets of this order (${codes}) are void and can no longer be used.`,
    });
  }
  if (p.refundDueHalere !== undefined && p.refundDueHalere > 0) {
    blocks.push({
      kind: 'p',
      strong: true,
      text: cs
        ? `Přijatou platbu ${money(ctx, p.refundDueHalere)} vám vrátíme na účet, ze kterého přišla.`
        : `We will refund the ${money(ctx, p.refundDueHalere)} you paid to the account it came from.`,
    });
  }
  blocks.push(...portalLink(ctx, 'Objednávka v aplikaci', 'View the order', { orderNumber: p.orderNumber }));
  return renderEmailLayout(ctx, cs ? `Objednávka ${p.orderNumber} byla zrušena` : `Order ${p.orderNumber} cancelled`, blocks);
}

export interface OrderShippedParams {
  orderNumber: string;
  carrier: string;
  trackingNumber: string;
  trackingUrl?: string;
  /** COD parcels: the amount to pay the carrier. */
  codAmountHalere?: number;
}

export function orderShipped(ctx: EmailContext, p: OrderShippedParams): RenderedEmail {
  const cs = ctx.language === 'CS';
  const blocks: Block[] = [
    { kind: 'p', text: cs ? `objednávku ${p.orderNumber} jsme odeslali.` : `order ${p.orderNumber} is on its way.` },
    {
      kind: 'facts',
      rows: [
        [cs ? 'Dopravce' : 'Carrier', p.carrier],
        [cs ? 'Číslo zásilky' : 'Tracking number', p.trackingNumber],
        ...(p.codAmountHalere !== undefined
          ? ([[cs ? 'Dobírka' : 'Cash on delivery', money(ctx, p.codAmountHalere)]] as [string, string][])
          : []),
      ],
    },
  ];
  if (p.codAmountHalere !== undefined) {
    blocks.push({
      kind: 'p',
      text: cs
        ? `Při převzetí zaplatíte dopravci ${money(ctx, p.codAmountHalere)} (hotově nebo kartou podle možností dopravce).`
        : `Please pay ${money(ctx, p.codAmountHalere)} to the carrier on delivery (cash or card, as the carrier allows).`,
    });
  }
  if (p.trackingUrl) blocks.push({ kind: 'link', label: cs ? 'Sledovat zásilku' : 'Track the parcel', url: p.trackingUrl });
  blocks.push(...portalLink(ctx, 'Objednávka v aplikaci', 'View the order', { orderNumber: p.orderNumber }));
  return renderEmailLayout(ctx, cs ? `Objednávka ${p.orderNumber} byla odeslána` : `Order ${p.orderNumber} shipped`, blocks);
}

// ---------------------------------------------------------------------------------------------
// Support billing
// ---------------------------------------------------------------------------------------------

export interface SupportInvoiceParams extends BankDetails {
  /** YYYY-MM */
  month: string;
  invoiceNumber: string;
  amountHalere: number;
  dueDate: string;
  variableSymbol: string;
}

export function supportInvoice(ctx: EmailContext, p: SupportInvoiceParams): RenderedEmail {
  const cs = ctx.language === 'CS';
  const month = formatMonth(p.month, ctx.language);
  return renderEmailLayout(
    ctx,
    cs ? `Faktura ${p.invoiceNumber} za podporu aTime Support – ${month}` : `Invoice ${p.invoiceNumber} for aTime Support – ${month}`,
    [
      {
        kind: 'p',
        text: cs
          ? `v příloze posíláme fakturu – daňový doklad ${p.invoiceNumber} za podporu aTime Support čerpanou v období ${month}. Faktura uvádí každý den podpory s kódem tiketu a délkou hovorů.`
          : `attached is invoice (tax document) ${p.invoiceNumber} for the aTime Support you used in ${month}. It lists each support day with its ticket code and call time.`,
      },
      paymentFacts(ctx, { amountHalere: p.amountHalere, dueDate: p.dueDate, variableSymbol: p.variableSymbol, bankAccount: p.bankAccount, iban: p.iban }),
      { kind: 'p', text: cs ? 'Fakturu můžete zaplatit i pomocí QR Platby na faktuře.' : 'You can also pay with the QR payment code on the invoice.' },
      ...payablePageLink(ctx, { invoiceNumber: p.invoiceNumber }),
    ],
  );
}
