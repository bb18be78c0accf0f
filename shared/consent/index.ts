/** The consent ledger: the model, preferences derived from it, segments and re-consent, CSV import. */
export * from './model';
export {
  compareConsentEvents,
  correctedEventIds,
  currentlyConsenting,
  isCorrection,
  latestDecisions,
  maySend,
  preferenceOf,
  preferenceMatrix,
} from './derive';
export type { Preference, PreferenceRow, PreferenceState } from './derive';
export {
  addMonthsToDate,
  decisionDate,
  monthsBetween,
  needsReconsent,
  RECONSENT_REASONS,
  segmentFilter,
} from './segments';
export type { ReconsentReason, SegmentOptions } from './segments';
export * from './import';
export * from './import-rows';
export * from './import-match';
