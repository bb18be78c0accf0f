import { Dexie, type Table } from 'dexie';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { bulkGetSparse } from '../../../../renderer/src/db/sparse';
import type { DeskDb } from '../../../../renderer/src/db/schema';
import { openTestDb } from './fixtures';

let db: DeskDb;
let cleanup: () => Promise<void>;
/**
 * A table keyed by a compound key (the desk's tables with one refuse a clear(): auditChunks is
 * append-only), in a database of its own.
 */
type Pair = { subjectId: string; purposeId: string; value: number };
let pairsDb: Dexie;
let pairs: Table<Pair, [string, string]>;
beforeEach(async () => {
  ({ db, cleanup } = await openTestDb());
  pairsDb = new Dexie(`sparse-pairs-${crypto.randomUUID()}`);
  pairsDb.version(1).stores({ pairs: '[subjectId+purposeId]' });
  pairs = pairsDb.table('pairs');
  await pairsDb.open();
});
afterEach(async () => {
  pairsDb.close();
  await pairsDb.delete();
  await cleanup();
});

const key = (n: number) => `k${String(n).padStart(4, '0')}`;

describe('bulkGetSparse', () => {
  it('answers as bulkGet does, for any rows stored and any keys asked (simple and compound keys)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(fc.integer({ min: 0, max: 400 }), { maxLength: 300 }),
        fc.array(fc.integer({ min: 0, max: 400 }), { maxLength: 300 }),
        async (stored, asked) => {
          await db.meta.clear();
          await pairs.clear();
          await db.meta.bulkAdd(stored.map((n) => ({ key: key(n), value: n })));
          await pairs.bulkAdd(stored.map((n) => ({ subjectId: key(n % 50), purposeId: key(n), value: n })));
          const simple = asked.map(key);
          expect(await bulkGetSparse(db.meta, simple)).toEqual(await db.meta.bulkGet(simple));
          const compound = asked.map((n) => [key(n % 50), key(n)] as [string, string]);
          expect(await bulkGetSparse(pairs, compound)).toEqual(await pairs.bulkGet(compound));
        },
      ),
      { numRuns: 40 },
    );
  });

  it('reads no row one by one when none of many keys is stored', async () => {
    await db.meta.bulkAdd([
      { key: 'a', value: 1 },
      { key: 'z', value: 2 },
    ]);
    const bulkGet = vi.spyOn(db.meta, 'bulkGet');
    const rows = await bulkGetSparse(
      db.meta,
      Array.from({ length: 500 }, (_, i) => key(i)),
    );
    expect(rows.every((row) => row === undefined)).toBe(true);
    expect(bulkGet).not.toHaveBeenCalled();
  });
});
