import { z } from 'zod';
import { isValidDic, isValidIco } from '../domain/czech-ids';
import { DEFAULT_CANCEL_MAX_WAIT_DAYS } from '../domain/order-rules';
import { normalizeIban } from '../domain/spayd';
import { SUPPORT_BILLING_MAX_CLOSE_GRACE_MINUTES, SUPPORT_BILLING_TIMING_DEFAULTS } from '../domain/support-usage';

/**
 * Every setting the system reads, parsed and validated once at start.
 * Defaults are the embedded development stack; `.env.example` lists them all.
 */
const bool = z
  .enum(['true', 'false', '1', '0'])
  .transform((v) => v === 'true' || v === '1');

const configFields = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DATA_DIR: z.string().default('.data'),

  // Defaults point at the embedded development stack that `npm run dev` starts.
  DATABASE_URL: z.url().default('postgresql://postgres:postgres@localhost:54329/atime'),

  TEMPORAL_ADDRESS: z.string().default('localhost:7233'),
  TEMPORAL_NAMESPACE: z.string().default('default'),
  TEMPORAL_TASK_QUEUE: z.string().default('atime-orders'),
  TEMPORAL_PDF_TASK_QUEUE: z.string().default('atime-pdf'),
  // Which queues this worker process serves; run `pdf` alone on extra machines to scale rendering.
  WORKER_TASK_QUEUES: z
    .string()
    .default('main,pdf')
    .transform((s) => s.split(',').map((q) => q.trim()))
    .pipe(z.array(z.enum(['main', 'pdf'])).min(1)),
  // Workflows a worker keeps in memory between their tasks. Orders wait weeks for payment: a bound
  // keeps the worker's memory flat however many are open (about 0.75 MB each were measured); one
  // evicted is replayed from its history when it next has work.
  WORKER_MAX_CACHED_WORKFLOWS: z.coerce.number().int().min(2).default(500),
  TEMPORAL_API_KEY: z.string().optional(),
  TEMPORAL_TLS: bool.default(false),
  TEMPORAL_TLS_CERT_PATH: z.string().optional(),
  TEMPORAL_TLS_KEY_PATH: z.string().optional(),
  TEMPORAL_UI_PORT: z.coerce.number().int().positive().default(8233),
  // Where staff open the Temporal Web UI (console links); default http://localhost:<TEMPORAL_UI_PORT>.
  TEMPORAL_UI_URL: z.url().optional(),

  SMTP_HOST: z.string().default('localhost'),
  SMTP_PORT: z.coerce.number().int().positive().default(1025),
  SMTP_USER: z.string().optional(),
  SMTP_PASSWORD: z.string().optional(),
  SMTP_TLS: bool.default(false),
  MAIL_FROM: z.string().default('aTime <objednavky@atime.example>'),
  SUPPORT_MAILBOX: z.email().default('podpora@atime.example'),
  MAILBOX_WEB_PORT: z.coerce.number().int().positive().default(1080),

  API_PORT: z.coerce.number().int().nonnegative().default(3000),
  API_PUBLIC_URL: z.string().default('http://localhost:3000'),
  // Where customers open the portal (e-mail links to an order, invoice or ticket); default API_PUBLIC_URL.
  APP_URL: z.url().optional(),
  // /metrics answers only to `Authorization: Bearer <token>`; without a token it is closed.
  METRICS_TOKEN: z.string().min(16).optional(),
  // Opens /metrics without a token; `npm run dev` sets it, nothing else should.
  METRICS_OPEN: bool.default(false),
  // Which proxies' X-Forwarded-For the API believes (client address for rate limits): Express's
  // `trust proxy` — `loopback`, addresses/subnets separated by commas, a hop count, or true/false.
  TRUST_PROXY: z
    .string()
    .default('loopback')
    .transform((s): boolean | number | string => (s === 'true' ? true : s === 'false' ? false : /^\d+$/.test(s) ? Number(s) : s)),
  SESSION_TTL_HOURS: z.coerce.number().positive().default(12),
  // How long an API process may answer from its memory that a token is valid: the bound within
  // which a session revoked by another API process (or in the database) stops working. 0 = ask
  // the database on every request. A logout in the same process takes effect at once.
  SESSION_CACHE_MS: z.coerce.number().int().nonnegative().max(60_000).default(2_000),
  BOOTSTRAP_ADMIN_EMAIL: z.email().optional(),
  BOOTSTRAP_ADMIN_PASSWORD: z.string().min(12).optional(),

  CHROMIUM_PATH: z.string().default('/usr/bin/chromium'),
  PDF_PAGES: z.coerce.number().int().positive().default(2),

  TRIAL_DAYS: z.coerce.number().int().positive().default(30),
  TRIAL_REMINDER_DAYS: z
    .string()
    .default('7,1')
    .transform((s) => s.split(',').map((d) => Number(d.trim())))
    .pipe(z.array(z.number().int().positive())),
  DRAFT_TTL_HOURS: z.coerce.number().positive().default(24),
  PAYMENT_DUE_DAYS: z.coerce.number().int().positive().default(14),
  PAYMENT_REMINDER_DAYS_BEFORE: z.coerce.number().int().nonnegative().default(3),
  PAYMENT_CANCEL_DAYS_AFTER: z.coerce.number().int().nonnegative().default(7),
  // Support billing closes this long after the Prague month end, so the last day's usage is on the month's invoice.
  SUPPORT_BILLING_CLOSE_GRACE_MINUTES: z.coerce.number().int().nonnegative().max(SUPPORT_BILLING_MAX_CLOSE_GRACE_MINUTES).default(SUPPORT_BILLING_TIMING_DEFAULTS.closeGraceMinutes),
  // Late usage waits this long for other late reports: what arrives together is one supplementary invoice.
  SUPPORT_LATE_USAGE_BATCH_SECONDS: z.coerce.number().int().positive().max(3600).default(SUPPORT_BILLING_TIMING_DEFAULTS.lateUsageBatchSeconds),
  // Every this many minutes a hand-over gives bank credits still waiting (the import could not reach Temporal) to their workflows.
  BANK_HAND_OVER_SWEEP_MINUTES: z.coerce.number().int().positive().max(1440).default(15),
  // An overdue order is cancelled only once an imported bank statement covers its last day of grace.
  PAYMENT_CANCEL_WAITS_FOR_STATEMENTS: bool.default(true),
  // ...but at most this many days after the last day of grace: then it is cancelled anyway.
  PAYMENT_CANCEL_MAX_WAIT_DAYS: z.coerce.number().int().nonnegative().max(365).default(DEFAULT_CANCEL_MAX_WAIT_DAYS),
  // How long a confirm request waits for the order's documents before answering 202 (poll the order).
  CONFIRM_WAIT_SECONDS: z.coerce.number().positive().max(60).default(5),
  // How long any other request that waits for a workflow (order actions, ticket calls, support invoice actions, activation) waits before answering 202.
  ACTION_WAIT_SECONDS: z.coerce.number().positive().max(60).default(10),
  TERMS_VERSION: z.string().default('2026-01'),

  SUPPLIER_NAME: z.string().default('aTime s.r.o.'),
  SUPPLIER_STREET: z.string().default('Příkladová 1234/5'),
  SUPPLIER_CITY: z.string().default('Praha 4'),
  SUPPLIER_POSTAL_CODE: z.string().default('140 00'),
  SUPPLIER_ICO: z.string().default('27082440'),
  SUPPLIER_DIC: z.string().default('CZ27082440'),
  SUPPLIER_REGISTRY: z.string().default('Zapsáno v obchodním rejstříku vedeném Městským soudem v Praze, oddíl C, vložka 99999'),
  SUPPLIER_BANK_ACCOUNT: z.string().default('2800000000/2010'),
  SUPPLIER_IBAN: z.string().default('CZ4620100000002800000000'),
  SUPPLIER_BIC: z.string().default('FIOBCZPPXXX'),
  SUPPLIER_EMAIL: z.email().default('fakturace@atime.example'),
  TERMS_URL: z.string().default('https://www.atime.cz/obchodni-podminky'),

  // Accounts (issue 3): failed-login throttling and the contact-form rate limit.
  LOGIN_MAX_FAILURES: z.coerce.number().int().positive().default(5),
  LOGIN_LOCK_MINUTES: z.coerce.number().positive().default(15),
  LOGIN_IP_MAX_FAILURES: z.coerce.number().int().positive().default(50),
  LOGIN_IP_WINDOW_MINUTES: z.coerce.number().positive().default(15),
  CONTACT_REQUESTS_PER_HOUR: z.coerce.number().int().positive().default(5),
  // Registrations accepted from one client address per hour (each costs a slow password hash).
  REGISTRATIONS_PER_IP_PER_HOUR: z.coerce.number().int().positive().default(10),
});

