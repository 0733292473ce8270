import {
  addDays,
  addMonths,
  daysBetween,
  daysOfMonth,
  isValidDate,
  isoWeekday,
  lastDayOfMonth,
  nextMonth,
  pragueDate,
  pragueMonth,
  pragueOffsetMinutes,
  pragueWallTime,
  pragueWallTimeToInstant,
  previousMonth,
  startOfNextPragueDay,
  startOfNextPragueMonth,
  startOfPragueDay,
  startOfPragueMonth,
  fromDateColumn,
  toDateColumn,
} from '../../domain/prague-calendar';

const at = (iso: string): Date => new Date(iso);
const HOUR = 3_600_000;

describe('pragueDate / pragueMonth', () => {
  it('uses Prague, not UTC, at midnight in winter (UTC+1)', () => {
    expect(pragueDate(at('2026-01-14T22:59:59.999Z'))).toBe('2026-01-14');
    expect(pragueDate(at('2026-01-14T23:00:00.000Z'))).toBe('2026-01-15');
  });

  it('uses Prague at midnight in summer (UTC+2)', () => {
    expect(pragueDate(at('2026-07-14T21:59:59.999Z'))).toBe('2026-07-14');
    expect(pragueDate(at('2026-07-14T22:00:00.000Z'))).toBe('2026-07-15');
  });

  it('crosses the year boundary an hour before UTC does', () => {
    expect(pragueDate(at('2025-12-31T22:59:59.999Z'))).toBe('2025-12-31');
    expect(pragueDate(at('2025-12-31T23:00:00Z'))).toBe('2026-01-01');
    expect(pragueMonth(at('2025-12-31T22:59:59.999Z'))).toBe('2025-12');
    expect(pragueMonth(at('2025-12-31T23:00:00Z'))).toBe('2026-01');
  });

  it('crosses month ends in both seasons', () => {
    expect(pragueMonth(at('2026-01-31T23:00:00Z'))).toBe('2026-02');
    expect(pragueMonth(at('2026-08-31T21:59:59Z'))).toBe('2026-08');
    expect(pragueMonth(at('2026-08-31T22:00:00Z'))).toBe('2026-09');
  });

  it('rejects an invalid Date', () => {
    expect(() => pragueDate(new Date('nonsense'))).toThrow(RangeError);
  });
});

describe('DST: spring forward, Sunday 2026-03-29 (23-hour day)', () => {
  it('has the offset change at 01:00 UTC (02:00 CET → 03:00 CEST)', () => {
    expect(pragueOffsetMinutes(at('2026-03-29T00:59:59Z'))).toBe(60);
    expect(pragueOffsetMinutes(at('2026-03-29T01:00:00Z'))).toBe(120);
    expect(pragueWallTime(at('2026-03-29T00:59:59Z'))).toMatchObject({ hour: 1, minute: 59, second: 59 });
    expect(pragueWallTime(at('2026-03-29T01:00:00Z'))).toMatchObject({ hour: 3, minute: 0 });
  });

  it('starts at 23:00 UTC the day before and lasts 23 hours', () => {
    const start = startOfPragueDay('2026-03-29');
    const next = startOfPragueDay('2026-03-30');
    expect(start.toISOString()).toBe('2026-03-28T23:00:00.000Z');
    expect(next.toISOString()).toBe('2026-03-29T22:00:00.000Z');
    expect(next.getTime() - start.getTime()).toBe(23 * HOUR);
  });

  it('finds the next day from any instant of the short day', () => {
    expect(startOfNextPragueDay(at('2026-03-28T23:00:00Z')).toISOString()).toBe('2026-03-29T22:00:00.000Z');
    expect(startOfNextPragueDay(at('2026-03-29T00:59:59Z')).toISOString()).toBe('2026-03-29T22:00:00.000Z');
    expect(startOfNextPragueDay(at('2026-03-29T21:59:59.999Z')).toISOString()).toBe('2026-03-29T22:00:00.000Z');
  });

  it('maps a wall time inside the gap one hour later', () => {
    // 02:30 does not exist that night; it becomes 03:30 CEST = 01:30 UTC.
    expect(pragueWallTimeToInstant('2026-03-29', 2, 30).toISOString()).toBe('2026-03-29T01:30:00.000Z');
    expect(pragueWallTimeToInstant('2026-03-29', 3, 0).toISOString()).toBe('2026-03-29T01:00:00.000Z');
    expect(pragueWallTimeToInstant('2026-03-29', 1, 59).toISOString()).toBe('2026-03-29T00:59:00.000Z');
  });
});

