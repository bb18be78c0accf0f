/**
 * A join in bulk (renderer/src/db/sync.ts `beginJoin`, `join: true`, derived-join.ts) must leave
 * exactly what the replay through the apply path leaves: the same records, per-field clocks,
 * tombstones, ledgers, audit entries, each person's derived facts — without the oplog copies.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { canonicalJson, type Json } from '../../../../shared/audit/canonical';
import { decodeHlc } from '../../../../shared/sync/hlc';
import type { SyncOp } from '../../../../shared/sync/merge';
import type { Cursor } from '../../../../shared/sync/cursor';
import { recordConsents } from '../../../../renderer/src/db/consents';
import { eraseSubject } from '../../../../renderer/src/db/erasure';
import { createRequest } from '../../../../renderer/src/db/requests';
import type { DeskDb } from '../../../../renderer/src/db/schema';
import { applyRemoteOps, beginJoin, storedCursor, SYNC_META } from '../../../../renderer/src/db/sync';
import { usedNotices } from '../../../../renderer/src/db/used-notices';
import { createRecord, deviceIdOf, updateRecord, write } from '../../../../renderer/src/db/write';
import { allEvents, eventById, eventsOfSubject, latestOf } from './fixtures';
import { pushTo, shuffled as shuffleWith, testDevices } from './sync-devices';

let clock = Date.UTC(2026, 2, 20, 12, 0, 0);
const ctx = () => ({ operatorId: 'clerk', now: () => clock });
const devices = testDevices();
const device = () => devices.device();
let folder: SyncOp[] = [];
const push = (db: DeskDb) => pushTo(folder, db);

const cursorOf = (length: number): Cursor => ({ folder: [[1, Math.max(1, length)]] });

/** Corrections before their decisions, updates before creates. */
const shuffled = <T>(items: T[], seed = 11) => shuffleWith(items, seed);

/**
 * Pages as the Node side hands them over (sync:pull, sync:pull-page): the cursor with the last.
 * `join` as the runner decides it.
 */
async function receive(
  db: DeskDb,
  ops: SyncOp[],
  options: { join: boolean; page?: number; chunk?: number; upTo?: number; hold?: number },
): Promise<void> {
  const deviceId = await deviceIdOf(db);
  const page = options.page ?? 40;
  const upTo = options.upTo ?? ops.length;
  for (let start = 0; start < upTo; start += page) {
    const last = start + page >= ops.length;
    await applyRemoteOps(db, ops.slice(start, Math.min(start + page, upTo)), {
      deviceId,
      now: () => clock,
      chunk: options.chunk ?? 7,
      ...(options.join ? { join: true } : {}),
      ...(options.hold ? { hold: options.hold } : {}),
      ...(last ? { cursor: cursorOf(folder.length) } : {}),
    });
  }
}

/**
 * Every table a replica keeps, the per-field clocks included; not the oplog (local by nature). The
 * next local stamp's wall time and counter (its node is the device's own; a pass that receives
 * ops again moves the counter on, so `wallOnly` after a resumed join).
 */
async function state(db: DeskDb, options: { wallOnly?: boolean } = {}) {
  const out: Record<string, unknown[]> = {};
  for (const table of db.tables) {
    if (['meta', 'oplog'].includes(table.name)) continue;
    // Consent events by event: a join packs them in rows of its own (fewer than the replay).
    const rows = (table.name === 'consentRows' ? await allEvents(db) : await table.toArray()) as Record<
      string,
      unknown
    >[];
    // Canonical JSON: nested objects too (a facts row holds each decision) with keys in order.
    out[table.name] = rows.map((row) => canonicalJson(row as Json)).sort();
  }
  const hlc = String((await db.meta.get('hlc'))?.value);
  const { wall, counter } = decodeHlc(hlc);
  out.meta = [
    options.wallOnly ? wall : [wall, counter],
    await storedCursor(db),
    [...(await usedNotices(db))].sort(),
  ];
  return out;
}

const remoteOplogOps = async (db: DeskDb) => {
  const own = await deviceIdOf(db);
  return (await db.oplog.toArray()).filter((row) => row.deviceId !== own).length;
};

type Shop = {
  purpose: string;
  notice: string;
  erased: string;
  corrected: { subjectId: string; eventId: string };
  edited: string;
};

