import { isFinal, refusal, type OrderAction, type OrderStatus } from '../../domain/order-lifecycle';

const STATUSES: OrderStatus[] = ['DRAFT', 'CONFIRMED', 'AWAITING_PAYMENT', 'READY_TO_SHIP', 'SHIPPED', 'DELIVERED', 'COMPLETED', 'CANCELLED', 'EXPIRED'];
const allowedIn = (action: OrderAction) => STATUSES.filter((s) => refusal(action, s) === null);

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
  });

  it('knows the final statuses', () => {
    expect(STATUSES.filter(isFinal)).toEqual(['COMPLETED', 'CANCELLED', 'EXPIRED']);
  });
});
