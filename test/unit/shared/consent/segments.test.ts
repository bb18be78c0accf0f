import { describe, expect, it } from 'vitest';
import {
  addMonthsToDate,
  decisionDate,
  monthsBetween,
  needsReconsent,
  segmentFilter,
} from '../../../../shared/consent';
import type { ConsentEvent, Decision, Notice, Purpose } from '../../../../shared/consent';

const STAMPS = {
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  createdBy: null,
  updatedBy: null,
  hlc: '000000000000001-000000-dev',
};

function consentEvent(
  fields: Partial<ConsentEvent> & { decision: Decision; decidedAt: string },
): ConsentEvent {
  return {
    id: 'e1',
    subjectId: 's1',
    purposeId: 'newsletter',
    channel: 'paper_form',
    noticeId: 'n1',
    evidence: { attachment: null, callReference: '', witnessName: '', fileHash: '', formReference: '' },
    note: '',
    correctsEventId: '',
    ...STAMPS,
    ...fields,
  };
}

const newsletter: Purpose = {
  id: 'newsletter',
  name: { fr: 'Lettre d’information', en: 'Newsletter' },
  description: { fr: '', en: '' },
  channel: 'email',
  lawfulBasis: 'consent',
  reconsentMonths: 36,
  active: true,
  ...STAMPS,
};

function notice(id: string, fields: Partial<Notice> & { number: number; effectiveOn: string }): Notice {
  return {
    id,
    kind: 'privacy_notice',
    title: `v${fields.number}`,
    language: 'fr',
    text: '…',
    ...STAMPS,
    ...fields,
  };
}

describe('addMonthsToDate and monthsBetween', () => {
  it('adds calendar months, clamped to the end of the month', () => {
    expect(addMonthsToDate('2023-03-31', 36)).toBe('2026-03-31');
    expect(addMonthsToDate('2024-01-31', 1)).toBe('2024-02-29');
    expect(addMonthsToDate('2024-02-29', 12)).toBe('2025-02-28');
    expect(addMonthsToDate('2024-03-31', -1)).toBe('2024-02-29');
    expect(() => addMonthsToDate('2024-02-30', 1)).toThrow(RangeError);
  });

  it('counts whole months consistently with addMonthsToDate', () => {
    expect(monthsBetween('2023-03-31', '2026-03-30')).toBe(35);
    expect(monthsBetween('2023-03-31', '2026-03-31')).toBe(36);
    expect(monthsBetween('2023-01-31', '2023-02-28')).toBe(1);
    expect(monthsBetween('2023-01-31', '2023-02-27')).toBe(0);
    expect(monthsBetween('2025-05-15', '2025-05-15')).toBe(0);
    expect(monthsBetween('2025-05-15', '2025-04-15')).toBe(-1);
    expect(monthsBetween('2025-05-15', '2025-04-16')).toBe(-1);
  });

  it('dates a decision in the given time zone, UTC by default', () => {
    expect(decisionDate('2023-03-31T22:30:00.000Z')).toBe('2023-03-31');
    expect(decisionDate('2023-03-31T22:30:00.000Z', 'Europe/Paris')).toBe('2023-04-01');
    expect(decisionDate('2023-12-31T23:30:00Z', 'Europe/Paris')).toBe('2024-01-01');
  });
});

describe('segmentFilter', () => {
  const today = '2026-04-15';
  const paper = consentEvent({ decision: 'granted', decidedAt: '2025-04-15T10:00:00.000Z' }); // 12 months
  const phone = consentEvent({
    decision: 'granted',
    channel: 'phone',
    decidedAt: '2026-03-20T10:00:00.000Z',
  }); // 0
  const old = consentEvent({ decision: 'granted', channel: 'web', decidedAt: '2023-04-16T10:00:00.000Z' }); // 35

  it('keeps everything without criteria', () => {
    expect([paper, phone, old].filter(segmentFilter({ today }))).toEqual([paper, phone, old]);
  });

  it('filters on the channel of the decision', () => {
    expect([paper, phone, old].filter(segmentFilter({ today, channel: 'phone' }))).toEqual([phone]);
  });

  it('filters on the age in whole calendar months, both bounds included', () => {
    expect([paper, phone, old].filter(segmentFilter({ today, minAgeMonths: 12 }))).toEqual([paper, old]);
    expect([paper, phone, old].filter(segmentFilter({ today, maxAgeMonths: 12 }))).toEqual([paper, phone]);
    expect([paper, phone, old].filter(segmentFilter({ today, minAgeMonths: 1, maxAgeMonths: 12 }))).toEqual([
      paper,
    ]);
    expect(segmentFilter({ today: '2025-04-14', minAgeMonths: 0 })(paper)).toBe(false);
  });

  it('dates the decision in the time zone given', () => {
    const lateEvening = consentEvent({ decision: 'granted', decidedAt: '2025-04-14T22:30:00.000Z' });
    expect(segmentFilter({ today: '2025-05-14', minAgeMonths: 1 })(lateEvening)).toBe(true);
    expect(
      segmentFilter({ today: '2025-05-14', minAgeMonths: 1, timeZone: 'Europe/Paris' })(lateEvening),
    ).toBe(false);
  });

  it('refuses a today that is not a date', () => {
    expect(() => segmentFilter({ today: '15/04/2026' })).toThrow(RangeError);
  });
});

