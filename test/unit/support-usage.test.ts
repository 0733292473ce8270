import {
  BILLING_INCREMENT_MINUTES,
  SUPPORT_DAY_CAP_SECONDS,
  elapsedSeconds,
  isTicketClosed,
  billedMinutes,
  remainingSeconds,
  supportAmountHalere,
  ticketUsage,
} from '../../domain/support-usage';

describe('constants', () => {
  it('caps a support day at 2 hours billed per 15 minutes', () => {
    expect(SUPPORT_DAY_CAP_SECONDS).toBe(7200);
    expect(BILLING_INCREMENT_MINUTES).toBe(15);
  });
});

describe('billedMinutes', () => {
  it.each([
    [0, 0],
    [1, 15],
    [899, 15],
    [900, 15],
    [901, 30],
    [1800, 30],
    [3599, 60],
    [3600, 60],
    [3601, 75],
    [6300, 105],
    [6301, 120],
    [7199, 120],
    [7200, 120],
    [7201, 120],
    [86_400, 120],
    [0.4, 15],
  ])('%p s → %p min', (seconds, minutes) => {
    expect(billedMinutes(seconds)).toBe(minutes);
  });

  it.each([-1, NaN, Infinity])('rejects %p', (s) => {
    expect(() => billedMinutes(s)).toThrow(RangeError);
  });
});

describe('supportAmountHalere', () => {
  const RATE = 129_000; // 1 290 Kč per hour

  it.each([
    [0, 0],
    [15, 32_250],
    [30, 64_500],
    [45, 96_750],
    [60, 129_000],
    [120, 258_000],
  ])('%p min at 1 290 Kč/h → %p haléřů', (minutes, amount) => {
    expect(supportAmountHalere(minutes, RATE)).toBe(amount);
  });

  it('rounds half up to the haléř', () => {
    expect(supportAmountHalere(15, 12_345)).toBe(3086); // 3086,25
    expect(supportAmountHalere(30, 101)).toBe(51); // 50,5
    expect(supportAmountHalere(15, 2)).toBe(1); // 0,5
    expect(supportAmountHalere(15, 1)).toBe(0); // 0,25
  });

  it('rejects bad input', () => {
    expect(() => supportAmountHalere(-15, RATE)).toThrow(RangeError);
    expect(() => supportAmountHalere(7.5, RATE)).toThrow(RangeError);
    expect(() => supportAmountHalere(15, 1290.5)).toThrow(/hourlyRateHalere/);
  });
});

describe('remainingSeconds', () => {
  it.each([
    [0, 7200],
    [1, 7199],
    [3600, 3600],
    [7200, 0],
    [9000, 0],
  ])('%p used → %p left', (used, left) => {
    expect(remainingSeconds(used)).toBe(left);
  });

  it('rejects negative usage', () => {
    expect(() => remainingSeconds(-5)).toThrow(RangeError);
  });
});

describe('ticketUsage', () => {
  it('adds a running call to the finished ones and caps the day at 2 hours', () => {
    expect(ticketUsage(0)).toEqual({ usedSeconds: 0, minutesUsed: 0, minutesLeft: 120, billedMinutes: 0 });
    expect(ticketUsage(1800, 61)).toEqual({ usedSeconds: 1861, minutesUsed: 31, minutesLeft: 88, billedMinutes: 45 });
    expect(ticketUsage(7000, 500)).toEqual({ usedSeconds: 7200, minutesUsed: 120, minutesLeft: 0, billedMinutes: 120 });
  });

  it('counts whole seconds between instants, never negative', () => {
    expect(elapsedSeconds(1_000, 62_999)).toBe(61);
    expect(elapsedSeconds(5_000, 1_000)).toBe(0);
  });

  it('knows the closed ticket statuses', () => {
    expect(['ISSUED', 'ACTIVE', 'CONSUMED', 'EXPIRED'].filter(isTicketClosed)).toEqual(['CONSUMED', 'EXPIRED']);
  });
});
