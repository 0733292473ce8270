import { eventually } from './eventually';

/**
 * Reads what the system sent from maildev's REST API (base URL from MAILBOX_URL, e.g.
 * http://127.0.0.1:1080). Test files run in parallel against one mailbox, so filter by something
 * unique to your test (recipient, subject, Message-ID) instead of clearing the mailbox.
 */
export interface MailboxAddress {
  address: string;
  name: string;
}

export interface MailboxAttachment {
  fileName: string;
  /** maildev's name for the stored file; the attachment URL uses it. */
  generatedFileName: string;
  contentType: string;
  length?: number;
  checksum?: string;
}

export interface MailboxMessage {
  id: string;
  /** Without the angle brackets (maildev strips them): compare with hasMessageId(). */
  messageId?: string;
  subject: string;
  from: MailboxAddress[];
  to: MailboxAddress[];
  text?: string;
  html?: string;
  date?: string;
  time?: string;
  headers: Record<string, string | string[]>;
  attachments?: MailboxAttachment[];
}

export function mailboxUrl(): string {
  const url = process.env.MAILBOX_URL;
  if (!url) throw new Error('MAILBOX_URL is not set (the test global setup starts maildev and sets it)');
  return url.replace(/\/+$/, '');
}

async function getJson<T>(path: string): Promise<T> {
  const res = await fetch(`${mailboxUrl()}${path}`);
  if (!res.ok) throw new Error(`maildev GET ${path}: HTTP ${res.status}`);
  return (await res.json()) as T;
}

export async function listMessages(): Promise<MailboxMessage[]> {
  return getJson<MailboxMessage[]>('/email');
}

/** Whether the message carries this Message-ID; accepts it with or without angle brackets. */
export function hasMessageId(message: MailboxMessage, messageId: string): boolean {
  const bare = (id: string) => id.trim().replace(/^<(.*)>$/, '$1');
  return message.messageId !== undefined && bare(message.messageId) === bare(messageId);
}

/** Messages sent to `address` (case-insensitive). */
export async function messagesTo(address: string): Promise<MailboxMessage[]> {
  const wanted = address.toLowerCase();
  return (await listMessages()).filter((m) => m.to.some((t) => t.address.toLowerCase() === wanted));
}

/** Waits until a message matches; fails after `timeoutMs` naming what the mailbox holds. */
export async function waitForMessage(
  predicate: (m: MailboxMessage) => boolean,
  timeoutMs = 10_000,
): Promise<MailboxMessage> {
  return await eventually(
    async () => {
      const messages = await listMessages();
      const found = messages.find(predicate);
      if (found) return found;
      const subjects = messages.map((m) => `${m.to.map((t) => t.address).join(',')}: ${m.subject}`);
      throw new Error(`No matching message. Mailbox has ${subjects.length}:\n${subjects.join('\n')}`);
    },
    { timeoutMs },
  );
}

/** The attachment's exact bytes. */
export async function getAttachment(message: MailboxMessage, fileName: string): Promise<Buffer> {
  const att = message.attachments?.find((a) => a.fileName === fileName);
  if (!att) {
    const names = (message.attachments ?? []).map((a) => a.fileName).join(', ');
    throw new Error(`Message "${message.subject}" has no attachment ${fileName} (has: ${names || 'none'})`);
  }
  const res = await fetch(
    `${mailboxUrl()}/email/${encodeURIComponent(message.id)}/attachment/${encodeURIComponent(att.generatedFileName)}`,
  );
  if (!res.ok) throw new Error(`maildev attachment ${fileName}: HTTP ${res.status}`);
  return Buffer.from(await res.arrayBuffer());
}

/** The raw RFC 822 source, e.g. to check headers or parse with mailparser. */
export async function getRawMessage(message: MailboxMessage): Promise<string> {
  const res = await fetch(`${mailboxUrl()}/email/${encodeURIComponent(message.id)}/source`);
  if (!res.ok) throw new Error(`maildev source: HTTP ${res.status}`);
  return res.text();
}

/** Deletes every message. Only for a test run that owns the mailbox (not under parallel tests). */
export async function clearMailbox(): Promise<void> {
  const res = await fetch(`${mailboxUrl()}/email/all`, { method: 'DELETE' });
  if (!res.ok) throw new Error(`maildev DELETE /email/all: HTTP ${res.status}`);
}
