import { afterEach, describe, expect, it } from 'vitest';
import { recentConsentEvents } from '../../../../renderer/src/db/consent-ledger';
import { recordConsents } from '../../../../renderer/src/db/consents';
import { contactOfRow, eventsOfSubject } from '../../../../renderer/src/db/ledger';
import type { ConsentEvent } from '../../../../shared/consent/model';
import { openShipped, SHIPPED_STORES } from './shipped-schemas';
import { openDeskDb } from '../../../../renderer/src/db/open';
import { databaseName, markCorrections, type DeskDb } from '../../../../renderer/src/db/schema';
import { onUpgradeProgress, type UpgradeProgress } from '../../../../renderer/src/db/upgrade-progress';
import { oplogOf } from '../../../../renderer/src/db/write';
import { NEWSLETTER, seedWorkspace, SMS, TestClock } from './fixtures';

const opened: DeskDb[] = [];
afterEach(async () => {
  for (const db of opened.splice(0)) {
    db.close();
    await db.delete();
  }
});

/** Every consent event of a database at version 20 (each person's are in their ledger row). */
const eventsOf = async (db: DeskDb): Promise<ConsentEvent[]> =>
  (await db.ledgers.toArray()).flatMap((row) => row.events);

/**
 * A workspace with decisions, corrections and many events, written through today's write path;
 * then the same records copied into a database laid out as version 14 (one row per event without
 * `corrects`, one per latest decision without `unproven`, one contacts row per person), as a
 * workspace last opened before version 16 holds them.
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
    if (!(table.name in SHIPPED_STORES[14])) continue;
    await old.table(table.name).bulkAdd(await table.toArray());
  }
  // Version 14 kept the ledger rows' parts in tables of their own.
  const ledgers = await current.ledgers.toArray();
  await old
    .table('consentEvents')
    .bulkAdd(
      ledgers
        .flatMap((row) => row.events as (ConsentEvent & { corrects?: string })[])
        .map(({ corrects: _, ...event }) => event),
    );
  await old
    .table('preferences')
    .bulkAdd(ledgers.flatMap((row) => row.preferences).map(({ unproven: _, ...preference }) => preference));
  await old.table('contacts').bulkAdd(ledgers.flatMap((row) => contactOfRow(row) ?? []));
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

    // Going on to version 20, which packs the ledger anew from the events, the walks of versions
    // 14, 16 and 19 over the old tables are skipped: the packing alone is reported, over the events
    // and the contacts rows, to its end.
    const all = await eventsOf(current);
    const total = all.length;
    const people = (await current.ledgers.toArray()).filter((row) => contactOfRow(row)).length;
    const consents = progress.filter((step) => step.step === 'consents');
    expect(consents.every((step) => step.total === total + people)).toBe(true);
    expect(consents.at(-1)).toEqual({ step: 'consents', done: total + people, total: total + people });
    expect(progress.filter((step) => step.step === 'preferences')).toEqual([]);
    const ids = (page: Awaited<ReturnType<typeof recentConsentEvents>>) =>
      page.rows.map((row) => row.event.id);
    expect(ids(await recentConsentEvents(upgraded, 25))).toEqual(ids(await recentConsentEvents(current, 25)));
    // What the dropped createdAt index gave: newest recorded first, last written first within a write.
    const byRecording = [...all]
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id))
      .slice(0, 25)
      .map((event) => event.id);
    expect(ids(await recentConsentEvents(upgraded, 25))).toEqual(byRecording);
    // Corrections found: the same events are corrections, and what they correct is out of the
    // latest decisions.
    const corrections = async (db: DeskDb) =>
      (await eventsOf(db))
        .filter((event) => event.correctsEventId !== '')
        .map((event) => event.id)
        .sort();
    expect(await corrections(upgraded)).toEqual(await corrections(current));
    expect(await corrections(upgraded)).toHaveLength(4);
    const corrected = new Set(
      all.filter((event) => event.correctsEventId !== '').map((event) => event.correctsEventId),
    );
    expect(corrected.size).toBe(4);
    const decisions = (await upgraded.ledgers.toArray()).flatMap((row) => row.preferences);
    expect(decisions.filter((preference) => corrected.has(preference.id))).toEqual([]);
    expect(
      decisions.filter((preference) => all.find((e) => e.id === preference.id)!.correctsEventId !== ''),
    ).toHaveLength(4);
    for (const event of all.slice(0, 6))
      expect(await oplogOf(upgraded, 'consentEvent', event.id)).toEqual(
        await oplogOf(current, 'consentEvent', event.id),
      );
    const preferences = async (db: DeskDb) => (await db.ledgers.toArray()).flatMap((row) => row.preferences);
    expect(await preferences(upgraded)).toEqual(await preferences(current));
    const contacts = async (db: DeskDb) => (await db.ledgers.toArray()).map(contactOfRow);
    expect(await contacts(upgraded)).toEqual(await contacts(current));
    // Whole rows: the same as today's write path keeps them.
    expect(await upgraded.ledgers.toArray()).toEqual(await current.ledgers.toArray());
    // The ledger's own fields are as they were.
    const upgradedEvents = await eventsOf(upgraded);
    expect(upgradedEvents).toHaveLength(all.length);
    expect(new Map(upgradedEvents.map((event) => [event.id, event]))).toEqual(
      new Map(all.map((event) => [event.id, event])),
    );
  });

  it('walks the ledger chunk by chunk, marking every correction whatever chunk it falls in', async () => {
    const { current, oldWorkspace } = await workspaceAtVersion14();
    const expected = (await eventsOf(current))
      .filter((event) => event.correctsEventId !== '')
      .map((event) => event.id)
      .sort();
    expect(expected).toHaveLength(4);
    // The version 14 database as left on disk: no event has its `corrects` yet.
    const old = openShipped(databaseName(oldWorkspace), 14);
    await old.open();
    try {
      const events = old.table<ConsentEvent & { corrects?: string }, string>('consentEvents');
      const marked = async () =>
        (await events.toArray())
          .filter((event) => event.corrects !== undefined)
          .map((event) => event.id)
          .sort();
      expect(await marked()).toEqual([]);
      const before = await events.toArray();
      const progress: UpgradeProgress[] = [];
      const stop = onUpgradeProgress((step) => progress.push(step));
      await old.transaction('rw', events, () => markCorrections(events, 7));
      stop();
      expect(await marked()).toEqual(expected);
      // Only the corrections changed, by their `corrects` only.
      expect(
        (await events.toArray()).map(({ corrects, ...event }) => {
          expect(corrects).toBe(event.correctsEventId === '' ? undefined : event.correctsEventId);
          return event;
        }),
      ).toEqual(before);
      const total = before.length;
      expect(progress.map((step) => step.done)).toEqual([
        ...Array.from({ length: Math.ceil(total / 7) }, (_, i) => Math.min(total, i * 7)),
        total,
      ]);
    } finally {
      old.close();
      await old.delete();
    }
  });
});
