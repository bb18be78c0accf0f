import { Dexie, type Table } from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { isUnprovenConsent } from '../../../../shared/compliance/evidence';
import { latestDecisions, preferenceOf } from '../../../../shared/consent/derive';
import type { ConsentEvent, Decision } from '../../../../shared/consent/model';
import type { ContactRow } from '../../../../shared/retention/facts';
import {
  contactOfRow,
  contactsBetween,
  ledgerRowOf,
  type LedgerRow,
} from '../../../../renderer/src/db/ledger';
import { packLedger, type PackTables } from '../../../../renderer/src/db/ledger-upgrade';
import { openDeskDb } from '../../../../renderer/src/db/open';
import { databaseName, type DeskDb } from '../../../../renderer/src/db/schema';
import { onUpgradeProgress, type UpgradeProgress } from '../../../../renderer/src/db/upgrade-progress';
import { openShipped, SHIPPED_STORES } from './shipped-schemas';

const opened: Dexie[] = [];
afterEach(async () => {
  for (const db of opened.splice(0)) {
    db.close();
    await db.delete();
  }
});

const DAY = 86_400_000;
const BASE = Date.UTC(2025, 5, 1, 10);
const at = (days: number) => new Date(BASE + days * DAY).toISOString();
let serial = 0;

/** An event as version 19 stored it (its derived `unproven` and `corrects` keys included). */
function event(
  subjectId: string,
  purposeId: string,
  decision: Decision,
  days: number,
  more: Partial<ConsentEvent> = {},
): ConsentEvent {
  serial += 1;
  const base: ConsentEvent = {
    id: `0190${String(serial).padStart(8, '0')}`,
    subjectId,
    purposeId,
    decision,
    channel: 'phone',
    decidedAt: at(days),
    noticeId: 'notice-1',
    evidence: { attachment: null, callReference: '', witnessName: '', fileHash: '', formReference: '' },
    note: '',
    correctsEventId: '',
    createdAt: at(days),
    updatedAt: at(days),
    createdBy: 'clerk',
    updatedBy: 'clerk',
    hlc: `hlc-${String(serial).padStart(8, '0')}`,
    ...more,
  };
  return {
    ...base,
    ...(isUnprovenConsent(base) ? { unproven: 1 } : {}),
    ...(base.correctsEventId ? { corrects: base.correctsEventId } : {}),
  } as ConsentEvent;
}

/**
 * A version 19 ledger: people with decisions (one with a correction across purposes, one whose
 * events fill more than a page), contacts rows (one person with no event), a person erased here
 * (an erasures row; a contacts row left behind) and one erased on another device (a tombstone).
 */
