/**
 * Who to contact, and whose consent to ask for again. All on calendar dates: the date of a decision
 * is the calendar date of its `decidedAt` instant in `timeZone` (default 'UTC'; pass the
 * workspace's zone, e.g. 'Europe/Paris', so that a decision at 00:30 in Paris is dated that day).
 *
 * Months are calendar months with month-end clamping, as in shared/deadlines: 2024-01-31 plus one
 * month is 2024-02-29. A consent is N months old from the day `decided + N months` (clamped) on.
 */
import { addMonthsClamped, formatDay, parseIsoDate } from '../deadlines/calendar';
import type { Preference } from './derive';
import type { ConsentChannel, Notice, Purpose } from './model';

function dayOf(date: string, what: string): number {
  const day = parseIsoDate(date);
  if (day === undefined) throw new RangeError(`${what}: not a 'YYYY-MM-DD' date: ${date}`);
  return day;
}

/** 'YYYY-MM-DD' plus `months` calendar months (negative goes back), clamped to the month's end. */
export function addMonthsToDate(date: string, months: number): string {
  if (!Number.isInteger(months))
    throw new RangeError(`addMonthsToDate: not a whole number of months: ${months}`);
  return formatDay(addMonthsClamped(dayOf(date, 'addMonthsToDate'), months));
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();

/** The calendar date ('YYYY-MM-DD') of an ISO instant in a time zone (IANA name, default 'UTC'). */
export function decisionDate(decidedAt: string, timeZone = 'UTC'): string {
  const ms = Date.parse(decidedAt);
  if (Number.isNaN(ms)) throw new RangeError(`decisionDate: not an ISO instant: ${decidedAt}`);
  if (timeZone === 'UTC') return new Date(ms).toISOString().slice(0, 10);
  let format = dateFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    dateFormats.set(timeZone, format);
  }
  const part = (type: Intl.DateTimeFormatPartTypes): string =>
    format.formatToParts(ms).find((p) => p.type === type)?.value ?? '';
  return `${part('year').padStart(4, '0')}-${part('month')}-${part('day')}`;
}

/**
 * Whole calendar months from `from` to `to` (both 'YYYY-MM-DD'): the largest n with
 * from + n months <= to, so 2023-01-31 → 2023-02-28 is one month. Negative when `to` is earlier.
 */
export function monthsBetween(from: string, to: string): number {
  const start = dayOf(from, 'monthsBetween');
  const end = dayOf(to, 'monthsBetween');
  const [fromYear, fromMonth] = [Number(from.slice(0, 4)), Number(from.slice(5, 7))];
  const [toYear, toMonth] = [Number(to.slice(0, 4)), Number(to.slice(5, 7))];
  const months = (toYear - fromYear) * 12 + (toMonth - fromMonth);
  // `from + months` falls in `to`'s month; one month less is in the month before, so before `to`.
  return addMonthsClamped(start, months) > end ? months - 1 : months;
}

export type SegmentOptions = {
  /** Only decisions taken through this channel. */
  channel?: ConsentChannel;
  /** Only decisions at least this many whole months old on `today`. */
  minAgeMonths?: number;
  /** Only decisions at most this many whole months old on `today`. */
  maxAgeMonths?: number;
  today: string;
  timeZone?: string;
};

/**
 * A predicate over people's latest decisions (one purpose). It does not look at the decision
 * itself: combine it with `maySend` or `currentlyConsenting`.
 */
export function segmentFilter(options: SegmentOptions): (latest: Preference) => boolean {
  const { channel, minAgeMonths, maxAgeMonths, today, timeZone } = options;
  dayOf(today, 'segmentFilter');
  return (latest) => {
    if (channel !== undefined && latest.channel !== channel) return false;
    if (minAgeMonths === undefined && maxAgeMonths === undefined) return true;
    const age = monthsBetween(decisionDate(latest.decidedAt, timeZone), today);
    if (minAgeMonths !== undefined && age < minAgeMonths) return false;
    if (maxAgeMonths !== undefined && age > maxAgeMonths) return false;
    return true;
  };
}

export const RECONSENT_REASONS = ['expired', 'notice_replaced'] as const;
export type ReconsentReason = (typeof RECONSENT_REASONS)[number];

/**
 * Why a consent should be asked for again, or null. Only a 'granted' latest decision can need it.
 * - 'expired': `purpose.reconsentMonths` have passed and the anniversary is behind us, i.e.
 *   decided + N months (clamped) < today. Decided 2023-03-31 with 36 months: still valid on
 *   2026-03-31, expired from 2026-04-01.
 * - 'notice_replaced': a notice of the same kind and language as the one the person was shown,
 *   with a higher number, is in force (effectiveOn <= today). A notice missing from `notices`
 *   gives no answer on this point.
 * 'expired' wins when both apply. Throws a RangeError when `latest` is about another purpose.
 */
export function needsReconsent(
  latest: Preference,
  purpose: Purpose,
  notices: readonly Notice[],
  today: string,
  timeZone?: string,
): ReconsentReason | null {
  if (latest.purposeId !== purpose.id)
    throw new RangeError(`needsReconsent: event for purpose ${latest.purposeId}, not ${purpose.id}`);
  const todayDay = dayOf(today, 'needsReconsent');
  if (latest.decision !== 'granted') return null;
  const decided = dayOf(decisionDate(latest.decidedAt, timeZone), 'needsReconsent');
  if (addMonthsClamped(decided, purpose.reconsentMonths) < todayDay) return 'expired';
  const shown = notices.find((notice) => notice.id === latest.noticeId);
  if (
    shown &&
    notices.some(
      (notice) =>
        notice.kind === shown.kind &&
        notice.language === shown.language &&
        // Later by coming into force, not by number: a "prior notice" an import creates is
        // numbered after the versions it precedes and replaces none of them.
        (notice.effectiveOn > shown.effectiveOn ||
          (notice.effectiveOn === shown.effectiveOn && notice.number > shown.number)) &&
        notice.effectiveOn <= today,
    )
  )
    return 'notice_replaced';
  return null;
}
