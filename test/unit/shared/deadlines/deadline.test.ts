import { describe, expect, it } from 'vitest';
import { computeDeadline, DeadlineInputError, isDeadlineInputError } from '../../../../shared/deadlines';
import type { DeadlineErrorCode, DeadlineInput } from '../../../../shared/deadlines';

const due = (receivedOn: string, more: Partial<DeadlineInput> = {}): string =>
  computeDeadline({ receivedOn, country: 'FR', ...more }).dueOn;

describe('computeDeadline — examples from the brief (FR unless said)', () => {
  it('2026-03-05 → 2026-04-07 (Easter Sunday 5, Easter Monday 6); extended → 2026-06-05', () => {
    const r = computeDeadline({ receivedOn: '2026-03-05', country: 'FR' });
    expect(r.dueOn).toBe('2026-04-07');
    expect(r.noticeDueOn).toBe('2026-04-07');
    expect(r.firstDeadlineUnrolled).toBe('2026-04-05');
    expect(r.rolledOverDays).toBe(2);
    expect(r.rollReasons).toEqual([
      { date: '2026-04-05', reason: 'sunday' },
      { date: '2026-04-06', reason: 'holiday', holidayName: 'Lundi de Pâques' },
    ]);
    expect(r.extendedDueOn).toBe('2026-06-05');
    expect(due('2026-03-05', { extended: true })).toBe('2026-06-05');
  });

  it('2026-01-31 → 2026-03-02; extended → 2026-04-28', () => {
    const r = computeDeadline({ receivedOn: '2026-01-31', country: 'FR', extended: true });
    expect(r.firstDeadlineUnrolled).toBe('2026-02-28'); // clamped, a Saturday
    expect(r.noticeDueOn).toBe('2026-03-02');
    // earlier of receipt + 3 months (04-30) and unrolled first deadline + 2 months (04-28)
    expect(r.extendedDueOnUnrolled).toBe('2026-04-28');
    expect(r.dueOn).toBe('2026-04-28');
    expect(r.rolledOverDays).toBe(0);
    expect(r.rollReasons).toEqual([]);
    expect(due('2026-01-31')).toBe('2026-03-02');
  });

  it('2028-01-31 → 2028-02-29 (leap year)', () => {
    expect(due('2028-01-31')).toBe('2028-02-29');
  });

  it('2026-04-01 → 2026-05-04 (1 May, then the weekend)', () => {
    const r = computeDeadline({ receivedOn: '2026-04-01', country: 'FR' });
    expect(r.dueOn).toBe('2026-05-04');
    expect(r.rollReasons.map((s) => s.reason)).toEqual(['holiday', 'saturday', 'sunday']);
    expect(r.rollReasons[0]?.holidayName).toBe('Fête du travail');
  });

  it('2026-03-03 → 2026-04-03; region 57 → 2026-04-07 (Good Friday)', () => {
    expect(due('2026-03-03')).toBe('2026-04-03');
    const r = computeDeadline({ receivedOn: '2026-03-03', country: 'FR', region: '57' });
    expect(r.dueOn).toBe('2026-04-07');
    expect(r.rollReasons[0]).toEqual({
      date: '2026-04-03',
      reason: 'holiday',
      holidayName: 'Vendredi saint',
    });
    expect(r.rolledOverDays).toBe(4);
  });

  it('2026-04-27 → 2026-05-27; region GP → 2026-05-28 (abolition of slavery)', () => {
    expect(due('2026-04-27')).toBe('2026-05-27');
    expect(due('2026-04-27', { region: 'GP' })).toBe('2026-05-28');
  });

  it("2026-03-02 with pause 03-03 → 03-10: 'suspend' → 2026-04-09, 'restart' → 2026-04-10", () => {
    const pauses = [{ from: '2026-03-03', to: '2026-03-10' }];
    const s = computeDeadline({ receivedOn: '2026-03-02', country: 'FR', pauses });
    expect(s.pausePolicy).toBe('suspend');
    expect(s.dueOn).toBe('2026-04-09');
    expect(s.pausedDays).toBe(7);
    expect(s.startsOn).toBe('2026-03-02');
    const r = computeDeadline({ receivedOn: '2026-03-02', country: 'FR', pauses, pausePolicy: 'restart' });
    expect(r.dueOn).toBe('2026-04-10');
    expect(r.startsOn).toBe('2026-03-10');
    expect(r.pausedDays).toBe(7);
  });
});

