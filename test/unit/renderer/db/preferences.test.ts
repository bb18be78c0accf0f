import fc from 'fast-check';
import { beforeEach, describe, expect, it } from 'vitest';
import { latestDecisions, preferenceOf, type Preference } from '../../../../shared/consent/derive';
import type { Decision } from '../../../../shared/consent/model';
import { recordConsents } from '../../../../renderer/src/db/consents';
import { unprovenCount } from '../../../../renderer/src/db/compliance';
import { eraseSubject } from '../../../../renderer/src/db/erasure';
import { Dexie } from 'dexie';
import { preferencesOf, storedPreferences, UNPROVEN_COUNT_KEY } from '../../../../renderer/src/db/facts';
import type { DeskDb } from '../../../../renderer/src/db/schema';
import { write } from '../../../../renderer/src/db/write';
import {
  allEvents,
  keptAndRebuiltFacts,
  NEWSLETTER,
  openTestDb,
  seedWorkspace,
  SMS,
  TestClock,
} from './fixtures';

let db: DeskDb;
const clock = new TestClock(Date.UTC(2026, 2, 20, 12));
const ctx = clock.as('clerk');
let purposes: string[] = [];
let notice: string;
let people: string[] = [];

beforeEach(async () => {
  clock.reset();
  const test = await openTestDb();
  db = test.db;
  const workspace = await seedWorkspace(db, {
    purposes: { newsletter: NEWSLETTER, sms: SMS },
    notice: { text: 'v1' },
  });
  purposes = [workspace.purposes.newsletter, workspace.purposes.sms];
  notice = workspace.noticeId;
  people = [];
  await write(db, { operatorId: null }, async (w) => {
    for (const lastName of ['Alpha', 'Bravo', 'Charlie'])
      people.push((await w.create('subject', { lastName })).id);
  });
  return test.cleanup;
});

/** What the table must hold: latestDecisions over every person's whole ledger. */
async function expected(): Promise<Preference[]> {
  const events = await allEvents(db);
  return people
    .flatMap((id) => {
      const mine = events.filter((event) => event.subjectId === id);
      return mine.length ? [...latestDecisions(mine).values()].map(preferenceOf) : [];
    })
    .sort(byKey);
}
const byKey = (a: Preference, b: Preference) =>
  `${a.subjectId}/${a.purposeId}`.localeCompare(`${b.subjectId}/${b.purposeId}`);
const stored = async () =>
  (await storedPreferences(db)).filter((row) => people.includes(row.subjectId)).sort(byKey);
/** Index entries: one per person and purpose whose current decision is a consent without proof. */
const unprovenEntries = () => db.facts.where('unproven').between(Dexie.minKey, Dexie.maxKey).count();

