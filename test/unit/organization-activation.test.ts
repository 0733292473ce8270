import { activationRefusal, termsVersionRefusal } from '../../domain/organization-activation';

describe('organisation activation', () => {
  it('activates a TRIAL or EXPIRED organisation that accepts the current terms', () => {
    expect(activationRefusal('TRIAL', '2026-01', '2026-01')).toBeNull();
    expect(activationRefusal('EXPIRED', '2026-01', '2026-01')).toBeNull();
  });

  it('refuses an active organisation before looking at the terms', () => {
    expect(activationRefusal('ACTIVE', '1999-01', '2026-01')).toEqual({ code: 'AlreadyActive', message: 'The organization is already active.' });
  });

  it('refuses other terms, naming both versions', () => {
    expect(activationRefusal('TRIAL', '1999-01', '2026-01')).toMatchObject({ code: 'TermsVersionMismatch', message: expect.stringContaining('"1999-01"') });
    expect(termsVersionRefusal('1999-01', '2026-01')?.message).toContain('"2026-01"');
    expect(termsVersionRefusal('2026-01', '2026-01')).toBeNull();
  });
});
