import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { ensureSchemathesis, SCHEMATHESIS_VERSION } from '../../scripts/stack/schemathesis';
import { runToCompletion } from '../../scripts/stack/processes';
import { bearer, createBackOfficeUser, createTestApi, registerActiveCustomer, type TestApi } from '../api/helpers';

/**
 * The API contract under generated input: schemathesis reads our own /openapi.json and sends
 * schema-valid and invalid requests to every operation, as a customer and as a staff member.
 * Bounded (examples per operation, one worker) and seeded, so a run is repeatable and fits CI.
 * The checks it applies are in schemathesis.toml; schemathesis_hooks.py makes generated bodies
 * meet the rules no JSON Schema can state (an IČO's check digit, today's date window).
 */
const SEED = 20261201;
const MAX_EXAMPLES = 12;
/** Signing out would revoke the very token the run uses for every later request. */
const EXCLUDED_OPERATIONS = ['logout', 'deleteBrowserSession'];
/**
 * Not in the staff member's run: routes that answer everyone alike, and routes only customers,
 * admins or consultants may call (a staff member gets the declared 403, which the customer's run
 * and test/unit/api-contract.test.ts already show); the run's time goes to the back office's routes.
 */
const NOT_FOR_STAFF_RUN = [
  ...['health', 'readiness', 'register', 'login', 'createBrowserSession', 'listCatalogue', 'getWebSettings'],
  ...['createOrder', 'confirmOrder', 'sendContactRequest', 'addOrganizationMember', 'listOrganizationUsers', 'getMyOrganization', 'updateMyOrganizationSettings', 'activateMyOrganization'],
  ...['createBackOfficeUser', 'listBackOfficeUsers', 'startSupportCall', 'stopSupportCall'],
];
const HERE = __dirname;

interface Failure {
  operation: string;
  check: string;
  message: string;
}

interface CheckRecord {
  name: string;
  status: string;
  failure_info?: { failure?: { title?: string; message?: string } };
}

/**
 * The distinct failures in a run's NDJSON event stream: one per operation, check and finding
 * (e.g. one per undocumented status code), however many generated cases and phases hit it.
 */
function failuresOf(ndjson: string): Failure[] {
  const failures = new Map<string, Failure>();
  for (const line of ndjson.split('\n')) {
    if (line.trim() === '') continue;
    const event = JSON.parse(line) as {
      ScenarioFinished?: { recorder?: { label?: string; checks?: Record<string, CheckRecord[]> } };
      NonFatalError?: { label?: string; value?: { type?: string; message?: string } };
    };
    // A request that timed out or a response cut short: no check ran on it, and it is a failure too.
    if (event.NonFatalError) {
      const { label, value } = event.NonFatalError;
      const message = `${value?.type ?? 'Error'}: ${(value?.message ?? '').split('\n')[0]}`;
      failures.set(`${label} error ${message}`, { operation: label ?? '?', check: 'request_error', message });
    }
    const finished = event.ScenarioFinished;
    for (const checks of Object.values(finished?.recorder?.checks ?? {})) {
      for (const check of checks) {
        if (check.status !== 'failure') continue;
        const failure = check.failure_info?.failure;
        const finding = (failure?.message ?? '').split('\n')[0];
        const operation = finished?.recorder?.label ?? '?';
        const key = `${operation} ${check.name} ${finding}`;
        if (!failures.has(key)) failures.set(key, { operation, check: check.name, message: `${failure?.title ?? ''}: ${finding}` });
      }
    }
  }
  return [...failures.values()];
}

describe(`the API under schemathesis ${SCHEMATHESIS_VERSION} (seeded, bounded)`, () => {
  let api: TestApi;
  let server: Server;
  let baseUrl: string;
  let schemathesis: string;
  let reportDir: string;

  beforeAll(async () => {
    schemathesis = await ensureSchemathesis();
    // With the PDF worker: confirming an order issues its documents as in production. Requests
    // wait for the workflow less than the run's request timeout (20 s): they answer 202 before it.
    api = await createTestApi({ pdf: true, config: { CONFIRM_WAIT_SECONDS: '10', ACTION_WAIT_SECONDS: '10' } });
    server = createServer(api.app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    reportDir = await mkdtemp(join(tmpdir(), 'atime-schemathesis-'));
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => server?.close(() => resolve()));
    await api?.close();
    // KEEP_SCHEMATHESIS_REPORT=1 leaves the NDJSON event streams for a closer look.
    if (reportDir && !process.env.KEEP_SCHEMATHESIS_REPORT) await rm(reportDir, { recursive: true, force: true });
  });

  async function run(label: string, token: string, excluded: string[], orderNumber: string): Promise<Failure[]> {
    const ndjson = join(reportDir, `${label}.ndjson`);
    const args = [
      '--config-file', join(HERE, 'schemathesis.toml'),
      'run', `${baseUrl}/openapi.json`, '--url', baseUrl,
      '--header', `Authorization: Bearer ${token}`,
      ...excluded.flatMap((id) => ['--exclude-operation-id', id]),
      '--phases', 'examples,coverage,fuzzing',
      '--max-examples', String(MAX_EXAMPLES), '--seed', String(SEED), '--generation-deterministic',
      '--no-shrink', '--workers', '1',
      // NUL in text is refused on purpose (PostgreSQL cannot store it; test/api/hostile-input.test.ts).
      '--generation-allow-x00', 'false',
      '--request-timeout', '20', '--continue-on-failure',
      '--report', 'ndjson', '--report-ndjson-path', ndjson, '--no-color',
    ];
    const started = Date.now();
    // Exits non-zero when a check failed: the NDJSON report says which; without a report, its output does.
    const env = { ...process.env, SCHEMATHESIS_HOOKS: join(HERE, 'schemathesis_hooks.py'), SCHEMATHESIS_ORDER_NUMBER: orderNumber };
    const exit = await runToCompletion(`schemathesis-${label}`, schemathesis, args, { cwd: reportDir, env }).then(
      () => undefined,
      (error: Error) => error.message,
    );
    if (!existsSync(ndjson)) throw new Error(`schemathesis wrote no report: ${exit}`);
    const failures = failuresOf(await readFile(ndjson, 'utf8'));
    const counts = new Map<string, number>();
    for (const f of failures) counts.set(f.check, (counts.get(f.check) ?? 0) + 1);
    const byCheck = [...counts].map(([check, n]) => `${check} ${n}`);
    process.stdout.write(`schemathesis as ${label}: ${failures.length} failures (${byCheck.join(', ') || 'none'}) in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
    return failures;
  }

  it('finds no server error, undocumented status, rejected valid request or wrong answer to an undeclared method, as a customer and as staff', async () => {
    const customer = await registerActiveCustomer(api);
    // Something to read and act on: a draft order in the customer's lists (the hooks aim every
    // well-formed order number at it).
    const draft = await api.http().post('/orders').set(...bearer(customer)).set('Idempotency-Key', randomUUID()).send({ paymentMethod: 'COD', lines: [{ sku: 'TERM-T1', quantity: 1 }] });
    expect(draft.status).toBe(201);
    const staff = await createBackOfficeUser(api, 'STAFF');

    // Both at once: each run is mostly schemathesis generating cases on one core.
    const orderNumber = String(draft.body.orderNumber);
    const runs = await Promise.all([
      run('customer', customer.token, EXCLUDED_OPERATIONS, orderNumber),
      run('staff', staff.token, [...EXCLUDED_OPERATIONS, ...NOT_FOR_STAFF_RUN], orderNumber),
    ]);
    const failures = runs.flat();
    expect(failures).toEqual([]);
  }, 420_000);
});
