// The latest archive export, kept beside the audit log: derived once from the log, then kept by the
// write path and by sync in the same transaction as the entries, so the compliance check never walks
// the log again.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Dexie } from 'dexie';
import { recordArchiveExport } from '../../../../renderer/src/db/archive';
import { LAST_ARCHIVE_EXPORT_KEY, noteAuditFacts } from '../../../../renderer/src/db/audit-facts';
import { lastArchiveExportOf, unprovenCount } from '../../../../renderer/src/db/compliance';
import { recordConsents } from '../../../../renderer/src/db/consents';
import { openDeskDb } from '../../../../renderer/src/db/open';
import type { DeskDb } from '../../../../renderer/src/db/schema';
import { applyRemoteOps, auditOp, outgoingBatch } from '../../../../renderer/src/db/sync';
import { createRecord, deviceIdOf, recordAction } from '../../../../renderer/src/db/write';
import { NEWSLETTER, openTestDb, seedWorkspace, TestClock } from './fixtures';

const DAY = 86_400_000;
const clock = new TestClock(new Date(2026, 2, 2, 12, 0, 0).getTime());
const ctx = clock.as('owner');
let db: DeskDb;
const others: DeskDb[] = [];

const stored = async (target: DeskDb) => (await target.meta.get(LAST_ARCHIVE_EXPORT_KEY))?.value;
const exportNow = (target: DeskDb) => recordArchiveExport(target, ctx, crypto.randomUUID(), ['requests'], 3);

beforeEach(async () => {
  clock.reset();
  const test = await openTestDb();
  db = test.db;
  await seedWorkspace(db, { purposes: {}, now: clock.now });
  return test.cleanup;
});

afterEach(async () => {
  for (const other of others.splice(0)) {
    other.close();
    await other.delete();
  }
});

describe('the latest archive export', () => {
  it('is derived once from a log that predates it, then read without touching the log', async () => {
    const first = await exportNow(db);
    clock.advance(DAY);
    await recordAction(db, ctx, { action: 'archive.verify', entity: 'archive', entityId: 'x', fields: [] });
    // Before the first derivation nothing is kept: the export above left no fact behind.
    expect(await stored(db)).toBeUndefined();
    expect(await lastArchiveExportOf(db)).toBe(first.at);
    expect(await stored(db)).toEqual({ at: first.at });
    const walk = [vi.spyOn(db.auditChunks, 'where'), vi.spyOn(db.auditChunks, 'orderBy')];
    expect(await lastArchiveExportOf(db)).toBe(first.at);
    for (const spy of walk) expect(spy).not.toHaveBeenCalled();
  });

  it('an empty log is remembered as "none", and the next export is kept with its audit entry', async () => {
    expect(await lastArchiveExportOf(db)).toBeNull();
    expect(await stored(db)).toEqual({ at: null });
    clock.advance(DAY);
    const entry = await exportNow(db);
    expect(await stored(db)).toEqual({ at: entry.at });
    // Other writes leave it as it is.
    clock.advance(DAY);
    await recordAction(db, ctx, { action: 'archive.verify', entity: 'archive', entityId: 'x', fields: [] });
    expect(await lastArchiveExportOf(db)).toBe(entry.at);
  });

  it('is not written when the transaction that adds the entry fails', async () => {
    await lastArchiveExportOf(db);
    await expect(
      db.transaction('rw', db.meta, async () => {
        await noteAuditFacts(db, [{ action: 'archive.export', at: '2026-03-05T10:00:00.000Z' }]);
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    expect(await stored(db)).toEqual({ at: null });
  });

  it('follows another device’s export brought by sync, and never goes back to an older one', async () => {
    const other = await openDeskDb(crypto.randomUUID());
    others.push(other);
    await seedWorkspace(other, { purposes: {}, now: clock.now });
    const older = await exportNow(other);
    clock.advance(DAY);
    const mine = await exportNow(db);
    await lastArchiveExportOf(db);
    clock.advance(DAY);
    const newer = await exportNow(other);
    // As the folder carries them: each device's audit entries travel as append-only records.
    const olderOp = [auditOp(older)];
    const newerOp = [auditOp(newer)];
    await applyRemoteOps(db, olderOp, { deviceId: await deviceIdOf(db) });
    expect(await lastArchiveExportOf(db)).toBe(mine.at);
    await applyRemoteOps(db, newerOp, { deviceId: await deviceIdOf(db) });
    expect(await lastArchiveExportOf(db)).toBe(newer.at);
  });
});

describe('the kept count of current consents without proof', () => {
  it('follows consents brought by sync, as the index says', async () => {
    const other = await openDeskDb(crypto.randomUUID());
    others.push(other);
    const { purposes, noticeId } = await seedWorkspace(other, {
      purposes: { newsletter: NEWSLETTER },
      now: clock.now,
    });
    // A device joining the space: it holds nothing of its own yet.
    const receiver = await openDeskDb(crypto.randomUUID());
    others.push(receiver);
    expect(await unprovenCount(receiver)).toBe(0);
    const person = (await createRecord(other, ctx, 'subject', { lastName: 'Petit' })).id;
    await recordConsents(other, ctx, {
      subject: { id: person },
      decisions: [{ purposeId: purposes.newsletter, decision: 'granted' }],
      channel: 'counter',
      decidedAt: new Date(clock.now()).toISOString(),
      noticeId,
    });
    const deviceId = await deviceIdOf(receiver);
    const batch = await outgoingBatch(other, await deviceIdOf(other));
    await applyRemoteOps(receiver, batch!.ops, { deviceId });
    expect(await unprovenCount(receiver)).toBe(1);
    expect(await receiver.facts.where('unproven').between(Dexie.minKey, Dexie.maxKey).count()).toBe(1);
    // The same person's consent, now with its proof, replaces it.
    clock.advance(60_000);
    await recordConsents(other, ctx, {
      subject: { id: person },
      decisions: [{ purposeId: purposes.newsletter, decision: 'granted' }],
      channel: 'counter',
      decidedAt: new Date(clock.now()).toISOString(),
      noticeId,
      evidence: { witnessName: 'Claire' },
    });
    const next = await outgoingBatch(other, await deviceIdOf(other));
    await applyRemoteOps(receiver, next!.ops, { deviceId });
    expect(await unprovenCount(receiver)).toBe(0);
    expect(await receiver.facts.where('unproven').between(Dexie.minKey, Dexie.maxKey).count()).toBe(0);
  });
});
