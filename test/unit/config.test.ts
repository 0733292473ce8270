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

  it('keeps at most 500 workflows cached per worker unless configured; fewer than 2 is refused (the SDK needs two)', () => {
    expect(loadConfig({}).WORKER_MAX_CACHED_WORKFLOWS).toBe(500);
    expect(loadConfig({ WORKER_MAX_CACHED_WORKFLOWS: '2000' }).WORKER_MAX_CACHED_WORKFLOWS).toBe(2000);
    expect(() => loadConfig({ WORKER_MAX_CACHED_WORKFLOWS: '1' })).toThrow(/WORKER_MAX_CACHED_WORKFLOWS/);
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

  it('accepts every value .env.example suggests (its supplier IBAN has a valid check digit)', () => {
    const example = readFileSync(path.join(__dirname, '../../.env.example'), 'utf8');
    const env = Object.fromEntries([...example.matchAll(/^#?\s*([A-Z][A-Z0-9_]+)=(.*)$/gm)].map((m) => [m[1]!, m[2]!.trim()]).filter(([, v]) => v !== ''));
    expect(env.SUPPLIER_IBAN).toBeDefined();
    expect(() => loadConfig(env)).not.toThrow();
  });

  it('refuses to start with a supplier IBAN that fails its check digit or a blank legal field, in one line naming each', () => {
    const bad = { SUPPLIER_IBAN: 'CZ6520100000002800000000', SUPPLIER_REGISTRY: ' ', SUPPLIER_ICO: '27082441' };
    expect(() => loadConfig(bad)).toThrow(ConfigError);
    try {
      loadConfig(bad);
    } catch (error) {
      const message = (error as Error).message;
      expect(message).not.toContain('\n');
      expect(message).toMatch(/SUPPLIER_IBAN: IBAN checksum failed/);
      expect(message).toMatch(/SUPPLIER_REGISTRY: required/);
      expect(message).toMatch(/SUPPLIER_ICO/);
    }
  });

  it('refuses a supplier IBAN that is not the IBAN of the supplier bank account', () => {
    expect(() => loadConfig({ SUPPLIER_BANK_ACCOUNT: '2900000000/2010' })).toThrow(/SUPPLIER_IBAN: CZ4620100000002800000000 is not the IBAN of SUPPLIER_BANK_ACCOUNT/);
  });
});
