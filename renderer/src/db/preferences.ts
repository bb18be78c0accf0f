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
    // request after another, per id): only corrections have a non-empty correctsEventId, and those
    // of events that just arrived are few.
    const ids = events.map((event) => event.id).sort();
    const arrived = new Set(ids);
    const corrections = await db.consentEvents
      .where('correctsEventId')
      .between(ids[0]!, ids[ids.length - 1]!, true, true)
      .toArray();
    for (const correction of corrections)
      if (arrived.has(correction.correctsEventId) && isCorrection(correction))
        rebuild.add(correction.subjectId);
  }
  const kept = put.filter((row) => !rebuild.has(row.subjectId));
  if (kept.length > 0) await db.preferences.bulkPut(kept);
  if (rebuild.size > 0) await rebuildPreferences(db, [...rebuild]);
  return rebuild;
}

/** Recompute people's rows from all their events (corrections, changes arriving from elsewhere). */
export async function rebuildPreferences(db: DeskDb, subjectIds: readonly string[]): Promise<void> {
  for (const subjectId of subjectIds) {
    const events = await db.consentEvents.where('subjectId').equals(subjectId).toArray();
    await preferencesOfSubject(db, subjectId).delete();
    if (events.length > 0)
      await db.preferences.bulkPut([...latestDecisions(events).values()].map(preferenceOf));
  }
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
