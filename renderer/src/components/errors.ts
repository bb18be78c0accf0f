import { ValidationError } from '../db/write';
import { DeskFailure } from '../app/transport';

/** Field errors (i18n keys by field) from a failed write, or {} when the failure is not about fields. */
export function fieldErrorsOf(error: unknown): Record<string, string> {
  if (error instanceof ValidationError) return error.fields;
  if (error instanceof DeskFailure && error.fields) return error.fields;
  return {};
}

/** An i18n key for a failure, never a stack trace. */
export function messageKeyOf(error: unknown): string {
  if (error instanceof ValidationError) return 'errors.validation';
  if (error instanceof DeskFailure)
    return error.message.startsWith('errors.') ? error.message : 'errors.internal';
  // Domain errors (workflow, append-only, deadline input…) carry an i18n key as their message.
  if (
    error instanceof Error &&
    /^(errors|workflow|validation|consent|import)\.[A-Za-z.]+$/.test(error.message)
  )
    return error.message;
  return 'errors.internal';
}
