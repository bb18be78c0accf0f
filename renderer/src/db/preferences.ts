/**
 * The derived `preferences` table: each person's latest decision per purpose. The consent events
 * stay the truth; this table is kept in step by the write path, in the same transaction as the
 * events (`updatePreferences`), and can be rebuilt from them at any time (`rebuildPreferences`).
 */
import { Dexie, type Collection } from 'dexie';
import {
  foldPreferences,
  isCorrection,
  latestDecisions,
  preferenceOf,
  type Preference,
} from '../../../shared/consent/derive';
import type { ConsentEvent } from '../../../shared/consent/model';
import type { DeskDb } from './schema';
import { bulkGetSparse } from './sparse';

/**
 * Fold events just written into the table. Must run inside the transaction that wrote them, after
 * they were issued: a correction makes its person's rows be rebuilt from all their events.
 * `arrived`: the events came from other devices, so a correction of one of them may be here already
 * (delivered first); those people are rebuilt too. Returns the people rebuilt.
 */
export async function updatePreferences(
  db: DeskDb,
  events: readonly ConsentEvent[],
  options: { arrived?: boolean } = {},
): Promise<Set<string>> {
  if (events.length === 0) return new Set();
  const pairs = new Map<string, [string, string]>();
  for (const event of events)
    pairs.set(`${event.subjectId}\u0000${event.purposeId}`, [event.subjectId, event.purposeId]);
  const keys = [...pairs.values()];
  const rows = await bulkGetSparse(db.preferences, keys);
  const stored = new Map<string, Preference>();
  rows.forEach((row) => {
    if (row) stored.set(`${row.subjectId}\u0000${row.purposeId}`, row);
  });
  const { put, rebuild } = foldPreferences(events, (subjectId, purposeId) =>
    stored.get(`${subjectId}\u0000${purposeId}`),
  );
  if (options.arrived) {
    // One range read between the smallest and the largest id, not anyOf (a cursor jump, so one
    // request after another, per id): only corrections carry `corrects`, and those
    // of events that just arrived are few.
    const ids = events.map((event) => event.id).sort();
    const arrived = new Set(ids);
    const corrections = await db.consentEvents
      .where('corrects')
      .between(ids[0]!, ids[ids.length - 1]!, true, true)
      .toArray();
    for (const correction of corrections)
      if (arrived.has(correction.correctsEventId) && isCorrection(correction))
        rebuild.add(correction.subjectId);
  }
  const kept = put.filter((row) => !rebuild.has(row.subjectId));
  if (kept.length > 0) {
    await db.preferences.bulkPut(kept);
    const replaced = kept.map((row) => stored.get(`${row.subjectId}\u0000${row.purposeId}`));
    await noteUnprovenChange(db, unprovenIn(kept) - unprovenIn(replaced));
  }
  if (rebuild.size > 0) await rebuildPreferences(db, [...rebuild]);
  return rebuild;
}

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
