/**
 * The derived `facts` table (facts.ts: each person's latest decision per purpose, category and last
 * contact, one row per person), kept in step by every write: a single write from the write path, a
 * sync pass, an import. Each person's stored row is read once (one bulk read for all of them, none
 * for people created in the same transaction), their new facts computed in memory and the row
 * written once. IndexedDB's cost is per row written and per request: ~0.3 ms a row, ~0.1 ms a read.
 *
 * What a row holds stays decided by the shared rules only: `latestDecisions` / `preferenceOf`
 * (shared/consent/derive.ts) and `contactOf` / `withContact` / `categoryOf` (shared/retention/facts.ts).
 *
 * API: `writeDerived(db, { subjects, events, requests }, { existing })` inside the transaction that
 * wrote those records, after their writes were issued (Writer.flush):
 * - `existing: 'none'`: nothing is stored about these people besides what is given (they were
 *   created in this transaction, or the table is being rebuilt from scratch). No read, except the
 *   records of people given only through their events or requests.
 * - `existing: 'read'`: what is given adds to what is stored (new events and requests; people as
 *   stored now). Each person's stored row is read in bulk once; people with a correction among the
 *   events are rebuilt from all their events. `arrived: true` (records received from another
 *   device) also rebuilds the people one of whose given events is corrected by a stored event.
 */
import { Dexie } from 'dexie';
import {
  compareConsentEvents,
  isCorrection,
  latestDecisions,
  preferenceOf,
  type Preference,
} from '../../../shared/consent/derive';
import type { ConsentEvent } from '../../../shared/consent/model';
import type { Subject } from '../../../shared/domain/subject';
import { categoryOf, contactOf, withContact, type ContactRow } from '../../../shared/retention/facts';
import type { ContactNotes } from './contacts';
import { contactIn, factsRowOf, noteUnprovenChange, sameFacts, unprovenIn, type FactsRow } from './facts';
import type { DeskDb } from './schema';
import { bulkGetSparse } from './sparse';
import { correctionsBetween, eventsOfSubjects } from './consent-store';
import { noteUsedNotices } from './used-notices';

export type DerivedPerson = Pick<Subject, 'id' | 'createdAt' | 'customerRef'>;

/** What a bulk write holds in memory about the people it touched. */
export type DerivedFacts = {
  /** People's records as stored after the write (created, or changed). */
  subjects?: readonly DerivedPerson[];
  /** Consent events written. */
  events?: readonly ConsentEvent[];
  /** Requests created (each one's receipt is a contact). */
  requests?: readonly { subjectId: string; receivedAt: string }[];
  /**
   * People whose last contact may have gone back (a request's receipt changed or moved to someone
   * else; a record arrived from another device): recomputed from all their requests and decisions.
   */
  recompute?: Iterable<string>;
};

export type DerivedOptions = {
  existing: 'none' | 'read';
  /** With 'read': people known to be created in this transaction, for whom nothing is read. */
  fresh?: ReadonlySet<string>;
  /** With 'read': the events arrived from another device (a stored event may correct one of them). */
  arrived?: boolean;
};

/** Rows written by one call (put or deleted), for benchmarks and tests. */
export type DerivedWritten = { facts: number };

type Person = {
  record?: DerivedPerson;
  events: ConsentEvent[];
  requests: string[];
  /** Nothing stored about them: no read. */
  fresh: boolean;
  /** A correction is involved: decisions rebuilt from all their events. */
  rebuild: boolean;
  /** Last contact recomputed from all their requests and decisions. */
  recompute: boolean;
  /** Their row as stored. */
  before?: FactsRow;
};

function gather(facts: DerivedFacts, options: DerivedOptions): Map<string, Person> {
  const people = new Map<string, Person>();
  const person = (id: string): Person => {
    let found = people.get(id);
    if (!found) {
      const fresh = options.existing === 'none' || options.fresh?.has(id) === true;
      found = { events: [], requests: [], fresh, rebuild: false, recompute: fresh };
      people.set(id, found);
    }
    return found;
  };
  for (const subject of facts.subjects ?? []) person(subject.id).record = subject;
  for (const event of facts.events ?? []) {
    const own = person(event.subjectId);
    own.events.push(event);
    if (isCorrection(event)) own.rebuild = true;
  }
  for (const request of facts.requests ?? []) person(request.subjectId).requests.push(request.receivedAt);
  for (const id of facts.recompute ?? []) person(id).recompute = true;
  for (const own of people.values()) if (own.rebuild) own.recompute = true;
  return people;
}

/** Group rows by their person. */
function byPerson<T extends { subjectId: string }>(rows: readonly T[]): Map<string, T[]> {
  const grouped = new Map<string, T[]>();
  for (const row of rows) {
    const own = grouped.get(row.subjectId);
    if (own) own.push(row);
    else grouped.set(row.subjectId, [row]);
  }
  return grouped;
}

/**
 * Compute and write the derived rows of the people in `facts` (see the module comment). Must run
 * inside the transaction that wrote the records, after their writes were issued; the transaction
 * must include the facts, subjects, requests, consentEvents, consentRows and meta tables (meta: the kept count of
 * unproven consents, see facts.ts, and the notices in use, used-notices.ts).
 */
