/**
 * The dashboard's chart series, computed from rows the renderer has already narrowed to the window
 * shown (the last 12 months): pure, so the same numbers feed the chart and its text equivalent.
 */
import type { Decision } from '../consent/model';
import type { RetentionFinding, RuleOutcome } from '../retention';

/** 'YYYY-MM' of the `count` months ending with the month of `today` ('YYYY-MM-DD'), oldest first. */
export function lastMonths(today: string, count = 12): string[] {
  const year = Number(today.slice(0, 4));
  const month = Number(today.slice(5, 7));
  return Array.from({ length: count }, (_, i) => {
    const index = year * 12 + (month - 1) - (count - 1 - i);
    return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
  });
}

export type RequestMonth = {
  month: string;
  received: number;
  answered: number;
  /** Answered by their legal deadline. */
  onTime: number;
  /** onTime / answered, or null when nothing was answered that month. */
  onTimeShare: number | null;
};

export type RequestFacts = {
  receivedOn: string;
  /** '' while unanswered. */
  respondedOn: string;
  /** The deadline the request had when answered (extension and pauses counted). */
  dueOn: string;
};

/** Requests received per month of receipt, answered per month of answer, and the share on time. */
export function requestSeries(rows: readonly RequestFacts[], months: readonly string[]): RequestMonth[] {
  const byMonth = new Map(
    months.map((month) => [month, { month, received: 0, answered: 0, onTime: 0, onTimeShare: null }]),
  ) as Map<string, RequestMonth>;
  for (const row of rows) {
    const received = byMonth.get(row.receivedOn.slice(0, 7));
    if (received) received.received += 1;
    if (!row.respondedOn) continue;
    const answered = byMonth.get(row.respondedOn.slice(0, 7));
    if (!answered) continue;
    answered.answered += 1;
    if (row.respondedOn <= row.dueOn) answered.onTime += 1;
  }
  return months.map((month) => {
    const row = byMonth.get(month) as RequestMonth;
    return { ...row, onTimeShare: row.answered > 0 ? row.onTime / row.answered : null };
  });
}

/** How many decisions of each kind a purpose received in one month (the cacheable unit). */
export type DecisionTally = Record<Decision, number>;

export const emptyTally = (): DecisionTally => ({ granted: 0, refused: 0, withdrawn: 0 });

export function tallyDecisions(decisions: Iterable<Decision>): DecisionTally {
  const tally = emptyTally();
  for (const decision of decisions) tally[decision] += 1;
  return tally;
}

export type PurposeConsents = { purposeId: string; given: number; withdrawn: number };

/**
 * Consents given and withdrawn per purpose over the months tallied: a refusal counts with the
 * withdrawals (in both cases the person does not, or no longer, agree).
 */
export function consentSeries(
  purposeIds: readonly string[],
  tallies: ReadonlyMap<string, readonly DecisionTally[]>,
): PurposeConsents[] {
  return purposeIds.map((purposeId) => {
    const months = tallies.get(purposeId) ?? [];
    return {
      purposeId,
      given: months.reduce((sum, tally) => sum + tally.granted, 0),
      withdrawn: months.reduce((sum, tally) => sum + tally.withdrawn + tally.refused, 0),
    };
  });
}

export type RetentionBar = { rule: RuleOutcome; people: number };

/** People past retention by the rule that kept them longest, the largest group first. */
export function retentionSeries(findings: readonly Pick<RetentionFinding, 'reason'>[]): RetentionBar[] {
  const bars = new Map<string, RetentionBar>();
  for (const { reason } of findings) {
    const bar = bars.get(reason.ruleId);
    if (bar) bar.people += 1;
    else bars.set(reason.ruleId, { rule: reason, people: 1 });
  }
  return [...bars.values()].sort((a, b) => b.people - a.people || a.rule.ruleId.localeCompare(b.rule.ruleId));
}
