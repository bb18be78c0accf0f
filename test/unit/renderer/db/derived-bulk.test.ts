import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ConsentEvent, Decision } from '../../../../shared/consent/model';
import type { ImportRow } from '../../../../shared/consent/import-rows';
import { contactOf, type ContactRow } from '../../../../shared/retention/facts';
import { planImport, storeImport } from '../../../../renderer/src/db/consent-import';
import { recordConsents } from '../../../../renderer/src/db/consents';
import { writeDerived } from '../../../../renderer/src/db/derived-bulk';
import { eraseSubject } from '../../../../renderer/src/db/erasure';
import {
  contactOfRow,
  contactsBetween,
  ledgerRowOf,
  type LedgerRow,
} from '../../../../renderer/src/db/ledger';
import { createRequest, logRequest } from '../../../../renderer/src/db/requests';
import type { DeskDb } from '../../../../renderer/src/db/schema';
import { createRecord, updateRecord, write, type Writer } from '../../../../renderer/src/db/write';
import { NEWSLETTER, openTestDb, seedWorkspace, SMS, TestClock } from './fixtures';

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
async function run(history: Step[], steps: Step[], perWrite: boolean): Promise<Run> {
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
  const recorded: ConsentEvent[] = [];
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
      recorded.push(event);
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
  return { db, recorded };
}

/** A workspace after `run`, and every consent event its writes created (as `create` returned them). */
type Run = { db: DeskDb; recorded: ConsentEvent[] };

/** The derived facts of the rows, with each person's name and each purpose's place instead of ids. */
async function derivedState(db: DeskDb) {
  const subjects = new Map((await db.subjects.toArray()).map((s) => [s.id, s.lastName]));
  const purposes = (await db.purposes.orderBy('id').primaryKeys()) as string[];
  const rows = await db.ledgers.toArray();
  const preferences = rows
    .flatMap((row) => row.preferences)
    .map((row) => ({
      person: subjects.get(row.subjectId),
      purpose: purposes.indexOf(row.purposeId),
      decision: row.decision,
      decidedAt: row.decidedAt,
    }))
    .sort((a, b) => `${a.person}/${a.purpose}`.localeCompare(`${b.person}/${b.purpose}`));
  const contacts = rows
    .flatMap((row) => contactOfRow(row) ?? [])
    .map((row) => ({ person: subjects.get(row.subjectId), category: row.category }))
    .sort((a, b) => String(a.person).localeCompare(String(b.person)));
  return { preferences, contacts };
}

/**
 * What the ledger must hold, from the records alone: each person's row built by `ledgerRowOf` from
 * the events created about them, with the contact facts the shared rules give from their record,
 * their requests and their latest decisions.
 */
async function fromRecords(db: DeskDb, events: readonly ConsentEvent[]): Promise<LedgerRow[]> {
  const [subjects, requests] = await Promise.all([db.subjects.toArray(), db.requests.toArray()]);
  return subjects
    .map((subject) => {
      const mine = events.filter((event) => event.subjectId === subject.id);
      const latest = ledgerRowOf(subject.id, mine, null).preferences;
      const contact = contactOf(subject, [
        ...requests
          .filter((request) => request.subjectId === subject.id)
          .map((request) => request.receivedAt),
        ...latest.map((preference) => preference.decidedAt),
      ]);
      return ledgerRowOf(subject.id, mine, contact);
    })
    .sort((a, b) => a.subjectId.localeCompare(b.subjectId));
}

const stored = async (db: DeskDb) =>
  (await db.ledgers.toArray()).sort((a, b) => a.subjectId.localeCompare(b.subjectId));

