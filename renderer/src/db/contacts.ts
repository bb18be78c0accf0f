/**
 * The derived `contacts` table: each person's category and last contact (shared/retention/facts.ts),
 * so that the retention review reads only the people long quiet. The people, their requests and
 * their preferences stay the truth; this table is kept in step by the write path and sync, in the
 * same transaction as the records (`updateContacts`, after `updatePreferences`), and can be rebuilt
 * at any time (`recomputeContacts`, contacts-build.ts).
 */
import { Dexie } from 'dexie';
import { isCorrection, type Preference } from '../../../shared/consent/derive';
import type { ConsentEvent } from '../../../shared/consent/model';
import type { Subject } from '../../../shared/domain/subject';
import { categoryOf, contactOf, withContact, type ContactRow } from '../../../shared/retention/facts';
import type { DeskDb } from './schema';
import { preferencesOfSubject } from './preferences';
import { bulkGetSparse, rowsWithin, SPREAD } from './sparse';

type PersonRecord = Pick<Subject, 'id' | 'createdAt' | 'customerRef'>;

/** What a write changed that may move people's rows. */
export type ContactChanges = {
  /** People created by this write: nothing about them can be older than their record. */
  created?: readonly PersonRecord[];
  /** People whose record changed (its customer reference may change their category), as stored. */
  updated?: readonly PersonRecord[];
  /** Requests created: each one's receipt is a contact. */
  requests?: readonly { subjectId: string; receivedAt: string }[];
  /** Consent events written (corrections make their person's row be recomputed). */
  events?: readonly ConsentEvent[];
  /** People whose record arrived from another device: they may have requests and decisions here already. */
  arrived?: readonly PersonRecord[];
  /** People whose row may have moved back (a request's receipt changed or it moved to someone else). */
  recompute?: Iterable<string>;
};

/**
 * Fold a write's changes into the table: one read and one write of the rows concerned; the people
 * whose last contact may have gone back, or who have no row yet, are recomputed from their records.
 * Must run inside the transaction that wrote them, after `updatePreferences`.
 */
export async function updateContacts(db: DeskDb, changes: ContactChanges): Promise<void> {
  const recompute = new Set(changes.recompute);
  const arrived = new Map((changes.arrived ?? []).map((subject) => [subject.id, subject]));
  for (const id of arrived.keys()) recompute.add(id);
  const events = changes.events ?? [];
  for (const event of events) if (isCorrection(event)) recompute.add(event.subjectId);
  const rows = new Map<string, ContactRow>();
  for (const subject of changes.created ?? []) {
    const row = recompute.has(subject.id) ? null : contactOf(subject, []);
    if (row) rows.set(subject.id, row);
    else recompute.add(subject.id);
  }
  const wanted = new Set<string>();
  for (const subject of changes.updated ?? []) wanted.add(subject.id);
  for (const request of changes.requests ?? []) wanted.add(request.subjectId);
  for (const event of events) wanted.add(event.subjectId);
  const ids = [...wanted].filter((id) => !rows.has(id) && !recompute.has(id));
  const stored = new Map<string, ContactRow>();
  if (ids.length > 0) {
    (await bulkGetSparse(db.contacts, ids)).forEach((row, index) => {
      if (row) {
        stored.set(row.subjectId, row);
        rows.set(row.subjectId, row);
      } else {
        recompute.add(ids[index]!);
      }
    });
  }
  const touch = (subjectId: string, change: (row: ContactRow) => ContactRow) => {
    const row = rows.get(subjectId);
    if (row && !recompute.has(subjectId)) rows.set(subjectId, change(row));
  };
  for (const subject of changes.updated ?? [])
    touch(subject.id, (row) => {
      const category = categoryOf(subject);
      return category === row.category ? row : { ...row, category };
    });
  for (const request of changes.requests ?? [])
    touch(request.subjectId, (row) => withContact(row, request.receivedAt));
  for (const event of events) touch(event.subjectId, (row) => withContact(row, event.decidedAt));
  const put = [...rows.values()].filter(
    (row) => !recompute.has(row.subjectId) && stored.get(row.subjectId) !== row,
  );
  if (put.length > 0) await db.contacts.bulkPut(put);
  if (recompute.size > 0) await recomputeContacts(db, [...recompute], arrived);
}

