/**
 * Legal deadline to answer a data-subject request: Art. 12(3)-(4) GDPR, computed with the rules of
 * Regulation (EEC, Euratom) No 1182/71 on periods, dates and time limits.
 *
 * 1. The day of receipt is not counted: a period of one month ends on the same date of the next
 *    month, or on the last day of that month when the date does not exist (Art. 3(1), 3(2)(c)).
 * 2. A period ending on a Saturday, Sunday or public holiday of the country (and region) ends at
 *    the end of the following working day (Art. 3(4)), repeated until a working day.
 * 3. Extension by two further months (Art. 12(3)): the earlier of receipt + 3 months and
 *    (unrolled first deadline) + 2 months, then rolled to a working day. Each month addition
 *    clamps to the last day of the month on its own.
 * 4. The extension notice, with reasons, or a refusal (Art. 12(4)) is due by the first deadline.
 * 5. Pauses (waiting for identity proof or clarification):
 *    - 'suspend' (default): the unrolled deadlines move by the paused calendar days, then roll.
 *      A pause {from, to} lasts `to − from` days; overlapping pauses are merged first so that no
 *      day counts twice (disjoint pauses simply add up).
 *    - 'restart': the whole period runs again from the latest pause's `to` instead of from receipt.
 *    A pause may not end before it starts nor start before the day of receipt.
 *
 * All dates are plain 'YYYY-MM-DD' strings (local dates of the controller); all arithmetic is on
 * UTC-free day numbers (see ./calendar), so the result never depends on the machine's time zone.
 */
import { z } from 'zod';
import { addMonthsClamped, formatDay, parseIsoDate, weekdayOf } from './calendar';
import { DeadlineInputError } from './errors';
import type { DeadlineErrorCode } from './errors';
import { canonicalCountry, canonicalRegion, holidayCalendar } from './holidays';
import type { PublicHolidayCalendar } from './holidays';

export interface Pause {
  /** First day of waiting ('YYYY-MM-DD'). */
  from: string;
  /** Day the awaited information arrived ('YYYY-MM-DD'); the pause lasts `to − from` days. */
  to: string;
}

export type PausePolicy = 'suspend' | 'restart';

export interface DeadlineInput {
  /** 'YYYY-MM-DD', local date of receipt of the request. */
  receivedOn: string;
  /** ISO 3166-1 alpha-2 code known to date-holidays, e.g. 'FR', 'BE', 'DE' (case-insensitive). */
  country: string;
  /**
   * date-holidays subdivision ("state") of the country, e.g. '57', '68', 'GP', 'RE' for FR,
   * 'BY' for DE (see `listRegions`). `undefined`, `null` or '' mean the whole country.
   */
  region?: string | null;
  /** The controller decided to extend the period by two further months. */
  extended?: boolean;
  /** Days spent waiting for identity proof or clarification. */
  pauses?: readonly Pause[];
  /** How pauses act on the period; default 'suspend'. */
  pausePolicy?: PausePolicy;
}

/** Why a day was skipped while rolling a deadline forward. */
export interface SkippedDay {
  date: string;
  /** 'saturday' / 'sunday' for weekend days, 'holiday' for a public holiday on a weekday. */
  reason: 'saturday' | 'sunday' | 'holiday';
  /** Set whenever the day is a public holiday, including a holiday falling on a weekend. */
  holidayName?: string;
}

export interface RolledDate {
  /** The date the rules give before rolling over non-working days. */
  unrolled: string;
  /** The first working day on or after `unrolled`: the deadline, ending at the end of that day. */
  date: string;
  /** Calendar days between `unrolled` and `date` (0 when `unrolled` is a working day). */
  rolledOverDays: number;
  /** The non-working days passed over, in order (`unrolled` first); empty when not rolled. */
  skipped: SkippedDay[];
}

