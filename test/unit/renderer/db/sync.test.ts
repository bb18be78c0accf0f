/**
 * The database side of sync: devices (separate DeskDb instances in fake-indexeddb) exchange ops
 * through a shared in-memory log, as the folder would carry them, and merge with shared/sync/merge.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { verifyAuditChain } from '../../../../shared/audit/chain';
import { decodeHlc, compareHlc } from '../../../../shared/sync/hlc';
import { applyOps, type RecordState, type SyncOp } from '../../../../shared/sync/merge';
import { recordConsents } from '../../../../renderer/src/db/consents';
import { contactIn, storedPreferences, type FactsRow } from '../../../../renderer/src/db/facts';
import { createRequest } from '../../../../renderer/src/db/requests';
import { eraseSubject, pendingDeletions } from '../../../../renderer/src/db/erasure';
import { OPLOG_BATCH, type DeskDb } from '../../../../renderer/src/db/schema';
import { searchSubjects } from '../../../../renderer/src/db/subjects';
import {
  applyRemoteOps,
  beginJoin,
  outgoingBatch,
  snapshotBatches,
  storedCursor,
  SYNC_META,
  unpushedCount,
} from '../../../../renderer/src/db/sync';
import { createRecord, deviceIdOf, oplogOf, updateRecord, write } from '../../../../renderer/src/db/write';
import { allEntries, countEntries } from '../../../../renderer/src/db/audit-store';
import { allEvents, eventsOfSubject, keptAndRebuiltFacts, latestOf } from './fixtures';
import { pushTo, shuffled as shuffleWith, testDevices } from './sync-devices';

const SCAN = {
  hash: 'a'.repeat(64),
  name: 'formulaire.pdf',
  mediaType: 'application/pdf' as const,
  size: 10,
};

let clock = Date.UTC(2026, 2, 20, 12, 0, 0);
const ctx = (operatorId = 'clerk') => ({ operatorId, now: () => clock });
const devices = testDevices();
const device = () => devices.device();
/** The shared folder: every op any device handed over, in the order they arrived. */
let folder: SyncOp[] = [];
const seen = new Map<DeskDb, number>();

/** Hand this device's new changes to the folder (as the push loop does). */
const push = (db: DeskDb, limit?: number) => pushTo(folder, db, limit);

/** Merge what the folder holds that this device has not seen yet. */
async function pull(db: DeskDb, options: { shuffle?: boolean; chunk?: number } = {}) {
  const from = seen.get(db) ?? 0;
  let ops = folder.slice(from);
  if (options.shuffle) ops = shuffled(ops);
  seen.set(db, folder.length);
  return applyRemoteOps(db, ops, {
    deviceId: await deviceIdOf(db),
    cursor: { folder: [[1, Math.max(1, folder.length)]] },
    now: () => clock,
    ...(options.chunk ? { chunk: options.chunk } : {}),
  });
}

async function syncAll(...devices: DeskDb[]): Promise<void> {
  for (const db of devices) await push(db);
  for (const db of devices) await pull(db);
}

const shuffled = <T>(items: T[], seed = 7) => shuffleWith(items, seed);

async function setUpShop(db: DeskDb) {
  return write(db, { operatorId: null, now: () => clock }, async (w) => {
    await w.create('organisation', {
      legalName: 'Boulangerie Héloïse',
      address: '1 rue des Lilas, Metz',
      contactEmail: 'contact@exemple.fr',
      country: 'FR',
    });
    const purpose = await w.create('purpose', { name: { fr: 'Lettre', en: 'Newsletter' }, channel: 'email' });
    const notice = await w.create('notice', {
      number: 1,
      title: 'Notice',
      text: 'Texte',
      effectiveOn: '2020-01-01',
    });
    const staff = await w.create('staff', { name: 'Claire Martin', role: 'owner' });
    return { purpose: purpose.id, notice: notice.id, staff: staff.id };
  });
}

