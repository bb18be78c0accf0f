/**
 * Version 23 packs the events of one write about one person in one `consentRows` row and leaves the
 * events recorded before it, one per row, in `consentEvents` (renderer/src/db/consent-store.ts).
 * A database upgraded from version 22 then holds both: every reader must answer from both.
 */
import type { Dexie } from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import type { ConsentEvent } from '../../../../shared/consent/model';
import { consentActivity } from '../../../../renderer/src/db/activity';
import { recentConsentEvents } from '../../../../renderer/src/db/consent-ledger';
import {
  countDecidedBetween,
  countRowsWithAttachment,
  eventsById,
  eventsByPerson,
  eventsDecidedAt,
  eventsDecidedBetween,
  eventsInIdOrder,
} from '../../../../renderer/src/db/consent-store';
import { recordConsents, subjectConsentEvents } from '../../../../renderer/src/db/consents';
import { eraseSubject } from '../../../../renderer/src/db/erasure';
import { openDeskDb } from '../../../../renderer/src/db/open';
import { databaseName, type DeskDb } from '../../../../renderer/src/db/schema';
import {
  allEvents,
  countEvents,
  keptAndRebuiltFacts,
  latestOf,
  NEWSLETTER,
  seedWorkspace,
  SMS,
  TestClock,
} from './fixtures';
import { openShipped, SHIPPED_STORES } from './shipped-schemas';

const opened: Dexie[] = [];
afterEach(async () => {
  for (const db of opened.splice(0)) {
    db.close();
    await db.delete();
  }
});

const clock = new TestClock(Date.UTC(2026, 2, 20, 12));
const ctx = clock.as('clerk');
const SCAN = {
  hash: 'a'.repeat(64),
  name: 'formulaire.pdf',
  mediaType: 'application/pdf' as const,
  size: 10,
};

/** What the two tables hold, read raw: the truth every reader is compared with. */
async function rawEvents(db: DeskDb): Promise<ConsentEvent[]> {
  const legacy = await db.consentEvents.toArray();
  const packed = (await db.consentRows.toArray()).flatMap((row) => row.events);
  return [...legacy, ...packed];
}
const ids = (events: readonly { id: string }[]) => events.map((event) => event.id);
const sortedIds = (events: readonly { id: string }[]) => ids(events).sort();

/**
 * Five people with decisions (one with a scanned form) written through today's write path, copied
 * into a version-22 layout (one event per row), opened again (upgraded to 23), then more decisions:
 * for the same people, a correction of an event of the old table, and a new person.
 */
async function mixedWorkspace() {
  const current = await openDeskDb(crypto.randomUUID());
  opened.push(current);
  const { purposes, noticeId } = await seedWorkspace(current, {
    purposes: { newsletter: NEWSLETTER, sms: SMS },
    now: clock.now,
  });
  const people: string[] = [];
  for (let i = 0; i < 5; i += 1) {
    clock.advance(1000);
    const [event] = await recordConsents(current, ctx, {
      subject: { create: { lastName: `Person ${i}` } },
      decisions: [
        { purposeId: purposes.newsletter, decision: i % 2 ? 'granted' : 'refused' },
        { purposeId: purposes.sms, decision: 'granted' },
      ],
      channel: 'counter',
      decidedAt: new Date(clock.now() - i * 40 * 86_400_000).toISOString(),
      noticeId,
      ...(i === 0 ? { evidence: { attachment: SCAN } } : {}),
    });
    people.push(event!.subjectId);
  }
  const workspace = crypto.randomUUID();
  const old = openShipped(databaseName(workspace), 22);
  await old.open();
  for (const table of current.tables) {
    if (!(table.name in SHIPPED_STORES[22])) continue;
    await old
      .table(table.name)
      .bulkAdd(table.name === 'consentEvents' ? await allEvents(current) : await table.toArray());
  }
  old.close();
  const db = await openDeskDb(workspace);
  opened.push(db);
  expect(await db.consentEvents.count()).toBe(10);
  expect(await db.consentRows.count()).toBe(0);

  // After the upgrade: new decisions go to packed rows.
  const [wrong] = (await subjectConsentEvents(db, people[1]!)).filter(
    (event) => event.purposeId === purposes.sms,
  );
  clock.advance(1000);
  await recordConsents(db, ctx, {
    subject: { id: people[1]! },
    decisions: [{ purposeId: purposes.sms, decision: 'refused', corrects: wrong!.id }],
    channel: 'phone',
    decidedAt: wrong!.decidedAt,
    noticeId,
    note: 'Wrong box ticked',
  });
  for (const subjectId of [people[0]!, people[2]!]) {
    clock.advance(1000);
    await recordConsents(db, ctx, {
      subject: { id: subjectId },
      decisions: [
        { purposeId: purposes.newsletter, decision: 'withdrawn' },
        { purposeId: purposes.sms, decision: 'withdrawn' },
      ],
      channel: 'phone',
      decidedAt: new Date(clock.now()).toISOString(),
      noticeId,
      ...(subjectId === people[0] ? { evidence: { attachment: SCAN } } : {}),
    });
  }
  clock.advance(1000);
  const [newcomer] = await recordConsents(db, ctx, {
    subject: { create: { lastName: 'Nouvelle' } },
    decisions: [{ purposeId: purposes.newsletter, decision: 'granted' }],
    channel: 'counter',
    decidedAt: new Date(clock.now()).toISOString(),
    noticeId,
  });
  return { db, purposes, people, wrong: wrong!, newcomer: newcomer!.subjectId };
}

