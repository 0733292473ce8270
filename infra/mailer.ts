import { createHash } from 'node:crypto';
import nodemailer, { type Transporter } from 'nodemailer';
import type { Config } from './config';
import type { PrismaClient } from './db';
import type { Logger } from './logger';

/**
 * Outgoing e-mail with a record of every message and exactly-once delivery as far as SMTP allows.
 *
 * - The Message-ID is derived from the business key (`<sha256(key)[0..32]@domain>`), so every
 *   attempt to send the same message carries the same Message-ID.
 * - An `EmailMessage` row (recipient, subject, attachment hashes, Message-ID) is written before
 *   the first attempt: nothing is sent that is not recorded.
 * - The SMTP send happens while holding that row's lock (SELECT ... FOR UPDATE) and `sentAt` is
 *   set in the same transaction, so concurrent or retried calls with the same key wait for each
 *   other and then see `sentAt` (`alreadySent: true`) instead of sending again.
 * - The one unavoidable gap: the SMTP server accepts the message and the process dies (or the
 *   commit fails) before `sentAt` is stored. The retry sends again with the SAME Message-ID;
 *   receiving MTAs/mail clients that deduplicate on Message-ID (Gmail, Exchange, most IMAP
 *   clients) show it once. That is the strongest guarantee SMTP permits.
 */
export interface OutgoingEmail {
  /** Idempotency key of the business step, e.g. `order/2026-000042/confirmation`. */
  key: string;
  organizationId?: string;
  to: string;
  /** e.g. the customer's address on a contact-form message to support. */
  replyTo?: string;
  subject: string;
  text: string;
  html: string;
  attachments?: { fileName: string; content: Buffer; contentType?: string }[];
}

export interface Mailer {
  send(email: OutgoingEmail): Promise<{ messageId: string; alreadySent: boolean }>;
  close(): Promise<void>;
}

export interface MailerDeps {
  db: PrismaClient;
  transport: Transporter;
  from: string;
  messageIdDomain: string;
  logger?: Logger;
  /** Upper bound for one SMTP conversation while the row is locked. */
  sendTimeoutMs?: number;
}

export interface AttachmentRecord {
  fileName: string;
  sha256: string;
  bytes: number;
}

/** Deterministic Message-ID: same key, same Message-ID, on any machine and any retry. */
export function messageIdForKey(key: string, domain: string): string {
  const hash = createHash('sha256').update(key, 'utf8').digest('hex').slice(0, 32);
  return `<${hash}@${domain}>`;
}

export function describeAttachments(attachments: OutgoingEmail['attachments'] = []): AttachmentRecord[] {
  return attachments.map((a) => ({
    fileName: a.fileName,
    sha256: createHash('sha256').update(a.content).digest('hex'),
    bytes: a.content.length,
  }));
}

export function createMailer(deps: MailerDeps): Mailer {
  const { db, transport, from, logger } = deps;
  const sendTimeoutMs = deps.sendTimeoutMs ?? 120_000;

  return {
    async send(email) {
      if (!email.key) throw new Error('E-mail key is required for idempotent sending');
      const messageId = messageIdForKey(email.key, deps.messageIdDomain);
      const attachments = describeAttachments(email.attachments);

      // Record first, so the message is never lost. ON CONFLICT DO NOTHING: concurrent callers with
      // the same key cannot fail here, and the first record stands.
      await db.emailMessage.createMany({
        data: [
          {
            key: email.key,
            messageId,
            organizationId: email.organizationId ?? null,
            recipient: email.to,
            subject: email.subject,
            attachments: attachments as unknown as object[],
          },
        ],
        skipDuplicates: true,
      });
      const row = await db.emailMessage.findUniqueOrThrow({ where: { key: email.key } });
      if (row.sentAt) return { messageId: row.messageId, alreadySent: true };
      if (row.recipient !== email.to || row.subject !== email.subject) {
        // A retry should render the same message; if it does not, the first record stands.
        logger?.warn({ key: email.key, recorded: row.recipient, now: email.to }, 'E-mail retry differs from the recorded message');
      }

      return db.$transaction(
        async (tx) => {
          const locked = await tx.$queryRaw<{ sent_at: Date | null }[]>`
            SELECT sent_at FROM email_messages WHERE key = ${email.key} FOR UPDATE`;
          if (locked[0]?.sent_at) return { messageId: row.messageId, alreadySent: true };

          const info = (await transport.sendMail({
            from,
            to: email.to,
            replyTo: email.replyTo,
            subject: email.subject,
            text: email.text,
            html: email.html,
            messageId: row.messageId,
            attachments: (email.attachments ?? []).map((a) => ({
              filename: a.fileName,
              content: a.content,
              contentType: a.contentType,
            })),
          })) as { messageId?: string; accepted?: unknown[]; rejected?: unknown[] };

          const rejected = info.rejected ?? [];
          if (rejected.length > 0) throw new Error(`SMTP server rejected recipients: ${rejected.map(String).join(', ')}`);

          await tx.emailMessage.update({ where: { key: email.key }, data: { sentAt: new Date() } });
          logger?.info({ key: email.key, messageId: row.messageId, to: email.to }, 'E-mail sent');
          return { messageId: row.messageId, alreadySent: false };
        },
        { maxWait: sendTimeoutMs, timeout: sendTimeoutMs },
      );
    },

    async close() {
      transport.close();
    },
  };
}

/**
 * SMTP transport from configuration. SMTP_TLS=true: implicit TLS on port 465, otherwise
 * STARTTLS is required; SMTP_TLS=false: plain SMTP (the local development mailbox).
 */
export function createSmtpTransport(
  config: Pick<Config, 'SMTP_HOST' | 'SMTP_PORT' | 'SMTP_USER' | 'SMTP_PASSWORD' | 'SMTP_TLS'>,
): Transporter {
  const implicitTls = config.SMTP_TLS && config.SMTP_PORT === 465;
  return nodemailer.createTransport({
    host: config.SMTP_HOST,
    port: config.SMTP_PORT,
    secure: implicitTls,
    requireTLS: config.SMTP_TLS && !implicitTls,
    ignoreTLS: !config.SMTP_TLS,
    auth: config.SMTP_USER ? { user: config.SMTP_USER, pass: config.SMTP_PASSWORD ?? '' } : undefined,
    pool: true,
    maxConnections: 2,
    connectionTimeout: 20_000,
    greetingTimeout: 20_000,
    socketTimeout: 60_000,
  });
}