/** Every table's rows, without what is local by nature (the oplog's batching, meta, clocks). */
async function contents(db: DeskDb) {
  const out: Record<string, unknown[]> = {};
  for (const table of db.tables) {
    // The audit log compares by entry: each replica packs its rows its own way.
    if (['meta', 'oplog', 'syncClocks', 'auditChunks'].includes(table.name)) continue;
    const rows = (await table.toArray()) as Record<string, unknown>[];
    out[table.name] = rows
      .map((row) => JSON.stringify(row, Object.keys(row).sort()))
      .sort()
      .map((text) => JSON.parse(text) as unknown);
  }
  out.audit = await allEntries(db);
  return out;
}

beforeEach(() => {
  clock = Date.UTC(2026, 2, 20, 12, 0, 0);
  folder = [];
  seen.clear();
});
afterEach(() => devices.closeAll());

describe('sync: outgoing changes', () => {
  it('hands over each oplog operation and audit entry once, with the record stamps as fields', async () => {
    const a = await device();
    const deviceId = await deviceIdOf(a);
    const subject = await createRecord(a, ctx(), 'subject', { firstName: 'Jean', lastName: 'Martin' });
    clock += 60_000;
    await updateRecord(a, ctx('boss'), 'subject', subject.id, { email: 'jean@exemple.fr' });
    expect(await unpushedCount(a, deviceId)).toBe(2);

    expect(await push(a)).toBe(4); // two operations, two audit entries
    const records = folder.filter((op) => op.entity === 'subject');
    expect(records.map((op) => op.op)).toEqual(['create', 'update']);
    expect(records[0]!.fields).toMatchObject({
      firstName: 'Jean',
      createdBy: 'clerk',
      createdAt: subject.createdAt,
      updatedAt: subject.createdAt,
    });
    expect(records[0]!.fields).not.toHaveProperty('terms');
    expect(records[1]!.fields).toEqual({
      email: 'jean@exemple.fr',
      updatedAt: new Date(clock).toISOString(),
      updatedBy: 'boss',
    });
    expect(folder.filter((op) => op.entity === 'audit')).toHaveLength(2);
    expect(folder.every((op) => op.deviceId === deviceId)).toBe(true);
    // Nothing twice, and the next change goes alone.
    expect(await push(a)).toBe(0);
    expect(await unpushedCount(a, deviceId)).toBe(0);
    await updateRecord(a, ctx(), 'subject', subject.id, { phone: '0611223344' });
    expect(await push(a)).toBe(2);
  });

  it('respects the batch limit and keeps oplog order', async () => {
    const a = await device();
    for (let i = 0; i < 12; i += 1) await createRecord(a, ctx(), 'subject', { lastName: `P${i}` });
    const deviceId = await deviceIdOf(a);
    // One oplog row per write, at most limit / OPLOG_BATCH rows a batch: rows are never split.
    expect((await outgoingBatch(a, deviceId, 10 * OPLOG_BATCH))!.ops).toHaveLength(10);
    await push(a);
    expect(folder.filter((op) => op.entity === 'subject')).toHaveLength(12);
    const hlcs = folder.filter((op) => op.entity === 'subject').map((op) => op.hlc);
    expect(hlcs).toEqual([...hlcs].sort());
  });
});

