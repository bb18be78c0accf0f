/**
 * The derived tables (preferences, contacts) for bulk work: an import, a device joining a space, a
 * repair. Single writes keep them in step incrementally (preferences.ts, contacts.ts), which reads
 * each row before rewriting it; a bulk write knows most of what those rows will hold, so here they
 * are computed in memory and each written once, with no read at all for people created in the same
 * transaction. IndexedDB's cost is per row written and per request: ~0.3 ms a row, ~0.1 ms a read.
 *
 * What a row holds stays decided by the shared rules only: `latestDecisions` / `preferenceOf`
 * (shared/consent/derive.ts) and `contactOf` / `withContact` / `categoryOf` (shared/retention/facts.ts).
 *
 * API: `writeDerived(db, { subjects, events, requests }, { existing })` inside the transaction that
 * wrote those records, after their writes were issued (Writer.flush):
 * - `existing: 'none'`: nothing is stored about these people besides what is given (they were
 *   created in this transaction, or the derived tables are being rebuilt from scratch). No read,
 *   except the records of people given only through their events or requests.
 * - `existing: 'read'`: what is given adds to what is stored (new events and requests; people as
 *   stored now). Each person's stored rows are read in bulk once; people with a correction among the
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
import { preferencesOfPeople, type ContactNotes } from './contacts';
import type { DeskDb } from './schema';
import { noteUnprovenChange, unprovenIn } from './preferences';
import { bulkGetSparse } from './sparse';
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
   * People whose contacts row may have gone back (a request's receipt changed or moved to someone
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

/** Rows written by one call, for benchmarks and tests. */
export type DerivedWritten = { preferences: number; contacts: number };

type Person = {
  record?: DerivedPerson;
  events: ConsentEvent[];
  requests: string[];
  /** Nothing stored about them: no read. */
  fresh: boolean;
  /** A correction is involved: preferences rebuilt from all their events. */
  rebuild: boolean;
  /** Contacts row recomputed from all their requests and decisions. */
  recompute: boolean;
  /** Latest decision per purpose: as stored (all purposes when `recompute`, else those touched), then after the write. */
  latest: Map<string, Preference>;
};