/** Two devices' worth of history: people, decisions, a correction, edits, a request, an erasure. */
async function buildSpace(a: DeskDb, b: DeskDb): Promise<Shop> {
  const { purpose, second, notice } = await write(a, { operatorId: null, now: () => clock }, async (w) => {
    await w.create('organisation', {
      legalName: 'Boulangerie Héloïse',
      address: '1 rue des Lilas, Metz',
      contactEmail: 'contact@exemple.fr',
      country: 'FR',
    });
    const purpose = await w.create('purpose', { name: { fr: 'Lettre', en: 'Newsletter' }, channel: 'email' });
    const second = await w.create('purpose', { name: { fr: 'SMS', en: 'Text' }, channel: 'sms' });
    const notice = await w.create('notice', {
      number: 1,
      title: 'Notice',
      text: 'Texte',
      effectiveOn: '2020-01-01',
    });
    await w.create('staff', { name: 'Claire Martin', role: 'owner' });
    return { purpose: purpose.id, second: second.id, notice: notice.id };
  });
  const people: string[] = [];
  for (let i = 0; i < 12; i += 1) {
    clock += 60_000;
    const [event] = await recordConsents(a, ctx(), {
      subject: { create: { firstName: `Prénom${i}`, lastName: `Nom${i}`, email: `p${i}@exemple.fr` } },
      decisions: [
        { purposeId: purpose, decision: i % 3 === 0 ? 'refused' : 'granted' },
        { purposeId: second, decision: 'granted' },
      ],
      channel: 'phone',
      decidedAt: new Date(Date.UTC(2026, 0, 1 + i)).toISOString(),
      noticeId: notice,
      // The person erased later: their decisions carry data the erasure must empty everywhere.
      ...(i === 6 ? { note: 'Rappeler après 18 h', evidence: { witnessName: 'Paul Témoin' } } : {}),
    });
    people.push(event!.subjectId);
  }
  // A later decision, a request, a customer reference and a phone edited field by field.
  clock += 60_000;
  await recordConsents(a, ctx(), {
    subject: { id: people[1]! },
    decisions: [{ purposeId: purpose, decision: 'withdrawn' }],
    channel: 'counter',
    decidedAt: '2026-02-20T10:00:00.000Z',
    noticeId: notice,
  });
  await createRequest(a, ctx(), {
    subject: { id: people[2]! },
    rights: ['access'],
    channel: 'email',
    receivedAt: '2026-03-01T10:00:00.000Z',
  });
  clock += 60_000;
  await updateRecord(a, ctx(), 'subject', people[3]!, { customerRef: 'CLI-3' });
  await push(a);

  // b catches up, then corrects one of a's decisions and edits a person; a erases someone.
  await receive(b, [...folder], { join: false });
  clock += 60_000;
  const [wrong] = await eventsOfSubject(a, people[4]!);
  await recordConsents(b, ctx(), {
    subject: { id: people[4]! },
    decisions: [{ purposeId: wrong!.purposeId, decision: 'refused', corrects: wrong!.id }],
    channel: 'phone',
    decidedAt: '2025-12-01T10:00:00.000Z',
    noticeId: notice,
    note: 'misheard',
  });
  clock += 60_000;
  await updateRecord(b, ctx(), 'subject', people[5]!, { phone: '06 11 22 33 44' });
  clock += 60_000;
  await eraseSubject(a, ctx(), { subjectId: people[6]!, reason: 'request', suppress: false });
  await push(a);
  await push(b);
  // a hears of b's correction and edit (its derived rows are compared with the joined device's).
  await receive(a, [...folder], { join: false });
  return {
    purpose,
    notice,
    erased: people[6]!,
    corrected: { subjectId: people[4]!, eventId: wrong!.id },
    edited: people[5]!,
  };
}

beforeEach(() => {
  clock = Date.UTC(2026, 2, 20, 12, 0, 0);
  folder = [];
});
afterEach(() => devices.closeAll());

