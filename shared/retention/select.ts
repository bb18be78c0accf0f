/**
 * Who is past their retention period, and why. All on calendar dates ('YYYY-MM-DD'); months are
 * calendar months with month-end clamping (2023-01-31 + 1 month = 2023-02-28), as for consents.
 *
 * A rule applies to a person when it is active and matches them: a category rule matches the
 * person's category; a purpose rule matches people who have a decision about its purpose. Each rule
 * that applies keeps the data up to its end date, the last day of the period. The data may be kept
 * while any rule still keeps it (a customer who also consented to the newsletter is kept as long as
 * the longer of the two), so a person is past retention when every rule that applies has ended
 * before today. A person no rule applies to is never selected: nothing says how long to keep them.
 */
import { addMonthsToDate } from '../consent/segments';
import type { Decision } from '../consent/model';
import type { RetentionAnchor, RetentionCategory, RetentionRule, RetentionScope } from './model';

/** A person's latest decision about one purpose. */
export type DecisionFact = { decision: Decision; decidedOn: string };

/** What the selection needs to know about one person. */
export type PersonFacts = {
  subjectId: string;
  category: RetentionCategory;
  /** The latest day the business is known to have been in contact with the person. */
  lastContactOn: string;
  /** When the relationship ended, '' when the app does not know (the last contact stands in). */
  relationshipEndedOn: string;
  /** Latest decision per purpose id. */
  decisions: ReadonlyMap<string, DecisionFact>;
};

/**
 * Why one rule keeps (or no longer keeps) a person's data: 'period' when its period runs from
 * `startedOn` to `endsOn`; 'refused' or 'withdrawn' when the person said no to the rule's purpose,
 * which ends what that purpose justifies on the day of the decision.
 */
export type RuleOutcome = {
  ruleId: string;
  scope: RetentionScope;
  category: RetentionCategory | '';
  purposeId: string;
  anchor: RetentionAnchor;
  months: number;
  cause: 'period' | 'refused' | 'withdrawn';
  startedOn: string;
  /** The last day the rule keeps the data. */
  endsOn: string;
};

export type RetentionFinding = {
  subjectId: string;
  /** The last day any rule kept the data; the person is past retention since the next day. */
  endsOn: string;
  /** The rule that kept the data longest. */
  reason: RuleOutcome;
  /** Every rule that applies to the person, the longest-keeping first. */
  outcomes: RuleOutcome[];
};

export type RetentionReview = {
  /** People past retention, the longest overdue first. */
  findings: RetentionFinding[];
  /** People no active rule applies to. */
  uncovered: number;
};

type Rule = Pick<RetentionRule, 'id' | 'scope' | 'category' | 'purposeId' | 'anchor' | 'months' | 'active'>;

function anchorDay(rule: Rule, person: PersonFacts, decision: DecisionFact | undefined): string {
  switch (rule.anchor) {
    case 'last_contact':
      return person.lastContactOn;
    // The app records no purchases: without a known end, the last contact is the best evidence
    // that the relationship went on, so the period runs from it.
    case 'relationship_end':
      return person.relationshipEndedOn || person.lastContactOn;
    case 'last_decision':
      return decision?.decidedOn ?? person.lastContactOn;
  }
}

/** What `rule` says about `person`, or null when it does not apply to them. */
export function ruleOutcome(rule: Rule, person: PersonFacts): RuleOutcome | null {
  if (!rule.active) return null;
  let decision: DecisionFact | undefined;
  if (rule.scope === 'category') {
    if (rule.category !== person.category) return null;
  } else {
    decision = person.decisions.get(rule.purposeId);
    if (!decision) return null;
  }
  const base = {
    ruleId: rule.id,
    scope: rule.scope,
    category: rule.category,
    purposeId: rule.purposeId,
    anchor: rule.anchor,
    months: rule.months,
  };
  if (decision && decision.decision !== 'granted') {
    return { ...base, cause: decision.decision, startedOn: decision.decidedOn, endsOn: decision.decidedOn };
  }
  const startedOn = anchorDay(rule, person, decision);
  return { ...base, cause: 'period', startedOn, endsOn: addMonthsToDate(startedOn, rule.months) };
}

/**
 * Whether a category rule keeps `person` on `today` from what is already known of them. Knowing
 * more — a later contact, decisions about purposes — can only keep a person longer (a later start,
 * more rules), so a person kept on partial facts is kept on the full ones: the review reads the
 * consent decisions of the others only.
 */
export function keptAnyway(rules: readonly Rule[], today: string, person: PersonFacts): boolean {
  return rules.some((rule) => {
    if (rule.scope !== 'category') return false;
    const outcome = ruleOutcome(rule, person);
    return outcome !== null && outcome.endsOn >= today;
  });
}

/**
 * An instant before which lies the last contact of anyone a period of `months` from their last
 * contact has ended for by `today`: `today` minus `months` calendar months without month-end
 * clamping (clamping only ends periods earlier), plus two days for the controller's time zone.
 * Conservative: who is really past is still `ruleOutcome`'s decision.
 */
export function lastContactBound(today: string, months: number): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(today);
  if (!match) throw new RangeError(`lastContactBound: bad date ${today}`);
  const bound = new Date(0);
  bound.setUTCFullYear(Number(match[1]), Number(match[2]) - 1 - months, Number(match[3]) + 2);
  return bound.toISOString();
}

/** Later end first; then category rules before purpose rules, then by rule id, for a stable order. */
function compareOutcomes(a: RuleOutcome, b: RuleOutcome): number {
  if (a.endsOn !== b.endsOn) return a.endsOn > b.endsOn ? -1 : 1;
  if (a.scope !== b.scope) return a.scope === 'category' ? -1 : 1;
  return a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0;
}

/**
 * The people past their retention period on `today`, each with the rule that kept them longest
 * and the day it ended, the longest overdue first (then by person id).
 */
export function selectPastRetention(
  rules: readonly Rule[],
  today: string,
  people: Iterable<PersonFacts>,
): RetentionReview {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(today)) throw new RangeError(`selectPastRetention: bad date ${today}`);
  const active = rules.filter((rule) => rule.active);
  const findings: RetentionFinding[] = [];
  let uncovered = 0;
  for (const person of people) {
    const outcomes: RuleOutcome[] = [];
    for (const rule of active) {
      const outcome = ruleOutcome(rule, person);
      if (outcome) outcomes.push(outcome);
    }
    if (outcomes.length === 0) {
      uncovered += 1;
      continue;
    }
    outcomes.sort(compareOutcomes);
    const reason = outcomes[0] as RuleOutcome;
    if (reason.endsOn < today)
      findings.push({ subjectId: person.subjectId, endsOn: reason.endsOn, reason, outcomes });
  }
  findings.sort((a, b) =>
    a.endsOn !== b.endsOn ? (a.endsOn < b.endsOn ? -1 : 1) : a.subjectId < b.subjectId ? -1 : 1,
  );
  return { findings, uncovered };
}
