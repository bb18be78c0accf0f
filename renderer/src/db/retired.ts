/**
 * Emptying the retired tables (RETIRED_TABLES in schema.ts) after an upgrade moved what they held,
 * in the background, a few thousand rows per transaction: each transaction takes only that table,
 * so the app's own reads and writes are not held behind a long one (IndexedDB runs transactions on
 * different tables side by side). Safe to stop at any point (closing the app, the database
 * closed): the next start goes on where it stopped, and a table already empty costs one read.
 */
import { Dexie, type Table } from 'dexie';
import { RETIRED_TABLES } from './schema';

/** Rows deleted per transaction: a fraction of a second of IndexedDB work each. */
export const RETIRED_CHUNK = 2_000;

export type RetiredOptions = {
  chunk?: number;
  /** Awaited between two transactions, so that other work gets the database in between. */
  pause?: () => Promise<void>;
};

/** Delete every row of the retired tables; returns how many were deleted. */
export async function clearRetiredTables(db: Dexie, options: RetiredOptions = {}): Promise<number> {
  const chunk = options.chunk ?? RETIRED_CHUNK;
  let deleted = 0;
  for (const name of RETIRED_TABLES) {
    const table: Table<unknown, unknown> = db.table(name);
    for (;;) {
      // Keys only, then one range delete up to the last of them (the rows are taken from the start).
      const count = await db.transaction('rw', table, async () => {
        const keys = await table.limit(chunk).primaryKeys();
        if (keys.length === 0) return 0;
        await table
          .where(':id')
          .belowOrEqual(keys[keys.length - 1])
          .delete();
        return keys.length;
      });
      if (count === 0) break;
      deleted += count;
      await options.pause?.();
    }
  }
  return deleted;
}

/**
 * Start emptying the retired tables after `delayMs` (the app's first screen comes first), pausing
 * between transactions. `report` hears the outcome: the rows deleted and the time it took, or the
 * error (a closed database is not one: the next start goes on).
 */
export function scheduleRetiredCleanup(
  db: Dexie,
  report: (outcome: { deleted: number; ms: number } | { error: unknown }) => void,
  delayMs = 2_000,
): void {
  setTimeout(() => {
    const start = performance.now();
    clearRetiredTables(db, { pause: () => new Promise((resolve) => setTimeout(resolve, 20)) }).then(
      (deleted) => {
        if (deleted > 0) report({ deleted, ms: performance.now() - start });
      },
      (error: unknown) => {
        if (!(error instanceof Dexie.DatabaseClosedError)) report({ error });
      },
    );
  }, delayMs);
}