describe('sync: two devices converge', () => {
  it('a joining device gets the same records, preferences and verifiable audit chains', async () => {
    const a = await device();
    const b = await device();
    const { purpose, notice } = await setUpShop(a);
    const [event] = await recordConsents(a, ctx(), {
      subject: { create: { firstName: 'Héloïse', lastName: 'Lefèvre', email: 'heloise@exemple.fr' } },
      decisions: [{ purposeId: purpose, decision: 'granted' }],
      channel: 'phone',
      decidedAt: '2026-03-01T10:00:00.000Z',
      noticeId: notice,
    });
    await syncAll(a, b);

    expect(await contents(b)).toEqual(await contents(a));
    expect((await searchSubjects(b, 'heloise')).map((s) => s.id)).toEqual([event!.subjectId]);
    expect(await storedPreferences(b)).toMatchObject([
      { subjectId: event!.subjectId, purposeId: purpose, decision: 'granted' },
    ]);
    expect(verifyAuditChain(await allEntries(b))).toMatchObject({ ok: true, devices: 1 });
    // Remote operations are kept in b's oplog, under a's device id.
    const history = await oplogOf(b, 'subject', event!.subjectId);
    expect(history).toHaveLength(1);
    expect(history[0]!.deviceId).toBe(await deviceIdOf(a));

    // b's own writes now come after everything it received, and travel back.
    clock -= 3_600_000; // b's clock is an hour behind
    const added = await createRecord(b, ctx(), 'subject', { lastName: 'Durand' });
    const received = (await a.subjects.toArray()).map((s) => decodeHlc(s.hlc));
    for (const stamp of received) expect(compareHlc(decodeHlc(added.hlc), stamp)).toBe(1);
    await syncAll(a, b);
    expect(await contents(a)).toEqual(await contents(b));
    expect(verifyAuditChain(await allEntries(a))).toMatchObject({ ok: true, devices: 2 });
  });

  it('concurrent edits of different fields of one person both survive', async () => {
    const a = await device();
    const b = await device();
    const subject = await createRecord(a, ctx(), 'subject', { firstName: 'Jean', lastName: 'Martin' });
    await syncAll(a, b);
    clock += 1000;
    await updateRecord(a, ctx(), 'subject', subject.id, { email: 'jean@exemple.fr' });
    clock += 1000;
    await updateRecord(b, ctx(), 'subject', subject.id, { phone: '06 11 22 33 44' });
    await syncAll(a, b);
    await syncAll(a, b);
    for (const db of [a, b]) {
      expect(await db.subjects.get(subject.id)).toMatchObject({
        firstName: 'Jean',
        email: 'jean@exemple.fr',
        phone: '06 11 22 33 44',
      });
      // Search terms are derived from the merged record.
      expect(await searchSubjects(db, '0611223344')).toHaveLength(1);
      expect(await searchSubjects(db, 'jean@exemple.fr')).toHaveLength(1);
    }
    expect(await contents(a)).toEqual(await contents(b));
  });

  it('an edit of the same field resolves the same way on both, whatever the delivery order', async () => {
    const a = await device();
    const b = await device();
    const subject = await createRecord(a, ctx(), 'subject', { lastName: 'Martin' });
    await syncAll(a, b);
    // b edits later by the clock: the later write wins on both, even though a's is delivered last.
    clock += 5000;
    await updateRecord(b, ctx(), 'subject', subject.id, { lastName: 'Martin-Durand' });
    clock -= 2000;
    await updateRecord(a, ctx(), 'subject', subject.id, { lastName: 'Martinez' });
    await push(b);
    await push(a);
    await pull(a);
    await pull(b);
    const onA = await a.subjects.get(subject.id);
    const onB = await b.subjects.get(subject.id);
    expect(onA?.lastName).toBe('Martin-Durand');
    expect(onB?.lastName).toBe('Martin-Durand');
    expect(onA?.hlc).toBe(onB?.hlc);
    expect(await contents(a)).toEqual(await contents(b));
    // a's later local edit still wins over the merged value: the clocks were kept.
    clock += 10_000;
    await updateRecord(a, ctx(), 'subject', subject.id, { firstName: 'Paul' });
    await syncAll(a, b);
    expect(await b.subjects.get(subject.id)).toMatchObject({ firstName: 'Paul', lastName: 'Martin-Durand' });
  });

  it('applying the same ops twice, shuffled, in small chunks changes nothing more', async () => {
    const a = await device();
    const b = await device();
    const c = await device();
    const { purpose, notice } = await setUpShop(a);
    for (let i = 0; i < 5; i += 1) {
      clock += 1000;
      await recordConsents(a, ctx(), {
        subject: { create: { firstName: `P${i}`, lastName: 'Dupont', email: `p${i}@exemple.fr` } },
        decisions: [{ purposeId: purpose, decision: i % 2 ? 'refused' : 'granted' }],
        channel: 'counter',
        decidedAt: new Date(clock).toISOString(),
        noticeId: notice,
      });
    }
    const ids = (await a.subjects.toArray()).map((s) => s.id);
    for (const id of ids.slice(0, 3)) {
      clock += 1000;
      await updateRecord(a, ctx(), 'subject', id, { notes: `note ${id}` });
    }
    await syncAll(a, b);
    // c receives everything in a random order, in chunks of 7 ops, twice.
    await pull(c, { shuffle: true, chunk: 7 });
    seen.set(c, 0);
    const again = await pull(c, { shuffle: true, chunk: 7 });
    expect(again.changed).toBe(0);
    expect(await contents(c)).toEqual(await contents(a));
    expect(await contents(b)).toEqual(await contents(a));
    expect(await countEntries(c)).toBe(await countEntries(a));
  });

  it('keeps an update that arrives before its create aside, and completes it when the create comes', async () => {
    const a = await device();
    const b = await device();
    const subject = await createRecord(a, ctx(), 'subject', { lastName: 'Martin' });
    await push(a);
    clock += 1000;
    await updateRecord(a, ctx(), 'subject', subject.id, { email: 'martin@exemple.fr' });
    const before = folder.length;
    await push(a);
    const update = folder.slice(before).filter((op) => op.entity === 'subject');
    const deviceId = await deviceIdOf(b);
    const outcome = await applyRemoteOps(b, update, { deviceId });
    expect(outcome.incomplete).toBe(1);
    expect(await b.subjects.get(subject.id)).toBeUndefined();
    await applyRemoteOps(b, folder, { deviceId });
    expect(await b.subjects.get(subject.id)).toMatchObject({
      lastName: 'Martin',
      email: 'martin@exemple.fr',
    });
    expect(await b.syncClocks.get(`subject/${subject.id}`)).toMatchObject({ clocks: expect.any(Object) });
    expect((await b.syncClocks.get(`subject/${subject.id}`))?.record).toBeUndefined();
  });

  it('saves the cursor and moves the HLC with the last chunk only', async () => {
    const a = await device();
    const b = await device();
    clock += 86_400_000; // a is a day ahead
    for (let i = 0; i < 3; i += 1) await createRecord(a, ctx(), 'subject', { lastName: `P${i}` });
    clock -= 86_400_000;
    await push(a);
    await applyRemoteOps(b, folder, {
      deviceId: await deviceIdOf(b),
      cursor: { x: [[1, 3]] },
      chunk: 2,
      now: () => clock,
    });
    expect(await storedCursor(b)).toEqual({ x: [[1, 3]] });
    const hlc = (await b.meta.get('hlc'))?.value as string;
    expect(decodeHlc(hlc).wall).toBe(clock + 86_400_000);
    // Nothing to apply still saves the cursor.
    await applyRemoteOps(b, [], { deviceId: await deviceIdOf(b), cursor: { x: [[1, 4]] } });
    expect((await b.meta.get(SYNC_META.cursor))?.value).toEqual({ x: [[1, 4]] });
    // The same cursor again writes nothing: a write would wake the background runner for ever.
    const put = vi.spyOn(b.meta, 'put');
    await applyRemoteOps(b, [], { deviceId: await deviceIdOf(b), cursor: { x: [[1, 4]] } });
    expect(put).not.toHaveBeenCalled();
    put.mockRestore();
  });
});

