import type { EntityTable } from 'dexie';

/** Rows read per request: large enough to amortise the request, small enough for memory. */
export const PAGE = 10_000;

/**
 * Every row of a table in primary-key order, a page at a time. A callback, not an async
 * generator: it runs inside callers' transactions, which Dexie keeps only across awaits of its
 * own promises.
 */
export async function eachPage<T extends { id: string }>(
  table: EntityTable<T, 'id'>,
  visit: (rows: T[]) => void,
  size = PAGE,
): Promise<void> {
  let after: string | null = null;
  for (;;) {
    const rows: T[] = await (after === null ? table.orderBy(':id') : table.where(':id').above(after))
      .limit(size)
      .toArray();
    if (rows.length === 0) return;
    after = rows[rows.length - 1]!.id;
    visit(rows);
  }
}
