import { Dexie } from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { unprovenConsentFacts } from '../../../../renderer/src/db/compliance';
import { recordConsents, segmentOf } from '../../../../renderer/src/db/consents';
import { preferencesOf, type FactsRow } from '../../../../renderer/src/db/facts';
import { openDeskDb } from '../../../../renderer/src/db/open';
import { createRequest } from '../../../../renderer/src/db/requests';
import { buildFacts, databaseName, type DeskDb } from '../../../../renderer/src/db/schema';
import { onUpgradeProgress, type UpgradeProgress } from '../../../../renderer/src/db/upgrade-progress';
import { createRecord } from '../../../../renderer/src/db/write';
import { allEvents, NEWSLETTER, seedWorkspace, SMS, TestClock } from './fixtures';
import { copyFactsAsShipped, openShipped, SHIPPED_STORES } from './shipped-schemas';

const opened: Dexie[] = [];
afterEach(async () => {
  for (const db of opened.splice(0)) {
    db.close();
    await db.delete();
  }
});

const clock = new TestClock(Date.UTC(2026, 2, 20, 12));
const ctx = clock.as('clerk');

/** A person whose decisions arrived from another device before their record: no contact yet. */
const EARLY = 'ffffffff-0000-7000-8000-000000000001';

/**
 * People with decisions about two purposes (some without proof), one with none, one with a
 * request, written through today's write path; then copied into a database laid out as version
 * 21, with one person and purpose per `preferences` row and one `contacts` row per person.
 */
async function workspaceAtVersion21() {
  const current = await openDeskDb(crypto.randomUUID());
  opened.push(current);
  const { purposes, noticeId } = await seedWorkspace(current, {
    purposes: { newsletter: NEWSLETTER, sms: SMS },
    now: clock.now,
  });
  for (let i = 0; i < 9; i += 1) {
    clock.advance(1000);
    await recordConsents(current, ctx, {
      subject: { create: { lastName: `Person ${i}`, ...(i % 4 === 0 ? { customerRef: `CLI-${i}` } : {}) } },
      decisions: [
        { purposeId: purposes.newsletter, decision: i % 3 ? 'granted' : 'refused' },
        ...(i % 2 ? [{ purposeId: purposes.sms, decision: 'granted' as const }] : []),
      ],
      channel: 'phone',
      decidedAt: new Date(clock.now() - i * 86_400_000).toISOString(),
      noticeId,
      ...(i % 3 === 1 ? { evidence: { witnessName: 'Claire' } } : {}),
    });
  }
  const quiet = await createRecord(current, ctx, 'subject', { lastName: 'Sans décision' });
  await createRequest(current, ctx, {
    subject: { id: quiet.id },
    rights: ['access'],
    channel: 'email',
    receivedAt: new Date(clock.now() - 3_600_000).toISOString(),
  });
  const workspace = crypto.randomUUID();
  const old = openShipped(databaseName(workspace), 21);
  await old.open();
  await copyFactsAsShipped(current, old);
  const early = { ...(await preferencesOf(current, purposes.newsletter))[0]!, subjectId: EARLY, id: 'early' };
  await old.table('preferences').add(early);
  for (const table of current.tables) {
    if (!(table.name in SHIPPED_STORES[21])) continue;
    // Today's events are packed in `consentRows`: version 21 held one per row.
    await old
      .table(table.name)
      .bulkAdd(table.name === 'consentEvents' ? await allEvents(current) : await table.toArray());
  }
  old.close();
  return { current, workspace, purposes, quiet: quiet.id, early };
}

