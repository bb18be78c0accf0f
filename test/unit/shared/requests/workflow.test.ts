import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  allowedActions,
  applyAction,
  deviceCode,
  requestDataSchema,
  requestDeadline,
  requestReference,
  WORKFLOW_ACTIONS,
  WorkflowError,
  type RequestData,
  type WorkflowAction,
} from '../../../../shared/requests';

const base: RequestData = requestDataSchema.parse({
  reference: 'DSR-2026-ABC-0001',
  subjectId: 's1',
  rights: ['access'],
  channel: 'phone',
  receivedAt: '2026-03-02T09:00:00.000Z',
  receivedOn: '2026-03-02',
});
const ctx = { today: '2026-03-20', noticeDueOn: '2026-04-02' };

function run(state: RequestData, ...actions: WorkflowAction[]): RequestData {
  return actions.reduce((current, action) => ({ ...current, ...applyAction(current, action, ctx) }), state);
}

function refusal(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (error instanceof WorkflowError) return error.message;
    throw error;
  }
  return 'no refusal';
}

describe('request workflow', () => {
  it('goes received → identity requested → received → verified → extended → responded', () => {
    const done = run(
      base,
      { type: 'request_identity', on: '2026-03-03' },
      { type: 'receive_identity', on: '2026-03-10' },
      { type: 'verify_identity', on: '2026-03-10' },
      { type: 'extend', on: '2026-03-12', reasons: 'Requête complexe : données dans trois systèmes.' },
      { type: 'respond', on: '2026-03-20', outcome: 'granted' },
    );
    expect(done).toMatchObject({
      status: 'responded',
      identity: 'verified',
      extended: true,
      outcome: 'granted',
      respondedOn: '2026-03-20',
      pauses: [{ from: '2026-03-03', to: '2026-03-10' }],
    });
  });

  it('counts the wait for identity in the deadline (suspend and restart)', () => {
    const waited = run(
      base,
      { type: 'request_identity', on: '2026-03-03' },
      { type: 'receive_identity', on: '2026-03-10' },
    );
    const fr = { country: 'FR', region: '' };
    expect(requestDeadline(waited, { ...fr, pausePolicy: 'suspend' }, ctx.today).dueOn).toBe('2026-04-09');
    expect(requestDeadline(waited, { ...fr, pausePolicy: 'restart' }, ctx.today).dueOn).toBe('2026-04-10');
    // While still waiting, the clock is stopped up to today.
    const waiting = run(base, { type: 'request_identity', on: '2026-03-03' });
    expect(requestDeadline(waiting, { ...fr, pausePolicy: 'suspend' }, '2026-03-10').dueOn).toBe(
      '2026-04-09',
    );
  });

  it('refuses impossible transitions with a clear message', () => {
    expect(refusal(() => applyAction(base, { type: 'verify_identity', on: '2026-03-03' }, ctx))).toBe(
      'workflow.notAllowed',
    );
    expect(
      refusal(() =>
        applyAction(base, { type: 'extend', on: '2026-03-03', reasons: 'long enough reasons' }, ctx),
      ),
    ).toBe('workflow.notAllowed');
    const closed = run(base, { type: 'withdraw', on: '2026-03-04' });
    expect(refusal(() => applyAction(closed, { type: 'start', on: '2026-03-05' }, ctx))).toBe(
      'workflow.closed',
    );
    expect(allowedActions(closed)).toEqual([]);
  });

  it('requires a refusal reason, reasons for an extension, and sensible dates', () => {
    const started = run(base, { type: 'start', on: '2026-03-03' });
    expect(
      refusal(() => applyAction(started, { type: 'respond', on: '2026-03-05', outcome: 'refused' }, ctx)),
    ).toBe('workflow.refusalReasonRequired');
    expect(
      refusal(() => applyAction(started, { type: 'extend', on: '2026-03-05', reasons: 'busy' }, ctx)),
    ).toBe('workflow.reasonsRequired');
    expect(
      refusal(() =>
        applyAction(
          started,
          { type: 'extend', on: '2026-03-05', reasons: 'far too many systems to search' },
          { ...ctx, noticeDueOn: '2026-03-04' },
        ),
      ),
    ).toBe('workflow.extendTooLate');
    expect(refusal(() => applyAction(started, { type: 'withdraw', on: '2026-03-21' }, ctx))).toBe(
      'validation.futureDate',
    );
    expect(refusal(() => applyAction(started, { type: 'withdraw', on: '2026-03-01' }, ctx))).toBe(
      'workflow.beforeReceipt',
    );
    expect(
      refusal(() =>
        applyAction(
          started,
          {
            type: 'respond',
            on: '2026-03-05',
            outcome: 'refused',
            refusalReason: 'identity_not_established',
          },
          ctx,
        ),
      ),
    ).toBe('workflow.identityNotFailed');
  });

  it('after a failed identity check only a refusal for identity not established is possible', () => {
    const failed = run(
      base,
      { type: 'request_identity', on: '2026-03-03' },
      { type: 'fail_identity', on: '2026-03-15' },
    );
    expect(failed.pauses).toEqual([{ from: '2026-03-03', to: '2026-03-15' }]);
    expect(allowedActions(failed)).toEqual(['respond', 'withdraw']);
    expect(
      refusal(() => applyAction(failed, { type: 'respond', on: '2026-03-16', outcome: 'granted' }, ctx)),
    ).toBe('workflow.identityFailed');
    expect(
      run(failed, {
        type: 'respond',
        on: '2026-03-16',
        outcome: 'refused',
        refusalReason: 'identity_not_established',
      }),
    ).toMatchObject({ status: 'responded', refusalReason: 'identity_not_established' });
  });

  it('never lets any sequence of actions reach an inconsistent state', () => {
    const actionArb = fc.record({
      type: fc.constantFrom(...WORKFLOW_ACTIONS),
      day: fc.integer({ min: 2, max: 20 }),
      outcome: fc.constantFrom('granted' as const, 'partially_granted' as const, 'refused' as const),
      reason: fc.constantFrom('' as const, 'excessive' as const, 'identity_not_established' as const),
    });
    fc.assert(
      fc.property(fc.array(actionArb, { maxLength: 12 }), (steps) => {
        let state = base;
        for (const step of steps) {
          const on = `2026-03-${String(step.day).padStart(2, '0')}`;
          const action = {
            type: step.type,
            on,
            reasons: 'a long enough reason',
            outcome: step.outcome,
            refusalReason: step.reason,
          } as WorkflowAction;
          try {
            state = { ...state, ...applyAction(state, action, ctx) };
          } catch (error) {
            expect(error).toBeInstanceOf(WorkflowError);
          }
        }
        if (state.status === 'responded') {
          expect(state.outcome).not.toBe('');
          expect(state.outcome === 'refused').toBe(state.refusalReason !== '');
        }
        if (state.identity === 'requested' && state.status === 'identity_check') {
          expect(state.identityRequestedOn).not.toBe('');
        }
        for (const pause of state.pauses) expect(pause.to >= pause.from).toBe(true);
        expect(requestDataSchema.safeParse(state).success).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('request references', () => {
  it('carry the year, a device code and a counter', () => {
    const code = deviceCode('3524af960f28495a');
    expect(code).toMatch(/^[A-Z2-7]{3}$/);
    expect(deviceCode('3524af960f28495a')).toBe(code);
    expect(requestReference(2026, code, 42)).toBe(`DSR-2026-${code}-0042`);
  });
  it('differ between devices almost always', () => {
    const codes = new Set(Array.from({ length: 200 }, (_, i) => deviceCode(`device-${i}-x`)));
    expect(codes.size).toBeGreaterThan(190);
  });
});
