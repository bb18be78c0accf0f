import { describe, expect, it } from 'vitest';
import { allowedActions, dueInWords, nextStep } from '../../../../shared/requests';

describe('dueInWords', () => {
  it('counts calendar days left or overdue', () => {
    expect(dueInWords({ clock: 'running', dueOn: '2026-03-23' }, '2026-03-20')).toEqual({
      kind: 'left',
      days: 3,
    });
    expect(dueInWords({ clock: 'running', dueOn: '2026-03-18' }, '2026-03-20')).toEqual({
      kind: 'overdue',
      days: 2,
    });
    expect(dueInWords({ clock: 'running', dueOn: '2026-03-20' }, '2026-03-20')).toEqual({ kind: 'today' });
    // Across a month end and a leap day.
    expect(dueInWords({ clock: 'running', dueOn: '2028-03-01' }, '2028-02-27')).toEqual({
      kind: 'left',
      days: 3,
    });
  });

  it('says the clock is stopped while identity is awaited, and nothing once closed', () => {
    expect(dueInWords({ clock: 'stopped', dueOn: '2026-03-01' }, '2026-03-20')).toEqual({ kind: 'stopped' });
    expect(dueInWords({ clock: 'closed', dueOn: '2026-03-01' }, '2026-03-20')).toBeNull();
  });
});

describe('nextStep', () => {
  const cases = [
    [{ status: 'received', identity: 'not_requested' }, 'start'],
    [{ status: 'identity_check', identity: 'requested' }, 'receive_identity'],
    [{ status: 'identity_check', identity: 'received' }, 'verify_identity'],
    [{ status: 'identity_check', identity: 'failed' }, 'respond'],
    [{ status: 'in_progress', identity: 'verified' }, 'respond'],
    [{ status: 'extended', identity: 'not_requested' }, 'respond'],
    [{ status: 'responded', identity: 'not_requested' }, null],
  ] as const;
  it.each(cases)('%o → %s, a step the workflow allows', (state, step) => {
    expect(nextStep(state)).toBe(step);
    if (step) expect(allowedActions(state)).toContain(step);
  });
});
