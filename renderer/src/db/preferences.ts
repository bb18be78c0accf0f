/**
 * The derived `preferences` table: each person's latest decision per purpose. The consent events
 * stay the truth; this table is kept in step by the write path and the sync apply, in the same
 * transaction as the events (derived-bulk.ts), and can be rebuilt from them at any time
 * (`rebuildPreferences`).
 */
import { Dexie, type Collection } from 'dexie';
import { latestDecisions, preferenceOf, type Preference } from '../../../shared/consent/derive';
import type { DeskDb } from './schema';

/** Recompute people's rows from all their events (corrections, changes arriving from elsewhere). */
export async function rebuildPreferences(db: DeskDb, subjectIds: readonly string[]): Promise<void> {
  for (const subjectId of subjectIds) {
    const events = await db.consentEvents.where('subjectId').equals(subjectId).toArray();
    const removed = await deletePreferencesOfSubject(db, subjectId);
    if (events.length > 0) {
      const rows = [...latestDecisions(events).values()].map(preferenceOf);
      await db.preferences.bulkPut(rows);
      await noteUnprovenChange(db, unprovenIn(rows) - removed);
    } else await noteUnprovenChange(db, -removed);
  }
}

/**
 * The number of current consents without proof (rows with `unproven`), kept in `meta` beside the
 * table so the compliance check reads one row instead of counting an index that grows with the
 * shop. Every write to this table (this module, derived-bulk.ts) keeps it in step in the same
 * transaction; it is counted from the index once (compliance.ts), and until then not kept.
 */
export const UNPROVEN_COUNT_KEY = 'compliance.unprovenConsents';

export const unprovenIn = (rows: readonly (Preference | undefined)[]): number =>
  rows.reduce((count, row) => count + (row?.unproven === 1 ? 1 : 0), 0);

export async function noteUnprovenChange(db: DeskDb, delta: number): Promise<void> {
  if (delta === 0) return;
  const row = await db.meta.get(UNPROVEN_COUNT_KEY);
  if (typeof row?.value !== 'number') return;
  await db.meta.put({ key: UNPROVEN_COUNT_KEY, value: Math.max(0, row.value + delta) });
}

/** Remove one person's rows (a rebuild, an erasure); returns how many were unproven consents. */
async function deletePreferencesOfSubject(db: DeskDb, subjectId: string): Promise<number> {
  const rows = preferencesOfSubject(db, subjectId);
  const unproven = unprovenIn(await rows.clone().toArray());
  await rows.delete();
  return unproven;
}

/** An erased person's rows go, and with them their share of the count. Inside the erasure's transaction. */
export async function erasePreferencesOfSubject(db: DeskDb, subjectId: string): Promise<void> {
  await noteUnprovenChange(db, -(await deletePreferencesOfSubject(db, subjectId)));
}

/** One person's stored latest decisions, one per purpose. */
export function preferencesOfSubject(
  db: DeskDb,
  subjectId: string,
): Collection<Preference, [string, string]> {
  return db.preferences
    .where('[subjectId+purposeId]')
    .between([subjectId, Dexie.minKey], [subjectId, Dexie.maxKey]);
}

/** The stored latest decisions about one purpose, optionally only those with one decision. */
export function preferencesOf(
  db: DeskDb,
  purposeId: string,
  decision?: Preference['decision'],
): Promise<Preference[]> {
  const range = decision
    ? db.preferences.where('[purposeId+decision]').equals([purposeId, decision])
    : db.preferences
        .where('[purposeId+decision]')
        .between([purposeId, Dexie.minKey], [purposeId, Dexie.maxKey]);
  return range.toArray();
}
