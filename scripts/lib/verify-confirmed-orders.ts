import { createHash } from 'node:crypto';
import type { PaymentMethod } from '../../domain/payments';
import { createPrismaClient } from '../../infra/db';

/** An order as the benchmark confirmed it. */
export interface ConfirmedOrder {
  orderNumber: string;
  paymentMethod: PaymentMethod;
  /** The status the confirm answer reported. */
  status: string;
}

interface MaildevMessage {
  messageId?: string;
  subject: string;
  to: { address: string }[];
  attachments?: { fileName: string; contentType: string; checksum?: string }[];
}

const bareMessageId = (id: string): string => id.trim().replace(/^<(.*)>$/, '$1');

export interface Verification {
  orders: number;
  documents: number;
  pdfBytes: number;
  emails: number;
  mailboxMessages: number;
  /** When the mail server accepted each order's confirmation e-mail (the mailer's sentAt, epoch ms). */
  mailedAtMs: Map<string, number>;
}

/**
 * `npm run bench:orders` counts only orders whose work was really done: the expected status, both
 * documents with stored PDFs matching their SHA-256, the confirmation e-mail recorded with those
 * attachments, and exactly one message with its Message-ID in the mailbox. Throws with the findings.
 */
export async function verifyConfirmedOrders(databaseUrl: string, mailboxUrl: string, orders: ConfirmedOrder[]): Promise<Verification> {
  const problems: string[] = [];
  const db = createPrismaClient(databaseUrl);
  let documents = 0;
  let pdfBytes = 0;
  const expectedMessageIds = new Map<string, string>();
  const mailedAtMs = new Map<string, number>();
  try {
    const numbers = orders.map((o) => o.orderNumber);
    const rows = await db.order.findMany({ where: { number: { in: numbers } }, include: { documents: true } });
    const emails = await db.emailMessage.findMany({ where: { key: { in: numbers.map((n) => `order-${n}:email:confirmed`) } } });
    const emailByKey = new Map(emails.map((e) => [e.key, e]));
    for (const o of orders) {
      const row = rows.find((r) => r.number === o.orderNumber);
      if (!row) {
        problems.push(`${o.orderNumber}: not in the database`);
        continue;
      }
      const expectedStatus = o.paymentMethod === 'COD' ? 'READY_TO_SHIP' : 'AWAITING_PAYMENT';
      if (row.status !== expectedStatus || o.status !== expectedStatus) problems.push(`${o.orderNumber}: status ${row.status} (API said ${o.status}), expected ${expectedStatus}`);
      const invoiceType = o.paymentMethod === 'COD' ? 'TAX_INVOICE' : 'PROFORMA_INVOICE';
      const types = row.documents.map((d) => d.type).sort();
      if (row.documents.length !== 2 || !types.includes('ORDER_CONFIRMATION') || !types.includes(invoiceType)) {
        problems.push(`${o.orderNumber}: documents ${types.join(', ') || 'none'}, expected ORDER_CONFIRMATION and ${invoiceType}`);
      }
      const attachmentHashes: string[] = [];
      for (const d of row.documents) {
        if (!d.pdf || !d.sha256) {
          problems.push(`${o.orderNumber}: document ${d.number} has no stored PDF/SHA-256`);
          continue;
        }
        const bytes = Buffer.from(d.pdf);
        const sha = createHash('sha256').update(bytes).digest('hex');
        if (sha !== d.sha256) problems.push(`${o.orderNumber}: document ${d.number} SHA-256 does not match its PDF`);
        if (bytes.subarray(0, 5).toString('latin1') !== '%PDF-') problems.push(`${o.orderNumber}: document ${d.number} is not a PDF`);
        // The ISDOC of an invoice travels beside its PDF.
        attachmentHashes.push(sha, ...(d.isdocSha256 ? [d.isdocSha256] : []));
        documents++;
        pdfBytes += bytes.length;
      }
      const email = emailByKey.get(`order-${o.orderNumber}:email:confirmed`);
      if (!email?.sentAt) {
        problems.push(`${o.orderNumber}: no sent confirmation e-mail recorded`);
        continue;
      }
      const recorded = (email.attachments as { sha256: string }[]).map((a) => a.sha256).sort();
      if (recorded.join() !== attachmentHashes.sort().join()) problems.push(`${o.orderNumber}: the e-mail's attachments are not the stored PDFs and ISDOC`);
      expectedMessageIds.set(bareMessageId(email.messageId), o.orderNumber);
      mailedAtMs.set(o.orderNumber, email.sentAt.getTime());
    }
  } finally {
    await db.$disconnect();
  }

  // maildev writes a message after the SMTP transaction ends: give the last ones a moment.
  let messages: MaildevMessage[] = [];
  for (let attempt = 0; attempt < 20; attempt++) {
    const response = await fetch(`${mailboxUrl}/email`);
    if (!response.ok) throw new Error(`maildev GET /email: HTTP ${response.status}`);
    messages = (await response.json()) as MaildevMessage[];
    const seen = new Set(messages.map((m) => (m.messageId ? bareMessageId(m.messageId) : '')));
    if ([...expectedMessageIds.keys()].every((id) => seen.has(id))) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  const count = new Map<string, MaildevMessage[]>();
  for (const m of messages) {
    const id = m.messageId ? bareMessageId(m.messageId) : '';
    if (expectedMessageIds.has(id)) count.set(id, [...(count.get(id) ?? []), m]);
  }
  let emailCount = 0;
  for (const [id, orderNumber] of expectedMessageIds) {
    const received = count.get(id) ?? [];
    if (received.length !== 1) {
      problems.push(`${orderNumber}: ${received.length} confirmation e-mails in the mailbox, expected exactly 1`);
      continue;
    }
    const pdfs = (received[0]!.attachments ?? []).filter((a) => a.contentType === 'application/pdf');
    if (pdfs.length !== 2) problems.push(`${orderNumber}: the e-mail carries ${pdfs.length} PDFs, expected 2`);
    emailCount++;
  }
  if (problems.length > 0) {
    throw new Error(`Verification failed for ${problems.length} finding(s):\n  ${problems.slice(0, 30).join('\n  ')}`);
  }
  return { orders: orders.length, documents, pdfBytes, emails: emailCount, mailboxMessages: messages.length, mailedAtMs };
}
