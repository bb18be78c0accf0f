import { z } from 'zod';

/**
 * Validation messages are i18n keys (renderer/src/i18n/*: "validation.*"), so the same schema gives
 * field errors in the user's language on either side.
 */
export const V = {
  required: 'validation.required',
  tooLong: 'validation.tooLong',
  email: 'validation.email',
  phone: 'validation.phone',
  nameRequired: 'validation.nameRequired',
  country: 'validation.country',
  region: 'validation.region',
  language: 'validation.language',
  months: 'validation.months',
} as const;

const emailFormat = z.email();

export const requiredText = (max: number) =>
  z.string({ error: V.required }).trim().min(1, { error: V.required }).max(max, { error: V.tooLong });

export const optionalText = (max: number) => z.string().trim().max(max, { error: V.tooLong }).default('');

/** An email address, or '' when none is known. */
export const optionalEmail = z
  .string()
  .trim()
  .max(254, { error: V.tooLong })
  .refine((value) => value === '' || emailFormat.safeParse(value).success, { error: V.email })
  .default('');

export const requiredEmail = z
  .string({ error: V.required })
  .trim()
  .min(1, { error: V.required })
  .max(254, { error: V.tooLong })
  .refine((value) => emailFormat.safeParse(value).success, { error: V.email });

/** A phone number as people write it: digits, spaces, dots, dashes, brackets, a leading +; 6 to 15 digits. */
export const optionalPhone = z
  .string()
  .trim()
  .max(30, { error: V.tooLong })
  .refine(
    (value) => {
      if (value === '') return true;
      const digits = value.replace(/\D+/g, '').length;
      return /^\+?[0-9 ().\-/]+$/.test(value) && digits >= 6 && digits <= 15;
    },
    { error: V.phone },
  )
  .default('');

export const languageSchema = z.enum(['fr', 'en'], { error: V.language });
export type Language = z.infer<typeof languageSchema>;

/** Fields every stored record carries, stamped by the write path. */
export type Stamps = {
  id: string;
  createdAt: string;
  updatedAt: string;
  createdBy: string | null;
  updatedBy: string | null;
  hlc: string;
};

/** Turn zod issues into { 'dotted.path': 'i18n.key' }, first problem per field. */
export function fieldErrors(error: z.ZodError): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    const path = issue.path.map(String).join('.') || '_';
    if (!(path in fields))
      fields[path] = issue.message.startsWith('validation.') ? issue.message : 'validation.invalid';
  }
  return fields;
}
