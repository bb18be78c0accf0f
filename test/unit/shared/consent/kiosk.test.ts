import { describe, expect, it } from 'vitest';
import { kioskChoiceOf, kioskDecision, kioskDecisions } from '../../../../shared/consent/kiosk';

describe('kiosk choices', () => {
  it('shows a consent purpose as yes / no, and nothing chosen before a first decision', () => {
    expect(kioskChoiceOf('consent', 'granted')).toBe('yes');
    expect(kioskChoiceOf('consent', 'refused')).toBe('no');
    expect(kioskChoiceOf('consent', 'withdrawn')).toBe('no');
    expect(kioskChoiceOf('consent', 'none')).toBeNull();
  });

  it('shows a legitimate-interest purpose as an objection or none', () => {
    expect(kioskChoiceOf('legitimate_interest', 'none')).toBe('no_objection');
    expect(kioskChoiceOf('legitimate_interest', 'granted')).toBe('no_objection');
    expect(kioskChoiceOf('legitimate_interest', 'withdrawn')).toBe('object');
  });

  it('records only changes: a consent given, withdrawn or refused; an objection made or lifted', () => {
    expect(kioskDecision('consent', 'none', 'yes')).toBe('granted');
    expect(kioskDecision('consent', 'granted', 'no')).toBe('withdrawn');
    expect(kioskDecision('consent', 'none', 'no')).toBe('refused');
    expect(kioskDecision('consent', 'withdrawn', 'yes')).toBe('granted');
    expect(kioskDecision('consent', 'granted', 'yes')).toBeNull();
    expect(kioskDecision('consent', 'refused', 'no')).toBeNull();
    expect(kioskDecision('consent', 'none', null)).toBeNull();
    expect(kioskDecision('legitimate_interest', 'none', 'object')).toBe('withdrawn');
    expect(kioskDecision('legitimate_interest', 'withdrawn', 'no_objection')).toBe('granted');
    expect(kioskDecision('legitimate_interest', 'none', 'no_objection')).toBeNull();
  });

  it('lists the decisions of a session in the order shown', () => {
    const rows = [
      { purposeId: 'news', lawfulBasis: 'consent' as const, state: 'none' as const },
      { purposeId: 'sms', lawfulBasis: 'consent' as const, state: 'granted' as const },
      { purposeId: 'post', lawfulBasis: 'legitimate_interest' as const, state: 'none' as const },
    ];
    expect(kioskDecisions(rows, { sms: 'no', news: 'yes', post: 'no_objection' })).toEqual([
      { purposeId: 'news', decision: 'granted' },
      { purposeId: 'sms', decision: 'withdrawn' },
    ]);
    expect(kioskDecisions(rows, {})).toEqual([]);
  });
});
