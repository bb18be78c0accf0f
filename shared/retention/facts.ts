/**
 * The facts retention rules need, derived from what the app records: the person (subject), their
 * requests and their latest consent decisions.
 */
import type { Decision } from '../consent/model';
import type { SubjectData } from '../domain/subject';
import type { RetentionCategory } from './model';
import type { DecisionFact, PersonFacts } from './select';

/**
 * A person with a customer reference is a customer; anyone else is a prospect. The customer
 * reference is the only sign of a business relationship the person record carries.
 */
export function categoryOf(subject: Pick<SubjectData, 'customerRef'>): RetentionCategory {
  return subject.customerRef.trim() !== '' ? 'customer' : 'prospect';
}

/**
 * A person's category and last contact, as the derived `contacts` table stores them (the review
 * reads the people long quiet from its `[category+lastContactAt]` index).
 */
export type ContactRow = {
  subjectId: string;
  category: RetentionCategory;
  /** ISO instant (toISOString), so that text order is time order. */
  lastContactAt: string;
};

type ContactSubject = Pick<SubjectData, 'customerRef'> & { id: string; createdAt: string };

/**
 * The later of `latest` (ms) and the instant `iso`; an unreadable instant is no contact, and an
 * unreadable `latest` stays so.
 */
function laterMs(latest: number, iso: string): number {
  const ms = Date.parse(iso);
  return !Number.isNaN(ms) && ms > latest ? ms : latest;
}

/**
 * The person's row: the last contact is the latest of when the person was recorded and `contacts`
 * (the receipt of each of their requests, the decision of each of their latest decisions per
 * purpose). Null when the record has no readable `createdAt`.
 */
export function contactOf(subject: ContactSubject, contacts: Iterable<string>): ContactRow | null {
  let latest = Date.parse(subject.createdAt);
  if (Number.isNaN(latest)) return null;
  for (const iso of contacts) latest = laterMs(latest, iso);
  return {
    subjectId: subject.id,
    category: categoryOf(subject),
    lastContactAt: new Date(latest).toISOString(),
  };
}

/** `row` after one more contact at `iso` (the same row when that is not later). */
export function withContact(row: ContactRow, iso: string): ContactRow {
  const before = Date.parse(row.lastContactAt);
  const latest = laterMs(before, iso);
  return latest === before ? row : { ...row, lastContactAt: new Date(latest).toISOString() };
}

export type DecisionRow = { subjectId: string; purposeId: string; decision: Decision; decidedAt: string };

/** Each person's decisions about `purposeIds`, as facts (rows of one person and purpose: the last wins). */
export function decisionFacts(
  rows: Iterable<DecisionRow>,
  purposeIds: ReadonlySet<string>,
  dayOf: (iso: string) => string,
): Map<string, Map<string, DecisionFact>> {
  const decisions = new Map<string, Map<string, DecisionFact>>();
  for (const row of rows) {
    if (!purposeIds.has(row.purposeId)) continue;
    let own = decisions.get(row.subjectId);
    if (!own) decisions.set(row.subjectId, (own = new Map()));
    own.set(row.purposeId, { decision: row.decision, decidedOn: dayOf(row.decidedAt) });
  }
  return decisions;
}

const NO_DECISIONS: ReadonlyMap<string, DecisionFact> = new Map();

/** A person's facts from their contacts row and their decisions about the rules' purposes. */
export function factsOf(
  contact: ContactRow,
  decisions: ReadonlyMap<string, DecisionFact> | undefined,
  dayOf: (iso: string) => string,
): PersonFacts {
  return {
    subjectId: contact.subjectId,
    category: contact.category,
    lastContactOn: dayOf(contact.lastContactAt),
    relationshipEndedOn: '',
    decisions: decisions ?? NO_DECISIONS,
  };
}

export type FactsInput = {
  subjects: Iterable<ContactSubject>;
  /** Requests of any state: receiving one is a contact. */
  requests: Iterable<{ subjectId: string; receivedAt: string }>;
  /** Each person's latest uncorrected decision per purpose. */
  decisions: Iterable<DecisionRow>;
  /** Only decisions about these purposes are kept in the facts (all still count as contacts). */
  purposeIds: ReadonlySet<string>;
  /** The controller's calendar date of an ISO instant. */
  dayOf: (iso: string) => string;
};

/**
 * One `PersonFacts` per subject, in the order given (`contactOf` then `factsOf`). Edits of the
 * record by staff are not contacts from the person; requests and decisions about unknown people are
 * ignored. Throws a RangeError for a subject without a readable `createdAt`.
 */
export function collectFacts(input: FactsInput): PersonFacts[] {
  const subjects = [...input.subjects];
  const contacts = new Map<string, string[]>(subjects.map((subject) => [subject.id, []]));
  for (const request of input.requests) contacts.get(request.subjectId)?.push(request.receivedAt);
  const rows = [...input.decisions].filter((row) => contacts.has(row.subjectId));
  for (const row of rows) contacts.get(row.subjectId)?.push(row.decidedAt);
  const decisions = decisionFacts(rows, input.purposeIds, input.dayOf);
  return subjects.map((subject) => {
    const contact = contactOf(subject, contacts.get(subject.id) ?? []);
    if (!contact) throw new RangeError(`collectFacts: no creation date for ${subject.id}`);
    return factsOf(contact, decisions.get(subject.id), input.dayOf);
  });
}
