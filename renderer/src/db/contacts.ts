/**
 * What the write path and a sync apply note while they write, for each person's category and last
 * contact in the derived `facts` table (facts.ts, shared/retention/facts.ts): the people created,
 * arrived or changed, the requests created, the people whose last contact may have gone back.
 * derived-bulk.ts turns the notes into rows in the same transaction as the records.
 */
import type { Subject } from '../../../shared/domain/subject';

type PersonRecord = Pick<Subject, 'id' | 'createdAt' | 'customerRef'>;

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
 * changes in its person's last contact. A person who arrives may have requests and decisions here
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
