import { randomUUID } from 'node:crypto';
import { registerActiveCustomer } from '../../scripts/lib/customers';
import { callApi } from '../../scripts/stack/api-client';
import { descendants, isAlive, isChromium } from '../../scripts/stack/process-tree';
import { eventually } from '../helpers/eventually';
import { startRunningStack, type RunningStack } from './running-stack';

/**
 * A worker process killed with SIGKILL (OOM killer, `kill -9`, a node crash) runs no cleanup: the
 * Chromium it launched must still end with it, or every crash leaves browsers eating memory.
 */
describe('worker killed with SIGKILL', () => {
  let stack: RunningStack;

  beforeAll(async () => {
    stack = await startRunningStack('worker-crash');
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
  });

  it('takes its Chromium processes with it', async () => {
    const customer = await registerActiveCustomer(stack.apiUrl);
    const draft = await callApi(stack.apiUrl, 'POST', '/orders', {
      token: customer.token,
      headers: { 'idempotency-key': `crash-${randomUUID()}` },
      body: { paymentMethod: 'COD', lines: [{ sku: 'CARD-RFID', quantity: 1 }] },
    });
    expect(draft.status).toBe(201);
    // The confirmation renders the order's PDFs: the worker has a browser from now on.
    const confirmed = await callApi(stack.apiUrl, 'POST', `/orders/${draft.body.orderNumber}/confirm`, { token: customer.token });
    expect([200, 202]).toContain(confirmed.status);

    const worker = stack.processes.find((p) => p.name.endsWith('-worker'))!;
    const workerPid = worker.child.pid!;
    const browsers = await eventually(() => {
      const found = descendants(workerPid).filter(isChromium);
      expect(found.length).toBeGreaterThan(0);
      return found;
    }, { timeoutMs: 30_000 });

    process.kill(workerPid, 'SIGKILL');
    await worker.exited;

    await eventually(() => expect(browsers.filter((p) => isAlive(p.pid)).map((p) => `${p.pid} ${p.comm}`)).toEqual([]), { timeoutMs: 5_000 });
  }, 90_000);
});