describe('sync: erasure and preferences', () => {
  it('an erasure on one device erases and redacts on the other, and a late edit never brings the person back', async () => {
    const a = await device();
    const b = await device();
    const { purpose, notice } = await setUpShop(a);
    const [event] = await recordConsents(a, ctx(), {
      subject: { create: { firstName: 'Héloïse', lastName: 'Lefèvre', email: 'heloise@exemple.fr' } },
      decisions: [{ purposeId: purpose, decision: 'granted' }],
      channel: 'phone',
      decidedAt: '2026-03-01T10:00:00.000Z',
      noticeId: notice,
      evidence: { callReference: 'APPEL-42', attachment: SCAN },
      note: 'Héloïse préfère le mardi',
    });
    const subjectId = event!.subjectId;
    await syncAll(a, b);
    expect(await b.subjects.get(subjectId)).toBeDefined();

    // b edits the person while a erases them; neither has seen the other's change.
    clock += 1000;
    await eraseSubject(a, ctx(), { subjectId, reason: 'request', suppress: false });
    clock += 1000;
    await updateRecord(b, ctx(), 'subject', subjectId, { phone: '06 99 88 77 66' });
    // And b records a new decision for them, also unaware.
    await recordConsents(b, ctx(), {
      subject: { id: subjectId },
      decisions: [{ purposeId: purpose, decision: 'withdrawn' }],
      channel: 'counter',
      decidedAt: '2026-03-20T10:00:00.000Z',
      noticeId: notice,
      note: 'Héloïse a appelé',
    });
    await syncAll(a, b);
    await syncAll(a, b);

    for (const db of [a, b]) {
      expect(await db.subjects.get(subjectId)).toBeUndefined();
      expect(await db.facts.get(subjectId)).toBeUndefined();
      expect(await searchSubjects(db, 'heloise')).toEqual([]);
      const events = await eventsOfSubject(db, subjectId);
      expect(events).toHaveLength(2); // the proof of both decisions stays…
      for (const stored of events) {
        expect(stored.note).toBe(''); // …without the person's data
        expect(stored.evidence.callReference ?? '').toBe('');
      }
      expect(await db.erasures.where('subjectId').equals(subjectId).count()).toBe(1);
      const history = await oplogOf(db, 'subject', subjectId);
      for (const op of history) expect(op.fields).toEqual({});
      const stored = JSON.stringify(await db.tables[0]!.db.table('oplog').toArray());
      expect(stored).not.toContain('Lefèvre');
      expect(stored).not.toContain('préfère');
      expect(verifyAuditChain(await allEntries(db)).ok).toBe(true);
    }
    expect(await pendingDeletions(b)).toContain(SCAN.hash);
    expect(await contents(a)).toEqual(await contents(b));
  });

  it('preferences follow consent events from other devices, whatever the order', async () => {
    const a = await device();
    const b = await device();
    const { purpose, notice } = await setUpShop(a);
    const [first] = await recordConsents(a, ctx(), {
      subject: { create: { lastName: 'Martin', email: 'martin@exemple.fr' } },
      decisions: [{ purposeId: purpose, decision: 'granted' }],
      channel: 'phone',
      decidedAt: '2026-03-01T10:00:00.000Z',
      noticeId: notice,
    });
    await syncAll(a, b);
    // The withdrawal is recorded on b, decided later; a hears of it.
    await recordConsents(b, ctx(), {
      subject: { id: first!.subjectId },
      decisions: [{ purposeId: purpose, decision: 'withdrawn' }],
      channel: 'counter',
      decidedAt: '2026-03-10T10:00:00.000Z',
      noticeId: notice,
    });
    await syncAll(a, b);
    for (const db of [a, b]) {
      expect(await latestOf(db, first!.subjectId, purpose)).toMatchObject({ decision: 'withdrawn' });
    }
    // An older decision arriving late does not override the newer one.
    const c = await device();
    await pull(c);
    await recordConsents(c, ctx(), {
      subject: { id: first!.subjectId },
      decisions: [{ purposeId: purpose, decision: 'granted' }],
      channel: 'email',
      decidedAt: '2026-03-05T10:00:00.000Z',
      noticeId: notice,
    });
    await push(c);
    await pull(a);
    expect(await latestOf(a, first!.subjectId, purpose)).toMatchObject({ decision: 'withdrawn' });
  });
});

