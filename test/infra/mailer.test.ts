import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Transporter } from 'nodemailer';
import { createPrismaClient, type PrismaClient } from '../../infra/db';
import { createMailer, createSmtpTransport, messageIdForKey, type OutgoingEmail } from '../../infra/mailer';
import { eventually } from '../helpers/eventually';
import { getAttachment, hasMessageId, listMessages, waitForMessage, type MailboxMessage } from '../helpers/mailbox';

function env(name: string): string {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set (test/global-setup.ts provides it)`);
  return v;
}

const DOMAIN = 'mail.atime.test';

describe('mailer (real SMTP mailbox and PostgreSQL)', () => {
  let db: PrismaClient;
  let transport: Transporter;

  beforeAll(() => {
    db = createPrismaClient(env('DATABASE_URL'));
    transport = createSmtpTransport({
      SMTP_HOST: env('SMTP_HOST'),
      SMTP_PORT: Number(env('SMTP_PORT')),
      SMTP_USER: undefined,
      SMTP_PASSWORD: undefined,
      SMTP_TLS: false,
    });
  });

  afterAll(async () => {
    transport.close();
    await db.$disconnect();
  });

  function email(overrides: Partial<OutgoingEmail> = {}): OutgoingEmail {
    const id = randomUUID();
    return {
      key: `test/mailer/${id}`,
      to: `buyer-${id}@kun.example`,
      subject: `Potvrzení objednávky – Příliš žluťoučký kůň ${id}`,
      text: 'Dobrý den,\nděkujeme za objednávku.\n',
      html: '<p>Dobrý den,</p><p>děkujeme za <b>objednávku</b>.</p>',
      ...overrides,
    };
  }

  const byMessageId = (messageId: string) => (m: MailboxMessage) => hasMessageId(m, messageId);

  async function delivered(messageId: string): Promise<MailboxMessage[]> {
    return (await listMessages()).filter(byMessageId(messageId));
  }

  it('derives the Message-ID deterministically from the key', () => {
    expect(messageIdForKey('order/1/confirmation', DOMAIN)).toBe(messageIdForKey('order/1/confirmation', DOMAIN));
    expect(messageIdForKey('order/1/confirmation', DOMAIN)).not.toBe(messageIdForKey('order/2/confirmation', DOMAIN));
    expect(messageIdForKey('k', DOMAIN)).toMatch(/^<[0-9a-f]{32}@mail\.atime\.test>$/);
  });

  it('delivers a message once for the same key, records it, and attaches files byte-identically', async () => {
    const mailer = createMailer({ db, transport, from: 'aTime <objednavky@atime.example>', messageIdDomain: DOMAIN });
    const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(200_000)]);
    const msg = email({
      organizationId: randomUUID(),
      attachments: [
        { fileName: 'objednavka-OBJ-2026-000042.pdf', content: pdf, contentType: 'application/pdf' },
        { fileName: 'poznámka.txt', content: Buffer.from('Příliš žluťoučký kůň\n', 'utf8'), contentType: 'text/plain' },
      ],
    });

    const first = await mailer.send(msg);
    expect(first).toEqual({ messageId: messageIdForKey(msg.key, DOMAIN), alreadySent: false });
    const second = await mailer.send(msg);
    expect(second).toEqual({ messageId: first.messageId, alreadySent: true });

    const received = await waitForMessage(byMessageId(first.messageId));
    // Sent once: one recorded e-mail, and only one send went to SMTP (the second was `alreadySent`).
    expect(await db.emailMessage.count({ where: { key: msg.key } })).toBe(1);
    expect(await delivered(first.messageId)).toHaveLength(1);
    expect(received.subject).toBe(msg.subject);
    expect(received.to.map((t) => t.address)).toEqual([msg.to]);
    expect(received.from[0]?.address).toBe('objednavky@atime.example');
    expect(received.text).toContain('děkujeme za objednávku.');
    expect(received.html).toContain('<b>objednávku</b>');
    expect((await getAttachment(received, 'objednavka-OBJ-2026-000042.pdf')).equals(pdf)).toBe(true);
    expect((await getAttachment(received, 'poznámka.txt')).toString('utf8')).toBe('Příliš žluťoučký kůň\n');

    const row = await db.emailMessage.findUniqueOrThrow({ where: { key: msg.key } });
    expect(row.messageId).toBe(first.messageId);
    expect(row.recipient).toBe(msg.to);
    expect(row.subject).toBe(msg.subject);
    expect(row.organizationId).toBe(msg.organizationId);
    expect(row.sentAt).toBeInstanceOf(Date);
    expect(row.attachments).toEqual([
      { fileName: 'objednavka-OBJ-2026-000042.pdf', sha256: createHash('sha256').update(pdf).digest('hex'), bytes: pdf.length },
      { fileName: 'poznámka.txt', sha256: createHash('sha256').update('Příliš žluťoučký kůň\n').digest('hex'), bytes: Buffer.byteLength('Příliš žluťoučký kůň\n') },
    ]);
  });

  it('sends once when two workers send the same key at the same time', async () => {
    const mailerA = createMailer({ db, transport, from: 'objednavky@atime.example', messageIdDomain: DOMAIN });
    const mailerB = createMailer({ db, transport, from: 'objednavky@atime.example', messageIdDomain: DOMAIN });
    const msg = email();
    const results = await Promise.all([mailerA.send(msg), mailerB.send(msg), mailerA.send(msg)]);
    expect(results.filter((r) => !r.alreadySent)).toHaveLength(1);
    await waitForMessage(byMessageId(results[0]!.messageId));
    expect(await db.emailMessage.count({ where: { key: msg.key } })).toBe(1);
    expect(await delivered(results[0]!.messageId)).toHaveLength(1);
  });

  it('after a crash between SMTP accept and recording, resends with the same Message-ID', async () => {
    let calls = 0;
    // Hands the message to the real SMTP server, then dies before the mailer can record sentAt.
    const crashingOnce = {
      async sendMail(mail: Parameters<Transporter['sendMail']>[0]) {
        const info = await transport.sendMail(mail);
        if (++calls === 1) throw new Error('worker crashed after SMTP accepted the message');
        return info;
      },
      close() {},
    } as unknown as Transporter;
    const mailer = createMailer({ db, transport: crashingOnce, from: 'objednavky@atime.example', messageIdDomain: DOMAIN });
    const msg = email();

    await expect(mailer.send(msg)).rejects.toThrow(/crashed/);
    const recorded = await db.emailMessage.findUniqueOrThrow({ where: { key: msg.key } });
    expect(recorded.sentAt).toBeNull();

    const retry = await mailer.send(msg);
    expect(retry.alreadySent).toBe(false);
    expect((await mailer.send(msg)).alreadySent).toBe(true);

    // Two SMTP deliveries, one Message-ID: the receiver's dedupe shows the message once.
    const copies = await eventually(async () => {
      const found = await delivered(retry.messageId);
      expect(found).toHaveLength(2);
      return found;
    });
    expect(copies.every((c) => hasMessageId(c, messageIdForKey(msg.key, DOMAIN)))).toBe(true);
    expect((await db.emailMessage.findUniqueOrThrow({ where: { key: msg.key } })).sentAt).toBeInstanceOf(Date);
  });

  it('records the message even when SMTP is down, and sends it on the retry', async () => {
    const down = createSmtpTransport({ SMTP_HOST: '127.0.0.1', SMTP_PORT: 9, SMTP_USER: undefined, SMTP_PASSWORD: undefined, SMTP_TLS: false });
    const msg = email();
    try {
      await expect(createMailer({ db, transport: down, from: 'objednavky@atime.example', messageIdDomain: DOMAIN }).send(msg)).rejects.toThrow();
    } finally {
      down.close();
    }
    const row = await db.emailMessage.findUniqueOrThrow({ where: { key: msg.key } });
    expect(row.sentAt).toBeNull();
    expect(row.recipient).toBe(msg.to);

    const ok = await createMailer({ db, transport, from: 'objednavky@atime.example', messageIdDomain: DOMAIN }).send(msg);
    expect(ok).toEqual({ messageId: row.messageId, alreadySent: false });
    await waitForMessage(byMessageId(row.messageId));
  });
});