/**
 * Recompute people's rows from their record (read unless given), all their requests and their
 * preferences; a person no longer on file loses theirs.
 */
export async function recomputeContacts(
  db: DeskDb,
  people: readonly string[],
  records: ReadonlyMap<string, PersonRecord> = new Map(),
): Promise<void> {
  if (people.length === 0) return;
  const subjectIds = [...people];
  const unknown = subjectIds.filter((id) => !records.has(id));
  const [read, requests, preferences] = await Dexie.Promise.all([
    unknown.length > 0 ? db.subjects.bulkGet(unknown) : [],
    db.requests.where('subjectId').anyOf(subjectIds).toArray(),
    preferencesOfPeople(db, subjectIds),
  ]);
  const subjects = new Map<string, PersonRecord>(records);
  for (const subject of read) if (subject) subjects.set(subject.id, subject);
  const contacts = new Map<string, string[]>(subjectIds.map((id) => [id, []]));
  for (const request of requests) contacts.get(request.subjectId)?.push(request.receivedAt);
  for (const row of preferences) contacts.get(row.subjectId)?.push(row.decidedAt);
  const put: ContactRow[] = [];
  const gone: string[] = [];
  subjectIds.forEach((id) => {
    const subject = subjects.get(id);
    const row = subject ? contactOf(subject, contacts.get(id) ?? []) : null;
    if (row) put.push(row);
    else gone.push(id);
  });
  if (put.length > 0) await db.contacts.bulkPut(put);
  if (gone.length > 0) await db.contacts.bulkDelete(gone);
}

/** Below this many people, their preferences are read person by person. */
const FEW = 64;

/**
 * These people's latest decisions per purpose. For many people (a device joining), the rows
 * between the first and the last of them are listed first: none (their decisions have not arrived
 * yet), and nothing more is read; a few times the people at most, and they are read in one request;
 * else one range read per person.
 */
export async function preferencesOfPeople(db: DeskDb, subjectIds: readonly string[]): Promise<Preference[]> {
  if (subjectIds.length >= FEW) {
    const sorted = [...subjectIds].sort();
    const span = db.preferences
      .where('[subjectId+purposeId]')
      .between([sorted[0], Dexie.minKey], [sorted[sorted.length - 1], Dexie.maxKey]);
    const rows = await rowsWithin(span, subjectIds.length * SPREAD);
    if (rows !== null) {
      const wanted = new Set(subjectIds);
      return rows.filter((row) => wanted.has(row.subjectId));
    }
  }
  const own = await Dexie.Promise.all(subjectIds.map((id) => preferencesOfSubject(db, id).toArray()));
  return own.flat();
}

/** What a write collects for `updateContacts` while it writes. */
export type ContactNotes = {
  created: PersonRecord[];
  arrived: PersonRecord[];
  updated: PersonRecord[];
  requests: { subjectId: string; receivedAt: string }[];
  recompute: Set<string>;
};

export function contactNotes(): ContactNotes {
  return { created: [], arrived: [], updated: [], requests: [], recompute: new Set() };
}

/**
 * What a stored person or request, written as `row` over `before` (undefined: not here before),
 * changes in its person's contacts row. A person who arrives may have requests and decisions here
 * already: recomputed, as is anyone whose last contact may go back (a request's receipt changed or
 * it moved to someone else). People and requests created by a local write are noted as `created` /
 * `requests` when they are issued.
 */
export function noteContactChange(
  notes: ContactNotes,
  entity: string,
  before: Record<string, unknown> | undefined,
  row: Record<string, unknown>,
): void {
  if (entity === 'subject') {
    if (!before || before.createdAt !== row.createdAt) notes.arrived.push(row as unknown as PersonRecord);
    else if (before.customerRef !== row.customerRef) notes.updated.push(row as unknown as PersonRecord);
  } else if (entity === 'request') {
    const request = { subjectId: String(row.subjectId), receivedAt: String(row.receivedAt) };
    if (!before) notes.requests.push(request);
    else if (before.subjectId !== request.subjectId || before.receivedAt !== request.receivedAt) {
      notes.recompute.add(String(before.subjectId));
      notes.recompute.add(request.subjectId);
    }
  }
}
