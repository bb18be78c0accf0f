/**
 * The one writer of the consent ledger's rows (ledger.ts: one row per person holding their events,
 * their latest decision per purpose and their contact facts), for every write: the write path's,
 * sync's (a chunk of operations from other devices, a device joining), an import's. What a write
 * brings about its people is folded into their rows in memory and each row written once; nothing is
 * read about people created in the same transaction, the others' rows are read in one bulk request.
 * IndexedDB's cost is per row written (~0.3 ms) and per request (~0.1 ms a read).
 *
 * What a row holds stays decided by the shared rules only, through `ledgerRowOf`: `latestDecisions`
 * (shared/consent/derive.ts) and `contactOf` / `withContact` / `categoryOf` (shared/retention/facts.ts).
 * A row's events only grow: an event already in it is never replaced (consent events are append-only;
 * only an erasure empties them, erasure.ts).
 *
 * API: `writeDerived(db, { subjects, events, requests, recompute }, { existing })` inside the
 * transaction that wrote those records, after their writes were issued (Writer.flush):
 * - `existing: 'none'`: nothing is stored about these people (they were created in this
 *   transaction). No read, except the records of people given only through their events or requests.
 * - `existing: 'read'`: what is given adds to what is stored. Each person's row is read in bulk once;
 *   `fresh` names the people known to be created in this transaction, for whom nothing is read.
 */
import { Dexie } from 'dexie';
import type { ConsentEvent } from '../../../shared/consent/model';
import type { Subject } from '../../../shared/domain/subject';
import { isCorrection } from '../../../shared/consent/derive';
import { categoryOf, contactOf, withContact, type ContactRow } from '../../../shared/retention/facts';
import { contactOfRow, ledgerRowOf, unprovenOf, type LedgerRow } from './ledger';
import type { DeskDb } from './schema';
import { noteUnprovenChange } from './preferences';
import { bulkGetSparse } from './sparse';

export type DerivedPerson = Pick<Subject, 'id' | 'createdAt' | 'customerRef'>;

/** What a write holds in memory about the people it touched. */
export type DerivedFacts = {
  /** People's records as stored after the write (created, or changed). */
  subjects?: readonly DerivedPerson[];
  /** Consent events recorded or received: stored here, in their person's row. */
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
  /** Kept for callers: events from other devices need nothing more now that a person's events share a row. */
  arrived?: boolean;
  /** With 'read': rows already read in this transaction (undefined: known to be absent), not read again. */
  stored?: ReadonlyMap<string, LedgerRow | undefined>;
};

/** Rows written by one call, for benchmarks and tests. */
export type DerivedWritten = { ledgers: number; events: number };

type Person = {
  record?: DerivedPerson;
  events: ConsentEvent[];
  requests: string[];
  /** Nothing stored about them: no read. */
  fresh: boolean;
  /** Contact facts recomputed from their record, all their requests and their decisions. */
  recompute: boolean;
};

function gather(facts: DerivedFacts, options: DerivedOptions): Map<string, Person> {
  const people = new Map<string, Person>();
  const person = (id: string): Person => {
    let found = people.get(id);
    if (!found) {
      const fresh = options.existing === 'none' || options.fresh?.has(id) === true;
      found = { events: [], requests: [], fresh, recompute: fresh };
      people.set(id, found);
    }
    return found;
  };
  for (const subject of facts.subjects ?? []) person(subject.id).record = subject;
  for (const event of facts.events ?? []) {
    const own = person(event.subjectId);
    own.events.push(event);
    // A correction may take back the decision the last contact came from.
    if (isCorrection(event)) own.recompute = true;
  }
  for (const request of facts.requests ?? []) person(request.subjectId).requests.push(request.receivedAt);
  for (const id of facts.recompute ?? []) person(id).recompute = true;
  return people;
}