describe('sync: contacts', () => {
  /** The rows as sync kept them, and as rebuilt from the records (they must be the same). */
  async function keptAndRebuilt(db: DeskDb): Promise<[FactsRow[], FactsRow[]]> {
    const { kept, rebuilt } = await keptAndRebuiltFacts(db);
    return [kept.rows, rebuilt.rows];
  }

  it('follow people, requests, decisions, corrections and changes made on other devices', async () => {
    const a = await device();
    const b = await device();
    const { purpose, notice } = await setUpShop(a);
    const capture = (db: DeskDb, subjectId: string, decidedAt: string, corrects?: string) =>
      recordConsents(db, ctx(), {
        subject: { id: subjectId },
        decisions: [{ purposeId: purpose, decision: 'granted', ...(corrects ? { corrects } : {}) }],
        channel: 'phone',
        decidedAt,
        noticeId: notice,
        note: corrects ? 'wrong date' : '',
      });
    clock = Date.UTC(2026, 0, 1, 12);
    const martin = await createRecord(a, ctx(), 'subject', { lastName: 'Martin' });
    const durand = await createRecord(a, ctx(), 'subject', { lastName: 'Durand' });
    clock = Date.UTC(2026, 2, 20, 12);
    const [wrong] = await capture(a, martin.id, '2026-03-10T10:00:00.000Z');
    const asked = await createRequest(a, ctx(), {
      subject: { id: durand.id },
      rights: ['access'],
      channel: 'email',
      receivedAt: '2026-03-15T10:00:00.000Z',
    });
    await syncAll(a, b);
    expect(contactIn(await b.facts.get(martin.id))).toEqual({
      subjectId: martin.id,
      category: 'prospect',
      lastContactAt: '2026-03-10T10:00:00.000Z',
    });
    expect((await b.facts.get(durand.id))?.lastContactAt).toBe('2026-03-15T10:00:00.000Z');

    // On b: the decision corrected back, a customer reference, the request's receipt moved back.
    clock += 1000;
    await capture(b, martin.id, '2026-01-10T10:00:00.000Z', wrong!.id);
    await updateRecord(b, ctx(), 'subject', martin.id, { customerRef: 'CLI-7' });
    await write(b, ctx(), (w) => w.update('request', asked.id, { receivedAt: '2026-02-01T10:00:00.000Z' }));
    // On a, meanwhile: an older decision from Durand (not the last contact).
    await capture(a, durand.id, '2026-01-20T10:00:00.000Z');
    await syncAll(a, b);
    for (const db of [a, b]) {
      expect(contactIn(await db.facts.get(martin.id))).toEqual({
        subjectId: martin.id,
        category: 'customer',
        lastContactAt: '2026-01-10T10:00:00.000Z',
      });
      expect((await db.facts.get(durand.id))?.lastContactAt).toBe('2026-02-01T10:00:00.000Z');
    }
    expect(await a.facts.toArray()).toEqual(await b.facts.toArray());

    // c hears of a person's request before it hears of the person.
    const c = await device();
    const petit = await createRecord(a, ctx(), 'subject', { lastName: 'Petit' });
    clock += 86_400_000;
    const late = await createRequest(a, ctx(), {
      subject: { id: petit.id },
      rights: ['erasure'],
      channel: 'letter',
      receivedAt: new Date(clock).toISOString(),
    });
    await push(a);
    const ops = shuffled(folder.filter((op) => op.entity !== 'subject' || op.entityId !== late.subjectId));
    const deviceId = await deviceIdOf(c);
    await applyRemoteOps(c, ops, { deviceId, chunk: 5 });
    expect(await c.facts.get(late.subjectId)).toBeUndefined();
    await applyRemoteOps(c, folder, { deviceId, chunk: 5 });
    expect((await c.facts.get(late.subjectId))?.lastContactAt).toBe(late.receivedAt);
    for (const db of [a, b, c]) {
      const [kept, rebuilt] = await keptAndRebuilt(db);
      expect(kept).toEqual(rebuilt);
    }
  });
});

