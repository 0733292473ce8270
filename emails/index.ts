import type { EmailContext, RenderedEmail } from './layout';
import {
  contactFormAcknowledgement,
  contactFormToSupport,
  orderCancelled,
  orderConfirmed,
  orderShipped,
  organizationActivated,
  overpaymentRecorded,
  paymentReceived,
  paymentReminder,
  supportInvoice,
  trialExpired,
  trialReminder,
  type ContactFormAcknowledgementParams,
  type ContactFormToSupportParams,
  type OrderCancelledParams,
  type OrderConfirmedParams,
  type OrderShippedParams,
  type OrganizationActivatedParams,
  type OverpaymentRecordedParams,
  type PaymentReceivedParams,
  type PaymentReminderParams,
  type SupportInvoiceParams,
  type TrialReminderParams,
} from './messages';

export type { Block, EmailContext, Language, RenderedEmail } from './layout';
export { renderEmailLayout } from './layout';
export {
  contactFormAcknowledgement,
  contactFormToSupport,
  orderCancelled,
  orderConfirmed,
  orderShipped,
  organizationActivated,
  overpaymentRecorded,
  paymentReceived,
  paymentReminder,
  supportInvoice,
  trialExpired,
  trialReminder,
};
export type {
  BankDetails,
  ContactFormAcknowledgementParams,
  ContactFormToSupportParams,
  OrderCancelReason,
  OrderCancelledParams,
  OrderConfirmedParams,
  OrderShippedParams,
  OrganizationActivatedParams,
  OverpaymentRecordedParams,
  PaymentReceivedParams,
  PaymentReminderParams,
  PortalPage,
  SupportInvoiceParams,
  TrialReminderParams,
} from './messages';
export { portalPath } from './messages';

/**
 * Every message as plain serialisable data, e.g. for a Temporal activity input:
 * `renderEmail({ language: 'CS' }, { type: 'trialReminder', daysLeft: 7, trialEndsOn: '2026-12-01' })`.
 */
export type EmailSpec =
  | ({ type: 'trialReminder' } & TrialReminderParams)
  | { type: 'trialExpired' }
  | ({ type: 'organizationActivated' } & OrganizationActivatedParams)
  | ({ type: 'contactFormAcknowledgement' } & ContactFormAcknowledgementParams)
  | ({ type: 'contactFormToSupport' } & ContactFormToSupportParams)
  | ({ type: 'orderConfirmed' } & OrderConfirmedParams)
  | ({ type: 'paymentReminder' } & PaymentReminderParams)
  | ({ type: 'paymentReceived' } & PaymentReceivedParams)
  | ({ type: 'overpaymentRecorded' } & OverpaymentRecordedParams)
  | ({ type: 'orderCancelled' } & OrderCancelledParams)
  | ({ type: 'orderShipped' } & OrderShippedParams)
  | ({ type: 'supportInvoice' } & SupportInvoiceParams);

export type EmailType = EmailSpec['type'];

export function renderEmail(ctx: EmailContext, spec: EmailSpec): RenderedEmail {
  switch (spec.type) {
    case 'trialReminder':
      return trialReminder(ctx, spec);
    case 'trialExpired':
      return trialExpired(ctx);
    case 'organizationActivated':
      return organizationActivated(ctx, spec);
    case 'contactFormAcknowledgement':
      return contactFormAcknowledgement(ctx, spec);
    case 'contactFormToSupport':
      return contactFormToSupport(ctx, spec);
    case 'orderConfirmed':
      return orderConfirmed(ctx, spec);
    case 'paymentReminder':
      return paymentReminder(ctx, spec);
    case 'paymentReceived':
      return paymentReceived(ctx, spec);
    case 'overpaymentRecorded':
      return overpaymentRecorded(ctx, spec);
    case 'orderCancelled':
      return orderCancelled(ctx, spec);
    case 'orderShipped':
      return orderShipped(ctx, spec);
    case 'supportInvoice':
      return supportInvoice(ctx, spec);
  }
}
