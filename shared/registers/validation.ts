/**
 * Validation messages of the registers area (Art. 30 record and breach log). They are i18n keys
 * under 'registers.validation.*' (renderer/src/i18n/areas/registers.ts), so the same schema gives
 * field errors in the user's language on either side.
 */
import type { z } from 'zod';
import { fieldErrors } from '../domain/common';

export const RV = {
  purposeRequired: 'registers.validation.purposeRequired',
  lawfulBasisRequired: 'registers.validation.lawfulBasisRequired',
  countryRequired: 'registers.validation.countryRequired',
  awareBeforeOccurred: 'registers.validation.awareBeforeOccurred',
  notifiedBeforeAware: 'registers.validation.notifiedBeforeAware',
  notifiedAtRequired: 'registers.validation.notifiedAtRequired',
  delayReasonsRequired: 'registers.validation.delayReasonsRequired',
  notRequiredReason: 'registers.validation.notRequiredReason',
  futureDate: 'registers.validation.futureDate',
  count: 'registers.validation.count',
} as const;

/**
 * `fieldErrors` keeps only 'validation.*' messages; this keeps this area's own keys too, so a
 * cross-field rule ("aware before the breach") reaches the user as itself.
 */
export function registerFieldErrors(error: z.ZodError): Record<string, string> {
  const fields = fieldErrors(error);
  const seen = new Set<string>();
  for (const issue of error.issues) {
    const path = issue.path.map(String).join('.') || '_';
    if (seen.has(path)) continue;
    seen.add(path);
    if (issue.message.startsWith('registers.validation.')) fields[path] = issue.message;
  }
  return fields;
}

/** The field errors of an input against a schema, or null when it is valid. */
export function inputProblems(schema: z.ZodType, input: unknown): Record<string, string> | null {
  const parsed = schema.safeParse(input);
  return parsed.success ? null : registerFieldErrors(parsed.error);
}