describe('sync: a correction before the decision it corrects', () => {
  it('keeps the correction, in the preferences and the contacts, whichever arrives first', async () => {
    const a = await device();
    const b = await device();
    const { purpose, notice } = await setUpShop(a);
    clock = Date.UTC(2026, 0, 1, 12);
    const martin = await createRecord(a, ctx(), 'subject', { lastName: 'Martin' });
    clock = Date.UTC(2026, 2, 20, 12);
    const [wrong] = await recordConsents(a, ctx(), {
      subject: { id: martin.id },
      decisions: [{ purposeId: purpose, decision: 'granted' }],
      channel: 'phone',
      decidedAt: '2026-03-10T10:00:00.000Z',
      noticeId: notice,
    });
    await syncAll(a, b);
    const fromA = folder.length;
    clock += 1000;
    // On b: it was a refusal, given in January.
    await recordConsents(b, ctx(), {
      subject: { id: martin.id },
      decisions: [{ purposeId: purpose, decision: 'refused', corrects: wrong!.id }],
      channel: 'phone',
      decidedAt: '2026-01-10T10:00:00.000Z',
      noticeId: notice,
      note: 'misheard',
    });
    await push(b);
    // c hears of b's correction first, then of a's changes.
    const c = await device();
    const deviceId = await deviceIdOf(c);
    await applyRemoteOps(c, folder.slice(fromA), { deviceId, now: () => clock });
    await applyRemoteOps(c, folder.slice(0, fromA), { deviceId, now: () => clock });
    const preference = await latestOf(c, martin.id, purpose);
    expect(preference?.decision).toBe('refused');
    expect(preference).toEqual(await latestOf(b, martin.id, purpose));
    expect((await c.facts.get(martin.id))?.lastContactAt).toBe('2026-01-10T10:00:00.000Z');
  });
});

