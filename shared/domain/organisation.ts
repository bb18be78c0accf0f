import { z } from 'zod';
import { isKnownCountry, isKnownRegion } from '../deadlines';
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
  })
  .refine((org) => org.region === '' || isKnownRegion(org.country, org.region), {
    path: ['region'],
    error: V.region,
  });
export type OrganisationInput = z.input<typeof organisationInputSchema>;
export type OrganisationData = z.infer<typeof organisationInputSchema>;
export type Organisation = OrganisationData & Stamps;