function gather(facts: DerivedFacts, options: DerivedOptions): Map<string, Person> {
  const people = new Map<string, Person>();
  const person = (id: string): Person => {
    let found = people.get(id);
    if (!found) {
      const fresh = options.existing === 'none' || options.fresh?.has(id) === true;
      found = { events: [], requests: [], fresh, rebuild: false, recompute: fresh, latest: new Map() };
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

/**
 * Compute and write the derived rows of the people in `facts` (see the module comment). Must run
 * inside the transaction that wrote the records, after their writes were issued; the transaction
 * must include the preferences, contacts, subjects, requests, consentEvents and meta tables (meta: the
 * kept count of unproven consents, see preferences.ts, and the notices in use, used-notices.ts).
 */
export async function writeDerived(
  db: DeskDb,
  facts: DerivedFacts,
  options: DerivedOptions,
): Promise<DerivedWritten> {
  const people = gather(facts, options);
  if (people.size === 0) return { preferences: 0, contacts: 0 };
  const stored = [...people].filter(([, person]) => !person.fresh);
  const storedIds = stored.map(([id]) => id);

  if (options.arrived && storedIds.length > 0) {
    const given = stored.flatMap(([, person]) => person.events.map((event) => event.id)).sort();
    if (given.length > 0) {
      // One range read between the smallest and the largest id, not anyOf (one cursor jump, so one
      // request after another, per id): only corrections carry `corrects`, and they are few.
      const arrived = new Set(given);
      const corrections = await db.consentEvents
        .where('corrects')
        .between(given[0]!, given[given.length - 1]!, true, true)
        .toArray();
      for (const correction of corrections) {
        if (!arrived.has(correction.correctsEventId) || !isCorrection(correction)) continue;
        const person = people.get(correction.subjectId);
        if (person && !person.fresh) person.rebuild = person.recompute = true;
      }
    }
  }

  // One bulk read per table, and only for people who may have something stored. A person's record
  // is needed only when their row is recomputed (or their category may have changed, and then it is given).
  const recordsOf = async (ids: string[]) => {
    (await bulkGetSparse(db.subjects, ids)).forEach((subject, index) => {
      if (subject) people.get(ids[index]!)!.record = subject as Subject;
    });
  };
  const unknown = (recompute: boolean) =>
    [...people].filter(([, person]) => !person.record && person.recompute === recompute).map(([id]) => id);
  const missing = unknown(true);
  const [, contacts] = await Dexie.Promise.all([
    missing.length > 0 ? recordsOf(missing) : undefined,
    storedIds.length > 0 ? bulkGetSparse(db.contacts, storedIds) : [],
  ]);
  const storedContacts = new Map<string, ContactRow>();
  contacts.forEach((row, index) => {
    if (row) storedContacts.set(storedIds[index]!, row);
    else people.get(storedIds[index]!)!.recompute = true;
  });
  // People found without a row: recomputed, so their record is read too.
  const late = unknown(true);
  if (late.length > 0) await recordsOf(late);

  const rebuilt = storedIds.filter((id) => people.get(id)!.rebuild);
  const whole = storedIds.filter((id) => people.get(id)!.recompute && !people.get(id)!.rebuild);
  const pairs: [string, string][] = [];
  for (const id of storedIds) {
    const person = people.get(id)!;
    if (person.recompute) continue;
    for (const purposeId of new Set(person.events.map((event) => event.purposeId)))
      pairs.push([id, purposeId]);
  }
  const recomputed = storedIds.filter((id) => people.get(id)!.recompute);
  const [ledgers, preferenceRows, touchedRows, requests] = await Dexie.Promise.all([
    rebuilt.length > 0 ? db.consentEvents.where('subjectId').anyOf(rebuilt).toArray() : [],
    whole.length > 0 ? preferencesOfPeople(db, whole) : [],
    pairs.length > 0 ? bulkGetSparse(db.preferences, pairs) : [],
    recomputed.length > 0 ? db.requests.where('subjectId').anyOf(recomputed).toArray() : [],
  ]);
  // The stored rows this write may replace, for the kept count of unproven consents.
  const storedRows = new Map<string, Preference>();
  for (const row of [...preferenceRows, ...touchedRows])
    if (row) {
      people.get(row.subjectId)?.latest.set(row.purposeId, row);
      storedRows.set(`${row.subjectId}\u0000${row.purposeId}`, row);
    }
  const storedRequests = new Map<string, string[]>();
  for (const request of requests) {
    const own = storedRequests.get(request.subjectId) ?? [];
    own.push(request.receivedAt);
    storedRequests.set(request.subjectId, own);
  }

  const put: Preference[] = [];
  const stale: [string, string][] = [];
  const ledgerOf = new Map<string, Map<string, ConsentEvent>>();
  for (const event of ledgers) {
    const own = ledgerOf.get(event.subjectId) ?? new Map<string, ConsentEvent>();
    own.set(event.id, event);
    ledgerOf.set(event.subjectId, own);
  }
  for (const [id, person] of people) {
    if (person.rebuild) {
      const own = ledgerOf.get(id) ?? new Map<string, ConsentEvent>();
      for (const event of person.events) own.set(event.id, event);
      const next = latestDecisions([...own.values()]);
      // Rows of purposes left without an uncorrected decision go; the others are rewritten.
      const before = await db.preferences
        .where('[subjectId+purposeId]')
        .between([id, Dexie.minKey], [id, Dexie.maxKey])
        .toArray();
      for (const row of before) {
        storedRows.set(`${row.subjectId}\u0000${row.purposeId}`, row);
        if (!next.has(row.purposeId)) stale.push([row.subjectId, row.purposeId]);
      }
      person.latest.clear();
      for (const [purposeId, event] of next) {
        const row = preferenceOf(event);
        person.latest.set(purposeId, row);
        put.push(row);
      }
      continue;
    }
    const changed = new Set<string>();
    for (const event of person.events) {
      const current = person.latest.get(event.purposeId);
      if (!current || compareConsentEvents(event, current) > 0) {
        person.latest.set(event.purposeId, preferenceOf(event));
        changed.add(event.purposeId);
      }
    }
    for (const purposeId of changed) put.push(person.latest.get(purposeId)!);
  }

  const contactRows: ContactRow[] = [];
  const gone: string[] = [];
  for (const [id, person] of people) {
    const before = storedContacts.get(id);
    if (person.recompute) {
      const instants = [
        ...person.requests,
        ...(storedRequests.get(id) ?? []),
        ...[...person.latest.values()].map((row) => row.decidedAt),
      ];
      const row = person.record ? contactOf(person.record, instants) : null;
      if (row) contactRows.push(row);
      else if (before) gone.push(id);
      continue;
    }
    let row = before!;
    if (person.record) {
      const category = categoryOf(person.record);
      if (category !== row.category) row = { ...row, category };
    }
    for (const at of person.requests) row = withContact(row, at);
    for (const event of person.events) row = withContact(row, event.decidedAt);
    if (row !== before) contactRows.push(row);
  }
  await Dexie.Promise.all([
    stale.length > 0 ? db.preferences.bulkDelete(stale) : undefined,
    put.length > 0 ? db.preferences.bulkPut(put) : undefined,
    contactRows.length > 0 ? db.contacts.bulkPut(contactRows) : undefined,
    gone.length > 0 ? db.contacts.bulkDelete(gone) : undefined,
  ]);
  const replaced = [...put, ...stale.map(([subjectId, purposeId]) => ({ subjectId, purposeId }))].map((row) =>
    storedRows.get(`${row.subjectId}\u0000${row.purposeId}`),
  );
  await noteUnprovenChange(db, unprovenIn(put) - unprovenIn(replaced));
  await noteUsedNotices(db, facts.events ?? []);
  return { preferences: put.length, contacts: contactRows.length };
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
