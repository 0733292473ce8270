import type { PrismaClient } from '../infra/db';

/**
 * E-mails recorded but not yet accepted by the mail server: the workflows keep retrying them
 * (with the same Message-ID), and ops watch this queue while SMTP is down.
 */
const QUEUED = { sentAt: null } as const;

export async function queuedEmailStats(db: PrismaClient, now = new Date()): Promise<{ count: number; oldestAgeSeconds: number }> {
  const [count, oldest] = await Promise.all([
    db.emailMessage.count({ where: QUEUED }),
    db.emailMessage.findFirst({ where: QUEUED, orderBy: { createdAt: 'asc' }, select: { createdAt: true } }),
  ]);
  return { count, oldestAgeSeconds: oldest ? Math.max(0, (now.getTime() - oldest.createdAt.getTime()) / 1000) : 0 };
}

export async function listQueuedEmails(db: PrismaClient, page: { skip: number; take: number }) {
  const [total, items] = await Promise.all([
    db.emailMessage.count({ where: QUEUED }),
    db.emailMessage.findMany({
      where: QUEUED,
      orderBy: { createdAt: 'asc' },
      ...page,
      select: { key: true, messageId: true, organizationId: true, recipient: true, subject: true, createdAt: true },
    }),
  ]);
  return { total, items };
}
