/**
 * Public holidays from the date-holidays package, cached for Set-speed lookups.
 *
 * - One `Holidays` instance per (country, region), created on first use.
 * - Per instance, the public-holiday days of each year are computed once (date-holidays takes
 *   ~0.5 ms per `getHolidays(year)`), then a check is a Map lookup on a day number.
 * - Only `type === 'public'` counts (not 'bank', 'school', 'optional', 'observance'); substitute
 *   days of type 'public' count, as they are days off.
 * - The day of a holiday is read from its own `date` string ('2026-04-06 00:00:00[ -0600]'),
 *   never from its `start` Date, so the machine's time zone cannot shift it. Multi-day holidays
 *   (e.g. 'P3D' rules) cover every day they span; a holiday starting at noon covers that day.
 */
import Holidays from 'date-holidays';
import type { HolidaysTypes } from 'date-holidays';
import { dayFromCivil, weekdayOf, yearOfDay } from './calendar';

export interface CodeName {
  code: string;
  name: string;
}

const HOUR_MS = 3_600_000;

let registry: Holidays | undefined;
let countryCodes: Map<string, string> | undefined; // UPPER → canonical code
const regionCodes = new Map<string, Map<string, string>>(); // canonical country → UPPER → canonical
const calendars = new Map<string, PublicHolidayCalendar>();

function getRegistry(): Holidays {
  registry ??= new Holidays();
  return registry;
}

function toCodeNames(record: Record<string, string> | undefined): CodeName[] {
  if (!record) return [];
  return Object.entries(record)
    .map(([code, name]) => ({ code, name }))
    .sort((a, b) => a.name.localeCompare(b.name) || a.code.localeCompare(b.code));
}

/** Canonical country code (e.g. 'FR' for 'fr'), or `undefined` when date-holidays does not know it. */
export function canonicalCountry(country: string): string | undefined {
  if (!countryCodes) {
    countryCodes = new Map(Object.keys(getRegistry().getCountries()).map((c) => [c.toUpperCase(), c]));
  }
  return countryCodes.get(country.toUpperCase());
}

/** Canonical region code of a canonical country, or `undefined` when unknown. */
export function canonicalRegion(country: string, region: string): string | undefined {
  let codes = regionCodes.get(country);
  if (!codes) {
    const states = getRegistry().getStates(country) as Record<string, string> | undefined;
    codes = new Map(Object.keys(states ?? {}).map((r) => [r.toUpperCase(), r]));
    regionCodes.set(country, codes);
  }
  return codes.get(region.toUpperCase());
}

export function isKnownCountry(country: string): boolean {
  return typeof country === 'string' && canonicalCountry(country) !== undefined;
}

export function isKnownRegion(country: string, region: string): boolean {
  if (typeof country !== 'string' || typeof region !== 'string') return false;
  const c = canonicalCountry(country);
  return c !== undefined && canonicalRegion(c, region) !== undefined;
}

/**
 * Countries date-holidays knows, sorted by name. `lang` is an ISO 639-1 code for the names
 * (e.g. 'fr' → 'Allemagne'); without it each country's own name is used ('Deutschland').
 */
export function listCountries(lang?: string): CodeName[] {
  return toCodeNames(getRegistry().getCountries(lang));
}

/**
 * Subdivisions (date-holidays "states") of a country usable as `region`, sorted by name;
 * `[]` for a country without subdivisions or an unknown country.
 */
export function listRegions(country: string, lang?: string): CodeName[] {
  const c = typeof country === 'string' ? canonicalCountry(country) : undefined;
  if (!c) return [];
  return toCodeNames(getRegistry().getStates(c, lang) as Record<string, string> | undefined);
}

/** Calendar day numbers covered by one holiday, read from its own date string. */
function holidayDays(h: HolidaysTypes.Holiday): number[] {
  const s = h.date;
  const first = dayFromCivil(Number(s.slice(0, 4)), Number(s.slice(5, 7)), Number(s.slice(8, 10)));
  const startHour = Number(s.slice(11, 13)) || 0;
  const startMs = h.start instanceof Date ? h.start.getTime() : Number.NaN;
  const endMs = h.end instanceof Date ? h.end.getTime() : Number.NaN;
  const hours = Math.round((endMs - startMs) / HOUR_MS);
  // Tolerate ±1 h of daylight-saving change inside the span.
  const span = Number.isFinite(hours) ? Math.max(1, Math.ceil((startHour + hours - 1.5) / 24)) : 1;
  const days: number[] = [];
  for (let i = 0; i < span; i += 1) days.push(first + i);
  return days;
}

export class PublicHolidayCalendar {
  readonly country: string;
  readonly region: string | undefined;
  private readonly source: Holidays;
  /** day number → holiday name, for every year in `readyYears`. */
  private readonly names = new Map<number, string>();
  private readonly readyYears = new Set<number>();
  private readonly listedYears = new Set<number>();
  private readonly weekdayHolidaysByYear = new Map<number, readonly number[]>();

  constructor(country: string, region?: string) {
    this.country = country;
    this.region = region;
    this.source = region ? new Holidays(country, region) : new Holidays(country);
  }

  /** Name of the public holiday on that day, or `undefined` when it is not one. */
  holidayName(dayNumber: number): string | undefined {
    const year = yearOfDay(dayNumber);
    if (!this.readyYears.has(year)) this.loadYear(year);
    return this.names.get(dayNumber);
  }

  isHoliday(dayNumber: number): boolean {
    return this.holidayName(dayNumber) !== undefined;
  }

  /** Sorted day numbers of the public holidays of `year` that fall on Monday–Friday. */
  weekdayHolidays(year: number): readonly number[] {
    let days = this.weekdayHolidaysByYear.get(year);
    if (!days) {
      if (!this.readyYears.has(year)) this.loadYear(year);
      const list: number[] = [];
      const end = dayFromCivil(year + 1, 1, 1);
      for (let d = dayFromCivil(year, 1, 1); d < end; d += 1) {
        const w = weekdayOf(d);
        if (w !== 0 && w !== 6 && this.names.has(d)) list.push(d);
      }
      days = list;
      this.weekdayHolidaysByYear.set(year, days);
    }
    return days;
  }

  private loadYear(year: number): void {
    // A multi-day holiday listed in the previous year may spill into this one.
    this.listYear(year - 1);
    this.listYear(year);
    this.readyYears.add(year);
  }

  private listYear(year: number): void {
    if (this.listedYears.has(year)) return;
    this.listedYears.add(year);
    const list = this.source.getHolidays(year) ?? [];
    for (const h of list) {
      if (h.type !== 'public') continue;
      for (const d of holidayDays(h)) {
        const existing = this.names.get(d);
        this.names.set(d, existing && existing !== h.name ? `${existing} / ${h.name}` : h.name);
      }
    }
  }
}

/** Cached calendar for an already validated, canonical (country, region). */
export function holidayCalendar(country: string, region?: string): PublicHolidayCalendar {
  const key = region ? `${country}|${region}` : country;
  let cal = calendars.get(key);
  if (!cal) {
    cal = new PublicHolidayCalendar(country, region);
    calendars.set(key, cal);
  }
  return cal;
}

/** Test hook: forget every cached instance and holiday set. */
export function clearHolidayCaches(): void {
  calendars.clear();
  regionCodes.clear();
  countryCodes = undefined;
  registry = undefined;
}
