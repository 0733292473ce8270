/**
 * Validation of an order request that needs no database: the caller passes the catalogue.
 * Errors name the field the way the API reports it (`lines[2].sku`) and a stable rule code.
 */
import { PAYMENT_METHODS, type PaymentMethod } from './payments';
import { addDays, daysBetween, isValidDate, parseDate } from './prague-calendar';
import { MAX_SPAYD_AMOUNT_HALERE } from './spayd';

export interface OrderLimits {
  maxLines: number;
  minQuantity: number;
  maxQuantity: number;
}

export const ORDER_LIMITS: OrderLimits = { maxLines: 50, minQuantity: 1, maxQuantity: 1000 };

/**
 * The largest order total (gross, haléře): what a QR Platba amount can still carry. An order
 * above it could not be documented (its proforma's QR would fail for ever), so the draft refuses it.
 */
export const MAX_ORDER_TOTAL_HALERE = MAX_SPAYD_AMOUNT_HALERE;

export interface OrderRequestLine {
  sku: string;
  quantity: number;
}

export interface OrderRequest {
  lines: OrderRequestLine[];
  paymentMethod: PaymentMethod;
}

export interface CatalogueProduct {
  sku: string;
  kind: 'COMPONENT' | 'SERVICE';
  active: boolean;
}

export type OrderRuleCode =
  | 'required'
  | 'minLines'
  | 'maxLines'
  | 'integer'
  | 'minQuantity'
  | 'maxQuantity'
  | 'duplicateSku'
  | 'unknownProduct'
  | 'inactiveProduct'
  | 'invalidPaymentMethod'
  | 'codRequiresComponent'
  | 'maxOrderTotal';

export interface OrderValidationError {
  field: string;
  rule: OrderRuleCode;
  message: string;
}

/** Every problem of the request (empty list = valid). Tolerates malformed input shapes. */
export function validateOrderRequest(
  req: OrderRequest,
  catalogue: readonly CatalogueProduct[],
  limits: OrderLimits = ORDER_LIMITS,
): OrderValidationError[] {
  const errors: OrderValidationError[] = [];
  const add = (field: string, rule: OrderRuleCode, message: string): void => {
    errors.push({ field, rule, message });
  };

  const paymentMethod: unknown = req?.paymentMethod;
  if (!PAYMENT_METHODS.includes(paymentMethod as PaymentMethod)) {
    add('paymentMethod', 'invalidPaymentMethod', `paymentMethod must be one of ${PAYMENT_METHODS.join(', ')}`);
  }

  const lines: unknown = req?.lines;
  if (!Array.isArray(lines) || lines.length === 0) {
    add('lines', 'minLines', 'an order needs at least 1 line');
    return errors;
  }
  if (lines.length > limits.maxLines) {
    add('lines', 'maxLines', `an order has at most ${limits.maxLines} lines, got ${lines.length}`);
  }

  const bySku = new Map(catalogue.map((p) => [p.sku, p]));
  const seen = new Set<string>();
  let hasComponent = false;

  lines.forEach((raw: unknown, i: number) => {
    const line = (raw ?? {}) as Partial<OrderRequestLine>;
    const sku = line.sku;
    if (typeof sku !== 'string' || sku.trim() === '') {
      add(`lines[${i}].sku`, 'required', 'sku is required');
    } else if (seen.has(sku)) {
      add(`lines[${i}].sku`, 'duplicateSku', `sku ${sku} appears more than once; give each product once with its quantity`);
    } else {
      seen.add(sku);
      const product = bySku.get(sku);
      if (!product) {
        add(`lines[${i}].sku`, 'unknownProduct', `unknown product ${sku}`);
      } else if (!product.active) {
        add(`lines[${i}].sku`, 'inactiveProduct', `product ${sku} is no longer sold`);
      } else if (product.kind === 'COMPONENT') {
        hasComponent = true;
      }
    }

    const quantity = line.quantity;
    if (quantity === undefined || quantity === null) {
      add(`lines[${i}].quantity`, 'required', 'quantity is required');
    } else if (typeof quantity !== 'number' || !Number.isInteger(quantity)) {
      add(`lines[${i}].quantity`, 'integer', 'quantity must be a whole number');
    } else if (quantity < limits.minQuantity) {
      add(`lines[${i}].quantity`, 'minQuantity', `quantity must be at least ${limits.minQuantity}`);
    } else if (quantity > limits.maxQuantity) {
      add(`lines[${i}].quantity`, 'maxQuantity', `quantity must be at most ${limits.maxQuantity}`);
    }
  });

  // Only meaningful once the products themselves are valid: otherwise the line errors say it.
  const productErrors = errors.some((e) => e.field.endsWith('.sku'));
  if (paymentMethod === 'COD' && !hasComponent && !productErrors) {
    add(
      'paymentMethod',
      'codRequiresComponent',
      'cash on delivery needs at least one component to ship; a service-only order is paid by bank transfer',
    );
  }
  return errors;
}