describe('schema version 22', () => {
  it("builds each person's facts row from the two old tables, with progress, and answers as before", async () => {
    const { current, workspace, purposes, quiet, early } = await workspaceAtVersion21();
    const progress: UpgradeProgress[] = [];
    const stop = onUpgradeProgress((report) => progress.push(report));
    const upgraded = await openDeskDb(workspace);
    stop();
    opened.push(upgraded);

    // The old tables are retired, not dropped inside the upgrade: their rows stay until the cleanup.
    expect(await upgraded.table('preferences').count()).toBe(
      (await current.facts.toArray()).flatMap((row) => row.latest).length + 1,
    );
    expect(await upgraded.table('contacts').count()).toBeGreaterThan(0);
    const earlyRow: FactsRow = {
      subjectId: EARLY,
      latest: [early],
      current: [[early.purposeId, early.decision]],
      ...(early.unproven ? { unproven: [early.purposeId] } : {}),
    };
    expect(await upgraded.facts.orderBy('subjectId').toArray()).toEqual(
      [...(await current.facts.toArray()), earlyRow].sort((a, b) => a.subjectId.localeCompare(b.subjectId)),
    );
    expect((await upgraded.facts.get(quiet))?.latest).toEqual([]);
    const last = progress.filter((report) => report.step === 'facts').at(-1);
    expect(last?.done).toBe(last?.total);
    expect(last?.total).toBe(
      (await current.facts.count()) + 1 + (await current.facts.toArray()).flatMap((row) => row.latest).length,
    );

    // The queries read the new rows as they read the old ones.
    for (const purposeId of Object.values(purposes)) {
      const ids = async (db: DeskDb) =>
        (await preferencesOf(db, purposeId, 'granted')).map((row) => row.id).sort();
      const early = purposeId === earlyRow.latest[0]!.purposeId && earlyRow.latest[0]!.decision === 'granted';
      expect(await ids(upgraded)).toEqual([...(await ids(current)), ...(early ? ['early'] : [])].sort());
      const segment = async (db: DeskDb) =>
        (await segmentOf(db, purposeId, { today: '2026-03-20' })).map((row) => row.subject.id);
      expect(await segment(upgraded)).toEqual(await segment(current));
    }
    expect((await unprovenConsentFacts(upgraded)).count).toBe(
      (await unprovenConsentFacts(current)).count + (early.unproven ? 1 : 0),
    );
    expect(
      await upgraded.facts
        .where('[category+lastContactAt]')
        .between(['customer', Dexie.minKey], ['customer', Dexie.maxKey])
        .count(),
    ).toBe(3);
  });

  it('reads the old rows chunk by chunk, a person cut by a chunk waiting for the next', async () => {
    const { workspace } = await workspaceAtVersion21();
    const old = openShipped(databaseName(workspace), 21);
    await old.open();
    opened.push(old);
    const target = await openDeskDb(crypto.randomUUID());
    opened.push(target);
    const whole = await openDeskDb(crypto.randomUUID());
    opened.push(whole);
    const unmarked = await openDeskDb(crypto.randomUUID());
    opened.push(unmarked);
    // Chunks of 2 rows in key order cut at least one person with two decisions in two.
    const CHUNK = 2;
    const keys = (await old.table('preferences').toCollection().primaryKeys()) as [string, string][];
    expect(
      keys.some((key, index) => index % CHUNK === 0 && index > 0 && keys[index - 1]![0] === key[0]),
    ).toBe(true);
    const unproven = new Set(
      (await old.table('consentEvents').where('unproven').equals(1).primaryKeys()) as string[],
    );
    expect(unproven.size).toBeGreaterThan(0);
    const reports: number[] = [];
    const stop = onUpgradeProgress((report) => reports.push(report.done));
    try {
      await buildFacts(old.table('preferences'), old.table('contacts'), target.facts, unproven, CHUNK);
    } finally {
      stop();
    }
    await buildFacts(old.table('preferences'), old.table('contacts'), whole.facts, unproven, 1_000);
    expect(await target.facts.toArray()).toEqual(await whole.facts.toArray());
    // The marks come from the events' key, not from the old rows (which version 19 no longer marks).
    const marked = (await target.facts.toArray()).flatMap((row) =>
      row.latest.filter((p) => p.unproven === 1),
    );
    expect(marked.map((p) => p.id).sort()).toEqual(
      ((await old.table('preferences').toArray()) as { id: string }[])
        .map((p) => p.id)
        .filter((id) => unproven.has(id))
        .sort(),
    );
    expect(marked.length).toBeGreaterThan(0);
    await buildFacts(old.table('preferences'), old.table('contacts'), unmarked.facts, new Set(), 1_000);
    expect((await unmarked.facts.toArray()).some((row) => row.unproven !== undefined)).toBe(false);
    // Every person once, in one row.
    const people = new Set([
      ...((await old.table('preferences').toArray()) as { subjectId: string }[]).map((row) => row.subjectId),
      ...((await old.table('contacts').toArray()) as { subjectId: string }[]).map((row) => row.subjectId),
    ]);
    expect(await target.facts.count()).toBe(people.size);
    expect(reports.length).toBeGreaterThan(4);
    expect(reports).toEqual([...reports].sort((a, b) => a - b));
  });
});
