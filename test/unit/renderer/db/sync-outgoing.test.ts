/**
 * One push carries this device's oplog operations and audit entries together (`outgoingChanges`):
 * the Node side writes one segment and one device file per pass instead of one per kind.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { openDeskDb } from '../../../../renderer/src/db/open';
import { OPLOG_BATCH, type DeskDb } from '../../../../renderer/src/db/schema';
import { markPushed, outgoingBatch, outgoingChanges, unpushedCount } from '../../../../renderer/src/db/sync';
import { createRecord, deviceIdOf, write } from '../../../../renderer/src/db/write';

const clock = Date.UTC(2026, 2, 20, 12, 0, 0);
const ctx = { operatorId: 'clerk', now: () => clock };
const dbs: DeskDb[] = [];

afterEach(async () => {
  for (const db of dbs.splice(0)) {
    db.close();
    await db.delete();
  }
});

describe('sync: outgoing changes in one push', () => {
  it('hands over operations and audit entries in one batch, each once, within the limit', async () => {
    const a = await openDeskDb(crypto.randomUUID());
    dbs.push(a);
    const deviceId = await deviceIdOf(a);
    // 100 changes in one write (oplog rows of OPLOG_BATCH ops, an audit entry each), as the bench's rounds.
    await write(a, ctx, async (w) => {
      for (let i = 0; i < 100; i += 1) await w.create('subject', { lastName: `P${i}` });
    });
    await createRecord(a, ctx, 'subject', { lastName: 'Seul' });
    const batch = (await outgoingChanges(a, deviceId, 5_000))!;
    expect(batch.ops.filter((op) => op.entity === 'subject')).toHaveLength(101);
    expect(batch.ops.filter((op) => op.entity === 'audit')).toHaveLength(101);
    // The same as the kinds one after the other.
    const first = (await outgoingBatch(a, deviceId, 5_000))!;
    const second = (await outgoingBatch(a, deviceId, 5_000, first.next))!;
    expect(batch.ops).toEqual([...first.ops, ...second.ops]);
    expect(batch.next).toEqual(second.next);
    await markPushed(a, batch.next);
    expect(await outgoingChanges(a, deviceId, 5_000)).toBeNull();
    expect(await unpushedCount(a, deviceId)).toBe(0);
  });

  it('never goes over the limit: the audit entries wait for the next batch', async () => {
    const a = await openDeskDb(crypto.randomUUID());
    dbs.push(a);
    const deviceId = await deviceIdOf(a);
    for (let i = 0; i < 3; i += 1) await createRecord(a, ctx, 'subject', { lastName: `P${i}` });
    const limit = OPLOG_BATCH + 1;
    const batch = (await outgoingChanges(a, deviceId, limit))!;
    expect(batch.ops.length).toBeLessThanOrEqual(limit);
    const seen = [...batch.ops];
    await markPushed(a, batch.next);
    for (;;) {
      const next = await outgoingChanges(a, deviceId, limit);
      if (!next) break;
      expect(next.ops.length).toBeLessThanOrEqual(limit);
      seen.push(...next.ops);
      await markPushed(a, next.next);
    }
    expect(seen.filter((op) => op.entity === 'subject')).toHaveLength(3);
    expect(seen.filter((op) => op.entity === 'audit')).toHaveLength(3);
  });
});
