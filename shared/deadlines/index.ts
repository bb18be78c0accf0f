/**
 * Legal deadline engine (Art. 12 GDPR + Regulation 1182/71), pure TypeScript for Node and browser.
 * See ./deadline.ts for the rules and ./working-days.ts for the dashboard helpers.
 */
export { computeDeadline } from './deadline';
export type { DeadlineInput, DeadlineResult, Pause, PausePolicy, RolledDate, SkippedDay } from './deadline';
export { addDays, deadlineCountdown, isValidIsoDate, isWorkingDay, workingDaysBetween } from './working-days';
export type { DeadlineCountdown } from './working-days';
export { isKnownCountry, isKnownRegion, listCountries, listRegions } from './holidays';
export type { CodeName } from './holidays';
export { DEADLINE_ERROR_CODES, DeadlineInputError, isDeadlineInputError } from './errors';
export type { DeadlineErrorCode } from './errors';
