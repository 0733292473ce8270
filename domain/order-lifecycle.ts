/**
 * Which staff and customer actions an order's status allows, and why not when it does not.
 * The order workflow enforces these; the API reads `isFinal` for closed orders.
 */
export const ORDER_STATUSES = ['DRAFT', 'CONFIRMED', 'AWAITING_PAYMENT', 'READY_TO_SHIP', 'SHIPPED', 'DELIVERED', 'COMPLETED', 'CANCELLED', 'EXPIRED'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** What can stop an order that retrying cannot fix (staff decide). DOCUMENTS_FAILED: a document could not be produced from its content. */
export const ORDER_PROBLEM_KINDS = ['DOCUMENTS_FAILED'] as const;
export type OrderProblemKind = (typeof ORDER_PROBLEM_KINDS)[number];

export type OrderAction = 'pay' | 'ship' | 'deliver' | 'return' | 'cancelByCustomer' | 'cancelByStaff';

export interface Refusal {
  /** The ApplicationFailure type the workflow refuses with (the API's problem slug). */
  type: 'PaymentRefused' | 'ShipRefused' | 'DeliveryRefused' | 'ReturnRefused' | 'CancelRefused';
  message: string;
}

export const FINAL_ORDER_STATUSES: readonly OrderStatus[] = ['COMPLETED', 'CANCELLED', 'EXPIRED'];
export const isFinal = (status: string): boolean => (FINAL_ORDER_STATUSES as readonly string[]).includes(status);

/** Customers may cancel until the goods ship; staff until delivery. */
const CUSTOMER_CANCELLABLE: readonly OrderStatus[] = ['DRAFT', 'CONFIRMED', 'AWAITING_PAYMENT', 'READY_TO_SHIP'];
const STAFF_CANCELLABLE: readonly OrderStatus[] = [...CUSTOMER_CANCELLABLE, 'SHIPPED'];

/** Null when `action` is allowed in `status`; otherwise the refusal with its reason. */
export function refusal(action: OrderAction, status: OrderStatus): Refusal | null {
  switch (action) {
    case 'pay':
      return isFinal(status) || status === 'DRAFT' ? { type: 'PaymentRefused', message: `Order is ${status}; a payment cannot be recorded on it.` } : null;
    case 'ship':
      if (status === 'READY_TO_SHIP') return null;
      return {
        type: 'ShipRefused',
        message:
          status === 'AWAITING_PAYMENT'
            ? 'The order is not paid yet; a bank-transfer order ships only once paid in full.'
            : `Order is ${status}; only an order ready to ship can be shipped.`,
      };
    case 'deliver':
      return status === 'SHIPPED' ? null : { type: 'DeliveryRefused', message: `Order is ${status}; only a shipped order can be delivered.` };
    case 'return':
      return status === 'SHIPPED' ? null : { type: 'ReturnRefused', message: `Order is ${status}; only a shipped parcel can come back.` };
    case 'cancelByCustomer':
      return CUSTOMER_CANCELLABLE.includes(status) ? null : { type: 'CancelRefused', message: `Order is ${status}; a customer can cancel only until the goods ship.` };
    case 'cancelByStaff':
      return STAFF_CANCELLABLE.includes(status) ? null : { type: 'CancelRefused', message: `Order is ${status}; it can be cancelled only until delivery.` };
  }
}

/** Whether `status` allows `action`: what the pages offer (the workflow still decides). */
export const allows = (action: OrderAction, status: OrderStatus): boolean => refusal(action, status) === null;
