import { Dexie } from 'dexie';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isUnprovenConsent } from '../../../../shared/compliance/evidence';
import { latestDecisions, preferenceOf, type Preference } from '../../../../shared/consent/derive';
import {
  CONSENT_CHANNELS,
  DECISIONS,
  type ConsentChannel,
  type ConsentEvent,
  type Decision,
} from '../../../../shared/consent/model';
import type { ContactRow } from '../../../../shared/retention/facts';
import type { RetentionCategory } from '../../../../shared/retention/model';
import {
  contactOfRow,
  contactsBetween,
  countEvents,
  currentKey,
  decisionKey,
  decisionsBetween,
  eventById,
  eventsById,
  eventsOfSubject,
  KEY_SEP,
  ledgerPages,
  ledgerRowOf,
  newestEvents,
  noticeInUse,
  preferenceOfKey,
  preferencesOf,
  preferencesOfSubject,
  unprovenOf,
  usedNoticeIds,
  type ContactFacts,
  type LedgerRow,
} from '../../../../renderer/src/db/ledger';
import { openTestDb } from './fixtures';

const DAY = 86_400_000;
const BASE = Date.UTC(2026, 0, 1, 10);
const HASH = (c: string) => c.repeat(64);

/** An event as the write path stores it (its derived `unproven` key included). */
function event(
  fields: Partial<ConsentEvent> & Pick<ConsentEvent, 'id' | 'subjectId' | 'purposeId'>,
): ConsentEvent {
  const base: ConsentEvent = {
    decision: 'granted',
    channel: 'phone',
    decidedAt: new Date(BASE).toISOString(),
    noticeId: 'n1',
    evidence: { attachment: null, callReference: '', witnessName: '', fileHash: '', formReference: '' },
    note: '',
    correctsEventId: '',
    createdAt: new Date(BASE).toISOString(),
    updatedAt: new Date(BASE).toISOString(),
    createdBy: 'clerk',
    updatedBy: 'clerk',
    hlc: `hlc-${fields.id}`,
    ...fields,
  };
  return { ...base, ...(isUnprovenConsent(base) ? { unproven: 1 } : {}) } as ConsentEvent;
}

const at = (days: number) => new Date(BASE + days * DAY).toISOString();
const byPurpose = (a: Preference, b: Preference) => a.purposeId.localeCompare(b.purposeId);