describe('schema version 23: the consent ledger in two tables', () => {
  it('keeps the old events where they were and packs each new write about one person in one row', async () => {
    const { db, people } = await mixedWorkspace();
    expect(await db.consentEvents.count()).toBe(10);
    // The correction, two writes of two decisions, the newcomer: four writes, four rows, 6 events.
    const rows = await db.consentRows.toArray();
    expect(rows.map((row) => row.events.length).sort()).toEqual([1, 1, 2, 2]);
    for (const row of rows) {
      expect(row.id).toBe(row.events[0]!.id);
      expect(row.eventIds).toEqual(ids(row.events));
      expect(new Set(row.events.map((event) => event.subjectId))).toEqual(new Set([row.subjectId]));
    }
    expect(rows.find((row) => row.subjectId === people[1])?.corrects).toHaveLength(1);
    expect(rows.find((row) => row.subjectId === people[0])?.attachments).toEqual([SCAN.hash]);
  });

  it('answers every question from both tables', async () => {
    const { db, purposes, people, wrong, newcomer } = await mixedWorkspace();
    const raw = await rawEvents(db);
    expect(raw).toHaveLength(16);
    expect(await countEvents(db)).toBe(16);

    // A person's ledger, old and new events together.
    for (const subjectId of [...people, newcomer])
      expect(sortedIds(await subjectConsentEvents(db, subjectId))).toEqual(
        sortedIds(raw.filter((event) => event.subjectId === subjectId)),
      );
    // By id, in the order asked, from either table, and nothing for an unknown id.
    const asked = [raw[15]!.id, 'nope', raw[0]!.id, raw[11]!.id];
    expect((await eventsById(db, asked)).map((event) => event?.id)).toEqual([
      raw[15]!.id,
      undefined,
      raw[0]!.id,
      raw[11]!.id,
    ]);

    // Newest first across the two tables, and every event in id order in pages of any size.
    const byIdDesc = [...raw].sort((a, b) => (a.id < b.id ? 1 : -1));
    for (const limit of [1, 5, 7, 16, 40])
      expect((await recentConsentEvents(db, limit)).rows.map((row) => row.event.id)).toEqual(
        ids(byIdDesc.slice(0, limit)),
      );
    for (const size of [1, 3, 10, 100]) {
      const pages: ConsentEvent[][] = [];
      for await (const page of eventsInIdOrder(db, size)) pages.push(page);
      expect(ids(pages.flat())).toEqual(ids([...byIdDesc].reverse()));
      expect(pages.every((page) => page.length > 0)).toBe(true);
    }

    // A purpose's decisions in a period (the activity screen), counted and read.
    const from = new Date(clock.now() - 100 * 86_400_000).toISOString();
    const to = new Date(clock.now() - 2_000).toISOString();
    for (const purposeId of Object.values(purposes)) {
      const truth = raw.filter((e) => e.purposeId === purposeId && e.decidedAt >= from && e.decidedAt < to);
      expect(truth.length).toBeGreaterThan(0);
      expect(await countDecidedBetween(db, purposeId, from, to)).toBe(truth.length);
      expect(sortedIds(await eventsDecidedBetween(db, purposeId, from, to))).toEqual(sortedIds(truth));
    }
    // Exact [purpose, instant] pairs (an import's check for what it already holds).
    const pairs = raw
      .slice(0, 16)
      .filter((_, i) => i % 3 === 0)
      .map((e): [string, string] => [e.purposeId, e.decidedAt]);
    const wanted = new Set(pairs.map(([p, d]) => `${p}|${d}`));
    expect(sortedIds(await eventsDecidedAt(db, pairs))).toEqual(
      sortedIds(raw.filter((e) => wanted.has(`${e.purposeId}|${e.decidedAt}`))),
    );
    const months = await consentActivity(db, new Date(clock.now()).toISOString().slice(0, 10), [
      purposes.sms,
    ]);
    const tallied = (months.get(purposes.sms) ?? []).reduce(
      (sum, month) => sum + month.granted + month.refused + month.withdrawn,
      0,
    );
    expect(tallied).toBe(raw.filter((e) => e.purposeId === purposes.sms).length);

    // The correction (a new row) of an event of the old table counts for the person's decision.
    expect(await latestOf(db, people[1]!, purposes.sms)).toMatchObject({
      decision: 'refused',
      decidedAt: wrong.decidedAt,
    });
    const { kept, rebuilt } = await keptAndRebuiltFacts(db);
    expect(kept).toEqual(rebuilt);

    // The scan is referred to from both tables: two old events, one packed row.
    expect(await countRowsWithAttachment(db, SCAN.hash)).toBe(3);

    // Grouped by person for a snapshot: within each table, a person's events come together.
    const runs: string[] = [];
    for await (const page of eventsByPerson(db, 2))
      for (const event of page) if (runs.at(-1) !== event.subjectId) runs.push(event.subjectId);
    const legacyPeople = new Set((await db.consentEvents.toArray()).map((e) => e.subjectId));
    const packedPeople = new Set((await db.consentRows.toArray()).map((r) => r.subjectId));
    expect(runs).toHaveLength(legacyPeople.size + packedPeople.size);
  });

  it('an erasure empties the person from both tables and lets the scan go', async () => {
    const { db, people } = await mixedWorkspace();
    const { attachmentsToDelete } = await eraseSubject(db, ctx, {
      subjectId: people[0]!,
      reason: 'request',
      suppress: false,
    });
    expect(attachmentsToDelete).toEqual([SCAN.hash]);
    const events = (await rawEvents(db)).filter((event) => event.subjectId === people[0]);
    expect(events).toHaveLength(4);
    for (const event of events) expect(event.evidence.attachment).toBeNull();
    expect(await countRowsWithAttachment(db, SCAN.hash)).toBe(0);
    const row = (await db.consentRows.where('subjectId').equals(people[0]!).toArray())[0]!;
    expect(row.attachments).toBeUndefined();
    expect(row.eventIds).toEqual(ids(row.events));
  });
});
