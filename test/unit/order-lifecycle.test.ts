import { problemSlugOf } from '../../domain/errors';
import { allows, isFinal, refusal, type OrderAction, type OrderStatus } from '../../domain/order-lifecycle';

const STATUSES: OrderStatus[] = ['DRAFT', 'CONFIRMED', 'AWAITING_PAYMENT', 'READY_TO_SHIP', 'SHIPPED', 'DELIVERED', 'COMPLETED', 'CANCELLED', 'EXPIRED'];
const allowedIn = (action: OrderAction) => STATUSES.filter((s) => allows(action, s));

describe('order lifecycle rules', () => {
  it.each<[OrderAction, OrderStatus[]]>([
    ['pay', ['CONFIRMED', 'AWAITING_PAYMENT', 'READY_TO_SHIP', 'SHIPPED', 'DELIVERED']],
    ['ship', ['READY_TO_SHIP']],
    ['deliver', ['SHIPPED']],
    ['return', ['SHIPPED']],
    ['cancelByCustomer', ['DRAFT', 'CONFIRMED', 'AWAITING_PAYMENT', 'READY_TO_SHIP']],
    ['cancelByStaff', ['DRAFT', 'CONFIRMED', 'AWAITING_PAYMENT', 'READY_TO_SHIP', 'SHIPPED']],
  ])('%s is allowed exactly in %j', (action, statuses) => {
    expect(allowedIn(action)).toEqual(statuses);
  });

  it('says why, and that an unpaid transfer order waits for its payment', () => {
    expect(refusal('ship', 'AWAITING_PAYMENT')).toEqual({ type: 'ShipRefused', message: expect.stringMatching(/not paid yet/) });
    expect(refusal('cancelByCustomer', 'SHIPPED')?.message).toMatch(/until the goods ship/);
    expect(refusal('cancelByStaff', 'DELIVERED')?.message).toMatch(/until delivery/);
    expect(refusal('pay', 'CANCELLED')?.type).toBe('PaymentRefused');
    expect(allows('ship', 'AWAITING_PAYMENT')).toBe(false);
  });

  it('names each refusal by the problem slug the API answers with and the pages translate', () => {
    expect(problemSlugOf(refusal('ship', 'AWAITING_PAYMENT')!.type)).toBe('ship-refused');
    expect(problemSlugOf(refusal('deliver', 'READY_TO_SHIP')!.type)).toBe('delivery-refused');
    expect(problemSlugOf('TermsVersionMismatch')).toBe('terms-version-mismatch');
  });

  it('knows the final statuses', () => {
    expect(STATUSES.filter(isFinal)).toEqual(['COMPLETED', 'CANCELLED', 'EXPIRED']);
  });
});
