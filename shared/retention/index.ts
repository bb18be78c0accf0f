/** Retention rules and the selection of people past their retention period. */
export * from './model';
export { categoryOf, collectFacts, contactOf, decisionFacts, factsOf, withContact } from './facts';
export type { ContactRow, DecisionRow, FactsInput } from './facts';
export { keptAnyway, lastContactBound, ruleOutcome, selectPastRetention } from './select';
export type { DecisionFact, PersonFacts, RetentionFinding, RetentionReview, RuleOutcome } from './select';
export { defaultRetentionRules } from './defaults';
