/**
 * Stable codes for bad deadline input; the UI translates them (e.g. `deadlines.errors.<code>`).
 * - invalid_date: not a real 'YYYY-MM-DD' day between 1900 and 2199 (also for a pause's from/to).
 * - unknown_country: not a country known to date-holidays.
 * - unknown_region: not a subdivision of that country known to date-holidays.
 * - invalid_pause: a pause ending before it starts or starting before the day of receipt,
 *   or an unknown pause policy.
 * - invalid_input: the input is not an object, or `extended` is not a boolean.
 */
export const DEADLINE_ERROR_CODES = [
  'invalid_date',
  'unknown_country',
  'unknown_region',
  'invalid_pause',
  'invalid_input',
] as const;

export type DeadlineErrorCode = (typeof DEADLINE_ERROR_CODES)[number];

export class DeadlineInputError extends Error {
  override readonly name = 'DeadlineInputError';
  readonly code: DeadlineErrorCode;
  /** Dotted path of the offending field, e.g. 'receivedOn', 'pauses.1.to'; '' for the whole input. */
  readonly field: string;

  constructor(code: DeadlineErrorCode, field: string, message?: string) {
    super(message ?? `${code}${field ? ` at ${field}` : ''}`);
    this.code = code;
    this.field = field;
  }
}

export function isDeadlineInputError(value: unknown): value is DeadlineInputError {
  return value instanceof DeadlineInputError;
}
