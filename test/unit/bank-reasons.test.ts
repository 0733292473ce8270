import { BANK_REASON_CODES, bankReason, isBankReasonCode } from '../../domain/bank-reasons';
import { cs } from '../../web/src/locales/cs';
import { en } from '../../web/src/locales/en';

describe('bank reasons', () => {
  it('word every code in both languages of the console', () => {
    for (const code of BANK_REASON_CODES) {
      expect(cs.payments.reasons[code]).toEqual(expect.any(String));
      expect(en.payments.reasons[code]).toEqual(expect.any(String));
    }
    expect(Object.keys(cs.payments.reasons).sort()).toEqual([...BANK_REASON_CODES].sort());
    expect(Object.keys(en.payments.reasons).sort()).toEqual([...BANK_REASON_CODES].sort());
  });

  it('make the English sentence from the same code and data', () => {
    expect(bankReason('PARTIAL', { amountHalere: 12_345 })).toEqual({ code: 'PARTIAL', params: { amountHalere: 12_345 }, text: 'PARTIAL: 123.45 CZK still due' });
    expect(bankReason('DUPLICATE_PAYMENT', { documentNumber: '2026100001', amountHalere: 100 }).text).toBe('DUPLICATE_PAYMENT: document 2026100001 was already paid in full; refund 1.00 CZK');
    expect(bankReason('WORKFLOW_ENDED', { billingMonth: '2026-11' }).text).toBe('refused: the workflow of support billing of 2026-11 has ended; it takes no payment');
    expect(bankReason('COD_PAYOUT_MISMATCH', { orderNumber: '2026-000001', amountHalere: 500, collectedHalere: [400, 600] }).text).toBe(
      "COD payout of order 2026-000001? it brings 5.00 CZK, the carrier collected 4.00 CZK, 6.00 CZK: check the carrier's payout",
    );
  });

  it('recognise only their own codes (a column from before codes were kept is null)', () => {
    expect(isBankReasonCode('NO_SYMBOL')).toBe(true);
    expect(isBankReasonCode('no variable symbol')).toBe(false);
    expect(isBankReasonCode(null)).toBe(false);
  });
});