describe('sync: snapshot', () => {
  it('a snapshot rebuilds the same state on a new device, tombstones included', async () => {
    const a = await device();
    const b = await device();
    const { purpose, notice } = await setUpShop(a);
    const [event] = await recordConsents(a, ctx(), {
      subject: { create: { firstName: 'Héloïse', lastName: 'Lefèvre', email: 'heloise@exemple.fr' } },
      decisions: [{ purposeId: purpose, decision: 'granted' }],
      channel: 'phone',
      decidedAt: '2026-03-01T10:00:00.000Z',
      noticeId: notice,
    });
    const kept = await createRecord(a, ctx(), 'subject', { firstName: 'Jean', lastName: 'Martin' });
    clock += 1000;
    await updateRecord(a, ctx(), 'subject', kept.id, { email: 'jean@exemple.fr' });
    await eraseSubject(a, ctx(), { subjectId: event!.subjectId, reason: 'request', suppress: false });

    const ops: SyncOp[] = [];
    for await (const batch of snapshotBatches(a, 3)) ops.push(...batch);
    // The same ops rebuild the same merge states anywhere (shared/sync/merge.ts applyOps).
    const store = new Map<string, RecordState>();
    applyOps(store, ops);
    expect(store.get(`subject/${event!.subjectId}`)?.deleted).toBeDefined();

    await applyRemoteOps(b, ops, { deviceId: await deviceIdOf(b) });
    expect(await contents(b)).toEqual(await contents(a));
    // A change made later on a still merges correctly on b (field clocks came with the snapshot).
    clock += 1000;
    await updateRecord(a, ctx(), 'subject', kept.id, { phone: '0611223344' });
    await push(a);
    await applyRemoteOps(b, folder, { deviceId: await deviceIdOf(b) });
    expect(await b.subjects.get(kept.id)).toMatchObject({ email: 'jean@exemple.fr', phone: '0611223344' });
  });

  it("lists each person's decisions together, so that a device joining from it packs them in one row per person", async () => {
    const a = await device();
    const { purpose, notice } = await setUpShop(a);
    const people: string[] = [];
    for (let i = 0; i < 3; i += 1) {
      const created = await createRecord(a, ctx(), 'subject', { lastName: `Person ${i}` });
      people.push(created.id);
    }
    // Decisions recorded one at a time, the people in turn: a's rows hold one event each.
    for (let round = 0; round < 3; round += 1)
      for (const subjectId of people) {
        clock += 1000;
        await recordConsents(a, ctx(), {
          subject: { id: subjectId },
          decisions: [{ purposeId: purpose, decision: round % 2 ? 'withdrawn' : 'granted' }],
          channel: 'phone',
          decidedAt: new Date(clock).toISOString(),
          noticeId: notice,
        });
      }
    expect(await a.consentRows.count()).toBe(9);

    const ops: SyncOp[] = [];
    for await (const batch of snapshotBatches(a, 4)) {
      expect(batch.length).toBeLessThanOrEqual(4);
      ops.push(...batch);
    }
    const runs: string[] = [];
    for (const op of ops)
      if (op.entity === 'consentEvent' && runs.at(-1) !== op.fields.subjectId)
        runs.push(String(op.fields.subjectId));
    expect(runs).toHaveLength(3);

    const b = await device();
    expect(await beginJoin(b)).toBe(true);
    await applyRemoteOps(b, ops, { deviceId: await deviceIdOf(b), join: true, cursor: { folder: [[1, 1]] } });
    expect(await b.consentRows.count()).toBe(3);
    expect(await allEvents(b)).toEqual(await allEvents(a));
    expect((await b.facts.toArray()).map((row) => row.latest)).toEqual(
      (await a.facts.toArray()).map((row) => row.latest),
    );
  });
});
