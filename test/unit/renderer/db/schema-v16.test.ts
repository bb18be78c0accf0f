import { afterEach, describe, expect, it } from 'vitest';
import { recentConsentEvents } from '../../../../renderer/src/db/consent-ledger';
import { recordConsents } from '../../../../renderer/src/db/consents';
import { copyFactsAsShipped, openShipped, SHIPPED_STORES } from './shipped-schemas';
import { openDeskDb } from '../../../../renderer/src/db/open';
import {
  allowRedaction,
  databaseName,
  markCorrections,
  type DeskDb,
} from '../../../../renderer/src/db/schema';
import { onUpgradeProgress, type UpgradeProgress } from '../../../../renderer/src/db/upgrade-progress';
import { oplogOf } from '../../../../renderer/src/db/write';
import {
  allEvents,
  countEvents,
  eventsOfSubject,
  NEWSLETTER,
  seedWorkspace,
  SMS,
  TestClock,
} from './fixtures';

const opened: DeskDb[] = [];
afterEach(async () => {
  for (const db of opened.splice(0)) {
    db.close();
    await db.delete();
  }
});

/**
 * A workspace with decisions, corrections and many events, written through today's write path;
 * then the same rows copied into a database laid out as version 14 (no `corrects`), as a workspace
 * last opened before this version holds them.
 */
async function workspaceAtVersion14(): Promise<{ current: DeskDb; oldWorkspace: string }> {
  const current = await openDeskDb(crypto.randomUUID());
  opened.push(current);
  const clock = new TestClock(Date.UTC(2026, 2, 20, 12));
  const ctx = clock.as('clerk');
  const { purposes, noticeId } = await seedWorkspace(current, {
    purposes: { newsletter: NEWSLETTER, sms: SMS },
    now: clock.now,
  });
  const people: string[] = [];
  for (let i = 0; i < 30; i += 1) {
    clock.advance(1000);
    const [event] = await recordConsents(current, ctx, {
      subject: { create: { lastName: `Person ${i}` } },
      decisions: [
        { purposeId: purposes.newsletter, decision: i % 3 ? 'granted' : 'refused' },
        { purposeId: purposes.sms, decision: 'granted' },
      ],
      channel: 'phone',
      decidedAt: new Date(clock.now() - i * 86_400_000).toISOString(),
      noticeId,
    });
    people.push(event!.subjectId);
  }
  for (const subjectId of people.slice(0, 4)) {
    clock.advance(1000);
    const [wrong] = await eventsOfSubject(current, subjectId);
    await recordConsents(current, ctx, {
      subject: { id: subjectId },
      decisions: [{ purposeId: wrong!.purposeId, decision: 'withdrawn', corrects: wrong!.id }],
      channel: 'phone',
      decidedAt: wrong!.decidedAt,
      noticeId,
      note: 'Wrong box ticked',
    });
  }
  const oldWorkspace = crypto.randomUUID();
  const old = openShipped(databaseName(oldWorkspace), 14);
  await old.open();
  for (const table of current.tables) {
    if (table.name === 'auditChunks') {
      // Version 14 kept one audit entry per row.
      await old.table('audit').bulkAdd((await current.auditChunks.toArray()).flatMap((row) => row.entries));
      continue;
    }
    if (table.name === 'facts') {
      await copyFactsAsShipped(current, old);
      continue;
    }
    if (!(table.name in SHIPPED_STORES[14])) continue;
    // Today's events are packed in `consentRows`: a version-14 install held one per row.
    const rows = (
      table.name === 'consentEvents' ? await allEvents(current) : await table.toArray()
    ) as Record<string, unknown>[];
    if (table.name === 'consentEvents') for (const row of rows) delete row.corrects;
    await old.table(table.name).bulkAdd(rows);
  }
  old.close();
  return { current, oldWorkspace };
}