/** The order total's problem, or null when the total can be invoiced (and paid by QR Platba). */
export function orderTotalProblem(grossHalere: number): OrderValidationError | null {
  if (grossHalere <= MAX_ORDER_TOTAL_HALERE) return null;
  return {
    field: 'lines',
    rule: 'maxOrderTotal',
    message: `the order total ${grossHalere} haléřů exceeds the largest order of ${MAX_ORDER_TOTAL_HALERE} haléřů; split it into smaller orders`,
  };
}

export interface PaymentSchedule {
  dueDate: string;
  firstReminderDate: string;
  dueReminderDate: string;
  cancelDate: string;
}

/**
 * Bank-transfer deadlines as Prague calendar dates: due `dueDays` after confirmation,
 * a reminder `reminderDaysBefore` days before and one on the due date, cancellation
 * `cancelDaysAfter` days after the due date if still unpaid.
 */
export function paymentSchedule(
  confirmedOn: string,
  dueDays = 14,
  reminderDaysBefore = 3,
  cancelDaysAfter = 7,
): PaymentSchedule {
  parseDate(confirmedOn);
  for (const [name, value] of Object.entries({ dueDays, reminderDaysBefore, cancelDaysAfter })) {
    if (!Number.isInteger(value) || value < 0) throw new RangeError(`${name} must be a non-negative integer`);
  }
  const dueDate = addDays(confirmedOn, dueDays);
  const reminder = addDays(dueDate, -reminderDaysBefore);
  return {
    dueDate,
    // Never before the confirmation day itself (short due periods).
    firstReminderDate: reminder < confirmedOn ? confirmedOn : reminder,
    dueReminderDate: dueDate,
    cancelDate: addDays(dueDate, cancelDaysAfter),
  };
}

/**
 * How many days after the last day of grace an unpaid order's cancellation waits at most for an
 * imported bank statement covering that day (a payment may be on the account, not yet imported).
 */
export const DEFAULT_CANCEL_MAX_WAIT_DAYS = 7;

/** How staff move a due date: to a date, or by a number of days. */
export interface DueDateExtension {
  dueDate?: string;
  days?: number;
  reason: string;
}

/** The longest extension staff may grant at once. */
export const MAX_DUE_DATE_EXTENSION_DAYS = 90;

/**
 * The new due date an extension asks for, or the reason it is refused: exactly one of `dueDate`
 * (a real date after the current due date) or `days` (1 to MAX_DUE_DATE_EXTENSION_DAYS), and a reason.
 */
export function extendedDueDate(currentDueDate: string, extension: DueDateExtension): { dueDate: string } | { problem: string } {
  if (!extension.reason?.trim()) return { problem: 'reason: a reason is required' };
  if ((extension.dueDate === undefined) === (extension.days === undefined)) return { problem: 'give either dueDate or days' };
  if (extension.days !== undefined && (!Number.isInteger(extension.days) || extension.days < 1 || extension.days > MAX_DUE_DATE_EXTENSION_DAYS)) {
    return { problem: `days: a whole number from 1 to ${MAX_DUE_DATE_EXTENSION_DAYS}` };
  }
  const dueDate = extension.dueDate ?? addDays(currentDueDate, extension.days!);
  if (!isValidDate(dueDate)) return { problem: 'dueDate: not a date (YYYY-MM-DD)' };
  const days = daysBetween(currentDueDate, dueDate);
  if (days < 1 || days > MAX_DUE_DATE_EXTENSION_DAYS) return { problem: `dueDate: must be 1 to ${MAX_DUE_DATE_EXTENSION_DAYS} days after the current due date ${currentDueDate}` };
  return { dueDate };
}

/** The schedule with its due date moved: the reminders and the cancellation move by the same days. */
export function movePaymentSchedule(schedule: PaymentSchedule, dueDate: string): PaymentSchedule {
  const days = daysBetween(schedule.dueDate, dueDate);
  return {
    dueDate,
    firstReminderDate: addDays(schedule.firstReminderDate, days),
    dueReminderDate: addDays(schedule.dueReminderDate, days),
    cancelDate: addDays(schedule.cancelDate, days),
  };
}

/**
 * Overdue: a payment still awaited after its due date, from the day after the due date on
 * (Prague calendar). Back offices filter by it; the API's query and every display use this rule.
 */
export interface OverdueCriteria {
  status: 'AWAITING_PAYMENT';
  /** Due dates before this day (YYYY-MM-DD, today in Prague) are past. */
  dueBefore: string;
}

export const overdueCriteria = (today: string): OverdueCriteria => ({ status: 'AWAITING_PAYMENT', dueBefore: today });

export function isOverdue(order: { status: string; dueDate: string | null }, today: string): boolean {
  const criteria = overdueCriteria(today);
  return order.status === criteria.status && order.dueDate !== null && order.dueDate < criteria.dueBefore;
}