describe('ledgerRowOf', () => {
  it('keeps the events in the order of their ids, whatever order they are given in, with their keys', () => {
    const events = [
      event({ id: 'e3', subjectId: 's', purposeId: 'p2', decidedAt: at(1), noticeId: 'n2' }),
      event({ id: 'e1', subjectId: 's', purposeId: 'p1', decidedAt: at(5), decision: 'refused' }),
      event({ id: 'e2', subjectId: 's', purposeId: 'p1', decidedAt: at(3) }),
    ];
    const contact: ContactFacts = { category: 'customer', lastContactAt: at(5) };
    const row = ledgerRowOf('s', events, contact);
    expect(row.events.map((e) => e.id)).toEqual(['e1', 'e2', 'e3']);
    expect(row.eventIds).toEqual(['e1', 'e2', 'e3']);
    expect(row.decisions).toEqual(row.events.map(decisionKey));
    expect(row.decisions[0]).toBe(['p1', at(5), 'refused', 'e1'].join(KEY_SEP));
    // Latest per purpose by decidedAt (not by id), sorted by purpose.
    expect(row.preferences.map((p) => [p.purposeId, p.id, p.decision])).toEqual([
      ['p1', 'e1', 'refused'],
      ['p2', 'e3', 'granted'],
    ]);
    expect(row.current).toEqual(row.preferences.map(currentKey));
    expect(row.noticeIds).toEqual(['n1', 'n2']);
    expect(row).toMatchObject({ subjectId: 's', category: 'customer', lastContactAt: at(5) });
    expect(contactOfRow(row)).toEqual({ subjectId: 's', ...contact });
    for (const order of [[...events].reverse(), [events[1]!, events[2]!, events[0]!]])
      expect(ledgerRowOf('s', order, contact)).toEqual(row);
    // The given array is left as it was.
    expect(events.map((e) => e.id)).toEqual(['e3', 'e1', 'e2']);
  });

  it('leaves out corrected decisions, a correction counting in its own purpose (even another one)', () => {
    const wrong = event({ id: 'e1', subjectId: 's', purposeId: 'p1', decidedAt: at(10) });
    const earlier = event({
      id: 'e0',
      subjectId: 's',
      purposeId: 'p1',
      decidedAt: at(1),
      decision: 'refused',
    });
    // Recorded under the wrong purpose: corrected by a decision about p2.
    const correction = event({
      id: 'e2',
      subjectId: 's',
      purposeId: 'p2',
      decidedAt: at(2),
      decision: 'withdrawn',
      correctsEventId: 'e1',
      note: 'wrong purpose',
    });
    const row = ledgerRowOf('s', [correction, wrong, earlier], null);
    expect(row.preferences.map((p) => [p.purposeId, p.id, p.decision])).toEqual([
      ['p1', 'e0', 'refused'],
      ['p2', 'e2', 'withdrawn'],
    ]);
    // The events stay, every one of them: the correction adds, it never replaces.
    expect(row.eventIds).toEqual(['e0', 'e1', 'e2']);
    // A correction of the correction (A ← B ← C): C counts, B no more, A still not.
    const again = event({
      id: 'e3',
      subjectId: 's',
      purposeId: 'p2',
      decidedAt: at(0),
      decision: 'granted',
      correctsEventId: 'e2',
      note: 'wrong again',
    });
    const row2 = ledgerRowOf('s', [wrong, earlier, correction, again], null);
    expect(row2.preferences.map((p) => [p.purposeId, p.id])).toEqual([
      ['p1', 'e0'],
      ['p2', 'e3'],
    ]);
    expect(row2.preferences).toEqual(
      [...latestDecisions([wrong, earlier, correction, again]).values()].map(preferenceOf).sort(byPurpose),
    );
  });

  it('an erased person: events kept, nothing current, no contact facts even when given', () => {
    const events = [
      event({ id: 'e1', subjectId: 's', purposeId: 'p1' }),
      event({ id: 'e2', subjectId: 's', purposeId: 'p2', decision: 'refused' }),
    ];
    const row = ledgerRowOf('s', events, { category: 'prospect', lastContactAt: at(0) }, true);
    expect(row.erased).toBe(1);
    expect(row.preferences).toEqual([]);
    expect(row.current).toEqual([]);
    expect(row.unproven).toBeUndefined();
    expect(row.category).toBeUndefined();
    expect(row.lastContactAt).toBeUndefined();
    expect(contactOfRow(row)).toBeNull();
    expect(unprovenOf(row)).toBe(0);
    expect(row.events).toEqual(events);
    expect('erased' in ledgerRowOf('s', events, null)).toBe(false);
  });

  it('carries `hashes` and `unproven` only when there are some: evidence files, current consents without proof', () => {
    const proven = event({
      id: 'e1',
      subjectId: 's',
      purposeId: 'p1',
      evidence: { ...event({ id: 'x', subjectId: 's', purposeId: 'p' }).evidence, witnessName: 'Claire' },
    });
    const none = ledgerRowOf('s', [proven], null);
    expect('hashes' in none).toBe(false);
    expect('unproven' in none).toBe(false);
    expect('category' in none || 'lastContactAt' in none).toBe(false);
    expect(unprovenOf(none)).toBe(0);
    expect(ledgerRowOf('s', [], null)).toEqual({
      subjectId: 's',
      events: [],
      preferences: [],
      eventIds: [],
      decisions: [],
      current: [],
      noticeIds: [],
    });

    const attachment = { hash: HASH('a'), name: 'form.pdf', mediaType: 'application/pdf', size: 10 } as const;
    const scanned = (id: string, purposeId: string, hash = attachment.hash) =>
      event({
        id,
        subjectId: 's',
        purposeId,
        evidence: { ...proven.evidence, witnessName: '', attachment: { ...attachment, hash } },
      });
    const unproven = event({ id: 'e5', subjectId: 's', purposeId: 'p3', decidedAt: at(2) });
    // An unproven consent no longer current (a later decision about its purpose) is not counted.
    const superseded = event({ id: 'e6', subjectId: 's', purposeId: 'p1', decidedAt: at(-5) });
    const row = ledgerRowOf(
      's',
      [scanned('e2', 'p1'), scanned('e3', 'p2'), scanned('e4', 'p2', HASH('b')), unproven, superseded],
      null,
    );
    expect(row.hashes).toEqual([HASH('a'), HASH('b')]);
    expect(row.unproven).toEqual(['p3']);
    expect(unprovenOf(row)).toBe(1);
    expect(row.preferences.find((p) => p.purposeId === 'p3')?.unproven).toBe(1);
    // A refusal without proof is no unproven consent.
    expect(
      'unproven' in
        ledgerRowOf('s', [event({ id: 'e7', subjectId: 's', purposeId: 'p1', decision: 'refused' })], null),
    ).toBe(false);
    // Erased: the hashes still come from the events (an erasure empties their attachments first).
    expect(ledgerRowOf('s', row.events, null, true).hashes).toEqual([HASH('a'), HASH('b')]);
  });
});

