import { describe, expect, it } from 'vitest';
import {
  checkAppLock,
  checkNoticeCurrent,
  checkRegisterReview,
  checkRequestDeadlines,
  lastReviewedOn,
  missingRegisterFields,
  monthsBefore,
  runChecks,
  CHECK_IDS,
} from '../../../../shared/compliance/checks';
import type { ComplianceFacts } from '../../../../shared/compliance/facts';
import { isNewRun, runRecord } from '../../../../shared/compliance/history';
import { isUnprovenConsent } from '../../../../shared/compliance/evidence';
import { trainingStatus } from '../../../../shared/training/module';

const empty: ComplianceFacts = {
  today: '2026-03-10',
  openRequests: [],
  letters: [],
  unprovenConsents: { count: 0, first: [] },
  purposes: [],
  notices: [],
  registerEntries: [],
  breaches: [],
  retention: { activeRules: 1, pastRetention: 0, first: [] },
  lastArchiveExport: '2026-03-01T10:00:00.000Z',
  archiveEveryMonths: 3,
  syncConfigured: true,
  staff: [{ id: 's1', name: 'Claire', active: true, hasCode: true }],
  lockAfterMinutes: 5,
  trainings: [{ staffId: 's1', moduleVersion: 1, completedAt: '2026-03-01T10:00:00.000Z' }],
  trainingModuleVersion: 1,
};

const request = (id: string, dueOn: string, clock: 'running' | 'stopped' = 'running') => ({
  id,
  reference: `DSR-2026-AAA-000${id}`,
  receivedOn: '2026-03-01',
  status: 'in_progress' as const,
  clock,
  dueOn,
  noticeDueOn: dueOn,
  extended: false,
});

