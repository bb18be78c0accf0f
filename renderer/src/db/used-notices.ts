/**
 * Which privacy notices consent events refer to, kept in one `meta` row instead of a `noticeId`
 * index on every consent event. That index cost one entry per decision written (200,000 for an
 * import of 50,000 rows × 4 purposes, 450,000 for a join of a busy shop) to answer one question
 * about a handful of notices: has anyone decided under this notice? (Then its text is evidence and
 * can no longer be edited, and the notices tab says so.) Schema version 20 computes the row once
 * from the old index; version 21 drops the index.
 *
 * Kept by every path that adds consent events: the write path (derived-bulk.ts, for single writes
 * and imports) and the sync apply (sync.ts, for passes and joins). A notice stays in use once used:
 * its text was shown to someone, even if their events were later emptied by an erasure.
 */
import type { DeskDb } from './schema';

export const USED_NOTICES_KEY = 'consent.usedNotices';

/** The ids of the notices at least one consent event was given under. */
export async function usedNotices(db: DeskDb): Promise<Set<string>> {
  const row = await db.meta.get(USED_NOTICES_KEY);
  return new Set(Array.isArray(row?.value) ? (row.value as string[]) : []);
}

/**
 * Note the notices of events just written, inside their transaction (which must include `meta`).
 * Reads the row once; writes it only when a notice is used for the first time.
 */
export async function noteUsedNotices(db: DeskDb, events: Iterable<{ noticeId: string }>): Promise<void> {
  const given = new Set<string>();
  for (const event of events) if (event.noticeId) given.add(event.noticeId);
  if (given.size === 0) return;
  const stored = await usedNotices(db);
  const before = stored.size;
  for (const id of given) stored.add(id);
  if (stored.size !== before) await db.meta.put({ key: USED_NOTICES_KEY, value: [...stored].sort() });
}