describe('sync: a join in bulk', () => {
  it('leaves the same state as the replay, in any order, without copying the ops into the oplog', async () => {
    const a = await device();
    const b = await device();
    const shop = await buildSpace(a, b);
    for (const ops of [[...folder], shuffled(folder)]) {
      const replayed = await device();
      const joined = await device();
      expect(await beginJoin(replayed)).toBe(true);
      await receive(replayed, ops, { join: false });
      expect(await beginJoin(joined)).toBe(true);
      await receive(joined, ops, { join: true });

      expect(await state(joined)).toEqual(await state(replayed));
      // Each person's decisions in one row (held across chunks), where the replay wrote one row
      // per person and chunk of 7 operations.
      const people = new Set((await allEvents(joined)).map((event) => event.subjectId));
      expect(await joined.consentRows.count()).toBeLessThanOrEqual(people.size + 1);
      expect(await replayed.consentRows.count()).toBeGreaterThan(people.size + 1);
      // Holding at most 5 events: written every few pages, the same state.
      const held = await device();
      expect(await beginJoin(held)).toBe(true);
      await receive(held, ops, { join: true, hold: 5 });
      expect(await state(held)).toEqual(await state(replayed));
      expect(await held.consentRows.count()).toBeGreaterThan(await joined.consentRows.count());
      expect(await joined.meta.get(SYNC_META.joining)).toBeUndefined();
      expect(await remoteOplogOps(replayed)).toBeGreaterThan(0);
      expect(await remoteOplogOps(joined)).toBe(0);
      // The notice the decisions arrived under is in use there (its text can no longer change).
      expect([...(await usedNotices(joined))]).toEqual([shop.notice]);
      // The erasure and the correction, whatever came first.
      expect(await joined.subjects.get(shop.erased)).toBeUndefined();
      expect(await joined.facts.get(shop.erased)).toBeUndefined();
      const emptied = await eventsOfSubject(joined, shop.erased);
      expect(emptied).toHaveLength(2);
      for (const event of emptied) expect([event.note, event.evidence.witnessName]).toEqual(['', '']);
      expect((await joined.syncClocks.get(`subject/${shop.erased}`))?.deleted).toBeDefined();
      const corrected = await eventById(joined, shop.corrected.eventId);
      expect(await latestOf(joined, shop.corrected.subjectId, corrected!.purposeId)).toMatchObject({
        decision: 'refused',
        decidedAt: '2025-12-01T10:00:00.000Z',
      });
      expect((await joined.subjects.get(shop.edited))?.phone).toBe('06 11 22 33 44');
      // The original device's derived rows too (they were kept up write by write).
      expect((await state(joined)).facts).toEqual((await state(a)).facts);
    }
  });

  it('a join interrupted half-way and run again ends in the same state', async () => {
    const a = await device();
    const b = await device();
    await buildSpace(a, b);
    const ops = shuffled(folder);
    const replayed = await device();
    await receive(replayed, ops, { join: false });

    const joined = await device();
    expect(await beginJoin(joined)).toBe(true);
    await receive(joined, ops, { join: true, upTo: Math.floor(ops.length / 2) });
    // Closed before its end: no cursor yet, and the next pass knows it is still joining.
    expect(await storedCursor(joined)).toEqual({});
    expect(await joined.subjects.count()).toBeGreaterThan(0);
    expect(await beginJoin(joined)).toBe(true);
    await receive(joined, ops, { join: true });
    expect(await state(joined, { wallOnly: true })).toEqual(await state(replayed, { wallOnly: true }));
    expect(await beginJoin(joined)).toBe(false);
  });

  it('a join begun empty reads no ledger row for what it receives; an event received again is stored once', async () => {
    // People and their decisions, one of them corrected (no erasure: it reads its person's rows).
    const a = await device();
    const { purpose, notice } = await write(a, { operatorId: null, now: () => clock }, async (w) => ({
      purpose: (await w.create('purpose', { name: { fr: 'Lettre', en: 'Newsletter' }, channel: 'email' })).id,
      notice: (
        await w.create('notice', { number: 1, title: 'Notice', text: 'Texte', effectiveOn: '2020-01-01' })
      ).id,
    }));
    for (let i = 0; i < 8; i += 1) {
      clock += 60_000;
      const [event] = await recordConsents(a, ctx(), {
        subject: { create: { firstName: `Prénom${i}`, lastName: `Nom${i}` } },
        decisions: [{ purposeId: purpose, decision: 'granted' }],
        channel: 'phone',
        decidedAt: new Date(Date.UTC(2026, 0, 1 + i)).toISOString(),
        noticeId: notice,
      });
      if (i % 3 === 0)
        await recordConsents(a, ctx(), {
          subject: { id: event!.subjectId },
          decisions: [{ purposeId: purpose, decision: 'refused', corrects: event!.id }],
          channel: 'phone',
          decidedAt: new Date(Date.UTC(2026, 0, 1 + i)).toISOString(),
          noticeId: notice,
          note: 'misheard',
        });
    }
    await push(a);
    const ops = shuffled(folder);
    const replayed = await device();
    await receive(replayed, ops, { join: false });

    const joined = await device();
    // Requests made to the ledger's two tables: lookups by event id (the primary key of the old
    // table, `eventIds` of the packed one), and writes.
    const requests = { reads: 0, writes: 0 };
    const ledger = new Set(['consentRows', 'consentEvents']);
    const byId = (index: { isPrimaryKey?: boolean; name: string | null }) =>
      index.isPrimaryKey === true || index.name === 'eventIds';
    // A middleware applies from the next open.
    joined.close();
    joined.use({
      stack: 'dbcore',
      name: 'ledger-requests',
      create: (down) => ({
        ...down,
        table: (name) => {
          const table = down.table(name);
          if (!ledger.has(name)) return table;
          return {
            ...table,
            get: (request) => ((requests.reads += 1), table.get(request)),
            getMany: (request) => ((requests.reads += 1), table.getMany(request)),
            query: (request) => {
              if (byId(request.query.index)) requests.reads += 1;
              return table.query(request);
            },
            openCursor: (request) => {
              if (byId(request.query.index)) requests.reads += 1;
              return table.openCursor(request);
            },
            mutate: (request) => ((requests.writes += 1), table.mutate(request)),
          };
        },
      }),
    });
    await joined.open();
    expect(await beginJoin(joined)).toBe(true);
    requests.reads = 0;
    // Everything twice (a snapshot and the segments it covers), held 5 at a time; the last page
    // (whose end reads every event to compute the facts) apart.
    const twice = [...ops, ...ops];
    await receive(joined, twice, { join: true, hold: 5, upTo: Math.floor((twice.length - 1) / 40) * 40 });
    expect(requests.writes).toBeGreaterThan(0);
    expect(requests.reads).toBe(0);
    await receive(joined, twice, { join: true, hold: 5 });
    expect(await state(joined, { wallOnly: true })).toEqual(await state(replayed, { wallOnly: true }));
  });

  it('is not a join for a device that holds records, nor once a cursor is stored', async () => {
    const a = await device();
    await createRecord(a, ctx(), 'subject', { lastName: 'Durand' });
    expect(await beginJoin(a)).toBe(false);
    const c = await device();
    await c.meta.put({ key: SYNC_META.cursor, value: cursorOf(3) });
    expect(await beginJoin(c)).toBe(false);
    expect(await c.meta.get(SYNC_META.joining)).toBeUndefined();
  });

  it('goes on incrementally after the join: remote changes, corrections, erasures and its own writes', async () => {
    const a = await device();
    const b = await device();
    const shop = await buildSpace(a, b);
    const replayed = await device();
    const joined = await device();
    await receive(replayed, [...folder], { join: false });
    expect(await beginJoin(joined)).toBe(true);
    await receive(joined, [...folder], { join: true });
    const seen = folder.length;

    // a changes things after the join: a decision, a correction of it, an edit, an erasure.
    clock += 60_000;
    const someone = (await a.subjects.orderBy('id').first())!;
    const [decision] = await recordConsents(a, ctx(), {
      subject: { id: someone.id },
      decisions: [{ purposeId: shop.purpose, decision: 'granted' }],
      channel: 'counter',
      decidedAt: '2026-03-19T10:00:00.000Z',
      noticeId: shop.notice,
    });
    clock += 60_000;
    await recordConsents(a, ctx(), {
      subject: { id: someone.id },
      decisions: [{ purposeId: shop.purpose, decision: 'refused', corrects: decision!.id }],
      channel: 'counter',
      decidedAt: '2026-03-19T10:00:00.000Z',
      noticeId: shop.notice,
      note: 'wrong box',
    });
    await updateRecord(a, ctx(), 'subject', shop.edited, { email: 'nouvelle@exemple.fr' });
    await eraseSubject(a, ctx(), { subjectId: shop.corrected.subjectId, reason: 'request', suppress: false });
    await push(a);
    const increment = shuffled(folder.slice(seen), 5);

    expect(await beginJoin(joined)).toBe(false);
    await receive(joined, increment, { join: false });
    await receive(replayed, increment, { join: false });
    expect(await state(joined)).toEqual(await state(replayed));
    expect(await latestOf(joined, someone.id, shop.purpose)).toMatchObject({ decision: 'refused' });
    expect(await joined.subjects.get(shop.corrected.subjectId)).toBeUndefined();
    // Incremental passes keep the received ops as before.
    expect(await remoteOplogOps(joined)).toBeGreaterThan(0);

    // The joined device's own change travels and merges on a.
    clock += 60_000;
    await updateRecord(joined, ctx(), 'subject', shop.edited, { phone: '07 00 00 00 01' });
    const mark = folder.length;
    await push(joined);
    expect(folder.length).toBeGreaterThan(mark);
    await receive(a, folder.slice(mark), { join: false });
    expect(await a.subjects.get(shop.edited)).toMatchObject({
      email: 'nouvelle@exemple.fr',
      phone: '07 00 00 00 01',
    });
  });
});
