import { formatSpaydAmount } from '../../domain/spayd';
import {
  extendedDueDate,
  isOverdue,
  MAX_DUE_DATE_EXTENSION_DAYS,
  MAX_ORDER_TOTAL_HALERE,
  orderTotalProblem,
  movePaymentSchedule,
  type CatalogueProduct,
  ORDER_LIMITS,
  type OrderRequest,
  paymentSchedule,
  validateOrderRequest,
} from '../../domain/order-rules';

const CATALOGUE: CatalogueProduct[] = [
  { sku: 'TERM-T1', kind: 'COMPONENT', active: true },
  { sku: 'CARD-RFID', kind: 'COMPONENT', active: true },
  { sku: 'FOB-RFID', kind: 'COMPONENT', active: true },
  { sku: 'SUPPORT-DAY', kind: 'SERVICE', active: true },
  { sku: 'TERM-T0', kind: 'COMPONENT', active: false },
];

const rules = (req: OrderRequest) => validateOrderRequest(req, CATALOGUE).map((e) => `${e.field}:${e.rule}`);

describe('ORDER_LIMITS', () => {
  it('has the documented defaults', () => {
    expect(ORDER_LIMITS).toEqual({ maxLines: 50, minQuantity: 1, maxQuantity: 1000 });
  });
});

