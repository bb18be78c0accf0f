import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  compareConsentEvents,
  correctedEventIds,
  currentlyConsenting,
  latestDecisions,
  maySend,
  preferenceMatrix,
} from '../../../../shared/consent';
import type { ConsentEvent, Decision, Purpose } from '../../../../shared/consent';
import { encodeHlc } from '../../../../shared/sync/hlc';

const hlc = (wall: number, device = 'dev-a'): string => encodeHlc({ wall, counter: 0, device });

let serial = 0;
function consentEvent(
  fields: Partial<ConsentEvent> & { decision: Decision; decidedAt: string },
): ConsentEvent {
  serial += 1;
  return {
    id: `e${serial}`,
    subjectId: 's1',
    purposeId: 'newsletter',
    channel: 'paper_form',
    noticeId: 'n1',
    evidence: { attachment: null, callReference: '', witnessName: '', fileHash: '', formReference: '' },
    note: '',
    correctsEventId: '',
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    createdBy: null,
    updatedBy: null,
    hlc: hlc(serial),
    ...fields,
  };
}

function purpose(id: string, fields: Partial<Purpose> = {}): Purpose {
  return {
    id,
    name: { fr: id, en: id },
    description: { fr: '', en: '' },
    channel: 'email',
    lawfulBasis: 'consent',
    reconsentMonths: 36,
    active: true,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    createdBy: null,
    updatedBy: null,
    hlc: hlc(0),
    ...fields,
  };
}

const ids = (latest: Map<string, ConsentEvent>): Record<string, string> =>
  Object.fromEntries([...latest].map(([key, event]) => [key, event.id]));

describe('latestDecisions', () => {
  it('takes the latest decision per purpose by decidedAt, not by when it was recorded', () => {
    const withdrawn = consentEvent({ decision: 'withdrawn', decidedAt: '2025-06-01T09:00:00.000Z' });
    // Recorded afterwards, but the paper form was signed earlier.
    const lateEntry = consentEvent({ decision: 'granted', decidedAt: '2025-01-10T09:00:00.000Z' });
    const sms = consentEvent({
      purposeId: 'sms',
      decision: 'refused',
      decidedAt: '2024-01-01T00:00:00.000Z',
    });
    expect(ids(latestDecisions([withdrawn, lateEntry, sms]))).toEqual({
      newsletter: withdrawn.id,
      sms: sms.id,
    });
  });

  it('compares decidedAt as instants, whatever the number of decimals', () => {
    const whole = consentEvent({ decision: 'granted', decidedAt: '2025-01-01T10:00:00Z', hlc: hlc(9) });
    const half = consentEvent({ decision: 'refused', decidedAt: '2025-01-01T10:00:00.500Z', hlc: hlc(1) });
    expect(latestDecisions([whole, half]).get('newsletter')).toBe(half);
  });

  it('breaks a tie on decidedAt by the HLC stamp: the later-recorded decision wins', () => {
    const at = '2025-03-01T10:00:00.000Z';
    const first = consentEvent({ decision: 'granted', decidedAt: at, hlc: hlc(100, 'dev-b') });
    const second = consentEvent({ decision: 'refused', decidedAt: at, hlc: hlc(100, 'dev-c') });
    expect(latestDecisions([second, first]).get('newsletter')).toBe(second);
    expect(latestDecisions([first, second]).get('newsletter')).toBe(second);
  });

  it('follows a grant, a withdrawal and a new grant', () => {
    const granted = consentEvent({ decision: 'granted', decidedAt: '2024-01-01T10:00:00.000Z' });
    const withdrawn = consentEvent({ decision: 'withdrawn', decidedAt: '2024-06-01T10:00:00.000Z' });
    expect(latestDecisions([granted, withdrawn]).get('newsletter')?.decision).toBe('withdrawn');
    const again = consentEvent({ decision: 'granted', decidedAt: '2025-02-01T10:00:00.000Z' });
    expect(latestDecisions([again, withdrawn, granted]).get('newsletter')).toBe(again);
  });

  it('drops a corrected event; the correction counts as an ordinary event', () => {
    const wrong = consentEvent({ decision: 'granted', decidedAt: '2025-01-01T10:00:00.000Z' });
    const fix = consentEvent({
      decision: 'refused',
      decidedAt: '2025-01-01T10:00:00.000Z',
      correctsEventId: wrong.id,
    });
    expect(latestDecisions([fix, wrong]).get('newsletter')).toBe(fix);
  });

  it('after a correction that moves a decision back in time, a decision in between is the latest', () => {
    const withdrawn = consentEvent({ decision: 'withdrawn', decidedAt: '2024-06-01T10:00:00.000Z' });
    const typo = consentEvent({ decision: 'granted', decidedAt: '2025-03-01T10:00:00.000Z' }); // meant 2024
    const fix = consentEvent({
      decision: 'granted',
      decidedAt: '2024-03-01T10:00:00.000Z',
      correctsEventId: typo.id,
    });
    expect(latestDecisions([withdrawn, typo, fix]).get('newsletter')).toBe(withdrawn);
  });

  it('applies chains of corrections, and corrections across purposes', () => {
    const a = consentEvent({ decision: 'granted', decidedAt: '2025-01-01T10:00:00.000Z' });
    const b = consentEvent({
      decision: 'refused',
      decidedAt: '2025-01-01T10:00:00.000Z',
      correctsEventId: a.id,
    });
    const c = consentEvent({
      purposeId: 'sms',
      decision: 'granted',
      decidedAt: '2025-01-01T10:00:00.000Z',
      correctsEventId: b.id,
    });
    expect(ids(latestDecisions([c, b, a]))).toEqual({ sms: c.id });
  });

  it('ignores an event that names itself as corrected', () => {
    const self = consentEvent({ decision: 'granted', decidedAt: '2025-01-01T10:00:00.000Z' });
    const odd = { ...self, correctsEventId: self.id };
    expect(latestDecisions([odd]).get('newsletter')).toBe(odd);
    expect(correctedEventIds([odd]).size).toBe(0);
  });

  it('is empty without events and refuses events of several people', () => {
    expect(latestDecisions([]).size).toBe(0);
    const one = consentEvent({ decision: 'granted', decidedAt: '2025-01-01T10:00:00.000Z' });
    const other = consentEvent({
      subjectId: 's2',
      decision: 'granted',
      decidedAt: '2025-01-01T10:00:00.000Z',
    });
    expect(() => latestDecisions([one, other])).toThrow(RangeError);
  });
});

