/**
 * Counting what a piece of work writes to IndexedDB (benchmarks only, through the test API): rows
 * put, added or deleted, and the index entries of the rows put or added, per table. IndexedDB's cost
 * is per row and per index entry, so these counts judge a change where the clock on a shared
 * machine cannot. Wraps each table's DBCore `mutate` for the duration of `body`.
 */
import { Dexie, type DBCore, type DBCoreMutateRequest, type DBCoreTable } from 'dexie';
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

/**
 * Run `body` with every table's writes counted. Dexie keeps each table's DBCore on two objects (the
 * `db.table(name)` one and the `db[name]` one) and hands transaction-bound tables `db.core.table(name)`:
 * all three are wrapped, and put back afterwards.
 */
export async function countWrites<T>(
  db: DeskDb,
  body: () => Promise<T>,
): Promise<{ result: T; counts: WriteCounts }> {
  const counts: WriteCounts = {};
  const wrapped = new Map<string, DBCoreTable>();
  const wrap = (core: DBCoreTable): DBCoreTable => {
    const known = wrapped.get(core.name);
    if (known) return known;
    const mutate = core.mutate.bind(core);
    const counted: DBCoreTable = {
      ...core,
      mutate: (request: DBCoreMutateRequest) => {
        const count = (counts[core.name] ??= { rows: 0, indexEntries: 0 });
        if (request.type === 'add' || request.type === 'put') {
          count.rows += request.values.length;
          for (const row of request.values) count.indexEntries += indexEntries(db, core.name, row);
        } else if (request.type === 'delete') count.rows += request.keys.length;
        return mutate(request);
      },
    };
    wrapped.set(core.name, counted);
    return counted;
  };
  type HasCore = { core: DBCoreTable };
  const dbCore = db.core;
  const restore: (() => void)[] = [];
  const holders = new Set<HasCore>();
  for (const table of db.tables) {
    holders.add(table as unknown as HasCore);
    const own = (db as unknown as Record<string, unknown>)[table.name];
    if (own && typeof own === 'object' && 'core' in own) holders.add(own as HasCore);
  }
  for (const holder of holders) {
    const core = holder.core;
    holder.core = wrap(core);
    restore.push(() => {
      holder.core = core;
    });
  }
  (db as unknown as { core: DBCore }).core = { ...dbCore, table: (name: string) => wrap(dbCore.table(name)) };
  restore.push(() => {
    (db as unknown as { core: DBCore }).core = dbCore;
  });
  try {
    return { result: await body(), counts };
  } finally {
    for (const undo of restore) undo();
  }
}