describe('schema version 16', () => {
  it('gives an older database the same answers: ledger order, corrections found, history, derived rows', async () => {
    const { current, oldWorkspace } = await workspaceAtVersion14();
    const progress: UpgradeProgress[] = [];
    const stop = onUpgradeProgress((step) => progress.push(step));
    const upgraded = await openDeskDb(oldWorkspace);
    stop();
    opened.push(upgraded);

    const total = await countEvents(upgraded);
    expect(progress.filter((step) => step.step === 'consents').at(-1)).toEqual({
      step: 'consents',
      done: total,
      total,
    });
    const ids = (page: Awaited<ReturnType<typeof recentConsentEvents>>) =>
      page.rows.map((row) => row.event.id);
    expect(ids(await recentConsentEvents(upgraded, 25))).toEqual(ids(await recentConsentEvents(current, 25)));
    // What the dropped createdAt index gave: newest recorded first, last written first within a write.
    const byRecording = (await allEvents(current))
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id))
      .slice(0, 25)
      .map((event) => event.id);
    expect(ids(await recentConsentEvents(upgraded, 25))).toEqual(byRecording);
    const all = await allEvents(current);
    const corrections = (db: DeskDb) => db.consentEvents.where('corrects').above('').primaryKeys();
    expect((await corrections(upgraded)).sort()).toEqual(
      all
        .filter((event) => event.correctsEventId !== '')
        .map((event) => event.id)
        .sort(),
    );
    expect(await corrections(upgraded)).toHaveLength(4);
    const corrected = all
      .filter((event) => event.correctsEventId !== '')
      .map((event) => event.correctsEventId);
    expect(
      (
        await upgraded.consentEvents
          .where('corrects')
          .anyOf(all.map((event) => event.id))
          .toArray()
      ).map((event) => event.correctsEventId),
    ).toEqual(expect.arrayContaining(corrected));
    for (const event of all.slice(0, 6))
      expect(await oplogOf(upgraded, 'consentEvent', event.id)).toEqual(
        await oplogOf(current, 'consentEvent', event.id),
      );
    expect(await upgraded.facts.toArray()).toEqual(await current.facts.toArray());
    // The ledger's own fields are as they were; only the corrections gained their index key.
    const before = new Map(all.map((event) => [event.id, event]));
    for (const event of await allEvents(upgraded)) {
      const { corrects, ...rest } = event as typeof event & { corrects?: string };
      expect(rest).toEqual(
        Object.fromEntries(Object.entries(before.get(event.id)!).filter(([k]) => k !== 'corrects')),
      );
      expect(corrects).toBe(event.correctsEventId === '' ? undefined : event.correctsEventId);
    }
  });

  it('walks the ledger chunk by chunk, marking every correction whatever chunk it falls in', async () => {
    const { oldWorkspace } = await workspaceAtVersion14();
    // The upgraded copy: its events are in the version-14 table that version 16 walks.
    const current = await openDeskDb(oldWorkspace);
    opened.push(current);
    const marked = async () => (await current.consentEvents.where('corrects').above('').primaryKeys()).sort();
    const expected = await marked();
    expect(expected).toHaveLength(4);
    await current.transaction('rw', current.consentEvents, async (tx) => {
      allowRedaction(tx);
      const all = await current.consentEvents.toArray();
      await current.consentEvents.bulkPut(
        all.map((event) => {
          const { corrects: _, ...rest } = event as typeof event & { corrects?: string };
          return rest;
        }),
      );
    });
    expect(await marked()).toEqual([]);
    const progress: UpgradeProgress[] = [];
    const stop = onUpgradeProgress((step) => progress.push(step));
    await current.transaction('rw', current.consentEvents, async (tx) => {
      allowRedaction(tx);
      await markCorrections(current.table('consentEvents'), 7);
    });
    stop();
    expect(await marked()).toEqual(expected);
    const total = await countEvents(current);
    expect(progress.map((step) => step.done)).toEqual([
      ...Array.from({ length: Math.ceil(total / 7) }, (_, i) => Math.min(total, i * 7)),
      total,
    ]);
  });
});
