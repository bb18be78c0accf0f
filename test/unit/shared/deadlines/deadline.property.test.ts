/**
 * Property tests: computeDeadline against an independent oracle built from Date.UTC arithmetic and
 * date-holidays' own public-holiday lists, over random receipts in 2020–2035 and several places.
 */
import Holidays from 'date-holidays';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeDeadline, isWorkingDay } from '../../../../shared/deadlines';
import type { DeadlineInput, Pause } from '../../../../shared/deadlines';

const NUM_RUNS = 5000;
const DAY_MS = 86_400_000;

const toDay = (iso: string): number =>
  Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) / DAY_MS;
const toIso = (day: number): string => new Date(day * DAY_MS).toISOString().slice(0, 10);
const plusDays = (iso: string, n: number): string => toIso(toDay(iso) + n);

function addMonths(iso: string, n: number): string {
  const y = Number(iso.slice(0, 4));
  const m = Number(iso.slice(5, 7)) - 1;
  const d = Number(iso.slice(8, 10));
  const lastDay = new Date(Date.UTC(y, m + n + 1, 0)).getUTCDate();
  return new Date(Date.UTC(y, m + n, Math.min(d, lastDay))).toISOString().slice(0, 10);
}

type Place = readonly [country: string, region?: string];
const PLACES: Place[] = [
  ['FR'],
  ['FR', '57'],
  ['FR', '68'],
  ['FR', 'GP'],
  ['FR', 'RE'],
  ['BE'],
  ['DE'],
  ['DE', 'BY'],
  ['ES'],
  ['IT'],
  ['LU'],
];

const oracleSources = new Map<string, Holidays>();
const oracleSets = new Map<string, Set<string>>();
function publicHolidays(place: Place, year: number): Set<string> {
  const [country, region] = place;
  const key = `${country}|${region ?? ''}|${year}`;
  let set = oracleSets.get(key);
  if (!set) {
    const srcKey = `${country}|${region ?? ''}`;
    let src = oracleSources.get(srcKey);
    if (!src) {
      src = region ? new Holidays(country, region) : new Holidays(country);
      oracleSources.set(srcKey, src);
    }
    set = new Set(
      src
        .getHolidays(year)
        .filter((h) => h.type === 'public')
        .map((h) => h.date.slice(0, 10)),
    );
    oracleSets.set(key, set);
  }
  return set;
}
function oracleWorking(iso: string, place: Place): boolean {
  const dow = new Date(toDay(iso) * DAY_MS).getUTCDay();
  return dow !== 0 && dow !== 6 && !publicHolidays(place, Number(iso.slice(0, 4))).has(iso);
}
function oracleRoll(iso: string, place: Place): string {
  let d = iso;
  while (!oracleWorking(d, place)) d = plusDays(d, 1);
  return d;
}
const minIso = (a: string, b: string): string => (a < b ? a : b);

const dateArb = fc.integer({ min: toDay('2020-01-01'), max: toDay('2035-12-31') }).map(toIso);
const placeArb = fc.constantFrom(...PLACES);
const rawPausesArb = fc.array(
  fc.record({ offset: fc.integer({ min: 0, max: 60 }), length: fc.integer({ min: 0, max: 30 }) }),
  {
    maxLength: 4,
  },
);
const makePauses = (receivedOn: string, raw: { offset: number; length: number }[]): Pause[] =>
  raw.map(({ offset, length }) => ({
    from: plusDays(receivedOn, offset),
    to: plusDays(receivedOn, offset + length),
  }));

const input = (receivedOn: string, place: Place, more: Partial<DeadlineInput> = {}): DeadlineInput => ({
  receivedOn,
  country: place[0],
  region: place[1],
  ...more,
});