describe('DST: fall back, Sunday 2026-10-25 (25-hour day)', () => {
  it('has the offset change at 01:00 UTC (03:00 CEST → 02:00 CET)', () => {
    expect(pragueOffsetMinutes(at('2026-10-25T00:59:59Z'))).toBe(120);
    expect(pragueOffsetMinutes(at('2026-10-25T01:00:00Z'))).toBe(60);
  });

  it('starts at 22:00 UTC the day before and lasts 25 hours', () => {
    const start = startOfPragueDay('2026-10-25');
    const next = startOfPragueDay('2026-10-26');
    expect(start.toISOString()).toBe('2026-10-24T22:00:00.000Z');
    expect(next.toISOString()).toBe('2026-10-25T23:00:00.000Z');
    expect(next.getTime() - start.getTime()).toBe(25 * HOUR);
  });

  it('puts both 02:30s on the same Prague day', () => {
    expect(pragueDate(at('2026-10-25T00:30:00Z'))).toBe('2026-10-25'); // 02:30 CEST
    expect(pragueDate(at('2026-10-25T01:30:00Z'))).toBe('2026-10-25'); // 02:30 CET
    expect(pragueWallTime(at('2026-10-25T00:30:00Z')).hour).toBe(2);
    expect(pragueWallTime(at('2026-10-25T01:30:00Z')).hour).toBe(2);
  });

  it('maps the repeated wall time to its first occurrence', () => {
    expect(pragueWallTimeToInstant('2026-10-25', 2, 30).toISOString()).toBe('2026-10-25T00:30:00.000Z');
  });

  it('finds the next day from the last instant of the long day', () => {
    expect(startOfNextPragueDay(at('2026-10-25T22:59:59.999Z')).toISOString()).toBe('2026-10-25T23:00:00.000Z');
    expect(pragueDate(at('2026-10-25T22:59:59.999Z'))).toBe('2026-10-25');
  });
});

describe('startOfPragueDay / startOfNextPragueDay', () => {
  it('round-trips with pragueDate for every day of 2026 and each day is 23, 24 or 25 hours', () => {
    let date = '2026-01-01';
    const lengths = new Map<number, number>();
    for (let i = 0; i < 365; i++) {
      const start = startOfPragueDay(date);
      expect(pragueDate(start)).toBe(date);
      expect(pragueDate(new Date(start.getTime() - 1))).toBe(addDays(date, -1));
      expect(pragueWallTime(start)).toMatchObject({ hour: 0, minute: 0, second: 0 });
      const next = startOfNextPragueDay(start);
      const hours = (next.getTime() - start.getTime()) / HOUR;
      lengths.set(hours, (lengths.get(hours) ?? 0) + 1);
      date = addDays(date, 1);
    }
    expect(Object.fromEntries(lengths)).toEqual({ 23: 1, 24: 363, 25: 1 });
  });

  it('rejects impossible dates', () => {
    expect(() => startOfPragueDay('2026-02-29')).toThrow(RangeError);
    expect(() => startOfPragueDay('2026-2-1')).toThrow(RangeError);
  });
});

describe('months', () => {
  it('startOfNextPragueMonth gives 00:00 Prague on the 1st of the following month', () => {
    expect(startOfNextPragueMonth('2026-01').toISOString()).toBe('2026-01-31T23:00:00.000Z');
    expect(startOfNextPragueMonth('2026-03').toISOString()).toBe('2026-03-31T22:00:00.000Z'); // CEST by then
    expect(startOfNextPragueMonth('2026-10').toISOString()).toBe('2026-10-31T23:00:00.000Z'); // CET again
    expect(startOfNextPragueMonth('2026-12').toISOString()).toBe('2026-12-31T23:00:00.000Z'); // next year
    expect(startOfPragueMonth('2026-07').toISOString()).toBe('2026-06-30T22:00:00.000Z');
  });

  it('lastDayOfMonth knows leap years', () => {
    expect(lastDayOfMonth('2024-02')).toBe('2024-02-29');
    expect(lastDayOfMonth('2026-02')).toBe('2026-02-28');
    expect(lastDayOfMonth('2028-02')).toBe('2028-02-29');
    expect(lastDayOfMonth('2000-02')).toBe('2000-02-29');
    expect(lastDayOfMonth('2100-02')).toBe('2100-02-28');
    expect(lastDayOfMonth('2026-04')).toBe('2026-04-30');
    expect(lastDayOfMonth('2026-12')).toBe('2026-12-31');
  });

  it('daysOfMonth lists every day in order', () => {
    const feb = daysOfMonth('2024-02');
    expect(feb).toHaveLength(29);
    expect(feb[0]).toBe('2024-02-01');
    expect(feb[28]).toBe('2024-02-29');
    expect(daysOfMonth('2026-02')).toHaveLength(28);
    expect(daysOfMonth('2026-10')).toHaveLength(31);
    expect(daysOfMonth('2026-10')).toContain('2026-10-25');
  });

  it('next and previous month wrap the year', () => {
    expect(nextMonth('2026-12')).toBe('2027-01');
    expect(nextMonth('2026-09')).toBe('2026-10');
    expect(previousMonth('2026-01')).toBe('2025-12');
  });

  it('rejects malformed months', () => {
    expect(() => lastDayOfMonth('2026-13')).toThrow(RangeError);
    expect(() => daysOfMonth('2026-00')).toThrow(RangeError);
    expect(() => startOfNextPragueMonth('2026-1')).toThrow(RangeError);
  });
});