/** A text without the key separator (U+0000), as ids, instants and channels are. */
const text = fc.string({ maxLength: 12 }).filter((s) => !s.includes(KEY_SEP));

describe('the `*current` key', () => {
  it('gives back every field of the latest decision it was made from', () => {
    fc.assert(
      fc.property(
        fc.record(
          {
            id: text,
            subjectId: text,
            purposeId: text,
            decision: fc.constantFrom<Decision>(...DECISIONS),
            channel: fc.constantFrom<ConsentChannel>(...CONSENT_CHANNELS),
            decidedAt: fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
            decidedOn: text.filter((s) => s !== ''),
            hlc: text,
            noticeId: text,
            unproven: fc.constant(1 as const),
          },
          {
            requiredKeys: [
              'id',
              'subjectId',
              'purposeId',
              'decision',
              'channel',
              'decidedAt',
              'hlc',
              'noticeId',
            ],
          },
        ),
        (preference: Preference) => {
          expect(preferenceOfKey(currentKey(preference), preference.subjectId)).toEqual(preference);
        },
      ),
      { numRuns: 500 },
    );
  });
});

/** People with events, some with contact facts, one maybe erased: the rows and a database holding them. */
const PURPOSES = ['p1', 'p2', 'p3'];
const NOTICES = ['n1', 'n2', 'n3'];
type Person = {
  events: {
    purpose: number;
    decision: Decision;
    days: number;
    notice: number;
    proof: boolean;
    hash: string | null;
    correct: number | null;
  }[];
  contact: { category: RetentionCategory; days: number } | null;
  erased: boolean;
};
const personArb: fc.Arbitrary<Person> = fc.record({
  events: fc.array(
    fc.record({
      purpose: fc.integer({ min: 0, max: PURPOSES.length - 1 }),
      decision: fc.constantFrom<Decision>(...DECISIONS),
      days: fc.integer({ min: 0, max: 60 }),
      notice: fc.integer({ min: 0, max: NOTICES.length - 1 }),
      proof: fc.boolean(),
      hash: fc.option(fc.constantFrom('a', 'b', 'c'), { freq: 3 }),
      correct: fc.option(fc.nat(), { freq: 4 }),
    }),
    { maxLength: 6 },
  ),
  contact: fc.option(
    fc.record({
      category: fc.constantFrom<RetentionCategory>('prospect', 'customer'),
      days: fc.integer({ min: 0, max: 60 }),
    }),
    { freq: 4 },
  ),
  erased: fc.integer({ min: 0, max: 9 }).map((n) => n < 2),
});

/** Ordinal order, as IndexedDB compares strings (localeCompare ignores U+0000). */
const ordinal = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function rowsOf(people: readonly Person[]): LedgerRow[] {
  let next = 0;
  return people.map((person, index) => {
    const subjectId = `s${String(index).padStart(3, '0')}`;
    const events: ConsentEvent[] = [];
    for (const e of person.events) {
      const id = `e${String((next += 1)).padStart(5, '0')}`;
      const target = e.correct !== null && events.length > 0 ? events[e.correct % events.length] : undefined;
      const plain = event({ id, subjectId, purposeId: 'x' }).evidence;
      events.push(
        event({
          id,
          subjectId,
          purposeId: PURPOSES[e.purpose]!,
          decision: e.decision,
          decidedAt: at(e.days),
          noticeId: NOTICES[e.notice]!,
          evidence: {
            ...plain,
            witnessName: e.proof ? 'Claire' : '',
            attachment: e.hash
              ? { hash: HASH(e.hash), name: 'scan.pdf', mediaType: 'application/pdf', size: 1 }
              : null,
          },
          ...(target ? { correctsEventId: target.id, note: 'correction' } : {}),
        }),
      );
    }
    const contact = person.contact
      ? { category: person.contact.category, lastContactAt: at(person.contact.days) }
      : null;
    // Events given newest first: the builder sorts them.
    return ledgerRowOf(subjectId, events.reverse(), contact, person.erased);
  });
}