describe('preferenceMatrix', () => {
  const newsletter = purpose('newsletter');
  const sms = purpose('sms');
  const oldPost = purpose('post', { active: false });
  const oldFax = purpose('fax', { active: false });

  it('lists purposes in the given order, deactivated ones only when the person decided about them', () => {
    const events = [
      consentEvent({ purposeId: 'post', decision: 'granted', decidedAt: '2020-01-01T00:00:00.000Z' }),
      consentEvent({ purposeId: 'sms', decision: 'refused', decidedAt: '2025-01-01T00:00:00.000Z' }),
      consentEvent({ purposeId: 'elsewhere', decision: 'granted', decidedAt: '2025-01-01T00:00:00.000Z' }),
    ];
    const rows = preferenceMatrix(events, [oldFax, sms, oldPost, newsletter]);
    expect(rows.map((row) => [row.purpose.id, row.state, row.event?.id ?? null])).toEqual([
      ['sms', 'refused', events[1]?.id],
      ['post', 'granted', events[0]?.id],
      ['newsletter', 'none', null],
    ]);
  });
});

describe('currentlyConsenting and maySend', () => {
  const at = '2025-01-01T00:00:00.000Z';
  const consent = purpose('newsletter');
  const softOptIn = purpose('newsletter', { lawfulBasis: 'legitimate_interest' });

  it('consent: only a granted decision counts, silence is no consent', () => {
    expect(currentlyConsenting(undefined)).toBe(false);
    expect(currentlyConsenting(consentEvent({ decision: 'granted', decidedAt: at }))).toBe(true);
    expect(maySend(consent, undefined)).toBe(false);
    expect(maySend(consent, consentEvent({ decision: 'granted', decidedAt: at }))).toBe(true);
    expect(maySend(consent, consentEvent({ decision: 'refused', decidedAt: at }))).toBe(false);
    expect(maySend(consent, consentEvent({ decision: 'withdrawn', decidedAt: at }))).toBe(false);
  });

  it('legitimate interest: yes until the person objects', () => {
    expect(maySend(softOptIn, undefined)).toBe(true);
    expect(maySend(softOptIn, consentEvent({ decision: 'granted', decidedAt: at }))).toBe(true);
    expect(maySend(softOptIn, consentEvent({ decision: 'refused', decidedAt: at }))).toBe(false);
    expect(maySend(softOptIn, consentEvent({ decision: 'withdrawn', decidedAt: at }))).toBe(false);
  });

  it('never for a deactivated purpose; refuses an event about another purpose', () => {
    const granted = consentEvent({ decision: 'granted', decidedAt: at });
    expect(maySend({ ...consent, active: false }, granted)).toBe(false);
    expect(maySend({ ...softOptIn, active: false }, undefined)).toBe(false);
    expect(() => maySend(purpose('sms'), granted)).toThrow(RangeError);
  });
});

