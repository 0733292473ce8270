import type { PrismaClient } from '../../infra/db';

/**
 * Counts attempts per key (e.g. a client address) within a sliding window, in PostgreSQL, so the
 * limit holds across every API instance. Old attempts of a key are deleted as new ones arrive.
 */
export class SharedRateLimit {
  constructor(
    private readonly db: PrismaClient,
    /** Keeps the counts of different limits apart, e.g. `login-failure`. */
    private readonly name: string,
    private readonly max: number,
    private readonly windowMs: number,
  ) {}

  private bucket(key: string): string {
    return `${this.name}:${key}`;
  }

  /** Whether `key` has used up its attempts in the current window. */
  async isExhausted(key: string, now = new Date()): Promise<boolean> {
    const since = new Date(now.getTime() - this.windowMs);
    return (await this.db.rateLimitHit.count({ where: { bucket: this.bucket(key), at: { gt: since } } })) >= this.max;
  }

  /** Counts one attempt by `key`. */
  async record(key: string, now = new Date()): Promise<void> {
    const bucket = this.bucket(key);
    await this.db.$transaction([
      this.db.rateLimitHit.deleteMany({ where: { bucket, at: { lte: new Date(now.getTime() - this.windowMs) } } }),
      this.db.rateLimitHit.create({ data: { bucket, at: now } }),
    ]);
  }

  /** Counts one attempt by `key`; false when it is one too many (the attempt is not counted then). */
  async tryAcquire(key: string, now = new Date()): Promise<boolean> {
    if (await this.isExhausted(key, now)) return false;
    await this.record(key, now);
    return true;
  }
}
