import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addMonthsClamped,
  civilFromDay,
  dayFromCivil,
  daysInMonth,
  formatDay,
  isLeapYear,
  parseIsoDate,
  weekdayOf,
  yearOfDay,
} from '../../../../shared/deadlines/calendar';

const DAY_MS = 86_400_000;
const utcDay = (iso: string): number =>
  Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) / DAY_MS;
const utcIso = (day: number): string => new Date(day * DAY_MS).toISOString().slice(0, 10);

// Day numbers of 1900-01-01 and 2199-12-31.
const MIN_DAY = utcDay('1900-01-01');
const MAX_DAY = utcDay('2199-12-31');

describe('calendar arithmetic (no Date, no time zone)', () => {
  it('day 0 is 1970-01-01, a Thursday', () => {
    expect(dayFromCivil(1970, 1, 1)).toBe(0);
    expect(formatDay(0)).toBe('1970-01-01');
    expect(weekdayOf(0)).toBe(4);
    expect(weekdayOf(-1)).toBe(3);
  });

  it('matches Date.UTC for every day number in 1900–2199', () => {
    fc.assert(
      fc.property(fc.integer({ min: MIN_DAY, max: MAX_DAY }), (day) => {
        const iso = utcIso(day);
        expect(formatDay(day)).toBe(iso);
        expect(parseIsoDate(iso)).toBe(day);
        expect(weekdayOf(day)).toBe(new Date(day * DAY_MS).getUTCDay());
        expect(yearOfDay(day)).toBe(Number(iso.slice(0, 4)));
        const { year, month, day: d } = civilFromDay(day);
        expect(dayFromCivil(year, month, d)).toBe(day);
      }),
      { numRuns: 5000 },
    );
  });

  it('knows leap years and month lengths', () => {
    expect([1900, 2000, 2024, 2026, 2028, 2100].map(isLeapYear)).toEqual([
      false,
      true,
      true,
      false,
      true,
      false,
    ]);
    expect(daysInMonth(2026, 2)).toBe(28);
    expect(daysInMonth(2028, 2)).toBe(29);
    expect(daysInMonth(2000, 2)).toBe(29);
    expect(daysInMonth(2100, 2)).toBe(28);
    expect([4, 6, 9, 11].map((m) => daysInMonth(2026, m))).toEqual([30, 30, 30, 30]);
    expect([1, 3, 5, 7, 8, 10, 12].map((m) => daysInMonth(2026, m))).toEqual([31, 31, 31, 31, 31, 31, 31]);
  });

  it('parses only strict, real YYYY-MM-DD dates within 1900–2199', () => {
    for (const bad of [
      '',
      '2026-2-03',
      '2026-02-3',
      '26-02-03',
      '2026/02/03',
      '2026-02-29',
      '2026-02-30',
      '2026-04-31',
      '2026-13-01',
      '2026-00-10',
      '2026-01-00',
      '1899-12-31',
      '2200-01-01',
      '2026-01-01T00:00:00Z',
      ' 2026-01-01',
      'abcd-ef-gh',
    ]) {
      expect(parseIsoDate(bad), bad).toBeUndefined();
    }
    expect(parseIsoDate('2028-02-29')).toBe(utcDay('2028-02-29'));
    expect(parseIsoDate('2000-02-29')).toBe(utcDay('2000-02-29'));
    expect(parseIsoDate('1900-01-01')).toBe(MIN_DAY);
    expect(parseIsoDate('2199-12-31')).toBe(MAX_DAY);
  });

  it('adds months clamping to the last day of the month', () => {
    const add = (iso: string, n: number): string => formatDay(addMonthsClamped(utcDay(iso), n));
    expect(add('2026-01-31', 1)).toBe('2026-02-28');
    expect(add('2028-01-31', 1)).toBe('2028-02-29');
    expect(add('2026-03-31', 1)).toBe('2026-04-30');
    expect(add('2026-01-31', 3)).toBe('2026-04-30');
    expect(add('2026-02-28', 2)).toBe('2026-04-28');
    expect(add('2026-12-15', 1)).toBe('2027-01-15');
    expect(add('2026-11-30', 3)).toBe('2027-02-28');
    expect(add('2027-11-30', 3)).toBe('2028-02-29');
    expect(add('2026-05-31', 0)).toBe('2026-05-31');
    expect(add('2026-03-31', -1)).toBe('2026-02-28');
  });
});
