/**
 * The consent and preference ledger (Art. 7(1) GDPR: the business must be able to demonstrate that
 * each person consented — who, when, how, to what, after being told what). Purposes and notice
 * versions are the catalogue; consent events are the append-only ledger; current preferences are
 * derived from the events, never stored as the only truth.
 */
import { z } from 'zod';
import type { Stamps } from '../domain/common';
import { attachmentRefSchema } from '../requests/model';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'validation.date' });
const localised = (max: number) =>
  z.object({
    fr: z.string().trim().max(max, { error: 'validation.tooLong' }).default(''),
    en: z.string().trim().max(max, { error: 'validation.tooLong' }).default(''),
  });

/** How the business contacts people for a purpose. */
export const PURPOSE_CHANNELS = ['email', 'sms', 'phone', 'post', 'profiling', 'partners', 'other'] as const;
export type PurposeChannel = (typeof PURPOSE_CHANNELS)[number];

export const LAWFUL_BASES = ['consent', 'legitimate_interest'] as const;
export type LawfulBasis = (typeof LAWFUL_BASES)[number];

export const purposeInputSchema = z
  .object({
    name: localised(120),
    description: localised(2000).default({ fr: '', en: '' }),
    channel: z.enum(PURPOSE_CHANNELS),
    /** Consent, or legitimate interest (e.g. the soft opt-in for existing customers, with the right to object). */
    lawfulBasis: z.enum(LAWFUL_BASES).default('consent'),
    /** Ask again after this many months (CNIL: three years for prospects). */
    reconsentMonths: z.number().int().min(1).max(120).default(36),
    /** A purpose that has been used is deactivated, never deleted. */
    active: z.boolean().default(true),
  })
  .refine((purpose) => purpose.name.fr !== '' || purpose.name.en !== '', {
    path: ['name', 'fr'],
    error: 'validation.required',
  });
export type PurposeInput = z.input<typeof purposeInputSchema>;
export type Purpose = z.infer<typeof purposeInputSchema> & Stamps;

export const NOTICE_KINDS = ['privacy_notice', 'phone_script', 'paper_form', 'web_form'] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];

/** The text shown or read to the person. Numbered; immutable once a consent refers to it. */
export const noticeInputSchema = z.object({
  /** 1, 2, 3… in order of writing; shown as "v3". */
  number: z.number().int().min(1),
  kind: z.enum(NOTICE_KINDS).default('privacy_notice'),
  title: z.string().trim().min(1, { error: 'validation.required' }).max(200, { error: 'validation.tooLong' }),
  language: z.enum(['fr', 'en']).default('fr'),
  text: z
    .string()
    .trim()
    .min(1, { error: 'validation.required' })
    .max(50_000, { error: 'validation.tooLong' }),
  /** First day it is in force. */
  effectiveOn: isoDate,
});
export type NoticeInput = z.input<typeof noticeInputSchema>;
export type Notice = z.infer<typeof noticeInputSchema> & Stamps;

export const DECISIONS = ['granted', 'refused', 'withdrawn'] as const;
export type Decision = (typeof DECISIONS)[number];

export const CONSENT_CHANNELS = [
  'paper_form',
  'phone',
  'counter',
  'email',
  'web',
  'import',
  /** An unsubscribe or blocklist export of a mailing tool (Brevo, Mailchimp). */
  'mailing_tool',
] as const;
export type ConsentChannel = (typeof CONSENT_CHANNELS)[number];

export const evidenceSchema = z.object({
  /** Scan of the signed form or photo, in the attachment store. */
  attachment: attachmentRefSchema.nullable().default(null),
  callReference: z.string().trim().max(200, { error: 'validation.tooLong' }).default(''),
  witnessName: z.string().trim().max(200, { error: 'validation.tooLong' }).default(''),
  /** SHA-256 of an imported file the event came from. */
  fileHash: z.union([z.literal(''), z.string().regex(/^[0-9a-f]{64}$/)]).default(''),
  /** The paper form's reference, tying the returned paper to its notice version. */
  formReference: z.string().trim().max(100).default(''),
  /** The imported file's name and the line the decision was read from (events imported since v12). */
  fileName: z.string().trim().max(255).optional(),
  fileLine: z.number().int().min(1).optional(),
});
export type Evidence = z.infer<typeof evidenceSchema>;

/** One decision of one person about one purpose. Never edited nor deleted; a correction is a new event. */
export const consentEventInputSchema = z.object({
  subjectId: z.string().min(1, { error: 'validation.subjectRequired' }),
  purposeId: z.string().min(1, { error: 'validation.purposeRequired' }),
  decision: z.enum(DECISIONS),
  channel: z.enum(CONSENT_CHANNELS),
  /** When the person decided (ISO instant); may be earlier than when it is recorded, never later. */
  decidedAt: z.iso.datetime({ error: 'validation.date' }),
  /**
   * Set when only the day of the decision is known (a spreadsheet's date): the event is shown as
   * that date, never with a time; `decidedAt` is then that day at 00:00 UTC, for ordering only.
   */
  decidedOn: isoDate.optional(),
  noticeId: z.string().min(1, { error: 'validation.noticeRequired' }),
  evidence: evidenceSchema.default({
    attachment: null,
    callReference: '',
    witnessName: '',
    fileHash: '',
    formReference: '',
  }),
  note: z.string().trim().max(5000, { error: 'validation.tooLong' }).default(''),
  /** The event this one corrects, if it is a correction. */
  correctsEventId: z.string().default(''),
});
export type ConsentEventInput = z.input<typeof consentEventInputSchema>;
export type ConsentEventData = z.infer<typeof consentEventInputSchema>;
/** Stored: `createdAt` is when it was recorded, `createdBy` who recorded it. */
export type ConsentEvent = ConsentEventData & Stamps;