export interface DeadlineResult {
  /** The deadline that applies: `extendedDueOn` when extended, else `noticeDueOn`. */
  dueOn: string;
  /** By when the extension notice (with reasons) or a refusal (Art. 12(4)) must be sent. */
  noticeDueOn: string;
  /** Receipt + 1 month (clamped), plus suspended days, before rolling. */
  firstDeadlineUnrolled: string;
  /** The deadline if extended (always computed, so a UI can show what an extension would give). */
  extendedDueOn: string;
  extendedDueOnUnrolled: string;
  /** Calendar days `dueOn` was moved past non-working days. */
  rolledOverDays: number;
  /** The non-working days that moved `dueOn`, with the holiday names. */
  rollReasons: SkippedDay[];
  /** Total paused calendar days (overlaps merged), whatever the policy. */
  pausedDays: number;
  /** The day the period counts from: receipt, or the latest pause's `to` under 'restart'. */
  startsOn: string;
  receivedOn: string;
  extended: boolean;
  pausePolicy: PausePolicy;
  /** Canonical codes actually used for the holidays. */
  country: string;
  region: string | undefined;
  first: RolledDate;
  extension: RolledDate;
}

/** A validated place whose working days we can test. */
export interface ResolvedPlace {
  country: string;
  region: string | undefined;
  calendar: PublicHolidayCalendar;
}

const MAX_ROLL_DAYS = 366;

const dateField = z.string();
const inputSchema = z.object({
  receivedOn: dateField,
  country: z.string(),
  region: z.string().nullish(),
  extended: z.boolean().optional(),
  pauses: z.array(z.object({ from: dateField, to: dateField })).optional(),
  pausePolicy: z.enum(['suspend', 'restart']).optional(),
});

const FIELD_CODES: Record<string, DeadlineErrorCode> = {
  receivedOn: 'invalid_date',
  country: 'unknown_country',
  region: 'unknown_region',
  pauses: 'invalid_pause',
  pausePolicy: 'invalid_pause',
};

function fail(code: DeadlineErrorCode, field: string, message?: string): never {
  throw new DeadlineInputError(code, field, message);
}

export function parseDateOrThrow(value: unknown, field: string): number {
  const day = typeof value === 'string' ? parseIsoDate(value) : undefined;
  if (day === undefined)
    fail('invalid_date', field, `${field}: expected a real 'YYYY-MM-DD' date, got ${String(value)}`);
  return day;
}

export function resolvePlace(country: unknown, region?: unknown): ResolvedPlace {
  const c = typeof country === 'string' ? canonicalCountry(country) : undefined;
  if (c === undefined) fail('unknown_country', 'country', `Unknown country: ${String(country)}`);
  let r: string | undefined;
  if (region !== undefined && region !== null && region !== '') {
    r = typeof region === 'string' ? canonicalRegion(c, region) : undefined;
    if (r === undefined) fail('unknown_region', 'region', `Unknown region of ${c}: ${String(region)}`);
  }
  return { country: c, region: r, calendar: holidayCalendar(c, r) };
}

export function isWorkingDayNumber(calendar: PublicHolidayCalendar, day: number): boolean {
  const w = weekdayOf(day);
  return w !== 0 && w !== 6 && !calendar.isHoliday(day);
}

export function rollForward(calendar: PublicHolidayCalendar, unrolled: number): RolledDate {
  let day = unrolled;
  let skipped: SkippedDay[] | undefined;
  for (;;) {
    const w = weekdayOf(day);
    const holiday = calendar.holidayName(day);
    if (w !== 0 && w !== 6 && holiday === undefined) break;
    const entry: SkippedDay = {
      date: formatDay(day),
      reason: w === 0 ? 'sunday' : w === 6 ? 'saturday' : 'holiday',
    };
    if (holiday !== undefined) entry.holidayName = holiday;
    (skipped ??= []).push(entry);
    day += 1;
    if (day - unrolled > MAX_ROLL_DAYS)
      throw new Error(`No working day within a year after ${formatDay(unrolled)}`);
  }
  const unrolledText = formatDay(unrolled);
  return {
    unrolled: unrolledText,
    date: day === unrolled ? unrolledText : formatDay(day),
    rolledOverDays: day - unrolled,
    skipped: skipped ?? [],
  };
}

