/**
 * The derived `facts` table: one row per person holding what the app derives about them from the
 * records, so that bulk work writes one row per person instead of one per person and purpose plus
 * one more (the `preferences` and `contacts` tables until version 22):
 * - `latest`: their latest decision per purpose (shared/consent/derive.ts: `latestDecisions`,
 *   `preferenceOf`); indexed as `[purposeId, decision]` pairs in `current` (segments, re-consent
 *   lists) and, for a consent given without proof, its purpose id in `unproven` (compliance);
 * - `category` and `lastContactAt` (shared/retention/facts.ts: `contactOf`), indexed together for
 *   the retention review; absent while the person's record is not here (their decisions can arrive
 *   from another device before them).
 * The consent events, people and requests stay the truth: the write path and the sync apply keep
 * this table in step in the same transaction as the records (derived-bulk.ts), a join rebuilds it
 * (derived-join.ts). Measured (test/bench/layout.bench.ts): rows, not index entries, are what an
 * IndexedDB write costs, and one row per person writes ~40% fewer of them on an import.
 */
import { Dexie } from 'dexie';
import type { Preference } from '../../../shared/consent/derive';
import type { Decision } from '../../../shared/consent/model';
import type { ContactRow } from '../../../shared/retention/facts';
import type { RetentionCategory } from '../../../shared/retention/model';
import type { DeskDb } from './schema';

export type FactsRow = {
  subjectId: string;
  /** The latest decision per purpose, in purpose id order. */
  latest: Preference[];
  /** Index keys: `[purposeId, decision]` of each latest decision. */
  current: [string, Decision][];
  /** Index keys: the purposes whose latest decision is a consent given without proof; absent when none. */
  unproven?: string[];
  category?: RetentionCategory;
  /** ISO instant (toISOString), so that text order is time order. */
  lastContactAt?: string;
};

/** Version 22's table: the person, their current decisions, their unproven consents, the retention review's key. */
export const FACTS_SCHEMA = 'subjectId, *current, *unproven, [category+lastContactAt]';

/**
 * A person's row from their latest decisions and their contact (null: their record is not here);
 * null when there is nothing to keep (no decision, no record).
 */
export function factsRowOf(
  subjectId: string,
  latest: Iterable<Preference>,
  contact: ContactRow | null,
): FactsRow | null {
  const decisions = [...latest].sort((a, b) =>
    a.purposeId < b.purposeId ? -1 : a.purposeId > b.purposeId ? 1 : 0,
  );
  if (decisions.length === 0 && !contact) return null;
  const row: FactsRow = {
    subjectId,
    latest: decisions,
    current: decisions.map((preference): [string, Decision] => [preference.purposeId, preference.decision]),
  };
  const unproven = decisions.filter((preference) => preference.unproven === 1).map((p) => p.purposeId);
  // Sparse, like the events' own key: only people with an unproven consent are in its index.
  if (unproven.length > 0) row.unproven = unproven;
  if (contact) {
    row.category = contact.category;
    row.lastContactAt = contact.lastContactAt;
  }
  return row;
}

/** The person's category and last contact as the row holds them (undefined while their record is not here). */
export function contactIn(row: FactsRow | undefined): ContactRow | undefined {
  return row?.category !== undefined && row.lastContactAt !== undefined
    ? { subjectId: row.subjectId, category: row.category, lastContactAt: row.lastContactAt }
    : undefined;
}

/** Whether two rows hold the same facts (a write that changes nothing is not made). */
export function sameFacts(a: FactsRow | undefined, b: FactsRow | null): boolean {
  if (!a || !b) return !a && !b;
  if (a.category !== b.category || a.lastContactAt !== b.lastContactAt) return false;
  if (a.latest.length !== b.latest.length) return false;
  return a.latest.every((preference, index) => {
    const other = b.latest[index]!;
    return (
      preference.id === other.id &&
      preference.purposeId === other.purposeId &&
      preference.decision === other.decision &&
      preference.unproven === other.unproven &&
      preference.decidedAt === other.decidedAt &&
      preference.noticeId === other.noticeId
    );
  });
}

/** The number of current consents without proof among rows (each unproven purpose of each person). */
export const unprovenIn = (rows: readonly (FactsRow | undefined | null)[]): number =>
  rows.reduce((count, row) => count + (row?.unproven?.length ?? 0), 0);

/**
 * The number of current consents without proof, kept in `meta` beside the table so the
 * compliance check reads one row instead of counting an index that grows with the shop. Every
 * write to the table (derived-bulk.ts, derived-join.ts, erasure) keeps it in step in the same
 * transaction; it is counted from the index once (compliance.ts), and until then not kept.
 */
export const UNPROVEN_COUNT_KEY = 'compliance.unprovenConsents';

export async function noteUnprovenChange(db: DeskDb, delta: number): Promise<void> {
  if (delta === 0) return;
  const row = await db.meta.get(UNPROVEN_COUNT_KEY);
  if (typeof row?.value !== 'number') return;
  await db.meta.put({ key: UNPROVEN_COUNT_KEY, value: Math.max(0, row.value + delta) });
}

/** An erased person's row goes, and with it their share of the count. Inside the erasure's transaction. */
export async function eraseFactsOfSubject(db: DeskDb, subjectId: string): Promise<void> {
  const row = await db.facts.get(subjectId);
  if (!row) return;
  await db.facts.delete(subjectId);
  await noteUnprovenChange(db, -unprovenIn([row]));
}

/** The stored latest decisions about one purpose, optionally only those with one decision. */
export async function preferencesOf(
  db: DeskDb,
  purposeId: string,
  decision?: Decision,
): Promise<Preference[]> {
  const index = db.facts.where('current');
  const rows = await (
    decision
      ? index.equals([purposeId, decision])
      : index.between([purposeId, Dexie.minKey], [purposeId, Dexie.maxKey])
  ).toArray();
  return rows.flatMap((row) => row.latest.filter((preference) => preference.purposeId === purposeId));
}

/** Every stored latest decision (tests, checks against a rebuild). */
export async function storedPreferences(db: DeskDb): Promise<Preference[]> {
  return (await db.facts.toArray()).flatMap((row) => row.latest);
}

/** Every stored category and last contact (tests, checks against a rebuild). */
export async function storedContacts(db: DeskDb): Promise<ContactRow[]> {
  return (await db.facts.toArray()).flatMap((row) => contactIn(row) ?? []);
}
