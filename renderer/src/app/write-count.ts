/**
 * Counting what a piece of work writes to IndexedDB (benchmarks only, through the test API): rows
 * put, added or deleted, and the index entries of the rows put or added, per table. IndexedDB's cost
 * is per row and per index entry, so these counts judge a change where the clock on a shared
 * machine cannot. Wraps each table's DBCore `mutate` for the duration of `body`.
 */
import { Dexie, type DBCoreMutateRequest, type DBCoreTable } from 'dexie';
import type { DeskDb } from '../db/schema';

export type WriteCounts = Record<string, { rows: number; indexEntries: number }>;

/** Index entries one row adds: a multi-entry index one per distinct valid key, others one if valid. */
function indexEntries(db: DeskDb, table: string, row: unknown): number {
  let entries = 0;
  for (const index of db.table(table).schema.indexes) {
    const keyPath = index.keyPath;
    if (!keyPath) continue;
    const value = Array.isArray(keyPath)
      ? keyPath.map((path) => Dexie.getByKeyPath(row as object, path))
      : Dexie.getByKeyPath(row as object, keyPath);
    if (index.multi && Array.isArray(value)) entries += new Set(value.filter(isKey)).size;
    else if (Array.isArray(keyPath) ? (value as unknown[]).every(isKey) : isKey(value)) entries += 1;
  }
  return entries;
}

function isKey(value: unknown): boolean {
  if (typeof value === 'string') return true;
  if (typeof value === 'number') return !Number.isNaN(value);
  if (value instanceof Date) return !Number.isNaN(value.getTime());
  return Array.isArray(value) && value.every(isKey);
}

export async function countWrites<T>(
  db: DeskDb,
  body: () => Promise<T>,
): Promise<{ result: T; counts: WriteCounts }> {
  const counts: WriteCounts = {};
  const restore: (() => void)[] = [];
  for (const table of db.tables) {
    const core = table.core as DBCoreTable;
    const mutate = core.mutate.bind(core);
    const counted: DBCoreTable = {
      ...core,
      mutate: (request: DBCoreMutateRequest) => {
        const count = (counts[table.name] ??= { rows: 0, indexEntries: 0 });
        if (request.type === 'add' || request.type === 'put') {
          count.rows += request.values.length;
          for (const row of request.values) count.indexEntries += indexEntries(db, table.name, row);
        } else if (request.type === 'delete') count.rows += request.keys.length;
        return mutate(request);
      },
    };
    (table as { core: DBCoreTable }).core = counted;
    restore.push(() => {
      (table as { core: DBCoreTable }).core = core;
    });
  }
  try {
    return { result: await body(), counts };
  } finally {
    for (const undo of restore) undo();
  }
}
