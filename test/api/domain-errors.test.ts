import { randomUUID } from 'node:crypto';
import express from 'express';
import request from 'supertest';
import { createErrorHandler } from '../../api/http/error-handler';
import { Forbidden, NotFound, NotReady, Refused, Unavailable, ValidationFailed, type DomainError } from '../../domain/errors';
import { StatementParseError } from '../../domain/bank-statements/types';
import { MAX_PAYMENT_HALERE } from '../../domain/payments';
import { bearer, createBackOfficeUser, createTestApi, type TestApi } from './helpers';
import { today } from './payment-fixtures';

/** The one error middleware: what a use-case throws leaves as problem+json with its status. */
describe('domain errors as problem+json', () => {
  const answerTo = async (error: DomainError) => {
    const app = express();
    app.get('/use-case', () => {
      throw error;
    });
    app.use(createErrorHandler({ error: () => undefined } as never));
    return request(app).get('/use-case');
  };

  it.each([
    [new NotFound('Order'), 404, 'not-found', 'Order not found.'],
    [new Refused('TermsVersionMismatch', 'Accept version 2026-01.'), 409, 'terms-version-mismatch', 'Accept version 2026-01.'],
    [new Forbidden('Only an active organization may order.', 'OrganizationNotActive', 'Organization not active'), 403, 'organization-not-active', 'Only an active organization may order.'],
    [new Unavailable('Try again.', 'WorkflowUnavailable'), 503, 'workflow-unavailable', 'Try again.'],
  ])('%p → %p %p', async (error, status, slug, detail) => {
    const res = await answerTo(error);
    expect(res.status).toBe(status);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ status, type: `https://atime.example/problems/${slug}`, detail, instance: '/use-case' });
  });

  it('tells the caller of work still under way when to try again', async () => {
    const res = await answerTo(new NotReady('DocumentsRendering', 'Still rendering.', 5));
    expect(res.status).toBe(409);
    expect(res.headers['retry-after']).toBe('5');
    expect(res.body).toMatchObject({ type: 'https://atime.example/problems/documents-rendering', detail: 'Still rendering.' });
  });

  it('names the failed field of the use-case input as a body field, with its rule', async () => {
    const res = await answerTo(new ValidationFailed([{ field: 'lines[2].sku', rule: 'unknownProduct', message: 'No such product.' }]));
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ type: 'https://atime.example/problems/validation', title: 'Invalid request', errors: [{ field: 'body.lines[2].sku', rule: 'unknownProduct', message: 'No such product.' }] });
  });

  it("carries a refusal's field and an error's extra members (a statement's line)", async () => {
    const refused = await answerTo(new Refused('TermsVersionMismatch', 'Wrong terms.', [{ field: 'termsVersion', rule: 'terms_version', message: 'Must be "2026-01".' }]));
    expect(refused.body.errors).toEqual([{ field: 'body.termsVersion', rule: 'terms_version', message: 'Must be "2026-01".' }]);
    const malformed = await answerTo(new StatementParseError('record must be 128 characters, got 127', 2));
    expect(malformed.status).toBe(400);
    expect(malformed.body).toMatchObject({ type: 'https://atime.example/problems/invalid-statement', title: 'Invalid bank statement', line: 2, detail: 'line 2: record must be 128 characters, got 127' });
    expect(malformed.body.errors[0]).toMatchObject({ field: 'body.file', rule: 'invalid_statement' });
  });

  describe('through the real API', () => {
    let api: TestApi;

    beforeAll(async () => {
      api = await createTestApi({ worker: false });
    }, 60_000);

    afterAll(async () => {
      await api?.close();
    });

    it('a use-case refusal (assigning an unknown bank transaction) is a 404 problem, nothing changed', async () => {
      const staff = await createBackOfficeUser(api, 'STAFF');
      const before = await api.db.payment.count();
      const res = await api.http().post(`/payments/unmatched/${randomUUID()}/assign`).set(...bearer(staff)).send({ documentNumber: '2026100001' });
      expect(res.status).toBe(404);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body).toMatchObject({ type: 'https://atime.example/problems/not-found', detail: 'Bank transaction not found.' });
      expect(await api.db.payment.count()).toBe(before);
    });

    it.each([
      ['a support invoice', '/support/invoices/2026900001/payments', MAX_PAYMENT_HALERE + 1],
      ['a support invoice', '/support/invoices/2026900001/payments', 10_000_000_000],
      ['an order', '/orders/2026-900001/payments', MAX_PAYMENT_HALERE + 1],
      ['an order', '/orders/2026-900001/payments', 10_000_000_000],
    ])('a payment on %s above the one payment limit is refused by the schema, naming the field and rule (%s, %d haléřů)', async (_target, path, amountHalere) => {
      const staff = await createBackOfficeUser(api, 'STAFF');
      const before = await api.db.payment.count();
      const res = await api.http().post(path).set(...bearer(staff)).set('Idempotency-Key', `limit-${randomUUID()}`).send({ amountHalere, receivedOn: today() });
      expect(res.status).toBe(400);
      expect(res.body.errors[0]).toMatchObject({ field: 'body.amountHalere', rule: 'too_big', message: expect.stringContaining(String(MAX_PAYMENT_HALERE)) });
      expect(await api.db.payment.count()).toBe(before);
    });
  });
});
