import type { Dexie, Table } from 'dexie';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { bulkGetSparse } from '../../../../renderer/src/db/sparse';
import type { DeskDb } from '../../../../renderer/src/db/schema';
import type { Preference } from '../../../../shared/consent/derive';
import { openTestDb } from './fixtures';
import { openShipped } from './shipped-schemas';

let db: DeskDb;
let cleanup: () => Promise<void>;
/** A table with a compound primary key: version 19's preferences. */
let shipped: Dexie;
let compoundTable: Table<Preference, [string, string]>;
beforeEach(async () => {
  ({ db, cleanup } = await openTestDb());
  shipped = openShipped(`sparse-${crypto.randomUUID()}`, 19);
  await shipped.open();
  compoundTable = shipped.table('preferences');
});
afterEach(async () => {
  shipped.close();
  await shipped.delete();
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
          await compoundTable.clear();
          await db.meta.bulkAdd(stored.map((n) => ({ key: key(n), value: n })));
          await compoundTable.bulkAdd(
            stored.map((n) => ({
              subjectId: key(n % 50),
              purposeId: key(n),
              id: key(n),
              decision: 'granted' as const,
              channel: 'phone' as const,
              decidedAt: '2026-01-01T00:00:00.000Z',
              hlc: key(n),
              noticeId: 'n1',
            })),
          );
          const simple = asked.map(key);
          expect(await bulkGetSparse(db.meta, simple)).toEqual(await db.meta.bulkGet(simple));
          const compound = asked.map((n) => [key(n % 50), key(n)] as [string, string]);
          expect(await bulkGetSparse(compoundTable, compound)).toEqual(await compoundTable.bulkGet(compound));
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
