import { readFileSync } from 'node:fs';
import path from 'node:path';
import { CONFIG_KEYS, ConfigError, loadConfig } from '../../infra/config';

describe('loadConfig', () => {
  it('runs on defaults alone: the embedded development stack', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ DATABASE_URL: 'postgresql://postgres:postgres@localhost:54329/atime', TEMPORAL_ADDRESS: 'localhost:7233', SMTP_PORT: 1025, TRIAL_REMINDER_DAYS: [7, 1] });
    expect(config.WORKER_TASK_QUEUES).toEqual(['main', 'pdf']);
  });

  it('support billing closes 60 minutes after the Prague month end and batches late usage for 5 minutes unless configured; a grace past 12 hours is refused', () => {
    expect(loadConfig({})).toMatchObject({ SUPPORT_BILLING_CLOSE_GRACE_MINUTES: 60, SUPPORT_LATE_USAGE_BATCH_SECONDS: 300 });
    expect(loadConfig({ SUPPORT_BILLING_CLOSE_GRACE_MINUTES: '15' }).SUPPORT_BILLING_CLOSE_GRACE_MINUTES).toBe(15);
    expect(() => loadConfig({ SUPPORT_BILLING_CLOSE_GRACE_MINUTES: '721' })).toThrow(/SUPPORT_BILLING_CLOSE_GRACE_MINUTES/);
  });

  it('names every bad setting and the rule it breaks', () => {
    expect(() => loadConfig({ API_PORT: 'abc', WORKER_TASK_QUEUES: 'main,gpu', SUPPORT_MAILBOX: 'nope' })).toThrow(ConfigError);
    try {
      loadConfig({ API_PORT: 'abc', WORKER_TASK_QUEUES: 'main,gpu', SUPPORT_MAILBOX: 'nope' });
    } catch (error) {
      const message = (error as Error).message;
      expect(message).toMatch(/API_PORT/);
      expect(message).toMatch(/WORKER_TASK_QUEUES/);
      expect(message).toMatch(/SUPPORT_MAILBOX/);
    }
  });

  it('has every setting documented in .env.example', () => {
    const example = readFileSync(path.join(__dirname, '../../.env.example'), 'utf8');
    const documented = new Set([...example.matchAll(/^#?\s*([A-Z][A-Z0-9_]+)=/gm)].map((m) => m[1]));
    expect(CONFIG_KEYS.filter((key) => !documented.has(key))).toEqual([]);
  });
});
