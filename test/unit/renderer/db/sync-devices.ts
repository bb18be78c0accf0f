/**
 * Devices for the database-side sync tests: separate DeskDb instances in fake-indexeddb that hand
 * their ops to a shared in-memory folder, as the sync folder carries them.
 */
import type { SyncOp } from '../../../../shared/sync/merge';
import { openDeskDb } from '../../../../renderer/src/db/open';
import type { DeskDb } from '../../../../renderer/src/db/schema';
import { markPushed, outgoingBatch } from '../../../../renderer/src/db/sync';
import { deviceIdOf } from '../../../../renderer/src/db/write';

/** Databases opened by a test, closed and deleted by `closeAll` (in its afterEach). */
export function testDevices() {
  const dbs: DeskDb[] = [];
  return {
    /** A device's database; the same workspace again is that device's database opened again. */
    async device(workspace: string = crypto.randomUUID()): Promise<DeskDb> {
      const db = await openDeskDb(workspace);
      dbs.push(db);
      return db;
    },
    async closeAll(): Promise<void> {
      for (const db of dbs.splice(0)) {
        db.close();
        await db.delete();
      }
    },
  };
}

/** Hand this device's new changes to `folder` (as the push loop does); how many ops went. */
export async function pushTo(folder: SyncOp[], db: DeskDb, limit?: number): Promise<number> {
  const deviceId = await deviceIdOf(db);
  let count = 0;
  for (;;) {
    const batch = await outgoingBatch(db, deviceId, limit);
    if (!batch) return count;
    folder.push(...batch.ops);
    count += batch.ops.length;
    await markPushed(db, batch.next);
  }
}

/** A deterministic shuffle (xorshift), so a failure is reproducible. */
export function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  let state = seed;
  for (let i = out.length - 1; i > 0; i -= 1) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    const j = Math.abs(state) % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
