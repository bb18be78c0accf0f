/**
 * The derived `facts` table (facts.ts) for a whole join, computed in memory and written once per
 * person, instead of being re-put after every chunk the join applies. Built on the same rules as
 * the write path's incremental upkeep (shared/consent/derive.ts, shared/retention/facts.ts), so the
 * rows are the ones a replay of the same operations leaves: people erased (a subject tombstone)
 * have none, a person with a correction gets their decisions from all their events
 * (latestDecisions, as derived-bulk.ts does).
 *
 * Reads the ledger in pages by primary key (one getAll each, far cheaper than a cursor row by row
 * or a get per key) and holds one row per person and purpose, never the ledger.
 * Runs inside the caller's transaction (consentEvents, consentRows, facts, subjects, requests, syncClocks, meta).
 */
import {
  compareConsentEvents,
  isCorrection,
  latestDecisions,
  preferenceOf,
  type Preference,
} from '../../../shared/consent/derive';
import type { ConsentEvent } from '../../../shared/consent/model';
import { contactOf } from '../../../shared/retention/facts';
import { stateKey } from '../../../shared/sync/merge';
import { factsRowOf, UNPROVEN_COUNT_KEY, unprovenIn, type FactsRow } from './facts';
import type { DeskDb } from './schema';
import { eachEventPage, eventsOfSubject } from './consent-store';
import { eachPage, PAGE } from './paging';

/** People whose subject record is a tombstone: an erasure removed their derived rows everywhere. */
async function erasedPeople(db: DeskDb): Promise<Set<string>> {
  const prefix = stateKey('subject', '');
  const rows = await db.syncClocks.where(':id').between(prefix, `${prefix}\uffff`).toArray();
  return new Set(rows.filter((row) => row.deleted !== undefined).map((row) => row.key.slice(prefix.length)));
}

export type JoinedDerived = { facts: number };

/**
 * Replace the facts table by what the records now in the database give. Meant for a device whose
 * records all arrived by a join (local writes made meanwhile are included: everything is
 * recomputed from the records); also what the incremental upkeep is checked against in tests.
 */
export async function writeJoinedDerived(db: DeskDb): Promise<JoinedDerived> {
  const erased = await erasedPeople(db);

  // Decisions: the latest event per person and purpose; people with a correction afterwards.
  const best = new Map<string, Map<string, Preference>>();
  const correcting = new Set<string>();
  await eachEventPage(
    db,
    (events) => {
      for (const event of events) {
        if (erased.has(event.subjectId)) continue;
        if (isCorrection(event)) correcting.add(event.subjectId);
        let own = best.get(event.subjectId);
        if (!own) best.set(event.subjectId, (own = new Map()));
        const current = own.get(event.purposeId);
        if (!current || compareConsentEvents(event, current) > 0)
          own.set(event.purposeId, preferenceOf(event));
      }
    },
    PAGE,
  );
  for (const subjectId of correcting) {
    const events: ConsentEvent[] = await eventsOfSubject(db, subjectId);
    const own = new Map<string, Preference>();
    for (const [purposeId, event] of latestDecisions(events)) own.set(purposeId, preferenceOf(event));
    best.set(subjectId, own);
  }

  // Contacts: each person on file, from their record, their requests' receipts and their decisions.
  const people = new Map<string, { id: string; createdAt: string; customerRef: string; at: string[] }>();
  await eachPage(db.subjects, (subjects) => {
    for (const { id, createdAt, customerRef } of subjects)
      people.set(id, { id, createdAt, customerRef, at: [] });
  });
  await eachPage(db.requests, (requests) => {
    for (const request of requests) people.get(request.subjectId)?.at.push(request.receivedAt);
  });

  const rows: FactsRow[] = [];
  for (const subjectId of new Set([...best.keys(), ...people.keys()])) {
    const latest = best.get(subjectId)?.values() ?? [];
    const decisions = [...latest];
    const person = people.get(subjectId);
    const contact = person
      ? contactOf(person, [...person.at, ...decisions.map((row) => row.decidedAt)])
      : null;
    const row = factsRowOf(subjectId, decisions, contact);
    if (row) rows.push(row);
  }
  best.clear();
  people.clear();

  await db.facts.clear();
  await db.facts.bulkPut(rows);
  // The kept count of unproven consents follows the table it counts (facts.ts).
  await db.meta.put({ key: UNPROVEN_COUNT_KEY, value: unprovenIn(rows) });
  return { facts: rows.length };
}
