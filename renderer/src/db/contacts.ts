/**
 * The derived `contacts` table: each person's category and last contact (shared/retention/facts.ts),
 * so that the retention review reads only the people long quiet. The people, their requests and
 * their preferences stay the truth; this table is kept in step by the write path and sync, in the
 * same transaction as the records (derived-bulk.ts, from the notes below), and can be rebuilt at any
 * time (`recomputeContacts`, contacts-build.ts).
 */
import { Dexie } from 'dexie';
import type { Preference } from '../../../shared/consent/derive';
import type { Subject } from '../../../shared/domain/subject';
import { contactOf, type ContactRow } from '../../../shared/retention/facts';
import type { DeskDb } from './schema';
import { preferencesOfSubject } from './preferences';
import { rowsWithin, SPREAD } from './sparse';

type PersonRecord = Pick<Subject, 'id' | 'createdAt' | 'customerRef'>;

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

/** What a write or a sync apply collects while it writes, for the derived rows (derived-bulk.ts). */
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