describe('compliance checks (pure)', () => {
  it('counts a month back to the last day when the date does not exist', () => {
    expect(monthsBefore('2026-05-31', 3)).toBe('2026-02-28');
    expect(monthsBefore('2026-03-10', 12)).toBe('2025-03-10');
    expect(monthsBefore('2026-01-15', 1)).toBe('2025-12-15');
  });

  it('a request due within three days fails, one waiting for identity does not, the most urgent first', () => {
    const result = checkRequestDeadlines({
      ...empty,
      openRequests: [
        request('1', '2026-03-13'),
        request('2', '2026-03-09'),
        request('3', '2026-03-14'),
        request('4', '2026-03-01', 'stopped'),
      ],
    });
    expect(result.items.map((item) => item.target.id)).toEqual(['2', '1']);
    expect(result.fix).toEqual({ section: 'requests', id: '2' });
  });

  it('a purpose created after the notice in force makes the notice out of date', () => {
    const facts: ComplianceFacts = {
      ...empty,
      notices: [{ id: 'n1', number: 1, effectiveOn: '2026-01-01', createdAt: '2026-01-01T10:00:00.000Z' }],
      purposes: [{ id: 'p1', active: true, createdAt: '2026-01-01T10:00:00.000Z' }],
    };
    expect(checkNoticeCurrent(facts).passed).toBe(true);
    const later = {
      ...facts,
      purposes: [...facts.purposes, { id: 'p2', active: true, createdAt: '2026-02-01T10:00:00.000Z' }],
    };
    expect(checkNoticeCurrent(later)).toMatchObject({ passed: false, count: 1 });
    // A notice written in advance is not yet in force.
    const future = {
      ...facts,
      notices: [{ id: 'n2', number: 2, effectiveOn: '2026-04-01', createdAt: '2026-03-01T10:00:00.000Z' }],
    };
    expect(checkNoticeCurrent(future).passed).toBe(false);
  });

  it('names the Art. 30(1) fields an entry lacks', () => {
    expect(
      missingRegisterFields({
        id: 'e',
        changedAt: '2026-01-01T00:00:00.000Z',
        name: 'Clients',
        active: true,
        controller: { name: 'Boutique', contact: '', representative: '', dpo: '', jointControllers: '' },
        purposes: 'Ventes',
        lawfulBases: ['contract'],
        subjectCategories: ['Clients'],
        dataCategories: [],
        recipients: ['Comptable'],
        retention: '',
        security: 'Mots de passe',
      }),
    ).toEqual(['controller', 'dataCategories', 'retention']);
  });

  it('runs every check once, in order; an empty shop with sync, an archive and rules passes', () => {
    const results = runChecks(empty);
    expect(results.map((result) => result.id)).toEqual([...CHECK_IDS]);
    expect(results.filter((result) => !result.passed).map((result) => result.id)).toEqual([
      'register_review',
    ]);
  });

  it('an entry counts as reviewed on its review day or its last change of content, whichever is later', () => {
    const entry = {
      id: 'e',
      changedAt: '2025-01-10T10:00:00.000Z',
      name: 'Clients',
      active: true,
      controller: { name: 'Boutique', contact: '1 rue X', representative: '', dpo: '', jointControllers: '' },
      purposes: 'Ventes',
      lawfulBases: ['contract' as const],
      subjectCategories: ['Clients'],
      dataCategories: [{ name: 'Identité', special: false }],
      recipients: ['Comptable'],
      retention: '3 ans',
      security: 'Mots de passe',
    };
    expect(lastReviewedOn(entry)).toBe('2025-01-10');
    expect(lastReviewedOn({ ...entry, reviewedOn: '2025-06-01' })).toBe('2025-06-01');
    expect(lastReviewedOn({ ...entry, reviewedOn: '2024-06-01' })).toBe('2025-01-10');
    const facts = { ...empty, registerEntries: [entry] };
    expect(checkRegisterReview(facts)).toMatchObject({ passed: false, items: [{ label: 'Clients' }] });
    expect(
      checkRegisterReview({ ...facts, registerEntries: [{ ...entry, reviewedOn: '2025-03-10' }] }).passed,
    ).toBe(true);
    expect(
      checkRegisterReview({ ...facts, registerEntries: [{ ...entry, reviewedOn: '2025-03-09' }] }).passed,
    ).toBe(false);
  });

  it('the app lock needs a code for every active member, then an idle delay', () => {
    const member = (id: string, hasCode: boolean, active = true) => ({ id, name: id, active, hasCode });
    const nobody = { ...empty, staff: [member('Claire', false), member('Bob', false)], lockAfterMinutes: 0 };
    expect(checkAppLock(nobody)).toMatchObject({
      passed: false,
      finding: 'no_code',
      count: 1,
      fix: { section: 'settings', id: 'security' },
    });
    const one = {
      ...nobody,
      staff: [member('Claire', true), member('Bob', false), member('Old', false, false)],
    };
    expect(checkAppLock(one)).toMatchObject({ passed: false, finding: 'without_code', count: 1 });
    expect(checkAppLock(one).items.map((item) => item.label)).toEqual(['Bob']);
    const all = { ...one, staff: [member('Claire', true), member('Bob', true), member('Old', false, false)] };
    expect(checkAppLock(all)).toMatchObject({ passed: false, finding: 'no_idle', count: 1 });
    expect(checkAppLock({ ...all, lockAfterMinutes: 5 })).toMatchObject({
      passed: true,
      count: 0,
      items: [],
    });
    expect(checkAppLock({ ...all, lockAfterMinutes: 5 }).finding).toBeUndefined();
  });

  it('a consent needs one proof; refusals need none', () => {
    const evidence = {
      attachment: null,
      callReference: '',
      witnessName: '',
      fileHash: '',
      formReference: '',
    };
    expect(isUnprovenConsent({ decision: 'granted', evidence })).toBe(true);
    expect(isUnprovenConsent({ decision: 'granted', evidence: { ...evidence, formReference: 'F-1' } })).toBe(
      false,
    );
    expect(isUnprovenConsent({ decision: 'withdrawn', evidence })).toBe(false);
  });

  it('training is due when never taken, older than the bound, or of an older version', () => {
    expect(trainingStatus(null, '2025-03-10')).toEqual({ state: 'due', reason: 'never' });
    expect(
      trainingStatus({ moduleVersion: 1, completedAt: '2025-03-09T10:00:00.000Z' }, '2025-03-10'),
    ).toEqual({ state: 'due', reason: 'expired' });
    expect(
      trainingStatus({ moduleVersion: 1, completedAt: '2025-03-10T10:00:00.000Z' }, '2025-03-10', 2),
    ).toEqual({ state: 'due', reason: 'new_version' });
    expect(
      trainingStatus({ moduleVersion: 1, completedAt: '2025-03-10T10:00:00.000Z' }, '2025-03-10').state,
    ).toBe('trained');
  });

  it('a run is new on a new day or with a different outcome', () => {
    const sameDay = (a: string, b: string) => a.slice(0, 10) === b.slice(0, 10);
    const first = runRecord('2026-03-10T09:00:00.000Z', runChecks(empty));
    const last = { ranAt: first.ranAt, results: first.results };
    expect(isNewRun(null, first, sameDay)).toBe(true);
    expect(isNewRun(last, runRecord('2026-03-10T15:00:00.000Z', runChecks(empty)), sameDay)).toBe(false);
    expect(
      isNewRun(
        last,
        runRecord('2026-03-10T15:00:00.000Z', runChecks({ ...empty, syncConfigured: false })),
        sameDay,
      ),
    ).toBe(true);
    expect(isNewRun(last, runRecord('2026-03-11T09:00:00.000Z', runChecks(empty)), sameDay)).toBe(true);
  });
});
