import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { latestDecisions, preferenceOf, type Preference } from '../../../../shared/consent/derive';
import type { Decision } from '../../../../shared/consent/model';
import { contactOf, type ContactRow } from '../../../../shared/retention/facts';
import { writeDerived } from '../../../../renderer/src/db/derived-bulk';
import { storedContacts, storedPreferences } from '../../../../renderer/src/db/facts';
import { logRequest } from '../../../../renderer/src/db/requests';
import type { DeskDb } from '../../../../renderer/src/db/schema';
import { write, type Writer } from '../../../../renderer/src/db/write';
import { allEvents, NEWSLETTER, openTestDb, seedWorkspace, SMS, TestClock } from './fixtures';

const DAY = 86_400_000;
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

/** One thing a step of work does: a decision (maybe correcting an earlier one), a request, or a change of customer reference. */
type Step =
  | {
      kind: 'decision';
      person: number;
      purpose: number;
      decision: Decision;
      daysAgo: number;
      correct: number | null;
    }
  | { kind: 'request'; person: number; daysAgo: number }
  | { kind: 'customer'; person: number; ref: string };

const OLD = ['Alpha', 'Bravo', 'Charlie'];
const NEW = ['Delta', 'Echo'];
const NAMES = [...OLD, ...NEW];

const step: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('decision' as const),
      person: fc.integer({ min: 0, max: NAMES.length - 1 }),
      purpose: fc.integer({ min: 0, max: 1 }),
      decision: fc.constantFrom<Decision>('granted', 'refused', 'withdrawn'),
      daysAgo: fc.integer({ min: 0, max: 400 }),
      correct: fc.option(fc.nat(), { freq: 3 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('request' as const),
      person: fc.integer({ min: 0, max: NAMES.length - 1 }),
      daysAgo: fc.integer({ min: 0, max: 400 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('customer' as const),
      person: fc.integer({ min: 0, max: NAMES.length - 1 }),
      ref: fc.constantFrom('', 'CLI-1'),
    }),
  },
);

/**
 * A workspace with the OLD people on file (some with decisions and a request already), then
 * `steps` about old and NEW people, each step its own write (`perWrite`) or all in one write (the
 * bulk path: new people created in it, everyone's derived rows computed once at the end).
 */
async function run(history: Step[], steps: Step[], perWrite: boolean): Promise<DeskDb> {
  const { db, cleanup } = await openTestDb();
  cleanups.push(cleanup);
  const clock = new TestClock(Date.UTC(2026, 2, 20, 12));
  const ctx = clock.as('clerk');
  const workspace = await seedWorkspace(db, {
    purposes: { newsletter: NEWSLETTER, sms: SMS },
    now: clock.now,
  });
  const purposes = [workspace.purposes.newsletter, workspace.purposes.sms];
  const ids = new Map<number, string>();
  const events: { id: string; person: number }[] = [];
  const apply = async (w: Writer, s: Step) => {
    let id = ids.get(s.person);
    if (!id) {
      id = (await w.create('subject', { lastName: NAMES[s.person]! })).id;
      ids.set(s.person, id);
    }
    const at = (daysAgo: number) => new Date(clock.now() - daysAgo * DAY).toISOString();
    if (s.kind === 'customer') {
      w.flush();
      await w.update('subject', id, { customerRef: s.ref });
    } else if (s.kind === 'request') {
      await logRequest(w, {
        subject: { id },
        rights: ['access'],
        channel: 'email',
        receivedAt: at(s.daysAgo),
      });
    } else {
      const mine = events.filter((event) => event.person === s.person);
      const target = s.correct !== null && mine.length > 0 ? mine[s.correct % mine.length] : undefined;
      const event = await w.create('consentEvent', {
        subjectId: id,
        purposeId: purposes[s.purpose]!,
        decision: s.decision,
        channel: 'phone',
        decidedAt: at(s.daysAgo),
        noticeId: workspace.noticeId,
        ...(target ? { correctsEventId: target.id, note: 'correction' } : {}),
      });
      events.push({ id: event.id, person: s.person });
    }
  };
  await write(db, ctx, async (w) => {
    for (let person = 0; person < OLD.length; person += 1)
      ids.set(person, (await w.create('subject', { lastName: OLD[person]! })).id);
  });
  for (const s of history.filter((h) => h.person < OLD.length)) {
    clock.advance(1000);
    await write(db, ctx, (w) => apply(w, s));
  }
  clock.advance(60_000);
  if (perWrite) {
    for (const s of steps) {
      clock.advance(1000);
      await write(db, ctx, (w) => apply(w, s));
    }
  } else {
    await write(db, ctx, async (w) => {
      for (const s of steps) await apply(w, s);
    });
  }
  return db;
}

