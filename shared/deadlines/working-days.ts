/**
 * Working-day helpers for the UI and the dashboard. A working day is a day that is neither a
 * Saturday, a Sunday nor a public holiday (date-holidays, type 'public') of the country/region.
 * All dates are 'YYYY-MM-DD'; bad input throws `DeadlineInputError` like `computeDeadline`.
 */
import { formatDay, parseIsoDate, yearOfDay } from './calendar';
import { DeadlineInputError } from './errors';
import { isWorkingDayNumber, parseDateOrThrow, resolvePlace } from './deadline';
import type { PublicHolidayCalendar } from './holidays';

/**
 * Cumulative count of Monday–Friday days (k = days from Sunday 1970-01-04 to day n), valid for
 * any n including negative ones, so that `weekdaysUpTo(b) − weekdaysUpTo(a)` is the number of
 * weekdays in (a, b].
 */
function weekdaysUpTo(n: number): number {
  const k = n - 3;
  const weeks = Math.floor(k / 7);
  return weeks * 5 + Math.min(k - weeks * 7, 5);
}

/** Working days d with from < d <= to (0 when to <= from), in O(years) rather than O(days). */
export function countWorkingDays(calendar: PublicHolidayCalendar, from: number, to: number): number {
  if (to <= from) return 0;
  let count = weekdaysUpTo(to) - weekdaysUpTo(from);
  const lastYear = yearOfDay(to);
  for (let y = yearOfDay(from + 1); y <= lastYear; y += 1) {
    for (const d of calendar.weekdayHolidays(y)) if (d > from && d <= to) count -= 1;
  }
  return count;
}

export function isWorkingDay(date: string, country: string, region?: string | null): boolean {
  const day = parseDateOrThrow(date, 'date');
  return isWorkingDayNumber(resolvePlace(country, region).calendar, day);
}

/**
 * Number of working days `d` with `from < d <= to`: `from` itself is not counted, `to` is.
 * 0 when `to <= from`. Read it as "working days left from today (`from`) until the due date
 * (`to`) included": today Thu 2026-04-02, due Tue 2026-04-07, FR → Fri 3 and Tue 7 = 2
 * (Sat 4, Sun 5 and Easter Monday 6 are not working days).
 */
export function workingDaysBetween(
  from: string,
  to: string,
  country: string,
  region?: string | null,
): number {
  const start = parseDateOrThrow(from, 'from');
  const end = parseDateOrThrow(to, 'to');
  return countWorkingDays(resolvePlace(country, region).calendar, start, end);
}

/** Where a request stands on `today` with respect to its `dueOn`. */
export interface DeadlineCountdown {
  /** `dueOn − today` in calendar days; negative once overdue. */
  calendarDaysLeft: number;
  /** `workingDaysBetween(today, dueOn)`: 0 on the due date itself and after it. */
  workingDaysLeft: number;
  /** True once `today` is after `dueOn` (a deadline ends at the end of its day). */
  overdue: boolean;
  /** `workingDaysBetween(dueOn, today)`: working days elapsed since the deadline; 0 if not overdue. */
  workingDaysOverdue: number;
  /** `today` is a working day of the place. */
  todayIsWorkingDay: boolean;
}

export function deadlineCountdown(
  today: string,
  dueOn: string,
  country: string,
  region?: string | null,
): DeadlineCountdown {
  const now = parseDateOrThrow(today, 'today');
  const due = parseDateOrThrow(dueOn, 'dueOn');
  const { calendar } = resolvePlace(country, region);
  const count = countWorkingDays(calendar, Math.min(now, due), Math.max(now, due));
  return {
    calendarDaysLeft: due - now,
    workingDaysLeft: due > now ? count : 0,
    overdue: now > due,
    workingDaysOverdue: now > due ? count : 0,
    todayIsWorkingDay: isWorkingDayNumber(calendar, now),
  };
}

/** The date `days` calendar days after `date` (negative to go back), as 'YYYY-MM-DD'. */
export function addDays(date: string, days: number): string {
  if (!Number.isInteger(days))
    throw new DeadlineInputError('invalid_input', 'days', `Not a whole number of days: ${days}`);
  return formatDay(parseDateOrThrow(date, 'date') + days);
}

/** True for a real calendar day written 'YYYY-MM-DD' with a year in 1900–2199. */
export function isValidIsoDate(value: unknown): value is string {
  return typeof value === 'string' && parseIsoDate(value) !== undefined;
}