function oldLedger() {
  const ann = [event('a-ann', 'p1', 'granted', 1), event('a-ann', 'p2', 'refused', 2)];
  const wrong = event('b-bob', 'p1', 'granted', 30, {
    evidence: { ...ann[0]!.evidence, witnessName: 'Claire' },
  });
  const bob = [
    event('b-bob', 'p1', 'refused', 3),
    wrong,
    event('b-bob', 'p2', 'withdrawn', 31, { correctsEventId: wrong.id, note: 'wrong purpose' }),
  ];
  const cid = [event('c-cid', 'p1', 'granted', 4, { note: '' }), event('c-cid', 'p2', 'granted', 5)];
  const dan = [event('d-dan', 'p1', 'granted', 6)];
  const eve = Array.from({ length: 12 }, (_, i) =>
    event('e-eve', i % 2 ? 'p1' : 'p2', i % 3 ? 'granted' : 'withdrawn', 10 + i, {
      evidence: {
        ...ann[0]!.evidence,
        attachment:
          i === 4 ? { hash: 'f'.repeat(64), name: 'form.pdf', mediaType: 'application/pdf', size: 3 } : null,
      },
    }),
  );
  const events = [...ann, ...bob, ...cid, ...dan, ...eve];
  const contacts: ContactRow[] = [
    { subjectId: 'a-ann', category: 'prospect', lastContactAt: at(2) },
    { subjectId: 'b-bob', category: 'customer', lastContactAt: at(31) },
    { subjectId: 'c-cid', category: 'prospect', lastContactAt: at(5) },
    { subjectId: 'e-eve', category: 'customer', lastContactAt: at(21) },
    { subjectId: 'f-fay', category: 'prospect', lastContactAt: at(-100) },
  ];
  const people = ['a-ann', 'b-bob', 'c-cid', 'd-dan', 'e-eve'];
  const erased = new Set(['c-cid', 'd-dan']);
  const preferences = people
    .filter((id) => !erased.has(id))
    .flatMap((id) =>
      [...latestDecisions(events.filter((e) => e.subjectId === id)).values()].map(preferenceOf),
    );
  /** What each person's row must be: built from their old events and contacts row. */
  const expected: LedgerRow[] = [...people, 'f-fay'].map((id) =>
    ledgerRowOf(
      id,
      events.filter((e) => e.subjectId === id),
      contacts.find((c) => c.subjectId === id) ?? null,
      erased.has(id),
    ),
  );
  return {
    events,
    contacts,
    preferences,
    expected,
    erasures: [{ id: 'erasure-1', subjectId: 'c-cid', erasedAt: at(40) }],
    syncClocks: [
      { key: 'subject/d-dan', clocks: {}, deleted: 'hlc-remote' },
      // A record's clocks that are no tombstone, and another entity's tombstone: nobody erased.
      { key: 'subject/a-ann', clocks: { lastName: 'hlc-x' } },
      { key: 'request/e-eve', clocks: {}, deleted: 'hlc-y' },
    ],
  };
}

async function seed(db: Dexie, ledger: ReturnType<typeof oldLedger>): Promise<void> {
  // Shuffled: the upgrade must not depend on the order the rows were written in.
  await db.table('consentEvents').bulkAdd([...ledger.events].reverse());
  await db.table('contacts').bulkAdd(ledger.contacts);
  await db.table('preferences').bulkAdd(ledger.preferences);
  await db.table('erasures').bulkAdd(ledger.erasures);
  await db.table('syncClocks').bulkAdd(ledger.syncClocks);
}

function checkProgress(progress: UpgradeProgress[], total: number): void {
  const consents = progress.filter((step) => step.step === 'consents');
  expect(consents[0]).toEqual({ step: 'consents', done: 0, total });
  expect(consents.at(-1)).toEqual({ step: 'consents', done: total, total });
  expect(
    consents.every((step, i) => step.total === total && (i === 0 || step.done >= consents[i - 1]!.done)),
  ).toBe(true);
}

