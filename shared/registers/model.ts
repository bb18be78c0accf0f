/**
 * The record of processing activities (Art. 30(1) GDPR): one entry per activity, with every field
 * the article requires, plus where the data comes from, the systems it lives in (the same list as
 * the request checklist, organisation.systems) and the consent purposes it relies on.
 */
import { z } from 'zod';
import { optionalText, requiredText, V, type Stamps } from '../domain/common';
import { RV } from './validation';

/** Art. 6(1)(a)–(f). */
export const LAWFUL_BASES = [
  'consent',
  'contract',
  'legal_obligation',
  'vital_interests',
  'public_task',
  'legitimate_interests',
] as const;
export type RegisterLawfulBasis = (typeof LAWFUL_BASES)[number];

/** Chapter V: what makes a transfer outside the EU lawful. */
export const TRANSFER_SAFEGUARDS = [
  'adequacy_decision',
  'standard_contractual_clauses',
  'binding_corporate_rules',
  'code_or_certification',
  'derogation',
  'other',
] as const;
export type TransferSafeguard = (typeof TRANSFER_SAFEGUARDS)[number];

const list = (max: number) =>
  z
    .array(z.string().trim().min(1, { error: V.required }).max(200, { error: V.tooLong }))
    .max(max, { error: V.tooLong })
    .default([]);

export const dataCategorySchema = z.object({
  name: requiredText(200),
  /** Art. 9(1) (health, religion, union membership…) or Art. 10 (criminal convictions). */
  special: z.boolean().default(false),
});
export type DataCategory = z.infer<typeof dataCategorySchema>;

export const transferSchema = z.object({
  country: z
    .string({ error: RV.countryRequired })
    .trim()
    .min(1, { error: RV.countryRequired })
    .max(100, { error: V.tooLong }),
  recipient: optionalText(200),
  safeguard: z.enum(TRANSFER_SAFEGUARDS),
  /** Where the safeguard can be consulted, or which derogation of Art. 49 applies. */
  details: optionalText(1000),
});
export type Transfer = z.infer<typeof transferSchema>;

export const controllerSchema = z.object({
  name: requiredText(200),
  contact: optionalText(1000),
  /** Art. 27 representative, for a controller outside the EU; usually none. */
  representative: optionalText(500),
  dpo: optionalText(500),
  /** Art. 26 joint controllers, if any. */
  jointControllers: optionalText(1000),
});
export type Controller = z.infer<typeof controllerSchema>;

export const registerEntryInputSchema = z.object({
  name: requiredText(200),
  controller: controllerSchema,
  purposes: z
    .string({ error: RV.purposeRequired })
    .trim()
    .min(1, { error: RV.purposeRequired })
    .max(5000, { error: V.tooLong }),
  lawfulBases: z
    .array(z.enum(LAWFUL_BASES), { error: RV.lawfulBasisRequired })
    .min(1, { error: RV.lawfulBasisRequired })
    .max(LAWFUL_BASES.length),
  /** Which contract, which law, which legitimate interest. */
  lawfulBasisDetails: optionalText(2000),
  subjectCategories: list(50),
  dataCategories: z.array(dataCategorySchema).max(100, { error: V.tooLong }).default([]),
  /** The Art. 9(2) condition (or Art. 10 authority) that allows the special categories. */
  specialCategoriesCondition: optionalText(2000),
  recipients: list(50),
  transfers: z.array(transferSchema).max(50, { error: V.tooLong }).default([]),
  retention: optionalText(2000),
  security: optionalText(5000),
  sources: optionalText(2000),
  /** Names from organisation.systems. */
  systems: list(100),
  /** Ids of consent purposes (shared/consent/model.ts) this activity relies on. */
  consentPurposeIds: z.array(z.string().min(1)).max(100).default([]),
  /** The ready-made entry it started from, '' for a blank one. */
  templateId: z.string().max(50).default(''),
  /** An activity that stopped stays in the record, marked as ended. */
  active: z.boolean().default(true),
  /**
   * The local day someone last read the entry through and found it still true ("Mark as
   * reviewed"); absent until then. No default: entries made before it existed must not all
   * "change" on their next edit.
   */
  reviewedOn: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'validation.date' })
    .optional(),
});
export type RegisterEntryInput = z.input<typeof registerEntryInputSchema>;
export type RegisterEntryData = z.infer<typeof registerEntryInputSchema>;
export type RegisterEntry = RegisterEntryData & Stamps;

/** The fields of an entry in the order the record shows them (history, CSV, PDF). */
export const REGISTER_FIELDS = [
  'name',
  'controller',
  'purposes',
  'lawfulBases',
  'lawfulBasisDetails',
  'subjectCategories',
  'dataCategories',
  'specialCategoriesCondition',
  'recipients',
  'transfers',
  'retention',
  'security',
  'sources',
  'systems',
  'consentPurposeIds',
  'active',
] as const satisfies readonly (keyof RegisterEntryData)[];
export type RegisterField = (typeof REGISTER_FIELDS)[number];

/**
 * One version of an entry, written in the same transaction as the change it records: the entry as
 * it stood after the change and the names of the fields changed. Append-only; who and when are its
 * stamps (createdBy, createdAt). The audit log names the fields; this keeps the values.
 */
export const registerVersionInputSchema = z.object({
  entryId: z.string().min(1),
  /** 'create' for the first version. */
  change: z.enum(['create', 'update']),
  fields: z.array(z.string()).default([]),
  snapshot: registerEntryInputSchema,
});
export type RegisterVersionInput = z.input<typeof registerVersionInputSchema>;
export type RegisterVersion = z.infer<typeof registerVersionInputSchema> & Stamps;

export function hasSpecialCategories(entry: Pick<RegisterEntryData, 'dataCategories'>): boolean {
  return entry.dataCategories.some((category) => category.special);
}
