import { z } from 'zod';
import { languageSchema, type Stamps } from './common';

/** An organisation's own wording of a letter, replacing the built-in default for one kind and language. */
export const letterTemplateInputSchema = z.object({
  kind: z.string().min(1).max(64),
  language: languageSchema,
  subject: z
    .string()
    .trim()
    .min(1, { error: 'validation.required' })
    .max(500, { error: 'validation.tooLong' }),
  body: z
    .string()
    .trim()
    .min(1, { error: 'validation.required' })
    .max(50_000, { error: 'validation.tooLong' }),
});
export type LetterTemplateInput = z.input<typeof letterTemplateInputSchema>;
export type LetterTemplateRecord = z.infer<typeof letterTemplateInputSchema> & Stamps;