/** The supplier's legal data every document must state (Czech VAT law): none may be blank. */
const SUPPLIER_REQUIRED = ['SUPPLIER_NAME', 'SUPPLIER_STREET', 'SUPPLIER_CITY', 'SUPPLIER_POSTAL_CODE', 'SUPPLIER_REGISTRY', 'SUPPLIER_BANK_ACCOUNT'] as const;

/** The IBAN of a Czech account `[prefix-]number/bank`: CZkk BBBB PPPPPP NNNNNNNNNN. */
function czechIbanBody(account: string): string | null {
  const match = /^(?:(\d{1,6})-)?(\d{2,10})\/(\d{4})$/.exec(account.replace(/\s+/g, ''));
  if (!match) return null;
  return `${match[3]}${(match[1] ?? '').padStart(6, '0')}${match[2]!.padStart(10, '0')}`;
}

/**
 * What documents cannot be issued without: checked at start, so a wrong IBAN or a blank legal
 * field stops the process with one line instead of failing every PDF for ever.
 */
function checkSupplier(config: z.infer<typeof configFields>, ctx: z.RefinementCtx): void {
  const problem = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
  for (const key of SUPPLIER_REQUIRED) if (config[key].trim() === '') problem(key, 'required on every document, must not be blank');
  if (!isValidIco(config.SUPPLIER_ICO)) problem('SUPPLIER_ICO', `"${config.SUPPLIER_ICO}" is not a valid IČO (8 digits, check digit)`);
  if (!isValidDic(config.SUPPLIER_DIC)) problem('SUPPLIER_DIC', `"${config.SUPPLIER_DIC}" is not a valid DIČ (CZ and 8 to 10 digits)`);
  let iban: string;
  try {
    iban = normalizeIban(config.SUPPLIER_IBAN);
  } catch (error) {
    problem('SUPPLIER_IBAN', (error as Error).message);
    return;
  }
  const body = czechIbanBody(config.SUPPLIER_BANK_ACCOUNT);
  if (iban.startsWith('CZ') && body !== null && iban.slice(4) !== body) {
    problem('SUPPLIER_IBAN', `${iban} is not the IBAN of SUPPLIER_BANK_ACCOUNT ${config.SUPPLIER_BANK_ACCOUNT}`);
  }
}

const configSchema = configFields.superRefine(checkSupplier);

export type Config = z.infer<typeof configSchema>;

/** Every setting's name, e.g. to check that `.env.example` documents them all. */
export const CONFIG_KEYS = Object.keys(configFields.shape) as (keyof Config)[];

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    // One line: what a process prints when it refuses to start.
    super(`Invalid configuration: ${problems.join('; ')}`);
  }
}

/** Parses the environment; throws a ConfigError naming every bad setting. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  return parsed.data;
}