describe('computeDeadline — month ends and leap years', () => {
  it.each([
    ['2026-03-31', '2026-04-30'],
    ['2026-05-31', '2026-06-30'],
    ['2026-08-31', '2026-09-30'],
    ['2026-10-31', '2026-11-30'],
    ['2026-01-28', '2026-03-02'], // 2026-02-28 exists but is a Saturday
    ['2026-01-29', '2026-03-02'], // clamped to 2026-02-28 (Saturday)
    ['2026-01-30', '2026-03-02'],
    ['2025-01-31', '2025-02-28'],
    ['2024-01-31', '2024-02-29'],
    ['2028-01-29', '2028-02-29'],
    ['2028-01-30', '2028-02-29'],
  ])('received %s → %s', (receivedOn, expected) => {
    expect(due(receivedOn)).toBe(expected);
  });

  it('extended deadlines clamp each month addition separately', () => {
    // 2027-11-30: +3 months = 2028-02-29; (2027-12-30) + 2 months = 2028-02-29 (Tuesday)
    expect(due('2027-11-30', { extended: true })).toBe('2028-02-29');
    // 2026-11-30: +3 months = 2027-02-28 (Sunday) → Monday 1 March
    expect(due('2026-11-30', { extended: true })).toBe('2027-03-01');
    // 2026-12-31: first 2027-01-31 (Sunday, unrolled) + 2 months = 2027-03-31 (Wednesday)
    const r = computeDeadline({ receivedOn: '2026-12-31', country: 'FR', extended: true });
    expect(r.firstDeadlineUnrolled).toBe('2027-01-31');
    expect(r.noticeDueOn).toBe('2027-02-01');
    expect(r.dueOn).toBe('2027-03-31');
  });

  it('rolls over the year end and chained holidays', () => {
    expect(due('2026-11-25')).toBe('2026-12-28'); // Noël Fri 25, weekend
    expect(due('2026-11-25', { region: '57' })).toBe('2026-12-28'); // + St Stephen on the Saturday
    const r = computeDeadline({ receivedOn: '2026-11-25', country: 'FR', region: '57' });
    expect(r.rollReasons).toEqual([
      { date: '2026-12-25', reason: 'holiday', holidayName: 'Noël' },
      { date: '2026-12-26', reason: 'saturday', holidayName: 'Lendemain de Noël' },
      { date: '2026-12-27', reason: 'sunday' },
    ]);
    expect(due('2026-12-01')).toBe('2027-01-04'); // New Year's Day Fri 1
  });
});