describe('needsReconsent', () => {
  const granted = consentEvent({ decision: 'granted', decidedAt: '2023-03-31T10:00:00.000Z' });
  const v1 = notice('n1', { number: 1, effectiveOn: '2023-01-01' });

  it('expires after decided + N months: 2023-03-31 with 36 months is valid on 2026-03-31, expired on 2026-04-01', () => {
    expect(needsReconsent(granted, newsletter, [v1], '2026-03-30')).toBeNull();
    expect(needsReconsent(granted, newsletter, [v1], '2026-03-31')).toBeNull();
    expect(needsReconsent(granted, newsletter, [v1], '2026-04-01')).toBe('expired');
  });

  it('clamps at the end of the month', () => {
    const leap = consentEvent({ decision: 'granted', decidedAt: '2024-02-29T10:00:00.000Z' });
    const yearly = { ...newsletter, reconsentMonths: 12 };
    expect(needsReconsent(leap, yearly, [v1], '2025-02-28')).toBeNull();
    expect(needsReconsent(leap, yearly, [v1], '2025-03-01')).toBe('expired');
  });

  it('only concerns granted consents', () => {
    for (const decision of ['refused', 'withdrawn'] as const) {
      const event = consentEvent({ decision, decidedAt: '2020-01-01T10:00:00.000Z' });
      expect(
        needsReconsent(
          event,
          newsletter,
          [v1, notice('n2', { number: 2, effectiveOn: '2021-01-01' })],
          '2026-04-01',
        ),
      ).toBeNull();
    }
  });

  it('asks again when a newer notice of the same kind and language is in force', () => {
    const v2 = notice('n2', { number: 2, effectiveOn: '2025-09-01' });
    expect(needsReconsent(granted, newsletter, [v1, v2], '2025-08-31')).toBeNull();
    expect(needsReconsent(granted, newsletter, [v1, v2], '2025-09-01')).toBe('notice_replaced');
  });

  it('is not replaced by a prior notice an import created later with a higher number', () => {
    const prior = notice('n9', { number: 9, effectiveOn: '2019-01-01' });
    expect(needsReconsent(granted, newsletter, [v1, prior], '2025-09-01')).toBeNull();
    const onPrior = consentEvent({
      decision: 'granted',
      decidedAt: '2024-03-31T10:00:00.000Z',
      noticeId: 'n9',
    });
    expect(needsReconsent(onPrior, newsletter, [v1, prior], '2025-09-01')).toBe('notice_replaced');
  });

  it('ignores a newer notice of another kind or language, and an older one', () => {
    const v2 = notice('n2', { number: 2, effectiveOn: '2023-01-01' });
    const english = notice('n3', { number: 3, language: 'en', effectiveOn: '2024-01-01' });
    const script = notice('n4', { number: 4, kind: 'phone_script', effectiveOn: '2024-01-01' });
    const shownV2 = consentEvent({
      decision: 'granted',
      decidedAt: '2024-03-31T10:00:00.000Z',
      noticeId: 'n2',
    });
    expect(needsReconsent(shownV2, newsletter, [v1, v2, english, script], '2025-01-01')).toBeNull();
    // A notice missing from the list gives no answer.
    expect(needsReconsent(granted, newsletter, [v2], '2025-01-01')).toBeNull();
  });

  it('reports expiry first when both apply, and refuses an event of another purpose', () => {
    const v2 = notice('n2', { number: 2, effectiveOn: '2024-01-01' });
    expect(needsReconsent(granted, newsletter, [v1, v2], '2026-04-01')).toBe('expired');
    expect(() => needsReconsent(granted, { ...newsletter, id: 'sms' }, [v1], '2026-04-01')).toThrow(
      RangeError,
    );
  });
});