export async function writeDerived(
  db: DeskDb,
  facts: DerivedFacts,
  options: DerivedOptions,
): Promise<DerivedWritten> {
  const people = gather(facts, options);
  if (people.size === 0) return { facts: 0 };
  const storedIds = [...people].filter(([, person]) => !person.fresh).map(([id]) => id);

  if (options.arrived && storedIds.length > 0) {
    const given = storedIds.flatMap((id) => people.get(id)!.events.map((event) => event.id)).sort();
    if (given.length > 0) {
      // One range read between the smallest and the largest id, not anyOf (one cursor jump, so one
      // request after another, per id): only corrections carry `corrects`, and they are few.
      const arrived = new Set(given);
      const corrections = await correctionsBetween(db, given[0]!, given[given.length - 1]!);
      for (const correction of corrections) {
        if (!arrived.has(correction.correctsEventId) || !isCorrection(correction)) continue;
        const person = people.get(correction.subjectId);
        if (person && !person.fresh) person.rebuild = person.recompute = true;
      }
    }
  }

  // One bulk read of the stored rows, only for people who may have one.
  (storedIds.length > 0 ? await bulkGetSparse(db.facts, storedIds) : []).forEach((row, index) => {
    const person = people.get(storedIds[index]!)!;
    if (row) person.before = row;
    // No contact kept (no row, or their record was not here): recomputed from their record.
    if (!contactIn(row)) person.recompute = true;
  });
  // A person's record is needed only when their contact is recomputed (or their category may have
  // changed, and then it is given).
  const missing = [...people].filter(([, person]) => !person.record && person.recompute).map(([id]) => id);
  const rebuilt = storedIds.filter((id) => people.get(id)!.rebuild);
  const recomputed = storedIds.filter((id) => people.get(id)!.recompute);
  const [records, ledgers, requests] = await Dexie.Promise.all([
    missing.length > 0 ? bulkGetSparse(db.subjects, missing) : [],
    rebuilt.length > 0 ? eventsOfSubjects(db, rebuilt) : [],
    recomputed.length > 0 ? db.requests.where('subjectId').anyOf(recomputed).toArray() : [],
  ]);
  records.forEach((subject, index) => {
    if (subject) people.get(missing[index]!)!.record = subject as Subject;
  });
  const ledgerOf = byPerson(ledgers);
  const requestsOf = byPerson(requests);

  const put: FactsRow[] = [];
  const gone: string[] = [];
  const replaced: FactsRow[] = [];
  for (const [id, person] of people) {
    const latest = new Map<string, Preference>();
    if (person.rebuild) {
      const own = new Map<string, ConsentEvent>((ledgerOf.get(id) ?? []).map((event) => [event.id, event]));
      for (const event of person.events) own.set(event.id, event);
      // Purposes left without an uncorrected decision lose theirs.
      for (const [purposeId, event] of latestDecisions([...own.values()]))
        latest.set(purposeId, preferenceOf(event));
    } else {
      for (const row of person.before?.latest ?? []) latest.set(row.purposeId, row);
      for (const event of person.events) {
        const current = latest.get(event.purposeId);
        if (!current || compareConsentEvents(event, current) > 0)
          latest.set(event.purposeId, preferenceOf(event));
      }
    }

    let contact: ContactRow | null;
    if (person.recompute) {
      const instants = [
        ...person.requests,
        ...(requestsOf.get(id) ?? []).map((request) => request.receivedAt),
        ...[...latest.values()].map((row) => row.decidedAt),
      ];
      contact = person.record ? contactOf(person.record, instants) : null;
    } else {
      let row = contactIn(person.before)!;
      if (person.record) {
        const category = categoryOf(person.record);
        if (category !== row.category) row = { ...row, category };
      }
      for (const at of person.requests) row = withContact(row, at);
      for (const event of person.events) row = withContact(row, event.decidedAt);
      contact = row;
    }

    const next = factsRowOf(id, latest.values(), contact);
    if (sameFacts(person.before, next)) continue;
    if (person.before) replaced.push(person.before);
    if (next) put.push(next);
    else gone.push(id);
  }
  await Dexie.Promise.all([
    put.length > 0 ? db.facts.bulkPut(put) : undefined,
    gone.length > 0 ? db.facts.bulkDelete(gone) : undefined,
  ]);
  await noteUnprovenChange(db, unprovenIn(put) - unprovenIn(replaced));
  await noteUsedNotices(db, facts.events ?? []);
  return { facts: put.length + gone.length };
}

/**
 * What the write path and the sync apply collected while they wrote (their contact notes,
 * contacts.ts, and the consent events added), as `writeDerived` takes it: people created by this
 * write have nothing stored (no read); people whose record arrived from another device, or whose
 * last contact may have gone back, are recomputed. `arrived`: the events came from another device.
 */
export function writeNotedDerived(
  db: DeskDb,
  notes: ContactNotes,
  events: readonly ConsentEvent[],
  options: { arrived?: boolean } = {},
): Promise<DerivedWritten> {
  const recompute = new Set(notes.recompute);
  for (const subject of notes.arrived) recompute.add(subject.id);
  const fresh = new Set<string>();
  for (const subject of notes.created) if (!recompute.has(subject.id)) fresh.add(subject.id);
  return writeDerived(
    db,
    {
      // Later entries win: a person created then changed in this write is stored as changed.
      subjects: [...notes.created, ...notes.updated, ...notes.arrived],
      events,
      requests: notes.requests,
      recompute,
    },
    { existing: 'read', fresh, ...(options.arrived ? { arrived: true } : {}) },
  );
}