describe('properties', () => {
  const SUBJECTS = ['s1', 's2', 's3'] as const;
  const PURPOSES = ['newsletter', 'sms'] as const;
  const BASE_MS = Date.UTC(2025, 0, 1);

  /** A ledger as it is recorded: event i gets HLC wall i; a correction names an earlier event of the same person. */
  const ledger = fc
    .array(
      fc.record({
        subjectId: fc.constantFrom(...SUBJECTS),
        purposeId: fc.constantFrom(...PURPOSES),
        decision: fc.constantFrom<Decision>('granted', 'refused', 'withdrawn'),
        // Few distinct instants, so ties on decidedAt are common.
        slot: fc.integer({ min: 0, max: 5 }),
        corrects: fc.option(fc.nat(), { freq: 3 }),
      }),
      { maxLength: 40 },
    )
    .map((drafts) => {
      const events: ConsentEvent[] = [];
      drafts.forEach((draft, index) => {
        const earlier = events.filter((event) => event.subjectId === draft.subjectId);
        const target =
          draft.corrects === null ? undefined : earlier[draft.corrects % Math.max(1, earlier.length)];
        events.push(
          consentEvent({
            id: `p${index}`,
            subjectId: draft.subjectId,
            purposeId: draft.purposeId,
            decision: draft.decision,
            decidedAt: new Date(BASE_MS + draft.slot * 3_600_000).toISOString(),
            hlc: hlc(1000 + index, `dev-${index % 3}`),
            correctsEventId: target?.id ?? '',
          }),
        );
      });
      return events;
    });

  const ledgerAndShuffle = ledger.chain((events) =>
    fc.tuple(
      fc.constant(events),
      fc.shuffledSubarray(events, { minLength: events.length, maxLength: events.length }),
    ),
  );

  /** Independent oracle: sort by (decidedAt, hlc) and keep the last uncorrected event per purpose. */
  function oracle(events: readonly ConsentEvent[]): Record<string, string> {
    const corrected = new Set(events.map((event) => event.correctsEventId).filter((id) => id !== ''));
    const sorted = events
      .filter((event) => !corrected.has(event.id))
      .sort((a, b) => a.decidedAt.localeCompare(b.decidedAt) || a.hlc.localeCompare(b.hlc));
    const latest: Record<string, string> = {};
    for (const event of sorted) latest[event.purposeId] = event.id;
    return latest;
  }

  it('latestDecisions does not depend on the order of the events and matches a sort-based oracle', () => {
    fc.assert(
      fc.property(ledgerAndShuffle, ([events, shuffled]) => {
        for (const subjectId of SUBJECTS) {
          const mine = events.filter((event) => event.subjectId === subjectId);
          const mineShuffled = shuffled.filter((event) => event.subjectId === subjectId);
          expect(ids(latestDecisions(mineShuffled))).toEqual(ids(latestDecisions(mine)));
          expect(ids(latestDecisions(mine))).toEqual(oracle(mine));
        }
      }),
      { numRuns: 500 },
    );
  });

  it('compareConsentEvents is a total order consistent with the oracle', () => {
    fc.assert(
      fc.property(ledger, (events) => {
        for (const a of events)
          for (const b of events) {
            const sign = Math.sign(compareConsentEvents(a, b));
            expect(sign + Math.sign(compareConsentEvents(b, a))).toBe(0);
            if (a !== b) expect(sign).not.toBe(0);
          }
      }),
      { numRuns: 100 },
    );
  });
});