/**
 * Fold the facts into the rows of the people they concern and write each changed row once (see the
 * module comment). Must run inside the transaction that wrote the records, after their writes were
 * issued; the transaction must include the ledgers, subjects, requests and meta tables (meta: the
 * kept count of unproven consents, see preferences.ts).
 */
export async function writeDerived(
  db: DeskDb,
  facts: DerivedFacts,
  options: DerivedOptions,
): Promise<DerivedWritten> {
  const people = gather(facts, options);
  if (people.size === 0) return { ledgers: 0, events: 0 };
  const storedIds = [...people].filter(([, person]) => !person.fresh).map(([id]) => id);
  const stored = new Map<string, LedgerRow>();
  const known = options.stored ?? new Map<string, LedgerRow | undefined>();
  const unread: string[] = [];
  for (const id of storedIds) {
    if (!known.has(id)) unread.push(id);
    else if (known.get(id)) stored.set(id, known.get(id)!);
  }
  if (unread.length > 0)
    (await bulkGetSparse(db.ledgers, unread)).forEach((row, index) => {
      if (row) stored.set(unread[index]!, row);
    });
  // Without contact facts yet (no row, or the record had not arrived): recomputed.
  for (const id of storedIds) if (!contactOfRow(stored.get(id))) people.get(id)!.recompute = true;

  // Records and requests, for the people recomputed only, in one bulk request each.
  const needRecord = [...people].filter(([, p]) => p.recompute && !p.record).map(([id]) => id);
  const needRequests = [...people].filter(([, p]) => p.recompute && !p.fresh).map(([id]) => id);
  const [records, requests] = await Dexie.Promise.all([
    needRecord.length > 0 ? bulkGetSparse(db.subjects, needRecord) : [],
    needRequests.length > 0 ? db.requests.where('subjectId').anyOf(needRequests).toArray() : [],
  ]);
  records.forEach((record, index) => {
    if (record) people.get(needRecord[index]!)!.record = record as Subject;
  });
  const storedRequests = new Map<string, string[]>();
  for (const request of requests) {
    const own = storedRequests.get(request.subjectId) ?? [];
    own.push(request.receivedAt);
    storedRequests.set(request.subjectId, own);
  }

  const put: LedgerRow[] = [];
  let unprovenDelta = 0;
  let added = 0;
  for (const [id, person] of people) {
    const before = stored.get(id);
    const seen = new Set(before?.eventIds);
    const fresh = person.events.filter((event) => !seen.has(event.id) && (seen.add(event.id), true));
    added += fresh.length;
    const events = before ? [...before.events, ...fresh] : fresh;
    const erased = before?.erased === 1;
    let contact: ContactRow | null = null;
    if (!erased && person.recompute) {
      // Built first without contact to know the latest decisions the last contact counts.
      const draft = ledgerRowOf(id, events, null);
      const instants = [
        ...person.requests,
        ...(storedRequests.get(id) ?? []),
        ...draft.preferences.map((row) => row.decidedAt),
      ];
      contact = person.record ? contactOf(person.record, instants) : null;
    } else if (!erased) {
      let row = contactOfRow(before)!;
      if (person.record) {
        const category = categoryOf(person.record);
        if (category !== row.category) row = { ...row, category };
      }
      for (const at of person.requests) row = withContact(row, at);
      for (const event of fresh) row = withContact(row, event.decidedAt);
      contact = row;
    }
    if (!before && events.length === 0 && !contact) continue;
    const beforeContact = contactOfRow(before);
    if (
      before &&
      fresh.length === 0 &&
      beforeContact?.category === contact?.category &&
      beforeContact?.lastContactAt === contact?.lastContactAt
    )
      continue;
    const row = ledgerRowOf(id, events, contact, erased);
    unprovenDelta += unprovenOf(row) - unprovenOf(before);
    put.push(row);
  }
  if (put.length > 0) await db.ledgers.bulkPut(put);
  await noteUnprovenChange(db, unprovenDelta);
  return { ledgers: put.length, events: added };
}
