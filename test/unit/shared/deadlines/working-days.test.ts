import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  deadlineCountdown,
  DeadlineInputError,
  isKnownCountry,
  isKnownRegion,
  isValidIsoDate,
  isWorkingDay,
  listCountries,
  listRegions,
  workingDaysBetween,
} from '../../../../shared/deadlines';

const codeOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (e) {
    return e instanceof DeadlineInputError ? e.code : `not a DeadlineInputError: ${String(e)}`;
  }
  return undefined;
};

describe('isWorkingDay', () => {
  it('knows weekends and public holidays of the place', () => {
    expect(isWorkingDay('2026-04-03', 'FR')).toBe(true);
    expect(isWorkingDay('2026-04-03', 'FR', '57')).toBe(false); // Good Friday in Moselle
    expect(isWorkingDay('2026-04-04', 'FR')).toBe(false); // Saturday
    expect(isWorkingDay('2026-04-05', 'FR')).toBe(false); // Sunday
    expect(isWorkingDay('2026-04-06', 'FR')).toBe(false); // Easter Monday
    expect(isWorkingDay('2026-04-07', 'FR')).toBe(true);
    expect(isWorkingDay('2026-05-27', 'FR', 'GP')).toBe(false);
    expect(isWorkingDay('2026-05-27', 'FR', 'RE')).toBe(true);
    expect(isWorkingDay('2026-12-24', 'DE', 'BY')).toBe(true); // 'bank' half day, not public
  });

  it('rejects bad input with a code', () => {
    expect(codeOf(() => isWorkingDay('2026-04-31', 'FR'))).toBe('invalid_date');
    expect(codeOf(() => isWorkingDay('2026-04-03', 'XX'))).toBe('unknown_country');
    expect(codeOf(() => isWorkingDay('2026-04-03', 'FR', 'BY'))).toBe('unknown_region');
  });
});

describe('workingDaysBetween (after `from`, up to and including `to`)', () => {
  it('counts the working days left until the due date', () => {
    // Thu 2 → Tue 7 April 2026: Fri 3 and Tue 7 (Sat, Sun, Easter Monday are not working days)
    expect(workingDaysBetween('2026-04-02', '2026-04-07', 'FR')).toBe(2);
    expect(workingDaysBetween('2026-04-02', '2026-04-07', 'FR', '57')).toBe(1);
    expect(workingDaysBetween('2026-04-02', '2026-04-03', 'FR')).toBe(1);
    expect(workingDaysBetween('2026-04-03', '2026-04-06', 'FR')).toBe(0);
  });

  it('is 0 when `to` is not after `from`', () => {
    expect(workingDaysBetween('2026-04-07', '2026-04-07', 'FR')).toBe(0);
    expect(workingDaysBetween('2026-04-07', '2026-04-02', 'FR')).toBe(0);
  });

  it('counts a whole year: 2026 in France has 252 working days', () => {
    // 365 − 104 weekend days − 9 public holidays on weekdays (15 Aug is a Saturday, 1 Nov a Sunday)
    expect(workingDaysBetween('2025-12-31', '2026-12-31', 'FR')).toBe(252);
  });

  it('equals a day-by-day count over random ranges (across years, several places)', () => {
    const DAY_MS = 86_400_000;
    const iso = (day: number): string => new Date(day * DAY_MS).toISOString().slice(0, 10);
    const places: [string, string | undefined][] = [
      ['FR', undefined],
      ['FR', '57'],
      ['FR', 'GP'],
      ['DE', 'BY'],
      ['BE', undefined],
      ['IT', undefined],
    ];
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(2019, 0, 1) / DAY_MS, max: Date.UTC(2035, 11, 31) / DAY_MS }),
        fc.integer({ min: -30, max: 500 }),
        fc.constantFrom(...places),
        (start, length, [country, region]) => {
          const from = iso(start);
          const to = iso(start + length);
          let naive = 0;
          for (let d = start + 1; d <= start + length; d += 1)
            if (isWorkingDay(iso(d), country, region)) naive += 1;
          expect(workingDaysBetween(from, to, country, region)).toBe(naive);
          const c = deadlineCountdown(from, to, country, region);
          expect(c.workingDaysLeft).toBe(naive);
          expect(c.calendarDaysLeft).toBe(length);
          expect(c.overdue).toBe(length < 0);
          expect(c.workingDaysOverdue).toBe(workingDaysBetween(to, from, country, region));
        },
      ),
      { numRuns: 1500 },
    );
  });

  it('rejects bad input with a code', () => {
    expect(codeOf(() => workingDaysBetween('2026-04-02', 'tomorrow', 'FR'))).toBe('invalid_date');
    expect(codeOf(() => workingDaysBetween('2026-04-02', '2026-04-07', 'ZZ'))).toBe('unknown_country');
  });
});