describe('addDays / daysBetween', () => {
  it.each([
    ['2026-01-31', 1, '2026-02-01'],
    ['2026-12-31', 1, '2027-01-01'],
    ['2027-01-01', -1, '2026-12-31'],
    ['2024-02-28', 1, '2024-02-29'],
    ['2025-02-28', 1, '2025-03-01'],
    ['2026-03-28', 1, '2026-03-29'],
    ['2026-03-29', 1, '2026-03-30'],
    ['2026-10-25', 1, '2026-10-26'],
    ['2026-10-11', 14, '2026-10-25'],
    ['2026-12-20', 14, '2027-01-03'],
    ['2024-01-01', 366, '2025-01-01'],
    ['2026-05-05', 0, '2026-05-05'],
  ])('%s + %p = %s', (date, days, expected) => {
    expect(addDays(date, days)).toBe(expected);
    expect(daysBetween(date, expected)).toBe(days);
  });

  it('rejects fractional days and bad dates', () => {
    expect(() => addDays('2026-01-01', 0.5)).toThrow(RangeError);
    expect(() => addDays('2026-01-32', 1)).toThrow(RangeError);
    expect(isValidDate('2026-02-28')).toBe(true);
    expect(isValidDate('2026-02-29')).toBe(false);
    expect(isValidDate('26-02-28')).toBe(false);
  });

  it('isoWeekday knows the DST Sundays', () => {
    expect(isoWeekday('2026-03-29')).toBe(7);
    expect(isoWeekday('2026-10-25')).toBe(7);
    expect(isoWeekday('2026-03-30')).toBe(1);
  });
});

describe('addMonths', () => {
  it('keeps the Prague wall-clock time across a DST change', () => {
    // 12:00 CET on 15 March = 11:00 UTC; a month later 12:00 CEST = 10:00 UTC.
    expect(addMonths(at('2026-03-15T11:00:00Z'), 1).toISOString()).toBe('2026-04-15T10:00:00.000Z');
    expect(addMonths(at('2026-10-15T10:00:00Z'), 1).toISOString()).toBe('2026-11-15T11:00:00.000Z');
  });

  it('clamps to the end of a shorter month', () => {
    expect(pragueDate(addMonths(startOfPragueDay('2026-01-31'), 1))).toBe('2026-02-28');
    expect(pragueDate(addMonths(startOfPragueDay('2024-01-31'), 1))).toBe('2024-02-29');
    expect(pragueDate(addMonths(startOfPragueDay('2024-02-29'), 12))).toBe('2025-02-28');
  });

  it('adds twelve months across a year boundary and keeps midnight at midnight', () => {
    const start = startOfPragueDay('2026-11-30');
    const later = addMonths(start, 12);
    expect(later.toISOString()).toBe(startOfPragueDay('2027-11-30').toISOString());
    expect(addMonths(startOfPragueDay('2026-12-31'), 2).toISOString()).toBe(startOfPragueDay('2027-02-28').toISOString());
  });

  it('goes backwards and keeps milliseconds', () => {
    expect(addMonths(at('2026-03-31T08:15:30.250Z'), -1).toISOString()).toBe('2026-02-28T09:15:30.250Z');
    expect(addMonths(at('2026-01-15T08:00:00Z'), -13).toISOString()).toBe('2024-12-15T08:00:00.000Z');
  });

  it('rejects fractional months', () => {
    expect(() => addMonths(at('2026-01-01T00:00:00Z'), 1.5)).toThrow(RangeError);
  });
});

describe('DATE column conversions', () => {
  it('stores a calendar day as midnight UTC and reads it back, whatever the Prague offset', () => {
    expect(toDateColumn('2026-03-29').toISOString()).toBe('2026-03-29T00:00:00.000Z');
    for (const day of ['2026-01-01', '2026-03-29', '2026-10-25', '2028-02-29', '0099-12-31']) expect(fromDateColumn(toDateColumn(day))).toBe(day);
  });

  it('refuses what is not a calendar day; keeps null as null', () => {
    expect(() => toDateColumn('2026-02-30')).toThrow(RangeError);
    expect(() => toDateColumn('9.12.2026')).toThrow(RangeError);
    expect(fromDateColumn(null)).toBeNull();
    expect(() => fromDateColumn(new Date(Number.NaN))).toThrow(RangeError);
  });
});
