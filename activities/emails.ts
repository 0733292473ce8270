import { ISDOC_MEDIA_TYPE, isdocFileName } from '../documents/isdoc/isdoc-xml';
import type { EmailContext, EmailSpec, PortalPage } from '../emails';
import type { Config } from '../infra/config';
import type { Document, Language } from '../infra/db';

/**
 * What the activities' e-mails share: the context every message is rendered in, the supplier's
 * bank details, stored PDFs as attachments, and the payment messages that orders and support
 * invoices both send (reminder, payment received, overpayment).
 */

export type EmailConfig = Pick<Config, 'APP_URL' | 'API_PUBLIC_URL' | 'SUPPORT_MAILBOX' | 'SUPPLIER_BANK_ACCOUNT' | 'SUPPLIER_IBAN'>;

export const emailContext = (config: EmailConfig, language: Language, attachments: Attachment[] = []): EmailContext => ({
  language,
  portalUrl: config.APP_URL ?? config.API_PUBLIC_URL,
  supportEmail: config.SUPPORT_MAILBOX,
  attachedIsdoc: attachments.filter((a) => a.contentType === ISDOC_MEDIA_TYPE).map((a) => a.fileName),
});

export const bankDetails = (config: EmailConfig) => ({ bankAccount: config.SUPPLIER_BANK_ACCOUNT, iban: config.SUPPLIER_IBAN });

export interface Attachment {
  fileName: string;
  content: Buffer;
  contentType: string;
}

/**
 * A stored document as attachments: its PDF (which must have been rendered before it is sent)
 * and, next to it, its ISDOC when the kind has one.
 */
export function documentAttachments(document: Pick<Document, 'id' | 'number' | 'fileName' | 'pdf' | 'isdoc'> | undefined, documentId: string): Attachment[] {
  if (!document?.pdf) throw new Error(`document ${documentId} has no stored PDF yet`);
  return [
    { fileName: document.fileName, content: Buffer.from(document.pdf), contentType: 'application/pdf' },
    ...(document.isdoc ? [{ fileName: isdocFileName(document.number), content: Buffer.from(document.isdoc), contentType: ISDOC_MEDIA_TYPE }] : []),
  ];
}

/** The document a payment message is about. */
export interface PayableDocument {
  number: string;
  dueDate: string;
  variableSymbol: string;
}

export const paymentReminderSpec = (config: EmailConfig, document: PayableDocument, onDueDate: boolean, remainingHalere: number, page: PortalPage): EmailSpec => ({
  type: 'paymentReminder',
  ...bankDetails(config),
  stage: onDueDate ? 'DUE_TODAY' : 'BEFORE_DUE',
  documentNumber: document.number,
  amountDueHalere: remainingHalere,
  dueDate: document.dueDate,
  variableSymbol: document.variableSymbol,
  page,
});

export const overpaymentSpec = (documentNumber: string, overpaidHalere: number): EmailSpec => ({ type: 'overpaymentRecorded', documentNumber, overpaidHalere });