describe('deadlineCountdown', () => {
  it('before, on and after the due date', () => {
    expect(deadlineCountdown('2026-04-02', '2026-04-07', 'FR')).toEqual({
      calendarDaysLeft: 5,
      workingDaysLeft: 2,
      overdue: false,
      workingDaysOverdue: 0,
      todayIsWorkingDay: true,
    });
    expect(deadlineCountdown('2026-04-07', '2026-04-07', 'FR')).toMatchObject({
      calendarDaysLeft: 0,
      workingDaysLeft: 0,
      overdue: false,
    });
    expect(deadlineCountdown('2026-04-09', '2026-04-07', 'FR')).toEqual({
      calendarDaysLeft: -2,
      workingDaysLeft: 0,
      overdue: true,
      workingDaysOverdue: 2,
      todayIsWorkingDay: true,
    });
    expect(deadlineCountdown('2026-04-05', '2026-04-07', 'FR').todayIsWorkingDay).toBe(false);
  });
});

describe('countries and regions', () => {
  it('lists countries with code and name, sorted by name', () => {
    const countries = listCountries();
    expect(countries.length).toBeGreaterThan(100);
    expect(countries).toContainEqual({ code: 'FR', name: 'France' });
    expect(countries).toContainEqual({ code: 'DE', name: 'Deutschland' });
    const names = countries.map((c) => c.name);
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
  });

  it('lists regions of a country', () => {
    const fr = listRegions('FR').map((r) => r.code);
    for (const code of ['57', '67', '68', 'GP', 'RE', 'MQ', 'GF', 'YT']) expect(fr).toContain(code);
    expect(listRegions('fr')).toEqual(listRegions('FR'));
    expect(listRegions('DE')).toContainEqual({ code: 'BY', name: 'Bayern' });
    expect(listRegions('LU')).toEqual([]);
    expect(listRegions('XX')).toEqual([]);
  });

  it('tells known countries and regions', () => {
    expect(isKnownCountry('FR')).toBe(true);
    expect(isKnownCountry('fr')).toBe(true);
    expect(isKnownCountry('XX')).toBe(false);
    expect(isKnownCountry('')).toBe(false);
    expect(isKnownRegion('FR', '57')).toBe(true);
    expect(isKnownRegion('FR', 'gp')).toBe(true);
    expect(isKnownRegion('FR', 'BY')).toBe(false);
    expect(isKnownRegion('DE', 'BY')).toBe(true);
    expect(isKnownRegion('XX', '57')).toBe(false);
  });
});

describe('small date helpers', () => {
  it('addDays and isValidIsoDate', () => {
    expect(addDays('2026-02-27', 2)).toBe('2026-03-01');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-01-01', -1)).toBe('2025-12-31');
    expect(codeOf(() => addDays('2026-01-01', 1.5))).toBe('invalid_input');
    expect(isValidIsoDate('2028-02-29')).toBe(true);
    expect(isValidIsoDate('2026-02-29')).toBe(false);
    expect(isValidIsoDate(20260101)).toBe(false);
  });
});
