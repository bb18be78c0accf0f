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

export type FactsInput = {
  subjects: Iterable<Pick<SubjectData, 'customerRef'> & { id: string; createdAt: string }>;
  /** Requests of any state: receiving one is a contact. */
  requests: Iterable<{ subjectId: string; receivedAt: string }>;
  /** Each person's latest uncorrected decision per purpose. */
  decisions: Iterable<{ subjectId: string; purposeId: string; decision: Decision; decidedAt: string }>;
  /** Only decisions about these purposes are kept in the facts (all still count as contacts). */
  purposeIds: ReadonlySet<string>;
  /** The controller's calendar date of an ISO instant. */
  dayOf: (iso: string) => string;
};

/**
 * One `PersonFacts` per subject, in the order given. The last contact is the latest of: when the
 * person was recorded, when a request of theirs was received, when they decided about a consent.
 * Edits of the record by staff are not contacts from the person; requests and decisions about
 * unknown people are ignored.
 */
export function collectFacts(input: FactsInput): PersonFacts[] {
  const latest = new Map<string, number>();
  const touch = (subjectId: string, iso: string) => {
    const ms = Date.parse(iso);
    const current = latest.get(subjectId);
    if (current !== undefined && !Number.isNaN(ms) && ms > current) latest.set(subjectId, ms);
  };
  const subjects = [...input.subjects];
  for (const subject of subjects) latest.set(subject.id, Date.parse(subject.createdAt));
  for (const request of input.requests) touch(request.subjectId, request.receivedAt);
  const decisions = new Map<string, Map<string, DecisionFact>>();
  for (const row of input.decisions) {
    touch(row.subjectId, row.decidedAt);
    if (!input.purposeIds.has(row.purposeId) || !latest.has(row.subjectId)) continue;
    let own = decisions.get(row.subjectId);
    if (!own) decisions.set(row.subjectId, (own = new Map()));
    own.set(row.purposeId, { decision: row.decision, decidedOn: input.dayOf(row.decidedAt) });
  }
  const none: ReadonlyMap<string, DecisionFact> = new Map();
  return subjects.map((subject) => ({
    subjectId: subject.id,
    category: categoryOf(subject),
    lastContactOn: input.dayOf(new Date(latest.get(subject.id) as number).toISOString()),
    relationshipEndedOn: '',
    decisions: decisions.get(subject.id) ?? none,
  }));
}
