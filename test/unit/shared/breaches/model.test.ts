import { describe, expect, it } from 'vitest';
import { breachInputSchema, isOpenBreach, type BreachInput } from '../../../../shared/breaches/model';
import { inputProblems, RV } from '../../../../shared/registers/validation';

const base: BreachInput = {
  title: 'Clé USB perdue',
  occurredAt: '2026-03-18T14:00:00.000Z',
  awareAt: '2026-03-19T09:00:00.000Z',
  description: 'Une clé USB contenant le fichier clients a été perdue.',
};

describe('breach input', () => {
  it('fills what is not known yet: no decision, no counts', () => {
    const breach = breachInputSchema.parse(base);
    expect(breach.authority.decision).toBe('pending');
    expect(breach.people.decision).toBe('pending');
    expect(breach.approxSubjects).toBeNull();
    expect(isOpenBreach(breach)).toBe(true);
  });

  it('refuses an awareness before the breach, on the awareness field, with its own message', () => {
    expect(inputProblems(breachInputSchema, { ...base, awareAt: '2026-03-18T13:59:00.000Z' })).toEqual({
      awareAt: RV.awareBeforeOccurred,
    });
    // Aware at the very moment it happened is possible (seen happening).
    expect(inputProblems(breachInputSchema, { ...base, awareAt: base.occurredAt })).toBeNull();
  });

  it('a notification needs its date, not before awareness', () => {
    expect(inputProblems(breachInputSchema, { ...base, authority: { decision: 'notified' } })).toEqual({
      'authority.notifiedAt': RV.notifiedAtRequired,
    });
    expect(
      inputProblems(breachInputSchema, {
        ...base,
        authority: { decision: 'notified', notifiedAt: '2026-03-19T08:00:00.000Z' },
      }),
    ).toEqual({ 'authority.notifiedAt': RV.notifiedBeforeAware });
    expect(
      inputProblems(breachInputSchema, {
        ...base,
        people: { decision: 'notified', notifiedAt: '2026-03-19T08:00:00.000Z' },
      }),
    ).toEqual({ 'people.notifiedAt': RV.notifiedBeforeAware });
  });

  it('a notification after 72 hours needs the reasons for the delay', () => {
    const late = {
      decision: 'notified' as const,
      notifiedAt: '2026-03-22T09:00:01.000Z',
      reference: 'CNIL-1',
    };
    expect(inputProblems(breachInputSchema, { ...base, authority: late })).toEqual({
      'authority.delayReasons': RV.delayReasonsRequired,
    });
    expect(
      inputProblems(breachInputSchema, {
        ...base,
        authority: { ...late, delayReasons: 'Ampleur inconnue avant l’audit du prestataire.' },
      }),
    ).toBeNull();
    expect(
      inputProblems(breachInputSchema, {
        ...base,
        authority: { ...late, notifiedAt: '2026-03-22T09:00:00.000Z' },
      }),
    ).toBeNull();
  });

  it('deciding not to notify needs the reason why (Art. 33(5), Art. 34(3))', () => {
    expect(
      inputProblems(breachInputSchema, {
        ...base,
        authority: { decision: 'not_required' },
        people: { decision: 'not_required' },
      }),
    ).toEqual({
      'authority.notRequiredReason': RV.notRequiredReason,
      'people.notRequiredReason': RV.notRequiredReason,
    });
    const closed = breachInputSchema.parse({
      ...base,
      authority: { decision: 'not_required', notRequiredReason: 'Clé chiffrée, aucun risque.' },
    });
    expect(isOpenBreach(closed)).toBe(false);
  });

  it('approximate counts are whole numbers, zero or more, or unknown', () => {
    expect(inputProblems(breachInputSchema, { ...base, approxSubjects: -1 })).toEqual({
      approxSubjects: RV.count,
    });
    expect(inputProblems(breachInputSchema, { ...base, approxRecords: 2.5 })).toEqual({
      approxRecords: RV.count,
    });
    expect(breachInputSchema.parse({ ...base, approxSubjects: 120 }).approxSubjects).toBe(120);
  });

  it('requires what happened, and real instants', () => {
    expect(inputProblems(breachInputSchema, { ...base, title: ' ', awareAt: '19/03/2026' })).toEqual({
      title: 'validation.required',
      awareAt: 'validation.date',
    });
  });
});
