import { organizationScope, type Caller, type Role } from '../../api/http/caller';

const caller = (role: Role, organizationId: string | null): Caller => ({ userId: 'u-1', email: 'x@y.cz', role, organizationId });

/** Tenant scoping follows the caller's role and fails closed. */
describe('organizationScope', () => {
  it('limits a customer to their own organisation', () => {
    expect(organizationScope(caller('CUSTOMER_MEMBER', 'org-1'))).toBe('org-1');
  });

  it('lets staff roles see every organisation, even if a stray organisation id is set', () => {
    expect(organizationScope(caller('STAFF', null))).toBeUndefined();
    expect(organizationScope(caller('ADMIN', 'org-1'))).toBeUndefined();
  });

  it('refuses a customer role without an organisation instead of showing everything', () => {
    expect(() => organizationScope(caller('CUSTOMER_ADMIN', null))).toThrow(expect.objectContaining({ status: 403 }));
  });

  it('refuses a role that is neither customer nor staff', () => {
    expect(() => organizationScope(caller('GUEST' as Role, null))).toThrow(expect.objectContaining({ status: 403 }));
  });
});