/** The derived tables, with each person's name and each purpose's place instead of ids. */
async function derivedState(db: DeskDb) {
  const subjects = new Map((await db.subjects.toArray()).map((s) => [s.id, s.lastName]));
  const purposes = (await db.purposes.orderBy('id').primaryKeys()) as string[];
  const preferences = (await storedPreferences(db))
    .map((row) => ({
      person: subjects.get(row.subjectId),
      purpose: purposes.indexOf(row.purposeId),
      decision: row.decision,
      decidedAt: row.decidedAt,
    }))
    .sort((a, b) => `${a.person}/${a.purpose}`.localeCompare(`${b.person}/${b.purpose}`));
  const contacts = (await storedContacts(db))
    .map((row) => ({ person: subjects.get(row.subjectId), category: row.category }))
    .sort((a, b) => String(a.person).localeCompare(String(b.person)));
  return { preferences, contacts };
}

/** What the derived tables must hold, from the records alone (the shared rules over whole ledgers). */
async function fromRecords(db: DeskDb): Promise<{ preferences: Preference[]; contacts: ContactRow[] }> {
  const [subjects, events, requests] = await Promise.all([
    db.subjects.toArray(),
    allEvents(db),
    db.requests.toArray(),
  ]);
  const preferences: Preference[] = [];
  const contacts: ContactRow[] = [];
  for (const subject of subjects) {
    const mine = events.filter((event) => event.subjectId === subject.id);
    const latest = mine.length > 0 ? [...latestDecisions(mine).values()].map(preferenceOf) : [];
    preferences.push(...latest);
    const row = contactOf(subject, [
      ...requests.filter((request) => request.subjectId === subject.id).map((request) => request.receivedAt),
      ...latest.map((preference) => preference.decidedAt),
    ]);
    if (row) contacts.push(row);
  }
  const byKey = (
    a: { subjectId: string; purposeId?: string },
    b: { subjectId: string; purposeId?: string },
  ) => `${a.subjectId}/${a.purposeId ?? ''}`.localeCompare(`${b.subjectId}/${b.purposeId ?? ''}`);
  return { preferences: preferences.sort(byKey), contacts: contacts.sort(byKey) };
}

async function stored(db: DeskDb) {
  const byKey = (
    a: { subjectId: string; purposeId?: string },
    b: { subjectId: string; purposeId?: string },
  ) => `${a.subjectId}/${a.purposeId ?? ''}`.localeCompare(`${b.subjectId}/${b.purposeId ?? ''}`);
  return {
    preferences: (await storedPreferences(db)).sort(byKey),
    contacts: (await storedContacts(db)).sort(byKey),
  };
}

describe('derived rows in bulk', () => {
  it('one write of many steps gives the rows of one write per step, and what the records say', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(step, { maxLength: 6 }),
        fc.array(step, { minLength: 1, maxLength: 14 }),
        async (history, steps) => {
          const bulk = await run(history, steps, false);
          const single = await run(history, steps, true);
          expect(await stored(bulk)).toEqual(await fromRecords(bulk));
          expect(await stored(single)).toEqual(await fromRecords(single));
          // Per-write instants differ by the clock's steps; decisions and categories must agree.
          const [a, b] = [await derivedState(bulk), await derivedState(single)];
          expect(a.contacts).toEqual(b.contacts);
          expect(a.preferences.map(({ decidedAt: _, ...rest }) => rest)).toEqual(
            b.preferences.map(({ decidedAt: _, ...rest }) => rest),
          );
        },
      ),
      { numRuns: 25 },
    );
    // Each run opens two databases and writes a workspace twice: slow on a busy machine.
  }, 90_000);

  it("rebuilds the tables from the records with existing: 'none', and folds more in with 'read'", async () => {
    const db = await run(
      [],
      [
        { kind: 'decision', person: 0, purpose: 0, decision: 'granted', daysAgo: 30, correct: null },
        { kind: 'decision', person: 3, purpose: 1, decision: 'refused', daysAgo: 3, correct: null },
        { kind: 'request', person: 1, daysAgo: 2 },
        { kind: 'decision', person: 3, purpose: 1, decision: 'granted', daysAgo: 1, correct: 0 },
      ],
      false,
    );
    const truth = await fromRecords(db);
    await db.transaction(
      'rw',
      [db.facts, db.subjects, db.consentEvents, db.consentRows, db.requests, db.meta],
      async () => {
        await db.facts.clear();
        const written = await writeDerived(
          db,
          {
            subjects: await db.subjects.toArray(),
            events: await allEvents(db),
            requests: await db.requests.toArray(),
          },
          { existing: 'none' },
        );
        // One row per person: everyone here has a record, so a contact.
        expect(written).toEqual({ facts: truth.contacts.length });
      },
    );
    expect(await stored(db)).toEqual(truth);
    // Nothing new: 'read' rewrites nothing.
    const again = await db.transaction(
      'rw',
      [db.facts, db.subjects, db.consentEvents, db.consentRows, db.requests, db.meta],
      async () =>
        writeDerived(db, { events: [], subjects: await db.subjects.toArray() }, { existing: 'read' }),
    );
    expect(again).toEqual({ facts: 0 });
    expect(await stored(db)).toEqual(truth);
  });
});
