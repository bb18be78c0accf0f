/**
 * Building the derived `contacts` table of versions 9–21 from the people, their requests and their
 * preferences: the upgrade of version 9 (version 22 turns the table into the per-person `facts`,
 * facts.ts). Kept out of the schema module, which imports it.
 */
import type { Collection, Table } from 'dexie';
import type { Preference } from '../../../shared/consent/derive';
import type { DsRequest } from '../../../shared/requests';
import type { Subject } from '../../../shared/domain/subject';
import { contactOf, type ContactRow } from '../../../shared/retention/facts';

type Each<T> = Pick<Collection<T>, 'each'>;

/** Every person's row, in one pass over each table; memory holds the instants, not the records. */
export async function rebuildAllContacts(
  subjects: Each<Subject>,
  requests: Each<DsRequest>,
  preferences: Each<Preference>,
  contacts: Table<ContactRow, string>,
): Promise<void> {
  const people = new Map<string, { id: string; createdAt: string; customerRef: string; at: string[] }>();
  await subjects.each((subject) => {
    const { id, createdAt, customerRef } = subject;
    people.set(id, { id, createdAt, customerRef, at: [] });
  });
  await requests.each((request) => people.get(request.subjectId)?.at.push(request.receivedAt));
  await preferences.each((row) => people.get(row.subjectId)?.at.push(row.decidedAt));
  const rows: ContactRow[] = [];
  for (const person of people.values()) {
    const row = contactOf(person, person.at);
    if (row) rows.push(row);
  }
  await contacts.clear();
  await contacts.bulkPut(rows);
}
