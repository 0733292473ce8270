/**
 * Europe/Prague calendar arithmetic with Intl.DateTimeFormat only (no libraries, no clock):
 * usable in the Temporal workflow sandbox. Dates are "YYYY-MM-DD" strings, months "YYYY-MM",
 * instants are Date objects. Prague is UTC+1 (CET) / UTC+2 (CEST); DST changes happen at
 * 02:00 → 03:00 on the last Sunday of March and 03:00 → 02:00 on the last Sunday of October,
 * so midnight always exists exactly once.
 *
 * Also the one conversion between "YYYY-MM-DD" and the Date values of PostgreSQL DATE columns
 * (`toDateColumn`, `fromDateColumn`): a calendar day is stored as midnight UTC of that day.
 */

export const PRAGUE_TIME_ZONE = 'Europe/Prague';

const MS_PER_DAY = 86_400_000;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MONTH_RE = /^(\d{4})-(\d{2})$/;

let formatter: Intl.DateTimeFormat | undefined;

function pragueFormatter(): Intl.DateTimeFormat {
  // Created lazily once: construction is costly and the options never change.
  formatter ??= new Intl.DateTimeFormat('en-US', {
    timeZone: PRAGUE_TIME_ZONE,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
  return formatter;
}

/** Prague wall-clock fields of an instant. */
export interface PragueWallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
}

function assertInstant(instant: Date): number {
  const ms = instant instanceof Date ? instant.getTime() : NaN;
  if (!Number.isFinite(ms)) throw new RangeError('invalid instant');
  return ms;
}

export function pragueWallTime(instant: Date): PragueWallTime {
  const ms = assertInstant(instant);
  const fields: Record<string, number> = {};
  for (const part of pragueFormatter().formatToParts(new Date(ms))) {
    if (part.type !== 'literal') fields[part.type] = Number(part.value);
  }
  return {
    year: fields.year!,
    month: fields.month!,
    day: fields.day!,
    hour: fields.hour! % 24,
    minute: fields.minute!,
    second: fields.second!,
    millisecond: ((ms % 1000) + 1000) % 1000,
  };
}

/** Offset of Prague from UTC at that instant, in minutes (60 or 120). */
export function pragueOffsetMinutes(instant: Date): number {
  const w = pragueWallTime(instant);
  const wallAsUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second, w.millisecond);
  return Math.round((wallAsUtc - instant.getTime()) / 60_000);
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

function formatDateParts(year: number, month: number, day: number): string {
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
}

/** Parses and validates "YYYY-MM-DD" (a real calendar day). */
export function parseDate(date: string): { year: number; month: number; day: number } {
  const m = DATE_RE.exec(date);
  if (!m) throw new RangeError(`not a YYYY-MM-DD date: "${date}"`);
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    throw new RangeError(`not a calendar date: "${date}"`);
  }
  return { year, month, day };
}

export function isValidDate(date: string): boolean {
  try {
    parseDate(date);
    return true;
  } catch {
    return false;
  }
}

