/**
 * The derived tables (preferences, contacts) for a whole join, computed in memory and written once
 * per person and purpose (preferences) and once per person (contacts), instead of being re-put
 * after every chunk the join applies. Built on the same rules as the write path's incremental
 * upkeep (shared/consent/derive.ts, shared/retention/facts.ts), so the rows are the ones a replay
 * of the same operations leaves: people erased (a subject tombstone) have none, a person with a
 * correction gets their decisions from all their events (latestDecisions, as rebuildPreferences).
 *
 * Reads the ledger in pages by primary key (one getAll each, far cheaper than a cursor row by row
 * or a get per key) and holds one row per person and purpose, never the ledger.
 * Runs inside the caller's transaction (consentEvents, preferences, contacts, subjects, requests,
 * syncClocks).
 */
import type { EntityTable } from 'dexie';
import {
  compareConsentEvents,
  isCorrection,
  latestDecisions,
  preferenceOf,
  type Preference,
} from '../../../shared/consent/derive';
import type { ConsentEvent } from '../../../shared/consent/model';
import { contactOf, type ContactRow } from '../../../shared/retention/facts';
import { stateKey } from '../../../shared/sync/merge';
import { UNPROVEN_COUNT_KEY, unprovenIn } from './preferences';
import type { DeskDb } from './schema';

/** Rows read per request: large enough to amortise the request, small enough for memory. */
const PAGE = 10_000;

async function eachPage<T extends { id: string }>(
  table: EntityTable<T, 'id'>,
  visit: (rows: T[]) => void,
): Promise<void> {
  let after: string | null = null;
  for (;;) {
    const rows: T[] = await (after === null ? table.orderBy(':id') : table.where(':id').above(after))
      .limit(PAGE)
      .toArray();
    if (rows.length === 0) return;
    visit(rows);
    after = rows[rows.length - 1]!.id;
  }
}

/** People whose subject record is a tombstone: an erasure removed their derived rows everywhere. */
async function erasedPeople(db: DeskDb): Promise<Set<string>> {
  const prefix = stateKey('subject', '');
  const rows = await db.syncClocks.where(':id').between(prefix, `${prefix}\uffff`).toArray();
  return new Set(rows.filter((row) => row.deleted !== undefined).map((row) => row.key.slice(prefix.length)));
}

export type JoinedDerived = { preferences: number; contacts: number };

/**
 * Replace the preferences and contacts tables by what the records now in the database give.
 * Meant for a device whose records all arrived by a join (local writes made meanwhile are included:
 * everything is recomputed from the records).
 */
export async function writeJoinedDerived(db: DeskDb): Promise<JoinedDerived> {
  const erased = await erasedPeople(db);

  // Preferences: the latest event per person and purpose; people with a correction afterwards.
  const best = new Map<string, Preference>();
  const correcting = new Set<string>();
  await eachPage(db.consentEvents, (events) => {
    for (const event of events) {
      if (erased.has(event.subjectId)) continue;
      if (isCorrection(event)) correcting.add(event.subjectId);
      const key = `${event.subjectId}\u0000${event.purposeId}`;
      const current = best.get(key);
      if (!current || compareConsentEvents(event, current) > 0) best.set(key, preferenceOf(event));
    }
  });
  const preferences: Preference[] = [];
  for (const row of best.values()) if (!correcting.has(row.subjectId)) preferences.push(row);
  for (const subjectId of correcting) {
    const events: ConsentEvent[] = await db.consentEvents.where('subjectId').equals(subjectId).toArray();
    for (const event of latestDecisions(events).values()) preferences.push(preferenceOf(event));
  }
  best.clear();

  // Contacts: each person on file, from their record, their requests' receipts and their decisions.
  const people = new Map<string, { id: string; createdAt: string; customerRef: string; at: string[] }>();
  await eachPage(db.subjects, (subjects) => {
    for (const { id, createdAt, customerRef } of subjects)
      people.set(id, { id, createdAt, customerRef, at: [] });
  });
  await eachPage(db.requests, (requests) => {
    for (const request of requests) people.get(request.subjectId)?.at.push(request.receivedAt);
  });
  for (const row of preferences) people.get(row.subjectId)?.at.push(row.decidedAt);
  const contacts: ContactRow[] = [];
  for (const person of people.values()) {
    const row = contactOf(person, person.at);
    if (row) contacts.push(row);
  }

  await db.preferences.clear();
  await db.preferences.bulkPut(preferences);
  // The kept count of unproven consents follows the table it counts (preferences.ts).
  await db.meta.put({ key: UNPROVEN_COUNT_KEY, value: unprovenIn(preferences) });
  await db.contacts.clear();
  await db.contacts.bulkPut(contacts);
  return { preferences: preferences.length, contacts: contacts.length };
}