describe('derived preferences', () => {
  it('follow every write — decisions back-dated, corrected, several in one write — as the ledger says', async () => {
    const step = fc.record({
      person: fc.integer({ min: 0, max: 2 }),
      purpose: fc.integer({ min: 0, max: 1 }),
      decision: fc.constantFrom<Decision>('granted', 'refused', 'withdrawn'),
      daysAgo: fc.integer({ min: 1, max: 4 }),
      correct: fc.option(fc.nat(), { freq: 4 }),
      both: fc.boolean(),
      proof: fc.boolean(),
    });
    // The kept count of current unproven consents starts here and must follow every step.
    await unprovenCount(db);
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 12 }), async (steps) => {
        // The ledger is append-only, so each run starts with people of its own.
        people = [];
        for (const lastName of ['Delta', 'Echo', 'Foxtrot']) {
          people.push((await write(db, ctx, (w) => w.create('subject', { lastName }))).id);
        }
        const seen: { id: string; subjectId: string }[] = [];
        for (const s of steps) {
          clock.advance(1000);
          const subjectId = people[s.person]!;
          const mine = seen.filter((event) => event.subjectId === subjectId);
          const target = s.correct !== null && mine.length ? mine[s.correct % mine.length] : undefined;
          const decisions = (s.both ? purposes : [purposes[s.purpose]!]).map((purposeId, i) => ({
            purposeId,
            decision: s.decision,
            ...(target && i === 0 ? { corrects: target.id } : {}),
          }));
          const events = await recordConsents(db, ctx, {
            subject: { id: subjectId },
            decisions,
            channel: 'phone',
            decidedAt: new Date(clock.now() - s.daysAgo * 86_400_000).toISOString(),
            noticeId: notice,
            note: target ? 'wrong box ticked' : '',
            ...(s.proof ? { evidence: { witnessName: 'Claire' } } : {}),
          });
          seen.push(...events);
        }
        expect(await stored()).toEqual(await expected());
        expect((await db.meta.get(UNPROVEN_COUNT_KEY))?.value).toBe(await unprovenEntries());
        // Each person's row as a rebuild from the records alone gives it (contacts included).
        const { kept, rebuilt } = await keptAndRebuiltFacts(db);
        expect(kept).toEqual(rebuilt);
      }),
      { numRuns: 15 },
    );
  });

  it('keep the count of current consents without proof through an erasure and a rebuild', async () => {
    for (const person of people)
      await recordConsents(db, ctx, {
        subject: { id: person },
        decisions: purposes.map((purposeId) => ({ purposeId, decision: 'granted' as const })),
        channel: 'counter',
        decidedAt: new Date(clock.now() - 86_400_000).toISOString(),
        noticeId: notice,
      });
    expect(await unprovenCount(db)).toBe(6);
    await eraseSubject(db, ctx, { subjectId: people[0]!, reason: 'request', suppress: false });
    expect(await unprovenCount(db)).toBe(4);
    const { kept, rebuilt } = await keptAndRebuiltFacts(db);
    expect(kept).toEqual(rebuilt);
    expect(await unprovenCount(db)).toBe(4);
    expect(await unprovenEntries()).toBe(4);
  });

  it('a failed write leaves the table as it was', async () => {
    await recordConsents(db, ctx, {
      subject: { id: people[0]! },
      decisions: [{ purposeId: purposes[0]!, decision: 'granted' }],
      channel: 'phone',
      decidedAt: new Date(clock.now() - 86_400_000).toISOString(),
      noticeId: notice,
    });
    const before = await stored();
    await expect(
      write(db, ctx, async (w) => {
        await recordConsentsIn(w);
        throw new Error('power cut');
      }),
    ).rejects.toThrow('power cut');
    expect(await stored()).toEqual(before);
  });

  it('can be rebuilt from the events alone (a join, a repair)', async () => {
    for (const [index, decision] of (['granted', 'refused', 'granted'] as const).entries()) {
      clock.advance(1000);
      await recordConsents(db, ctx, {
        subject: { id: people[index]! },
        decisions: [
          { purposeId: purposes[0]!, decision },
          { purposeId: purposes[1]!, decision: 'refused' },
        ],
        channel: 'counter',
        decidedAt: new Date(clock.now() - 3_600_000).toISOString(),
        noticeId: notice,
      });
    }
    const want = await expected();
    expect(want).toHaveLength(6);
    expect(await stored()).toEqual(want);
    await db.facts.clear();
    const { rebuilt } = await keptAndRebuiltFacts(db);
    expect(rebuilt.rows.flatMap((row) => row.latest).sort(byKey)).toEqual(want);
    expect(await stored()).toEqual(want);
    expect((await preferencesOf(db, purposes[0]!, 'granted')).map((row) => row.subjectId).sort()).toEqual(
      [people[0]!, people[2]!].sort(),
    );
    expect(await preferencesOf(db, purposes[1]!)).toHaveLength(3);
  });
});

async function recordConsentsIn(w: Parameters<Parameters<typeof write>[2]>[0]): Promise<void> {
  const { captureConsents } = await import('../../../../renderer/src/db/consents');
  await captureConsents(w, {
    subject: { id: people[1]! },
    decisions: [{ purposeId: purposes[0]!, decision: 'granted' }],
    channel: 'phone',
    decidedAt: new Date(clock.now() - 86_400_000).toISOString(),
    noticeId: notice,
  });
}