describe('computeDeadline — properties (random receipts 2020–2035, FR/FR-57/68/GP/RE, BE, DE, DE-BY, ES, IT, LU)', () => {
  it('matches the oracle exactly without pauses', () => {
    fc.assert(
      fc.property(dateArb, placeArb, fc.boolean(), (receivedOn, place, extended) => {
        const r = computeDeadline(input(receivedOn, place, { extended }));
        const first = addMonths(receivedOn, 1);
        const ext = minIso(addMonths(receivedOn, 3), addMonths(first, 2));
        expect(r.firstDeadlineUnrolled).toBe(first);
        expect(r.noticeDueOn).toBe(oracleRoll(first, place));
        expect(r.extendedDueOnUnrolled).toBe(ext);
        expect(r.extendedDueOn).toBe(oracleRoll(ext, place));
        expect(r.dueOn).toBe(extended ? r.extendedDueOn : r.noticeDueOn);
        const unrolled = extended ? ext : first;
        expect(r.rolledOverDays).toBe(toDay(r.dueOn) - toDay(unrolled));
        expect(r.rollReasons.map((s) => s.date)).toEqual(
          Array.from({ length: r.rolledOverDays }, (_, i) => plusDays(unrolled, i)),
        );
        expect(r.pausedDays).toBe(0);
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('due dates are working days, never early, and only pushed over non-working days', () => {
    fc.assert(
      fc.property(dateArb, placeArb, fc.boolean(), (receivedOn, place, extended) => {
        const r = computeDeadline(input(receivedOn, place, { extended }));
        for (const d of [r.dueOn, r.noticeDueOn, r.extendedDueOn]) {
          expect(oracleWorking(d, place)).toBe(true);
          expect(isWorkingDay(d, place[0], place[1])).toBe(true);
        }
        // never earlier than the same date next month (clamped)
        expect(r.dueOn >= addMonths(receivedOn, 1)).toBe(true);
        // every day from the unrolled date up to dueOn (exclusive) is a non-working day
        const unrolled = extended ? r.extendedDueOnUnrolled : r.firstDeadlineUnrolled;
        for (let d = unrolled; d < r.dueOn; d = plusDays(d, 1)) expect(oracleWorking(d, place)).toBe(false);
        // roll-over is bounded: at most a long weekend plus a few holidays
        expect(r.rolledOverDays).toBeLessThanOrEqual(6);
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('extended ≥ not extended, and the notice is due no later than the extended deadline', () => {
    fc.assert(
      fc.property(
        dateArb,
        placeArb,
        rawPausesArb,
        fc.constantFrom('suspend', 'restart') as fc.Arbitrary<'suspend' | 'restart'>,
        (receivedOn, place, raw, pausePolicy) => {
          const pauses = makePauses(receivedOn, raw);
          const plain = computeDeadline(input(receivedOn, place, { pauses, pausePolicy }));
          const ext = computeDeadline(input(receivedOn, place, { pauses, pausePolicy, extended: true }));
          expect(ext.dueOn >= plain.dueOn).toBe(true);
          expect(ext.noticeDueOn).toBe(plain.dueOn);
          expect(ext.noticeDueOn <= ext.dueOn).toBe(true);
          expect(plain.extendedDueOn).toBe(ext.dueOn);
          // an extension never gives more than receipt (or restart) + 3 months plus pauses, rolled
          expect(
            ext.extendedDueOnUnrolled <=
              plusDays(addMonths(ext.startsOn, 3), plain.pausePolicy === 'suspend' ? ext.pausedDays : 0),
          ).toBe(true);
        },
      ),
      { numRuns: NUM_RUNS },
    );
  });

  it('pauses never shorten a deadline; suspend shifts by the paused days, restart runs from the latest end', () => {
    fc.assert(
      fc.property(dateArb, placeArb, rawPausesArb, fc.boolean(), (receivedOn, place, raw, extended) => {
        const pauses = makePauses(receivedOn, raw);
        const none = computeDeadline(input(receivedOn, place, { extended }));
        const suspended = computeDeadline(input(receivedOn, place, { extended, pauses }));
        const restarted = computeDeadline(
          input(receivedOn, place, { extended, pauses, pausePolicy: 'restart' }),
        );
        expect(suspended.dueOn >= none.dueOn).toBe(true);
        expect(restarted.dueOn >= none.dueOn).toBe(true);
        expect(suspended.noticeDueOn >= none.noticeDueOn).toBe(true);
        expect(restarted.noticeDueOn >= none.noticeDueOn).toBe(true);

        // distinct paused days (a day covered by two pauses counts once)
        const covered = new Set<number>();
        for (const p of pauses) for (let d = toDay(p.from); d < toDay(p.to); d += 1) covered.add(d);
        expect(suspended.pausedDays).toBe(covered.size);
        expect(restarted.pausedDays).toBe(covered.size);
        expect(suspended.firstDeadlineUnrolled).toBe(plusDays(addMonths(receivedOn, 1), covered.size));
        expect(suspended.dueOn).toBe(
          oracleRoll(
            plusDays(extended ? none.extendedDueOnUnrolled : none.firstDeadlineUnrolled, covered.size),
            place,
          ),
        );

        const latest = pauses.reduce((max, p) => (p.to > max ? p.to : max), receivedOn);
        expect(restarted.startsOn).toBe(latest);
        expect(restarted.firstDeadlineUnrolled).toBe(addMonths(latest, 1));
        expect(restarted.noticeDueOn).toBe(oracleRoll(addMonths(latest, 1), place));
        for (const d of [suspended.dueOn, restarted.dueOn]) expect(oracleWorking(d, place)).toBe(true);
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('exhaustively: every receipt 2020–2035, every place, rolls at most 4 days onto a working day', () => {
    for (const place of PLACES) {
      for (let day = toDay('2020-01-01'); day <= toDay('2035-12-31'); day += 1) {
        const receivedOn = toIso(day);
        const r = computeDeadline(input(receivedOn, place, { extended: true }));
        for (const [d, unrolled] of [
          [r.noticeDueOn, r.firstDeadlineUnrolled],
          [r.dueOn, r.extendedDueOnUnrolled],
        ] as const) {
          expect(oracleWorking(d, place), `${place.join('-')} ${receivedOn} → ${d}`).toBe(true);
          expect(toDay(d) - toDay(unrolled)).toBeLessThanOrEqual(4); // e.g. Good Friday → Easter Monday
        }
      }
    }
  });

  it('suspend adds each disjoint pause', () => {
    const disjointArb = fc.array(
      fc.record({ gap: fc.integer({ min: 0, max: 20 }), length: fc.integer({ min: 0, max: 15 }) }),
      {
        minLength: 1,
        maxLength: 5,
      },
    );
    fc.assert(
      fc.property(dateArb, placeArb, disjointArb, (receivedOn, place, raw) => {
        let cursor = receivedOn;
        const pauses: Pause[] = raw.map(({ gap, length }) => {
          const from = plusDays(cursor, gap);
          cursor = plusDays(from, length);
          return { from, to: cursor };
        });
        const total = raw.reduce((sum, p) => sum + p.length, 0);
        const r = computeDeadline(input(receivedOn, place, { pauses: [...pauses].reverse() }));
        expect(r.pausedDays).toBe(total);
        expect(r.firstDeadlineUnrolled).toBe(plusDays(addMonths(receivedOn, 1), total));
      }),
      { numRuns: NUM_RUNS },
    );
  });
});
