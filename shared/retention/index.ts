/** Retention rules and the selection of people past their retention period. */
export * from './model';
export { categoryOf, collectFacts } from './facts';
export type { FactsInput } from './facts';
export { keptAnyway, ruleOutcome, selectPastRetention } from './select';
export type { DecisionFact, PersonFacts, RetentionFinding, RetentionReview, RuleOutcome } from './select';
export { defaultRetentionRules } from './defaults';
