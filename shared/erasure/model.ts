/**
 * The proof an erasure leaves: a tombstone under the erased person's id, carrying no personal data
 * (when, by whom, why, from which request, what was removed), and suppression entries.
 */
import { z } from 'zod';
import type { Stamps } from '../domain/common';

/**
 * request: an erasure request honoured (Art. 17(1)); retention: its period is over (Art. 5(1)(e));
 * no_longer_needed: the business's own decision that the data is no longer needed (Art. 17(1)(a)).
 */
export const ERASURE_REASONS = ['request', 'retention', 'no_longer_needed'] as const;
export type ErasureReason = (typeof ERASURE_REASONS)[number];

export const erasureInputSchema = z.object({
  /** The erased person's id: requests and consent events still point to it. */
  subjectId: z.string().min(1),
  reason: z.enum(ERASURE_REASONS),
  /** The erasure request honoured, when there is one. */
  requestId: z.string().default(''),
  /** What was removed or emptied, for the record. */
  counts: z.object({
    consentEvents: z.number().int().nonnegative(),
    requests: z.number().int().nonnegative(),
    timelineEntries: z.number().int().nonnegative(),
    attachments: z.number().int().nonnegative(),
  }),
  /** Whether the person's email/phone went to the suppression list. */
  suppressed: z.boolean(),
});
export type ErasureInput = z.input<typeof erasureInputSchema>;
export type Erasure = z.infer<typeof erasureInputSchema> & Stamps;

const hexOrEmpty = z.union([z.literal(''), z.string().regex(/^[0-9a-f]{64}$/)]);
export const suppressionInputSchema = z
  .object({
    salt: z.string().regex(/^[0-9a-f]{32,64}$/),
    emailHash: hexOrEmpty,
    phoneHash: hexOrEmpty,
  })
  .refine((entry) => entry.emailHash !== '' || entry.phoneHash !== '', { path: ['emailHash'] });
export type SuppressionInput = z.input<typeof suppressionInputSchema>;
export type Suppression = z.infer<typeof suppressionInputSchema> & Stamps;
