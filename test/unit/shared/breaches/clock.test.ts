/**
 * The 72-hour clock of Art. 33(1): examples around weekends and daylight-saving changes, and
 * properties over random instants against an oracle built with Date's own UTC field arithmetic.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  breachClock,
  durationParts,
  isLateNotification,
  NOTIFICATION_WINDOW_MS,
  notificationDueMs,
} from '../../../../shared/breaches/clock';
import { breachInputSchema } from '../../../../shared/breaches/model';

const HOUR = 3_600_000;
const NUM_RUNS = 2000;
const instants = fc
  .date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2060-12-31T23:59:59Z'), noInvalidDate: true })
  .map((date) => date.toISOString());
const offsets = fc.integer({ min: -200 * HOUR, max: 200 * HOUR });

/** Independent of the module's arithmetic: add 72 to the UTC hour field and let Date carry it. */
function oracleDue(awareAt: string): number {
  const date = new Date(awareAt);
  date.setUTCHours(date.getUTCHours() + 72);
  return date.getTime();
}

describe('the 72-hour clock, examples', () => {
  it('runs through the weekend: aware on Friday at 17:00, due on Monday at 17:00', () => {
    const clock = breachClock('2026-03-20T16:00:00.000Z', Date.parse('2026-03-21T16:00:00.000Z'));
    expect(clock.dueAt).toBe('2026-03-23T16:00:00.000Z');
    expect(new Date(clock.dueAt).getUTCDay()).toBe(1);
    expect(clock.remainingMs).toBe(48 * HOUR);
    expect(clock).toMatchObject({ overdue: false, nearing: false });
  });

  it('counts real hours across the spring daylight-saving change (Paris: 10:00 CET → 11:00 CEST)', () => {
    // 28 March 2026 10:00 in Paris is 09:00 UTC; clocks go forward on the 29th.
    const clock = breachClock('2026-03-28T09:00:00.000Z', Date.parse('2026-03-28T09:00:00.000Z'));
    expect(clock.dueAt).toBe('2026-03-31T09:00:00.000Z');
    expect(clock.remainingMs).toBe(72 * HOUR);
  });

  it('is nearing in the last 24 hours and overdue only after the 72nd hour', () => {
    const aware = '2026-05-04T08:30:00.000Z';
    const due = Date.parse('2026-05-07T08:30:00.000Z');
    expect(breachClock(aware, due - 24 * HOUR - 1)).toMatchObject({ nearing: false, overdue: false });
    expect(breachClock(aware, due - 24 * HOUR)).toMatchObject({ nearing: true, overdue: false });
    expect(breachClock(aware, due)).toMatchObject({ nearing: true, overdue: false, remainingMs: 0 });
    expect(breachClock(aware, due + 1)).toMatchObject({ nearing: false, overdue: true, remainingMs: -1 });
  });

  it('a notification at the 72nd hour is in time, a millisecond later it is late', () => {
    expect(isLateNotification('2026-05-04T08:30:00.000Z', '2026-05-07T08:30:00.000Z')).toBe(false);
    expect(isLateNotification('2026-05-04T08:30:00.000Z', '2026-05-07T08:30:00.001Z')).toBe(true);
  });

  it('refuses a date that is not an instant', () => {
    expect(() => breachClock('yesterday', 0)).toThrow(RangeError);
  });

  it('splits a countdown into hours, minutes and seconds', () => {
    expect(durationParts(49 * HOUR + 5 * 60_000 + 7_999)).toEqual({ hours: 49, minutes: 5, seconds: 7 });
    expect(durationParts(-(3 * HOUR + 1_000))).toEqual({ hours: 3, minutes: 0, seconds: 1 });
  });
});

describe('the 72-hour clock, properties', () => {
  it('the deadline is exactly 72 real hours after awareness, whatever the day of the week', () => {
    fc.assert(
      fc.property(instants, (awareAt) => {
        const due = notificationDueMs(awareAt);
        expect(due).toBe(oracleDue(awareAt));
        expect(due - Date.parse(awareAt)).toBe(NOTIFICATION_WINDOW_MS);
        // No roll-over: same UTC time of day, three weekdays later (a Saturday is not skipped).
        const aware = new Date(awareAt);
        const dueDate = new Date(due);
        expect(dueDate.getUTCDay()).toBe((aware.getUTCDay() + 3) % 7);
        expect(dueDate.toISOString().slice(11)).toBe(aware.toISOString().slice(11));
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('remaining time, overdue and nearing agree with the deadline at any moment', () => {
    fc.assert(
      fc.property(instants, offsets, (awareAt, offset) => {
        const now = Date.parse(awareAt) + offset;
        const clock = breachClock(awareAt, now);
        expect(clock.remainingMs).toBe(oracleDue(awareAt) - now);
        expect(clock.remainingMs + (now - Date.parse(awareAt))).toBe(72 * HOUR);
        expect(clock.overdue).toBe(now > oracleDue(awareAt));
        expect(clock.nearing).toBe(!clock.overdue && oracleDue(awareAt) - now <= 24 * HOUR);
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('the countdown only goes down as time passes', () => {
    fc.assert(
      fc.property(instants, offsets, fc.integer({ min: 1, max: 100 * HOUR }), (awareAt, offset, step) => {
        const now = Date.parse(awareAt) + offset;
        const earlier = breachClock(awareAt, now);
        const later = breachClock(awareAt, now + step);
        expect(later.remainingMs).toBe(earlier.remainingMs - step);
        if (earlier.overdue) expect(later.overdue).toBe(true);
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('a notification is late exactly when it comes more than 72 hours after awareness', () => {
    fc.assert(
      fc.property(instants, fc.integer({ min: 0, max: 200 * HOUR }), (awareAt, after) => {
        const notifiedAt = new Date(Date.parse(awareAt) + after).toISOString();
        expect(isLateNotification(awareAt, notifiedAt)).toBe(after > 72 * HOUR);
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('a late notification is accepted only with the reasons for the delay', () => {
    fc.assert(
      fc.property(
        instants,
        fc.integer({ min: 0, max: 200 * HOUR }),
        fc.constantFrom('', 'Prestataire injoignable pendant le week-end.'),
        (awareAt, after, delayReasons) => {
          const notifiedAt = new Date(Date.parse(awareAt) + after).toISOString();
          const parsed = breachInputSchema.safeParse({
            title: 'Ordinateur volé',
            occurredAt: awareAt,
            awareAt,
            description: 'Portable volé dans la voiture.',
            authority: { decision: 'notified', notifiedAt, reference: 'N-1', delayReasons },
          });
          const late = after > 72 * HOUR;
          expect(parsed.success).toBe(!late || delayReasons !== '');
          if (!parsed.success) expect(parsed.error.issues[0]?.path).toEqual(['authority', 'delayReasons']);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('hours, minutes and seconds of a countdown add back up to it', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e10, max: 1e10 }), (ms) => {
        const { hours, minutes, seconds } = durationParts(ms);
        expect(minutes).toBeLessThan(60);
        expect(seconds).toBeLessThan(60);
        expect(hours * 3600 + minutes * 60 + seconds).toBe(Math.floor(Math.abs(ms) / 1000));
      }),
      { numRuns: NUM_RUNS },
    );
  });
});
