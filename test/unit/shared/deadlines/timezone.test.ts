/**
 * Deadlines must not depend on the machine's time zone. date-holidays builds its Date objects in
 * local time; the engine only reads each holiday's own date string, so switching TZ (at UTC+14 and
 * UTC−8 a holiday's midnight is on another UTC day) must change nothing.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { computeDeadline } from '../../../../shared/deadlines';
import { clearHolidayCaches } from '../../../../shared/deadlines/holidays';

const originalTz = process.env.TZ;

afterAll(() => {
  if (originalTz === undefined) delete process.env.TZ;
  else process.env.TZ = originalTz;
  clearHolidayCaches();
});

const PLACES: [string, string | undefined][] = [
  ['FR', undefined],
  ['FR', '57'],
  ['FR', 'GP'],
  ['FR', 'RE'],
  ['BE', undefined],
  ['DE', 'BY'],
  ['ES', undefined],
  ['IT', undefined],
  ['LU', undefined],
];

function sample(): string[] {
  const out: string[] = [];
  for (const [country, region] of PLACES) {
    for (let d = Date.UTC(2025, 11, 1); d <= Date.UTC(2027, 0, 31); d += 86_400_000) {
      const receivedOn = new Date(d).toISOString().slice(0, 10);
      const r = computeDeadline({ receivedOn, country, region, extended: true });
      out.push(`${country}-${region ?? ''} ${receivedOn} ${r.noticeDueOn} ${r.dueOn}`);
    }
  }
  return out;
}

describe('time-zone independence', () => {
  it('gives the same deadlines in UTC, Pacific/Kiritimati and America/Los_Angeles', () => {
    const offsets: Record<string, number> = {
      UTC: 0,
      'Pacific/Kiritimati': -840,
      'America/Los_Angeles': 480,
    };
    const results: string[][] = [];
    for (const [tz, offset] of Object.entries(offsets)) {
      process.env.TZ = tz;
      // the switch really happened (otherwise this test would prove nothing)
      expect(new Date(Date.UTC(2026, 0, 1)).getTimezoneOffset()).toBe(offset);
      clearHolidayCaches();
      expect(computeDeadline({ receivedOn: '2026-03-05', country: 'FR' }).dueOn).toBe('2026-04-07');
      expect(computeDeadline({ receivedOn: '2026-03-03', country: 'FR', region: '57' }).dueOn).toBe(
        '2026-04-07',
      );
      expect(computeDeadline({ receivedOn: '2026-04-27', country: 'FR', region: 'GP' }).dueOn).toBe(
        '2026-05-28',
      );
      expect(computeDeadline({ receivedOn: '2026-04-01', country: 'FR' }).dueOn).toBe('2026-05-04');
      results.push(sample());
    }
    expect(results[1]).toEqual(results[0]);
    expect(results[2]).toEqual(results[0]);
  });
});