function parseMonth(month: string): { year: number; month: number } {
  const m = MONTH_RE.exec(month);
  const mm = m ? Number(m[2]) : 0;
  if (!m || mm < 1 || mm > 12) throw new RangeError(`not a YYYY-MM month: "${month}"`);
  return { year: Number(m[1]), month: mm };
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** The Prague calendar day of an instant, "YYYY-MM-DD". */
export function pragueDate(instant: Date): string {
  const w = pragueWallTime(instant);
  return formatDateParts(w.year, w.month, w.day);
}

/** The Prague calendar month of an instant, "YYYY-MM". */
export function pragueMonth(instant: Date): string {
  return pragueDate(instant).slice(0, 7);
}

/**
 * The instant at which Prague wall-clock time reads the given fields. A time inside the
 * spring-forward gap maps to the instant one hour later on the clock (02:30 → 03:30 CEST);
 * a time repeated in autumn maps to its first (CEST) occurrence.
 */
export function pragueWallTimeToInstant(
  date: string,
  hour = 0,
  minute = 0,
  second = 0,
  millisecond = 0,
): Date {
  const { year, month, day } = parseDate(date);
  const wallAsUtc = Date.UTC(year, month - 1, day, hour, minute, second, millisecond);
  // Try the offsets in force shortly before and after; the earliest that round-trips wins.
  const candidates = [wallAsUtc - 120 * 60_000, wallAsUtc - 60 * 60_000];
  for (const candidate of candidates) {
    if (pragueOffsetMinutes(new Date(candidate)) * 60_000 === wallAsUtc - candidate) {
      return new Date(candidate);
    }
  }
  // In the gap: neither offset round-trips; use the offset from before the change.
  const before = pragueOffsetMinutes(new Date(wallAsUtc - MS_PER_DAY));
  return new Date(wallAsUtc - before * 60_000);
}

/** 00:00 Prague time of that day. */
export function startOfPragueDay(date: string): Date {
  return pragueWallTimeToInstant(date);
}

/** The first instant of the Prague day after the one containing `instant`. */
export function startOfNextPragueDay(instant: Date): Date {
  return startOfPragueDay(addDays(pragueDate(instant), 1));
}

/** "YYYY-MM-01" of the month. */
export function firstDayOfMonth(month: string): string {
  const { year, month: mm } = parseMonth(month);
  return formatDateParts(year, mm, 1);
}

/** The month after, "YYYY-MM". */
export function nextMonth(month: string): string {
  const { year, month: mm } = parseMonth(month);
  return mm === 12 ? `${pad(year + 1, 4)}-01` : `${pad(year, 4)}-${pad(mm + 1)}`;
}

/** The month before, "YYYY-MM". */
export function previousMonth(month: string): string {
  const { year, month: mm } = parseMonth(month);
  return mm === 1 ? `${pad(year - 1, 4)}-12` : `${pad(year, 4)}-${pad(mm - 1)}`;
}

/** The first instant of the month after `month` (00:00 Prague on its 1st day). */
export function startOfNextPragueMonth(month: string): Date {
  return startOfPragueDay(firstDayOfMonth(nextMonth(month)));
}

/** The first instant of `month` (00:00 Prague on the 1st). */
export function startOfPragueMonth(month: string): Date {
  return startOfPragueDay(firstDayOfMonth(month));
}

/** "YYYY-MM-DD" of the month's last day. */
export function lastDayOfMonth(month: string): string {
  const { year, month: mm } = parseMonth(month);
  return formatDateParts(year, mm, daysInMonth(year, mm));
}

/** Every day of the month in order. */
export function daysOfMonth(month: string): string[] {
  const { year, month: mm } = parseMonth(month);
  const count = daysInMonth(year, mm);
  return Array.from({ length: count }, (_, i) => formatDateParts(year, mm, i + 1));
}

/** Calendar arithmetic on dates (no time zone involved): addDays("2026-12-31", 1) = "2027-01-01". */
export function addDays(date: string, days: number): string {
  if (!Number.isInteger(days)) throw new RangeError(`days must be an integer, got ${String(days)}`);
  const { year, month, day } = parseDate(date);
  const d = new Date(Date.UTC(year, month - 1, day) + days * MS_PER_DAY);
  return formatDateParts(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}

/** Whole calendar days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  const a = parseDate(from);
  const b = parseDate(to);
  return Math.round(
    (Date.UTC(b.year, b.month - 1, b.day) - Date.UTC(a.year, a.month - 1, a.day)) / MS_PER_DAY,
  );
}

/**
 * The same Prague wall-clock time `months` calendar months later; the day is clamped to the
 * target month's length (31 Jan + 1 month = 28/29 Feb).
 */
export function addMonths(instant: Date, months: number): Date {
  if (!Number.isInteger(months)) throw new RangeError(`months must be an integer, got ${String(months)}`);
  const w = pragueWallTime(instant);
  const total = w.year * 12 + (w.month - 1) + months;
  const year = Math.floor(total / 12);
  const month = (total % 12) + 1;
  const day = Math.min(w.day, daysInMonth(year, month));
  return pragueWallTimeToInstant(formatDateParts(year, month, day), w.hour, w.minute, w.second, w.millisecond);
}

/** ISO weekday of a date: 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: string): number {
  const { year, month, day } = parseDate(date);
  const dow = new Date(Date.UTC(year, month - 1, day)).getUTCDay();
  return dow === 0 ? 7 : dow;
}

/** The value a PostgreSQL DATE column takes for "YYYY-MM-DD" (midnight UTC of that day). */
export function toDateColumn(date: string): Date {
  const { year, month, day } = parseDate(date);
  const value = new Date(0);
  value.setUTCFullYear(year, month - 1, day);
  return value;
}

/** "YYYY-MM-DD" of a DATE column's value (or of any instant's UTC day); null stays null. */
export function fromDateColumn(value: Date): string;
export function fromDateColumn(value: Date | null | undefined): string | null;
export function fromDateColumn(value: Date | null | undefined): string | null {
  if (!value) return null;
  assertInstant(value);
  return formatDateParts(value.getUTCFullYear(), value.getUTCMonth() + 1, value.getUTCDate());
}
