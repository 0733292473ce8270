import { MAX_PAYMENT_HALERE, PAYMENT_METHODS, paymentAmountProblem, paymentDateProblem } from '../../domain/payments';

describe('payment rules', () => {
  it('has two payment methods', () => {
    expect(PAYMENT_METHODS).toEqual(['COD', 'BANK_TRANSFER']);
  });

  it('limits one payment to what the ledger column holds (21 474 836,47 Kč)', () => {
    expect(MAX_PAYMENT_HALERE).toBe(2 ** 31 - 1);
    expect(paymentAmountProblem(MAX_PAYMENT_HALERE)).toBeNull();
    expect(paymentAmountProblem(1)).toBeNull();
    expect(paymentAmountProblem(MAX_PAYMENT_HALERE + 1)).toMatch(/at most 2147483647/);
    // What the support route used to accept: 10^10 haléře.
    expect(paymentAmountProblem(10_000_000_000)).toMatch(/at most/);
  });

  it.each([0, -1, 1.5, Number.NaN, Number.MAX_SAFE_INTEGER + 2])('refuses %p as an amount', (amount) => {
    expect(paymentAmountProblem(amount)).not.toBeNull();
  });

  it('refuses payment dates outside a sane window around today', () => {
    expect(paymentDateProblem('2026-12-01', '2026-12-01')).toBeNull();
    expect(paymentDateProblem('2026-12-02', '2026-12-01')).toBeNull();
    expect(paymentDateProblem('2022-01-01', '2026-12-01')).toBeNull();
    expect(paymentDateProblem('9999-12-31', '2026-12-01')).toMatch(/receivedOn/);
    expect(paymentDateProblem('2026-12-03', '2026-12-01')).toMatch(/receivedOn/);
    expect(paymentDateProblem('1970-01-01', '2026-12-01')).toMatch(/receivedOn/);
  });
});