describe('validateOrderRequest', () => {
  it('accepts a valid mixed order by either payment method', () => {
    const lines = [
      { sku: 'TERM-T1', quantity: 2 },
      { sku: 'CARD-RFID', quantity: 1000 },
      { sku: 'SUPPORT-DAY', quantity: 1 },
    ];
    expect(validateOrderRequest({ lines, paymentMethod: 'COD' }, CATALOGUE)).toEqual([]);
    expect(validateOrderRequest({ lines, paymentMethod: 'BANK_TRANSFER' }, CATALOGUE)).toEqual([]);
  });

  it('needs at least one line', () => {
    expect(rules({ lines: [], paymentMethod: 'BANK_TRANSFER' })).toEqual(['lines:minLines']);
    expect(rules({ lines: undefined as never, paymentMethod: 'BANK_TRANSFER' })).toEqual(['lines:minLines']);
  });

  it('allows 50 lines and rejects 51', () => {
    const catalogue: CatalogueProduct[] = Array.from({ length: 51 }, (_, i) => ({
      sku: `P-${i}`,
      kind: 'COMPONENT',
      active: true,
    }));
    const lines = catalogue.map((p) => ({ sku: p.sku, quantity: 1 }));
    expect(validateOrderRequest({ lines: lines.slice(0, 50), paymentMethod: 'COD' }, catalogue)).toEqual([]);
    const errors = validateOrderRequest({ lines, paymentMethod: 'COD' }, catalogue);
    expect(errors).toEqual([{ field: 'lines', rule: 'maxLines', message: expect.stringContaining('50') }]);
  });

  it.each([
    [0, 'minQuantity'],
    [-3, 'minQuantity'],
    [1001, 'maxQuantity'],
    [1.5, 'integer'],
    [Number.NaN, 'integer'],
    ['2', 'integer'],
    [null, 'required'],
  ])('rejects quantity %p with rule %s, naming the line', (quantity, rule) => {
    const req = {
      lines: [
        { sku: 'TERM-T1', quantity: 1 },
        { sku: 'CARD-RFID', quantity: 1 },
        { sku: 'FOB-RFID', quantity: quantity as number },
      ],
      paymentMethod: 'BANK_TRANSFER' as const,
    };
    expect(rules(req)).toEqual([`lines[2].quantity:${rule}`]);
  });

  it('accepts the quantity bounds 1 and 1000', () => {
    expect(rules({ lines: [{ sku: 'TERM-T1', quantity: 1 }, { sku: 'CARD-RFID', quantity: 1000 }], paymentMethod: 'COD' })).toEqual(
      [],
    );
  });

  it('reports a repeated SKU on the repeating line', () => {
    expect(
      rules({
        lines: [
          { sku: 'CARD-RFID', quantity: 1 },
          { sku: 'TERM-T1', quantity: 1 },
          { sku: 'CARD-RFID', quantity: 5 },
        ],
        paymentMethod: 'BANK_TRANSFER',
      }),
    ).toEqual(['lines[2].sku:duplicateSku']);
  });

  it('rejects unknown, inactive and missing products', () => {
    const errors = validateOrderRequest(
      {
        lines: [
          { sku: 'TERM-T1', quantity: 1 },
          { sku: 'NOPE', quantity: 1 },
          { sku: 'TERM-T0', quantity: 1 },
          { sku: '', quantity: 1 },
        ],
        paymentMethod: 'BANK_TRANSFER',
      },
      CATALOGUE,
    );
    expect(errors.map((e) => `${e.field}:${e.rule}`)).toEqual([
      'lines[1].sku:unknownProduct',
      'lines[2].sku:inactiveProduct',
      'lines[3].sku:required',
    ]);
    expect(errors[0]!.message).toContain('NOPE');
    for (const e of errors) expect(e.message.length).toBeGreaterThan(0);
  });

  it('is case-sensitive on SKUs', () => {
    expect(rules({ lines: [{ sku: 'term-t1', quantity: 1 }], paymentMethod: 'BANK_TRANSFER' })).toEqual([
      'lines[0].sku:unknownProduct',
    ]);
  });

  it('offers COD only with at least one component', () => {
    expect(rules({ lines: [{ sku: 'SUPPORT-DAY', quantity: 3 }], paymentMethod: 'COD' })).toEqual([
      'paymentMethod:codRequiresComponent',
    ]);
    expect(rules({ lines: [{ sku: 'SUPPORT-DAY', quantity: 3 }], paymentMethod: 'BANK_TRANSFER' })).toEqual([]);
  });

  it('does not count an inactive component towards COD (the line error is reported instead)', () => {
    expect(
      rules({ lines: [{ sku: 'SUPPORT-DAY', quantity: 1 }, { sku: 'TERM-T0', quantity: 1 }], paymentMethod: 'COD' }),
    ).toEqual(['lines[1].sku:inactiveProduct']);
  });

  it('rejects an unknown payment method', () => {
    expect(rules({ lines: [{ sku: 'TERM-T1', quantity: 1 }], paymentMethod: 'CARD' as never })).toEqual([
      'paymentMethod:invalidPaymentMethod',
    ]);
  });

  it('collects every error at once', () => {
    expect(
      rules({
        lines: [
          { sku: 'TERM-T1', quantity: 0 },
          { sku: 'TERM-T1', quantity: 1001 },
          { sku: 'X', quantity: 2.5 },
        ],
        paymentMethod: 'BANK_TRANSFER',
      }),
    ).toEqual([
      'lines[0].quantity:minQuantity',
      'lines[1].sku:duplicateSku',
      'lines[1].quantity:maxQuantity',
      'lines[2].sku:unknownProduct',
      'lines[2].quantity:integer',
    ]);
  });

  it('honours configured limits', () => {
    const limits = { maxLines: 2, minQuantity: 2, maxQuantity: 5 };
    const errors = validateOrderRequest(
      {
        lines: [
          { sku: 'TERM-T1', quantity: 1 },
          { sku: 'CARD-RFID', quantity: 6 },
          { sku: 'FOB-RFID', quantity: 3 },
        ],
        paymentMethod: 'COD',
      },
      CATALOGUE,
      limits,
    );
    expect(errors.map((e) => `${e.field}:${e.rule}`)).toEqual([
      'lines:maxLines',
      'lines[0].quantity:minQuantity',
      'lines[1].quantity:maxQuantity',
    ]);
  });
});

describe('paymentSchedule', () => {
  it('uses 14 days, a reminder 3 days before and on the due date, cancellation 7 days after', () => {
    expect(paymentSchedule('2026-03-02')).toEqual({
      dueDate: '2026-03-16',
      firstReminderDate: '2026-03-13',
      dueReminderDate: '2026-03-16',
      cancelDate: '2026-03-23',
    });
  });

  it('crosses month, year and DST boundaries on calendar days', () => {
    expect(paymentSchedule('2026-12-20')).toEqual({
      dueDate: '2027-01-03',
      firstReminderDate: '2026-12-31',
      dueReminderDate: '2027-01-03',
      cancelDate: '2027-01-10',
    });
    expect(paymentSchedule('2026-03-20').dueDate).toBe('2026-04-03');
    expect(paymentSchedule('2024-02-20')).toEqual({
      dueDate: '2024-03-05',
      firstReminderDate: '2024-03-02',
      dueReminderDate: '2024-03-05',
      cancelDate: '2024-03-12',
    });
  });

  it('accepts configured periods and never reminds before the confirmation day', () => {
    expect(paymentSchedule('2026-05-10', 30, 5, 10)).toEqual({
      dueDate: '2026-06-09',
      firstReminderDate: '2026-06-04',
      dueReminderDate: '2026-06-09',
      cancelDate: '2026-06-19',
    });
    expect(paymentSchedule('2026-05-10', 1, 3, 0)).toEqual({
      dueDate: '2026-05-11',
      firstReminderDate: '2026-05-10',
      dueReminderDate: '2026-05-11',
      cancelDate: '2026-05-11',
    });
  });

  it('rejects bad input', () => {
    expect(() => paymentSchedule('2026-02-30')).toThrow(RangeError);
    expect(() => paymentSchedule('2026-02-10', -1)).toThrow(/dueDays/);
    expect(() => paymentSchedule('2026-02-10', 14, 1.5)).toThrow(/reminderDaysBefore/);
  });
});