describe('computeDeadline — other countries and regions', () => {
  it.each([
    ['BE', undefined, '2026-06-21', '2026-07-22'], // Fête nationale Tue 21 July
    ['DE', 'BY', '2026-05-04', '2026-06-05'], // Fronleichnam Thu 4 June (Bavaria)
    ['DE', undefined, '2026-05-04', '2026-06-04'], // not a holiday nationwide
    ['ES', undefined, '2026-11-06', '2026-12-07'], // Constitution Day on Sunday 6 Dec
    ['IT', undefined, '2026-09-04', '2026-10-05'], // San Francesco Sunday 4 Oct
    ['LU', undefined, '2026-04-09', '2026-05-11'], // Europe Day Sat 9 May
    ['FR', 'RE', '2026-11-20', '2026-12-21'], // 20 Dec (Sunday) abolition of slavery in La Réunion
  ] as const)('%s %s: received %s → %s', (country, region, receivedOn, expected) => {
    expect(computeDeadline({ receivedOn, country, region }).dueOn).toBe(expected);
  });

  it('accepts lower-case codes and reports the canonical ones', () => {
    const r = computeDeadline({ receivedOn: '2026-04-27', country: 'fr', region: 'gp' });
    expect(r.dueOn).toBe('2026-05-28');
    expect(r.country).toBe('FR');
    expect(r.region).toBe('GP');
  });

  it("treats region '', null and undefined as the whole country", () => {
    for (const region of ['', null, undefined]) {
      const r = computeDeadline({ receivedOn: '2026-03-03', country: 'FR', region });
      expect(r.dueOn).toBe('2026-04-03');
      expect(r.region).toBeUndefined();
    }
  });

  it('does not count observances, school or bank holidays', () => {
    // DE-BY: Mariä Himmelfahrt (Sat) is an observance, Buß- und Bettag Wed 18 Nov 2026 is 'school'
    expect(computeDeadline({ receivedOn: '2026-10-18', country: 'DE', region: 'BY' }).dueOn).toBe(
      '2026-11-18',
    );
    // LU: Good Friday is an observance in the data
    expect(computeDeadline({ receivedOn: '2026-03-03', country: 'LU' }).dueOn).toBe('2026-04-03');
    // FR: Whit Sunday (observance) falls on a Sunday anyway; Whit Monday is public
    expect(due('2026-04-25')).toBe('2026-05-26');
  });
});

describe('computeDeadline — pauses', () => {
  const base = { receivedOn: '2026-03-02', country: 'FR' } as const;

  it('suspend adds every pause', () => {
    const r = computeDeadline({
      ...base,
      pauses: [
        { from: '2026-03-03', to: '2026-03-10' },
        { from: '2026-03-20', to: '2026-03-23' },
      ],
    });
    expect(r.pausedDays).toBe(10);
    expect(r.firstDeadlineUnrolled).toBe('2026-04-12'); // 04-02 + 10, a Sunday
    expect(r.dueOn).toBe('2026-04-13');
  });

  it('suspend counts overlapping days once', () => {
    const r = computeDeadline({
      ...base,
      pauses: [
        { from: '2026-03-08', to: '2026-03-12' },
        { from: '2026-03-03', to: '2026-03-10' },
      ],
    });
    expect(r.pausedDays).toBe(9); // 03-03 → 03-12
    expect(r.firstDeadlineUnrolled).toBe('2026-04-11');
    expect(r.dueOn).toBe('2026-04-13');
  });

  it('suspend moves the extended deadline too, before rolling', () => {
    const r = computeDeadline({
      receivedOn: '2026-01-31',
      country: 'FR',
      extended: true,
      pauses: [{ from: '2026-02-02', to: '2026-02-09' }],
    });
    expect(r.firstDeadlineUnrolled).toBe('2026-03-07'); // 02-28 + 7 (Saturday)
    expect(r.noticeDueOn).toBe('2026-03-09');
    expect(r.extendedDueOnUnrolled).toBe('2026-05-05'); // 04-28 + 7
    expect(r.dueOn).toBe('2026-05-05');
  });

  it('restart runs from the latest `to`, whatever the order of the pauses', () => {
    const r = computeDeadline({
      ...base,
      pausePolicy: 'restart',
      pauses: [
        { from: '2026-03-20', to: '2026-03-23' },
        { from: '2026-03-03', to: '2026-03-10' },
      ],
    });
    expect(r.startsOn).toBe('2026-03-23');
    expect(r.firstDeadlineUnrolled).toBe('2026-04-23');
    expect(r.dueOn).toBe('2026-04-23');
    expect(r.pausedDays).toBe(10);
    expect(
      computeDeadline({
        ...base,
        pausePolicy: 'restart',
        extended: true,
        pauses: [{ from: '2026-03-03', to: '2026-03-10' }],
      }).dueOn,
    ).toBe('2026-06-10');
  });

  it('empty and zero-length pauses change nothing', () => {
    for (const pausePolicy of ['suspend', 'restart'] as const) {
      expect(due('2026-03-05', { pausePolicy, pauses: [] })).toBe('2026-04-07');
      expect(due('2026-03-05', { pausePolicy, pauses: [{ from: '2026-03-05', to: '2026-03-05' }] })).toBe(
        '2026-04-07',
      );
    }
  });
});

