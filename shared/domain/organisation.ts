import { z } from 'zod';
import { isKnownCountry, isKnownRegion } from '../deadlines';
import { idleLockMinutesSchema } from '../lock/secret';
import {
  languageSchema,
  optionalEmail,
  optionalText,
  requiredEmail,
  requiredText,
  V,
  type Stamps,
} from './common';

export const organisationInputSchema = z
  .object({
    legalName: requiredText(200),
    address: requiredText(500),
    registrationNumber: optionalText(50),
    contactEmail: requiredEmail,
    dpoEmail: optionalEmail,
    /** ISO 3166-1 alpha-2; its public holidays count in legal deadlines. */
    country: z
      .string({ error: V.country })
      .trim()
      .toUpperCase()
      .refine((code) => isKnownCountry(code), { error: V.country }),
    /** date-holidays subdivision (e.g. '57' Moselle, 'GP' Guadeloupe), or '' for none. */
    region: z.string().trim().toUpperCase().default(''),
    defaultLanguage: languageSchema.default('fr'),
    /** How waiting for proof of identity acts on the deadline (Settings). */
    pausePolicy: z.enum(['suspend', 'restart']).default('suspend'),
    /** Where personal data lives (till, mailing tool, paper files…): the erasure checklist. */
    systems: z
      .array(z.string().trim().min(1).max(100, { error: V.tooLong }))
      .max(100)
      .default([]),
    /** Who receives personal data and must be told of an erasure or rectification (Art. 19). */
    recipients: z
      .array(z.string().trim().min(1).max(100, { error: V.tooLong }))
      .max(100)
      .default([]),
    /**
     * The last privacy notice generated (shared/notice/privacy.ts): the digest of the facts it was
     * written from, so Settings can say when the registers changed since. No default: records made
     * before it existed must not all "change" on their next edit.
     */
    privacyNotice: z
      .object({ generatedOn: z.string().max(10), sourceHash: z.string().max(64) })
      .nullable()
      .optional(),
    /** Minutes without use before the app locks (Settings → Security); absent or 0: never. */
    lockAfterMinutes: idleLockMinutesSchema.optional(),
    /** How often a signed archive should be exported; the compliance check reminds after that. */
    archiveEveryMonths: z
      .number({ error: V.months })
      .int({ error: V.months })
      .min(1, { error: V.months })
      .max(24, { error: V.months })
      .default(3),
  })
  .refine((org) => org.region === '' || isKnownRegion(org.country, org.region), {
    path: ['region'],
    error: V.region,
  });
export type OrganisationInput = z.input<typeof organisationInputSchema>;
export type OrganisationData = z.infer<typeof organisationInputSchema>;
export type Organisation = OrganisationData & Stamps;

/** Where a small business's customer data usually lives, offered at setup; editable in Settings. */
export const DEFAULT_SYSTEMS: Record<'fr' | 'en', string[]> = {
  fr: [
    'Logiciel de caisse',
    'Fichier clients (tableur)',
    'Outil d’envoi d’e-mails',
    'Messagerie',
    'Dossiers papier',
  ],
  en: ['Till software', 'Customer spreadsheet', 'Email marketing tool', 'Mailbox', 'Paper files'],
};

/** Recipients commonly told of an erasure or rectification (Art. 19); editable in Settings. */
export const DEFAULT_RECIPIENTS: Record<'fr' | 'en', string[]> = {
  fr: ['Expert-comptable', 'Prestataire d’envoi d’e-mails'],
  en: ['Accountant', 'Email marketing provider'],
};