/** Total days covered by the pauses, counting each day once (pauses given as [from, to) spans). */
function mergedPauseDays(spans: [number, number][]): number {
  if (spans.length === 0) return 0;
  if (spans.length === 1) {
    const only = spans[0] as [number, number];
    return only[1] - only[0];
  }
  const sorted = [...spans].sort((a, b) => a[0] - b[0]);
  let total = 0;
  let [curFrom, curTo] = sorted[0] as [number, number];
  for (let i = 1; i < sorted.length; i += 1) {
    const [from, to] = sorted[i] as [number, number];
    if (from > curTo) {
      total += curTo - curFrom;
      curFrom = from;
      curTo = to;
    } else if (to > curTo) {
      curTo = to;
    }
  }
  return total + (curTo - curFrom);
}

/**
 * Computes the deadline to answer a request. Throws `DeadlineInputError` on bad input
 * (codes: invalid_date, unknown_country, unknown_region, invalid_pause, invalid_input).
 */
export function computeDeadline(input: DeadlineInput): DeadlineResult {
  const parsed = inputSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue ? issue.path.map(String) : [];
    const head = path[0];
    const field = path.join('.');
    let code: DeadlineErrorCode =
      head === undefined ? 'invalid_input' : (FIELD_CODES[head] ?? 'invalid_input');
    // A pause whose from/to is not a string is a bad date rather than a bad pause.
    if (head === 'pauses' && path.length === 3) code = 'invalid_date';
    fail(code, field, issue ? `${field || 'input'}: ${issue.message}` : 'Invalid deadline input');
  }
  const value = parsed.data;

  const received = parseDateOrThrow(value.receivedOn, 'receivedOn');
  const place = resolvePlace(value.country, value.region);
  const policy: PausePolicy = value.pausePolicy ?? 'suspend';
  const extended = value.extended ?? false;

  const spans: [number, number][] = [];
  let latestEnd = received;
  const pauses = value.pauses ?? [];
  for (let i = 0; i < pauses.length; i += 1) {
    const p = pauses[i] as Pause;
    const from = parseDateOrThrow(p.from, `pauses.${i}.from`);
    const to = parseDateOrThrow(p.to, `pauses.${i}.to`);
    if (to < from)
      fail('invalid_pause', `pauses.${i}`, `Pause ${i} ends (${p.to}) before it starts (${p.from})`);
    if (from < received) {
      fail(
        'invalid_pause',
        `pauses.${i}`,
        `Pause ${i} starts (${p.from}) before receipt (${value.receivedOn})`,
      );
    }
    spans.push([from, to]);
    if (to > latestEnd) latestEnd = to;
  }
  const pausedDays = mergedPauseDays(spans);

  const start = policy === 'restart' ? latestEnd : received;
  const shift = policy === 'suspend' ? pausedDays : 0;
  const firstBase = addMonthsClamped(start, 1);
  const extendedBase = Math.min(addMonthsClamped(start, 3), addMonthsClamped(firstBase, 2));

  const first = rollForward(place.calendar, firstBase + shift);
  const extension = rollForward(place.calendar, extendedBase + shift);
  const applied = extended ? extension : first;

  return {
    dueOn: applied.date,
    noticeDueOn: first.date,
    firstDeadlineUnrolled: first.unrolled,
    extendedDueOn: extension.date,
    extendedDueOnUnrolled: extension.unrolled,
    rolledOverDays: applied.rolledOverDays,
    rollReasons: applied.skipped,
    pausedDays,
    startsOn: start === received ? value.receivedOn : formatDay(start),
    receivedOn: value.receivedOn,
    extended,
    pausePolicy: policy,
    country: place.country,
    region: place.region,
    first,
    extension,
  };
}