describe('schema version 20 (one ledger row per person)', () => {
  it('packs a version 19 ledger: each person gets the row their old events and contacts row give', async () => {
    const ledger = oldLedger();
    const workspace = crypto.randomUUID();
    const old = openShipped(databaseName(workspace), 19);
    await old.open();
    await seed(old, ledger);
    old.close();

    const progress: UpgradeProgress[] = [];
    const stop = onUpgradeProgress((step) => progress.push(step));
    let upgraded: DeskDb;
    try {
      upgraded = await openDeskDb(workspace);
    } finally {
      stop();
    }
    opened.push(upgraded);
    expect(upgraded.verno).toBeGreaterThanOrEqual(20);

    const rows = await upgraded.ledgers.orderBy(':id').toArray();
    expect(rows).toEqual(ledger.expected);
    const row = (id: string) => rows.find((r) => r.subjectId === id)!;
    // The correction: the corrected decision is out of p1, the correction counts in p2.
    expect(row('b-bob').preferences.map((p) => [p.purposeId, p.decision, p.decidedAt])).toEqual([
      ['p1', 'refused', at(3)],
      ['p2', 'withdrawn', at(31)],
    ]);
    // The person whose events fill more than a page: every event, in one row.
    expect(row('e-eve').events).toHaveLength(12);
    expect(row('e-eve').hashes).toEqual(['f'.repeat(64)]);
    // The erased, here and on another device: their events kept, nothing current, no contact.
    for (const id of ['c-cid', 'd-dan']) {
      expect(row(id)).toMatchObject({ erased: 1, preferences: [], current: [] });
      expect(row(id).events.length).toBeGreaterThan(0);
      expect(contactOfRow(row(id))).toBeNull();
    }
    // Contacts rows, with or without events; the retention review's index answers from them.
    expect(rows.map(contactOfRow).filter((c) => c !== null)).toEqual(
      ledger.contacts.filter((c) => c.subjectId !== 'c-cid'),
    );
    expect(row('f-fay')).toMatchObject({ events: [], preferences: [], category: 'prospect' });
    expect((await contactsBetween(upgraded, 'prospect', Dexie.maxKey)).map((c) => c.subjectId)).toEqual([
      'f-fay',
      'a-ann',
    ]);
    // The kept index of current consents without proof: a-ann's p1 only (e-eve's have a scan or are
    // withdrawals; b-bob's proven one was corrected).
    expect(await upgraded.ledgers.where('unproven').equals('p1').primaryKeys()).toEqual(
      rows.filter((r) => r.unproven?.includes('p1')).map((r) => r.subjectId),
    );

    // The old tables are gone, in IndexedDB too.
    const names = upgraded.tables.map((table) => table.name);
    for (const gone of ['consentEvents', 'preferences', 'contacts']) {
      expect(names).not.toContain(gone);
      expect(upgraded.backendDB().objectStoreNames.contains(gone)).toBe(false);
    }
    checkProgress(progress, ledger.events.length + ledger.contacts.length);
  });

  it('gives the same rows whatever the page size, a person filling pages whole included', async () => {
    const ledger = oldLedger();
    const db = new Dexie(`pack-${crypto.randomUUID()}`);
    db.version(1).stores({
      ...SHIPPED_STORES[19],
      ledgers:
        'subjectId, [category+lastContactAt], *eventIds, *decisions, *current, *noticeIds, *hashes, *unproven',
    });
    opened.push(db);
    await db.open();
    await seed(db, ledger);
    const tables: PackTables = {
      events: db.table('consentEvents') as Table<ConsentEvent, string>,
      contacts: db.table('contacts') as Table<ContactRow, string>,
      erasures: db.table('erasures'),
      syncClocks: db.table('syncClocks'),
      ledgers: db.table('ledgers') as Table<LedgerRow, string>,
    };
    const total = ledger.events.length + ledger.contacts.length;
    // 1: every page one event; 5: e-eve's 12 events fill pages alone; 12/13: a page ends just at or
    // just after them; 100: everything in one page.
    for (const pageSize of [1, 2, 3, 4, 5, 7, 11, 12, 13, 100]) {
      await tables.ledgers.clear();
      const progress: UpgradeProgress[] = [];
      const stop = onUpgradeProgress((step) => progress.push(step));
      try {
        await db.transaction('rw', db.tables, () => packLedger(tables, pageSize));
      } finally {
        stop();
      }
      expect(await tables.ledgers.orderBy(':id').toArray(), `page size ${pageSize}`).toEqual(ledger.expected);
      checkProgress(progress, total);
      // Reported as it goes: at least once per page of events.
      if (pageSize < ledger.events.length)
        expect(progress.length).toBeGreaterThan(Math.floor(ledger.events.length / Math.max(pageSize, 12)));
    }
    // The old tables are only read.
    expect(await tables.events.count()).toBe(ledger.events.length);
    expect(await tables.contacts.count()).toBe(ledger.contacts.length);
  });

  it('gives a version 8 database (no contacts yet) the contact facts of its people, requests and decisions', async () => {
    // The case of the deleted contacts.test.ts: version 9 builds them, version 20 packs them.
    const iso = (y: number, m: number, d: number) => new Date(Date.UTC(y, m - 1, d, 10)).toISOString();
    const workspace = crypto.randomUUID();
    const old = openShipped(databaseName(workspace), 8);
    await old.open();
    await old.table('subjects').bulkAdd([
      { id: 's1', createdAt: iso(2021, 1, 5), customerRef: '', lastName: 'A' },
      { id: 's2', createdAt: iso(2021, 1, 6), customerRef: 'CLI-2', lastName: 'B' },
      { id: 's3', createdAt: iso(2021, 1, 7), customerRef: ' ', lastName: 'C' },
    ]);
    await old.table('requests').bulkAdd([
      { id: 'r1', reference: 'R1', subjectId: 's1', receivedAt: iso(2022, 1, 1) },
      { id: 'r2', reference: 'R2', subjectId: 's2', receivedAt: iso(2020, 1, 1) },
      { id: 'r3', reference: 'R3', subjectId: 'gone', receivedAt: iso(2025, 1, 1) },
    ]);
    // Recorded before version 14: no derived `unproven` key yet, though s1's consent has no proof.
    const plain = { attachment: null, callReference: '', witnessName: '', fileHash: '', formReference: '' };
    const v8Event = (
      id: string,
      subjectId: string,
      purposeId: string,
      decision: Decision,
      decidedAt: string,
      witnessName = '',
    ) => ({
      id,
      subjectId,
      purposeId,
      decision,
      channel: 'counter',
      decidedAt,
      noticeId: 'n1',
      evidence: { ...plain, witnessName },
      note: '',
      correctsEventId: '',
      createdAt: decidedAt,
      updatedAt: decidedAt,
      createdBy: null,
      updatedBy: null,
      hlc: `hlc-${id}`,
    });
    await old
      .table('consentEvents')
      .bulkAdd([
        v8Event('e1', 's1', 'p1', 'granted', iso(2021, 6, 1)),
        v8Event('e2', 's2', 'p1', 'refused', iso(2024, 3, 3)),
        v8Event('e3', 's2', 'p2', 'granted', iso(2023, 3, 3), 'Claire'),
      ]);
    await old.table('preferences').bulkAdd([
      { subjectId: 's1', purposeId: 'p1', decision: 'granted', decidedAt: iso(2021, 6, 1) },
      { subjectId: 's2', purposeId: 'p1', decision: 'refused', decidedAt: iso(2024, 3, 3) },
      { subjectId: 's2', purposeId: 'p2', decision: 'granted', decidedAt: iso(2023, 3, 3) },
    ]);
    old.close();

    const upgraded = await openDeskDb(workspace);
    opened.push(upgraded);
    expect(upgraded.verno).toBeGreaterThanOrEqual(20);
    expect((await upgraded.ledgers.orderBy(':id').toArray()).map(contactOfRow)).toEqual([
      { subjectId: 's1', category: 'prospect', lastContactAt: iso(2022, 1, 1) },
      { subjectId: 's2', category: 'customer', lastContactAt: iso(2024, 3, 3) },
      { subjectId: 's3', category: 'prospect', lastContactAt: iso(2021, 1, 7) },
    ]);
    // The consent without proof is known as such in its row, though version 14 never marked it.
    const rows = await upgraded.ledgers.orderBy(':id').toArray();
    expect(rows.map((row) => row.unproven ?? [])).toEqual([['p1'], [], []]);
    expect(rows[0]!.events.map((event) => (event as ConsentEvent & { unproven?: 1 }).unproven)).toEqual([1]);
    expect(rows[1]!.preferences.map((p) => [p.purposeId, p.decision, p.unproven])).toEqual([
      ['p1', 'refused', undefined],
      ['p2', 'granted', undefined],
    ]);
    expect(await contactsBetween(upgraded, 'prospect', iso(2021, 12, 31))).toEqual([
      { subjectId: 's3', category: 'prospect', lastContactAt: iso(2021, 1, 7) },
    ]);
  });
});