describe('derived rows in bulk', () => {
  it('one write of many steps gives the rows of one write per step, and what the records say', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(step, { maxLength: 6 }),
        fc.array(step, { minLength: 1, maxLength: 14 }),
        async (history, steps) => {
          const bulk = await run(history, steps, false);
          const single = await run(history, steps, true);
          expect(await stored(bulk.db)).toEqual(await fromRecords(bulk.db, bulk.recorded));
          expect(await stored(single.db)).toEqual(await fromRecords(single.db, single.recorded));
          // Per-write instants differ by the clock's steps; decisions and categories must agree.
          const [a, b] = [await derivedState(bulk.db), await derivedState(single.db)];
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

  it("rebuilds the rows from the records with existing: 'none', and folds more in with 'read'", async () => {
    const { db, recorded } = await run(
      [],
      [
        { kind: 'decision', person: 0, purpose: 0, decision: 'granted', daysAgo: 30, correct: null },
        { kind: 'decision', person: 3, purpose: 1, decision: 'refused', daysAgo: 3, correct: null },
        { kind: 'request', person: 1, daysAgo: 2 },
        { kind: 'decision', person: 3, purpose: 1, decision: 'granted', daysAgo: 1, correct: 0 },
      ],
      false,
    );
    const truth = await fromRecords(db, recorded);
    expect(await stored(db)).toEqual(truth);
    expect(recorded).toHaveLength(3);
    const tables = [db.ledgers, db.subjects, db.requests, db.meta];
    await db.transaction('rw', tables, async () => {
      // Rows are never deleted: emptied instead, then written again from the records alone.
      await db.ledgers.bulkPut(truth.map((row) => ledgerRowOf(row.subjectId, [], null)));
      const written = await writeDerived(
        db,
        {
          subjects: await db.subjects.toArray(),
          events: recorded,
          requests: await db.requests.toArray(),
        },
        { existing: 'none' },
      );
      expect(written).toEqual({ ledgers: truth.length, events: recorded.length });
    });
    expect(await stored(db)).toEqual(truth);
    // Nothing new: 'read' rewrites nothing, the same events given again included (events only grow).
    const again = await db.transaction('rw', tables, async () =>
      writeDerived(db, { events: recorded, subjects: await db.subjects.toArray() }, { existing: 'read' }),
    );
    expect(again).toEqual({ ledgers: 0, events: 0 });
    expect(await stored(db)).toEqual(truth);
  });
});

/**
 * The contact facts of the rows (category, last contact: what the retention review reads), as
 * the deleted contacts table's tests proved them, now kept in each person's ledger row.
 */
describe('contact facts in the ledger rows', () => {
  let db: DeskDb;
  const clock = new TestClock(Date.UTC(2026, 2, 20, 12));
  const ctx = clock.as('clerk');
  const iso = (y: number, m: number, d: number) => new Date(Date.UTC(y, m - 1, d, 10)).toISOString();
  let newsletter: string;
  let sms: string;
  let notice: string;

  beforeEach(async () => {
    clock.reset();
    const test = await openTestDb();
    db = test.db;
    ({
      purposes: { newsletter, sms },
      noticeId: notice,
    } = await seedWorkspace(db, { purposes: { newsletter: NEWSLETTER, sms: SMS }, now: clock.now }));
    return test.cleanup;
  });

  async function person(on: string, data: { lastName: string; customerRef?: string }): Promise<string> {
    return (await createRecord(db, { ...ctx, now: () => Date.parse(on) }, 'subject', data)).id;
  }

  function consent(subjectId: string, decidedAt: string, purposeId = newsletter, corrects?: string) {
    return recordConsents(db, ctx, {
      subject: { id: subjectId },
      decisions: [{ purposeId, decision: 'granted', ...(corrects ? { corrects } : {}) }],
      channel: 'phone',
      decidedAt,
      noticeId: notice,
      note: corrects ? 'wrong date' : '',
    });
  }

  function request(subjectId: string, receivedAt: string) {
    return createRequest(db, ctx, {
      subject: { id: subjectId },
      rights: ['access'],
      channel: 'email',
      receivedAt,
    });
  }

  const row = async (subjectId: string) => contactOfRow(await db.ledgers.get(subjectId));

  /**
   * The rows as kept by the writes equal the rows rebuilt from the records: the people's, their
   * requests and their stored events (an erased person's row: their emptied events, nothing current).
   */
  async function expectInStep(): Promise<void> {
    const [rows, subjects, requests] = await Promise.all([
      db.ledgers.toArray(),
      db.subjects.toArray(),
      db.requests.toArray(),
    ]);
    const records = new Map(subjects.map((subject) => [subject.id, subject]));
    for (const kept of rows) {
      const subject = records.get(kept.subjectId);
      if (kept.erased === 1 || !subject) {
        expect(kept).toEqual(ledgerRowOf(kept.subjectId, kept.events, null, true));
        continue;
      }
      const latest = ledgerRowOf(kept.subjectId, kept.events, null).preferences;
      const contact = contactOf(subject, [
        ...requests.filter((r) => r.subjectId === subject.id).map((r) => r.receivedAt),
        ...latest.map((preference) => preference.decidedAt),
      ]);
      expect(kept).toEqual(ledgerRowOf(kept.subjectId, [...kept.events].reverse(), contact));
    }
    // Everyone on file has a row.
    expect(subjects.every((subject) => rows.some((r) => r.subjectId === subject.id))).toBe(true);
  }

  it('a person recorded: their category and the moment they were recorded', async () => {
    const prospect = await person(iso(2021, 1, 5), { lastName: 'Prospect' });
    const customer = await person(iso(2021, 1, 6), { lastName: 'Client', customerRef: 'CLI-1' });
    expect(await row(prospect)).toEqual({
      subjectId: prospect,
      category: 'prospect',
      lastContactAt: iso(2021, 1, 5),
    });
    expect(await row(customer)).toMatchObject({ category: 'customer', lastContactAt: iso(2021, 1, 6) });
    // Without a decision yet, the row holds the contact facts only.
    expect(await db.ledgers.get(prospect)).toEqual(
      ledgerRowOf(prospect, [], { category: 'prospect', lastContactAt: iso(2021, 1, 5) }),
    );
    // The retention review reads them from the index keys alone.
    expect(await contactsBetween(db, 'prospect', iso(2021, 1, 6))).toEqual([
      { subjectId: prospect, category: 'prospect', lastContactAt: iso(2021, 1, 5) },
    ]);
    expect(await contactsBetween(db, 'prospect', iso(2021, 1, 5))).toEqual([]);
    expect((await contactsBetween(db, 'customer', iso(2030, 1, 1))).map((r) => r.subjectId)).toEqual([
      customer,
    ]);
    await expectInStep();
  });

  it('a request or a decision received later moves the last contact; an older one does not', async () => {
    const id = await person(iso(2021, 1, 5), { lastName: 'Martin' });
    await request(id, iso(2022, 3, 1));
    expect((await row(id))?.lastContactAt).toBe(iso(2022, 3, 1));
    await request(id, iso(2021, 6, 1));
    expect((await row(id))?.lastContactAt).toBe(iso(2022, 3, 1));
    await consent(id, iso(2023, 7, 14));
    expect((await row(id))?.lastContactAt).toBe(iso(2023, 7, 14));
    await consent(id, iso(2022, 1, 1), sms);
    expect((await row(id))?.lastContactAt).toBe(iso(2023, 7, 14));
    await expectInStep();
  });

  it('a correction recomputes the person: the corrected decision no longer counts', async () => {
    const id = await person(iso(2021, 1, 5), { lastName: 'Martin' });
    const [wrong] = await consent(id, iso(2025, 2, 1));
    expect((await row(id))?.lastContactAt).toBe(iso(2025, 2, 1));
    await consent(id, iso(2022, 2, 1), newsletter, wrong!.id);
    expect((await row(id))?.lastContactAt).toBe(iso(2022, 2, 1));
    await expectInStep();
  });

  it('a customer reference added or removed changes the category, not the last contact', async () => {
    const id = await person(iso(2021, 1, 5), { lastName: 'Martin' });
    await consent(id, iso(2023, 7, 14));
    await updateRecord(db, ctx, 'subject', id, { customerRef: 'CLI-9' });
    expect(await row(id)).toMatchObject({ category: 'customer', lastContactAt: iso(2023, 7, 14) });
    await updateRecord(db, ctx, 'subject', id, { customerRef: '' });
    expect(await row(id)).toMatchObject({ category: 'prospect', lastContactAt: iso(2023, 7, 14) });
    // Created and changed in one write: the row has the final reference.
    const later = await write(db, ctx, async (w) => {
      const created = await w.create('subject', { lastName: 'Durand' });
      w.flush();
      await w.update('subject', created.id, { customerRef: 'CLI-10' });
      return created.id;
    });
    expect(await row(later)).toMatchObject({ category: 'customer' });
    await expectInStep();
  });

  it("a request's receipt moved back, or the request moved to someone else, recomputes both people", async () => {
    const first = await person(iso(2021, 1, 5), { lastName: 'Martin' });
    const second = await person(iso(2021, 1, 6), { lastName: 'Durand' });
    const asked = await request(first, iso(2024, 5, 1));
    expect((await row(first))?.lastContactAt).toBe(iso(2024, 5, 1));
    await updateRecord(db, ctx, 'request', asked.id, { receivedAt: iso(2022, 5, 1) });
    expect((await row(first))?.lastContactAt).toBe(iso(2022, 5, 1));
    await updateRecord(db, ctx, 'request', asked.id, { subjectId: second });
    expect((await row(first))?.lastContactAt).toBe(iso(2021, 1, 5));
    expect((await row(second))?.lastContactAt).toBe(iso(2022, 5, 1));
    await expectInStep();
  });

  it('an import of new and known people writes their rows with one read and one write', async () => {
    const known = await person(iso(2021, 1, 5), { lastName: 'Martin', customerRef: 'CLI-1' });
    const line = (n: number, subject: Partial<ImportRow['subject']>, decidedOn: string): ImportRow => ({
      line: n,
      subject: { firstName: '', lastName: 'Nouveau', email: '', phone: '', customerRef: '', ...subject },
      decisions: [{ purposeId: newsletter, decision: 'granted' }],
      decidedOn,
      decidedTime: '',
      channel: 'import',
      note: '',
    });
    const rows = [
      line(2, { customerRef: 'CLI-1', lastName: 'Martin' }, '2024-02-03'),
      ...Array.from({ length: 30 }, (_, i) => line(3 + i, { email: `p${i}@exemple.fr` }, '2025-01-02')),
      line(40, { email: 'p1@exemple.fr' }, '2025-03-04'),
    ];
    const plan = await planImport(db, rows);
    expect(plan.map((group) => group.outcome.kind).filter((kind) => kind !== 'new')).toEqual(['matched']);
    const bulkGet = vi.spyOn(db.ledgers, 'bulkGet');
    const get = vi.spyOn(db.ledgers, 'get');
    const bulkPut = vi.spyOn(db.ledgers, 'bulkPut');
    const put = vi.spyOn(db.ledgers, 'put');
    await storeImport(db, ctx, {
      groups: plan.map((group) => ({
        target:
          group.outcome.kind === 'matched'
            ? { subjectId: group.outcome.subjectId }
            : { create: group.subject },
        rows: group.rows,
      })),
      fileHash: 'f'.repeat(64),
      fileName: 'f.csv',
      priorNotice: 'skip',
    });
    // Only the known person's row is read, once (their events, which the new ones are then folded
    // into), in one bulk request; every row is written by one bulkPut.
    expect(bulkGet.mock.calls.map(([keys]) => [...keys])).toEqual([[known]]);
    expect([get.mock.calls.length, bulkPut.mock.calls.length, put.mock.calls.length]).toEqual([0, 1, 0]);
    expect(bulkPut.mock.calls[0]![0]).toHaveLength(31);
    vi.restoreAllMocks();
    expect((await row(known))?.lastContactAt).toBe('2024-02-03T00:00:00.000Z');
    expect((await db.ledgers.toArray()).filter((r) => contactOfRow(r))).toHaveLength(31);
    await expectInStep();
  });

  it('an erasure takes the contact facts and the latest decisions off the row, and keeps it so', async () => {
    const id = await person(iso(2021, 1, 5), { lastName: 'Martin' });
    await consent(id, iso(2023, 7, 14));
    await request(id, iso(2024, 1, 1));
    expect(await row(id)).not.toBeNull();
    await eraseSubject(db, ctx, {
      subjectId: id,
      reason: 'request',
      suppress: false,
      confirmOpenRequests: true,
    });
    const erased = await db.ledgers.get(id);
    expect(erased).toMatchObject({ erased: 1, preferences: [], current: [] });
    expect(erased?.events).toHaveLength(1);
    expect(await row(id)).toBeNull();
    expect(await contactsBetween(db, 'prospect', iso(2030, 1, 1))).toEqual([]);
    // Asked to recompute them (a late request moved, a record arriving), nothing comes back.
    await db.transaction('rw', [db.ledgers, db.subjects, db.requests, db.meta], () =>
      writeDerived(db, { recompute: [id] }, { existing: 'read' }),
    );
    expect(await row(id)).toBeNull();
    await expectInStep();
  });

  it('recomputing many people gives the same rows however their rows and records are read', async () => {
    const purposes = [newsletter, sms];
    for (let i = 0; i < 4; i += 1)
      purposes.push(
        (await createRecord(db, ctx, 'purpose', { ...NEWSLETTER, name: { fr: `P${i}`, en: `P${i}` } })).id,
      );
    // 150 people in id order; the first 60 with a decision about each of the six purposes.
    const ids = await write(db, ctx, async (w) => {
      const made = Array.from({ length: 150 }, (_, i) => w.createNow('subject', { lastName: `P${i}` }).id);
      made.slice(0, 60).forEach((subjectId, i) => {
        for (const purposeId of purposes)
          w.createNow('consentEvent', {
            subjectId,
            purposeId,
            decision: 'granted',
            channel: 'phone',
            decidedAt: new Date(Date.UTC(2026, 3, 1) + i * 3_600_000).toISOString(),
            noticeId: notice,
          });
      });
      return made;
    });
    const want = await db.ledgers.orderBy(':id').toArray();
    expect(want.filter((r) => r.lastContactAt?.startsWith('2026-04'))).toHaveLength(60);
    expect(want.filter((r) => r.events.length === 6)).toHaveLength(60);
    await expectInStep();
    // None of theirs in the span of the last 90; fewer than four each over everyone; more for the first 64.
    for (const people of [ids.slice(60), ids, ids.slice(0, 64)]) {
      // Their contact facts taken off (rows are never deleted), then recomputed.
      const stripped = await db.ledgers.bulkGet(people);
      await db.ledgers.bulkPut(stripped.map((r) => ledgerRowOf(r!.subjectId, r!.events, null)));
      expect((await db.ledgers.bulkGet(people)).every((r) => contactOfRow(r) === null)).toBe(true);
      await db.transaction('rw', [db.ledgers, db.subjects, db.requests, db.meta], () =>
        writeDerived(db, { recompute: people }, { existing: 'read' }),
      );
      expect(await db.ledgers.orderBy(':id').toArray()).toEqual(want);
    }
  });

  it('a failed write leaves the rows as they were', async () => {
    const id = await person(iso(2021, 1, 5), { lastName: 'Martin' });
    const before = await db.ledgers.toArray();
    await expect(
      write(db, ctx, async (w) => {
        await w.create('subject', { lastName: 'Fantôme' });
        await w.update('subject', id, { customerRef: 'CLI-1' });
        await w.create('consentEvent', {
          subjectId: id,
          purposeId: newsletter,
          decision: 'granted',
          channel: 'phone',
          decidedAt: iso(2026, 1, 1),
          noticeId: notice,
        });
        throw new Error('power cut');
      }),
    ).rejects.toThrow('power cut');
    expect(await db.ledgers.toArray()).toEqual(before);
    expect((await db.ledgers.toArray()).map(contactOfRow)).toEqual([
      { subjectId: id, category: 'prospect', lastContactAt: iso(2021, 1, 5) },
    ] satisfies ContactRow[]);
  });
});