describe('due date extension', () => {
  it('moves to a later date or by days, and refuses both, neither, no reason, earlier or too far', () => {
    expect(extendedDueDate('2026-12-15', { days: 10, reason: 'r' })).toEqual({ dueDate: '2026-12-25' });
    expect(extendedDueDate('2026-12-15', { dueDate: '2027-01-05', reason: 'r' })).toEqual({ dueDate: '2027-01-05' });
    expect(extendedDueDate('2026-12-15', { days: 1, dueDate: '2026-12-20', reason: 'r' })).toHaveProperty('problem', 'give either dueDate or days');
    expect(extendedDueDate('2026-12-15', { reason: 'r' })).toHaveProperty('problem');
    expect(extendedDueDate('2026-12-15', { days: 3, reason: ' ' })).toHaveProperty('problem', 'reason: a reason is required');
    expect(extendedDueDate('2026-12-15', { dueDate: '2026-12-15', reason: 'r' })).toHaveProperty('problem');
    expect(extendedDueDate('2026-12-15', { dueDate: '2026-02-30', reason: 'r' })).toHaveProperty('problem', 'dueDate: not a date (YYYY-MM-DD)');
    expect(extendedDueDate('2026-12-15', { days: MAX_DUE_DATE_EXTENSION_DAYS + 1, reason: 'r' })).toHaveProperty('problem');
    expect(extendedDueDate('2026-12-15', { days: 2.5, reason: 'r' })).toHaveProperty('problem');
  });

  it('the reminders and the cancellation move by the same days as the due date', () => {
    const schedule = paymentSchedule('2026-12-01', 14, 3, 7);
    expect(movePaymentSchedule(schedule, '2026-12-25')).toEqual({ dueDate: '2026-12-25', firstReminderDate: '2026-12-22', dueReminderDate: '2026-12-25', cancelDate: '2027-01-01' });
  });
});

describe('the largest order total', () => {
  it('is the largest amount a QR Platba carries: one haléř more is refused, naming lines', () => {
    expect(MAX_ORDER_TOTAL_HALERE).toBe(999_999_999);
    expect(formatSpaydAmount(MAX_ORDER_TOTAL_HALERE)).toBe('9999999.99');
    expect(() => formatSpaydAmount(MAX_ORDER_TOTAL_HALERE + 1)).toThrow(/too large/);
    expect(orderTotalProblem(MAX_ORDER_TOTAL_HALERE)).toBeNull();
    expect(orderTotalProblem(MAX_ORDER_TOTAL_HALERE + 1)).toMatchObject({ field: 'lines', rule: 'maxOrderTotal' });
  });
});

describe('overdue', () => {
  const awaiting = (dueDate: string | null) => ({ status: 'AWAITING_PAYMENT', dueDate });

  it('is an order still awaiting payment from the day after its due date', () => {
    expect(isOverdue(awaiting('2026-12-01'), '2026-12-01')).toBe(false);
    expect(isOverdue(awaiting('2026-11-30'), '2026-12-01')).toBe(true);
    expect(isOverdue(awaiting('2025-12-31'), '2026-01-01')).toBe(true);
  });

  it('is never an order that is paid, shipped, closed or has no due date', () => {
    for (const status of ['READY_TO_SHIP', 'SHIPPED', 'COMPLETED', 'CANCELLED', 'DRAFT']) {
      expect(isOverdue({ status, dueDate: '2026-11-01' }, '2026-12-01')).toBe(false);
    }
    expect(isOverdue(awaiting(null), '2026-12-01')).toBe(false);
  });
});