describe('computeDeadline — bad input', () => {
  const expectError = (input: unknown, code: DeadlineErrorCode, field?: string): void => {
    let caught: unknown;
    try {
      computeDeadline(input as DeadlineInput);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(DeadlineInputError);
    expect(isDeadlineInputError(caught)).toBe(true);
    const err = caught as DeadlineInputError;
    expect(err.code).toBe(code);
    expect(err.name).toBe('DeadlineInputError');
    if (field !== undefined) expect(err.field).toBe(field);
  };

  it.each([
    '2026-2-03',
    '2026-02-30',
    '2026-13-01',
    '',
    'yesterday',
    '2026-01-01T10:00:00Z',
    '1899-12-31',
    '2200-01-01',
  ])('malformed receivedOn %j → invalid_date', (receivedOn) =>
    expectError({ receivedOn, country: 'FR' }, 'invalid_date', 'receivedOn'),
  );

  it('non-string receivedOn → invalid_date', () => {
    expectError({ receivedOn: 20260101, country: 'FR' }, 'invalid_date', 'receivedOn');
    expectError({ country: 'FR' }, 'invalid_date', 'receivedOn');
  });

  it('unknown country → unknown_country', () => {
    for (const country of ['XX', 'France', '', 'FRA'])
      expectError({ receivedOn: '2026-03-05', country }, 'unknown_country', 'country');
    expectError({ receivedOn: '2026-03-05', country: 42 }, 'unknown_country', 'country');
  });

  it('unknown region → unknown_region', () => {
    expectError({ receivedOn: '2026-03-05', country: 'FR', region: 'ZZ' }, 'unknown_region', 'region');
    expectError({ receivedOn: '2026-03-05', country: 'DE', region: '57' }, 'unknown_region', 'region');
    expectError({ receivedOn: '2026-03-05', country: 'LU', region: 'GP' }, 'unknown_region', 'region');
    expectError({ receivedOn: '2026-03-05', country: 'FR', region: 57 }, 'unknown_region', 'region');
  });

  it('pause ending before it starts, or starting before receipt → invalid_pause', () => {
    expectError(
      { receivedOn: '2026-03-02', country: 'FR', pauses: [{ from: '2026-03-10', to: '2026-03-03' }] },
      'invalid_pause',
      'pauses.0',
    );
    expectError(
      {
        receivedOn: '2026-03-02',
        country: 'FR',
        pauses: [
          { from: '2026-03-03', to: '2026-03-04' },
          { from: '2026-03-01', to: '2026-03-04' },
        ],
      },
      'invalid_pause',
      'pauses.1',
    );
    expectError({ receivedOn: '2026-03-02', country: 'FR', pauses: 'none' }, 'invalid_pause', 'pauses');
    expectError(
      { receivedOn: '2026-03-02', country: 'FR', pausePolicy: 'freeze' },
      'invalid_pause',
      'pausePolicy',
    );
  });

  it('malformed pause dates → invalid_date with the path', () => {
    expectError(
      { receivedOn: '2026-03-02', country: 'FR', pauses: [{ from: '2026-03-03', to: '2026-03-32' }] },
      'invalid_date',
      'pauses.0.to',
    );
    expectError(
      { receivedOn: '2026-03-02', country: 'FR', pauses: [{ from: 3, to: '2026-03-10' }] },
      'invalid_date',
      'pauses.0.from',
    );
  });

  it('non-object input or non-boolean extended → invalid_input', () => {
    expectError(null, 'invalid_input', '');
    expectError('2026-03-05', 'invalid_input', '');
    expectError({ receivedOn: '2026-03-05', country: 'FR', extended: 'yes' }, 'invalid_input', 'extended');
  });

  it('checks the date before the country', () => {
    expectError({ receivedOn: 'nope', country: 'XX' }, 'invalid_date');
  });
});
