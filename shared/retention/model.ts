/**
 * Retention rules (storage limitation, Art. 5(1)(e) GDPR): how long the business keeps a person's
 * data, per category of person (CNIL: prospects three years after the last contact; customers the
 * end of the relationship plus a period the business sets) or per consent purpose. Validation
 * messages are i18n keys.
 */
import { z } from 'zod';
import type { Stamps } from '../domain/common';

/** Who the person is to the business (see `categoryOf` for how the app tells). */
export const RETENTION_CATEGORIES = ['prospect', 'customer'] as const;
export type RetentionCategory = (typeof RETENTION_CATEGORIES)[number];

export const RETENTION_SCOPES = ['category', 'purpose'] as const;
export type RetentionScope = (typeof RETENTION_SCOPES)[number];

/**
 * The day a retention period runs from:
 * - 'last_contact': the person's last contact with the business (see `collectFacts`);
 * - 'relationship_end': the end of the business relationship;
 * - 'last_decision': the person's latest decision about the rule's purpose (purpose rules only).
 */
export const RETENTION_ANCHORS = ['last_contact', 'relationship_end', 'last_decision'] as const;
export type RetentionAnchor = (typeof RETENTION_ANCHORS)[number];

/** A hundred years: longer than any legal period, short enough to catch a typo. */
export const MAX_RETENTION_MONTHS = 1200;

export const retentionRuleInputSchema = z
  .object({
    scope: z.enum(RETENTION_SCOPES),
    /** For a category rule; '' for a purpose rule. */
    category: z.union([z.literal(''), z.enum(RETENTION_CATEGORIES)]).default(''),
    /** For a purpose rule (a consent purpose's id); '' for a category rule. */
    purposeId: z.string().trim().max(64).default(''),
    anchor: z.enum(RETENTION_ANCHORS),
    months: z.number().int().min(1).max(MAX_RETENTION_MONTHS),
    /** Why this period: the law or recommendation it follows, in the business's words. */
    reference: z.string().trim().max(500, { error: 'validation.tooLong' }).default(''),
    /** A rule is switched off, never deleted, so the register keeps what was applied. */
    active: z.boolean().default(true),
  })
  .refine((rule) => rule.scope !== 'category' || rule.category !== '', {
    path: ['category'],
    error: 'validation.required',
  })
  .refine((rule) => rule.scope !== 'purpose' || rule.purposeId !== '', {
    path: ['purposeId'],
    error: 'validation.purposeRequired',
  })
  .refine((rule) => rule.scope !== 'category' || rule.purposeId === '', {
    path: ['purposeId'],
    error: 'validation.invalid',
  })
  .refine((rule) => rule.scope !== 'purpose' || rule.category === '', {
    path: ['category'],
    error: 'validation.invalid',
  })
  .refine((rule) => rule.scope === 'purpose' || rule.anchor !== 'last_decision', {
    path: ['anchor'],
    error: 'validation.invalid',
  });
export type RetentionRuleInput = z.input<typeof retentionRuleInputSchema>;
export type RetentionRuleData = z.infer<typeof retentionRuleInputSchema>;
export type RetentionRule = RetentionRuleData & Stamps;

/** Two active rules for the same category or purpose would contradict each other. */
export function sameTarget(a: RetentionRuleData, b: RetentionRuleData): boolean {
  return a.scope === b.scope && a.category === b.category && a.purposeId === b.purposeId;
}