describe('reads of the ledger rows', () => {
  it('answer what the rows hold: preferences, contacts, events by id, newest, counts, notices in use', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(personArb, { maxLength: 12 }),
        fc.integer({ min: 1, max: 30 }),
        async (people, limit) => {
          const { db, cleanup } = await openTestDb();
          try {
            const rows = rowsOf(people);
            await db.ledgers.bulkPut([...rows].reverse());
            const events = rows.flatMap((row) => row.events);
            const preferences = rows.flatMap((row) => row.preferences);
            const bySubject = <T extends { subjectId: string }>(a: T, b: T) =>
              ordinal(a.subjectId, b.subjectId);

            for (const purposeId of [...PURPOSES, 'p9']) {
              expect((await preferencesOf(db, purposeId)).sort(bySubject)).toEqual(
                preferences.filter((p) => p.purposeId === purposeId).sort(bySubject),
              );
              for (const decision of DECISIONS)
                expect((await preferencesOf(db, purposeId, decision)).sort(bySubject)).toEqual(
                  preferences
                    .filter((p) => p.purposeId === purposeId && p.decision === decision)
                    .sort(bySubject),
                );
              const from = at(10);
              const to = at(40);
              expect(await decisionsBetween(db, purposeId, from, to)).toEqual(
                events
                  .filter((e) => e.purposeId === purposeId && e.decidedAt >= from && e.decidedAt < to)
                  .sort((a, b) => ordinal(decisionKey(a), decisionKey(b)))
                  .map((e) => ({ purposeId, decidedAt: e.decidedAt, decision: e.decision, id: e.id })),
              );
            }

            const contacts = rows.flatMap((row) => contactOfRow(row) ?? []);
            for (const category of ['prospect', 'customer'] as const) {
              for (const upper of [at(0), at(20), at(60), Dexie.maxKey]) {
                const want: ContactRow[] = contacts
                  .filter(
                    (c) => c.category === category && (upper === Dexie.maxKey || c.lastContactAt < upper),
                  )
                  .sort(
                    (a, b) => ordinal(a.lastContactAt, b.lastContactAt) || ordinal(a.subjectId, b.subjectId),
                  );
                expect(await contactsBetween(db, category, upper)).toEqual(want);
              }
            }
            expect(rows.filter((row) => row.erased === 1).every((row) => contactOfRow(row) === null)).toBe(
              true,
            );

            expect(await countEvents(db)).toBe(events.length);
            expect(await newestEvents(db, limit)).toEqual(
              [...events].sort((a, b) => ordinal(b.id, a.id)).slice(0, limit),
            );

            const asked = [...events.filter((_, i) => i % 2 === 0).map((e) => e.id), 'e99999', 'nope'];
            const found = await eventsById(db, asked);
            expect(found).toEqual(new Map(events.filter((e) => asked.includes(e.id)).map((e) => [e.id, e])));
            if (events[0]) expect(await eventById(db, events[0].id)).toEqual(events[0]);
            expect(await eventById(db, 'nope')).toBeUndefined();
            expect(await eventsById(db, [])).toEqual(new Map());

            for (const noticeId of [...NOTICES, 'n9'])
              expect(await noticeInUse(db, noticeId)).toBe(events.some((e) => e.noticeId === noticeId));
            expect(await usedNoticeIds(db)).toEqual(new Set(events.map((e) => e.noticeId)));

            for (const row of rows) {
              expect(await eventsOfSubject(db, row.subjectId)).toEqual(row.events);
              expect(await preferencesOfSubject(db, row.subjectId)).toEqual(row.preferences);
            }
            expect(await eventsOfSubject(db, 'nobody')).toEqual([]);
            expect(await preferencesOfSubject(db, 'nobody')).toEqual([]);

            const pages: LedgerRow[][] = [];
            for await (const page of ledgerPages(db, 5)) pages.push(page);
            expect(pages.every((page) => page.length > 0 && page.length <= 5)).toBe(true);
            expect(pages.flat()).toEqual(rows);
          } finally {
            await cleanup();
          }
        },
      ),
      { numRuns: 25 },
    );
  }, 60_000);
});
