/**
 * Data-subject requests (Art. 15–22 GDPR and withdrawal of consent, Art. 7(3)): what is recorded at
 * intake and how a request moves through its workflow. Validation messages are i18n keys.
 */
import { z } from 'zod';
import { sha256HexSchema, attachmentMediaTypeSchema } from '../ipc/contract';
import type { Stamps } from '../domain/common';

export const RIGHTS = [
  'access',
  'rectification',
  'erasure',
  'restriction',
  'portability',
  'objection',
  'automated_decision',
  'consent_withdrawal',
  'other',
] as const;
export const rightSchema = z.enum(RIGHTS);
export type Right = z.infer<typeof rightSchema>;

/** The article of the GDPR each right comes from, for letters and the register. */
export const RIGHT_ARTICLES: Record<Right, string> = {
  access: '15',
  rectification: '16',
  erasure: '17',
  restriction: '18',
  portability: '20',
  objection: '21',
  automated_decision: '22',
  consent_withdrawal: '7(3)',
  other: '',
};

/** Rights whose handling means finding the data everywhere it lives and telling recipients (Art. 19). */
export const CHECKLIST_RIGHTS: readonly Right[] = ['erasure', 'rectification', 'restriction'];

export const CHANNELS = ['email', 'letter', 'phone', 'counter', 'web_form', 'other'] as const;
export const requestChannelSchema = z.enum(CHANNELS);
export type RequestChannel = z.infer<typeof requestChannelSchema>;

export const STATUSES = [
  'received',
  'identity_check',
  'in_progress',
  'extended',
  'responded',
  'withdrawn',
] as const;
export type RequestStatus = (typeof STATUSES)[number];
export const OPEN_STATUSES: readonly RequestStatus[] = [
  'received',
  'identity_check',
  'in_progress',
  'extended',
];

export const IDENTITY_STATES = ['not_requested', 'requested', 'received', 'verified', 'failed'] as const;
export type IdentityState = (typeof IDENTITY_STATES)[number];

export const OUTCOMES = ['granted', 'partially_granted', 'refused'] as const;
export type Outcome = (typeof OUTCOMES)[number];

export const REFUSAL_REASONS = [
  'manifestly_unfounded',
  'excessive',
  'legal_restriction',
  'identity_not_established',
] as const;
export type RefusalReason = (typeof REFUSAL_REASONS)[number];

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'validation.date' });
const optionalIsoDate = z.union([z.literal(''), isoDate]);

export const attachmentRefSchema = z.object({
  hash: sha256HexSchema,
  name: z.string().trim().min(1).max(255),
  mediaType: attachmentMediaTypeSchema,
  size: z.number().int().nonnegative(),
});
export type AttachmentRef = z.infer<typeof attachmentRefSchema>;

export const checklistItemSchema = z.object({
  id: z.string().min(1).max(64),
  kind: z.enum(['system', 'recipient']),
  label: z.string().trim().min(1).max(200),
  /** Local date the item was done, or '' while open. */
  doneOn: optionalIsoDate,
});
export type ChecklistItem = z.infer<typeof checklistItemSchema>;

/** Every field a stored request holds (its state included); the write path validates it whole. */
export const requestDataSchema = z
  .object({
    reference: z.string().regex(/^DSR-\d{4}-[A-Z2-7]{3}-\d{4,}$/),
    subjectId: z.string().min(1, { error: 'validation.subjectRequired' }),
    rights: z.array(rightSchema).min(1, { error: 'validation.rightsRequired' }),
    channel: requestChannelSchema,
    /** Instant of receipt (ISO-8601 UTC) and the controller's local date of receipt. */
    receivedAt: z.iso.datetime({ error: 'validation.date' }),
    receivedOn: isoDate,
    requesterWords: z.string().trim().max(20_000, { error: 'validation.tooLong' }).default(''),
    viaRepresentative: z.boolean().default(false),
    representativeName: z.string().trim().max(200, { error: 'validation.tooLong' }).default(''),
    mandate: attachmentRefSchema.nullable().default(null),
    status: z.enum(STATUSES).default('received'),
    identity: z.enum(IDENTITY_STATES).default('not_requested'),
    identityRequestedOn: optionalIsoDate.default(''),
    /** Days spent waiting for proof of identity or clarification; they suspend (or restart) the period. */
    pauses: z.array(z.object({ from: isoDate, to: isoDate })).default([]),
    extended: z.boolean().default(false),
    extensionReasons: z.string().trim().max(5000, { error: 'validation.tooLong' }).default(''),
    extendedOn: optionalIsoDate.default(''),
    outcome: z.union([z.literal(''), z.enum(OUTCOMES)]).default(''),
    refusalReason: z.union([z.literal(''), z.enum(REFUSAL_REASONS)]).default(''),
    respondedOn: optionalIsoDate.default(''),
    withdrawnOn: optionalIsoDate.default(''),
    checklist: z.array(checklistItemSchema).default([]),
  })
  .refine((r) => !r.viaRepresentative || r.representativeName !== '', {
    path: ['representativeName'],
    error: 'validation.representativeRequired',
  });
export type RequestInput = z.input<typeof requestDataSchema>;
export type RequestData = z.infer<typeof requestDataSchema>;

/** Derived on every write from the data and the organisation's calendar, for the dashboard indexes. */
export type RequestIndexes = {
  /**
   * Whether the legal clock runs: 'running' for an open request, 'stopped' while proof of identity
   * is awaited (the deadline moves with the wait), 'closed' once responded or withdrawn.
   */
  clock: RequestClock;
  dueOn: string;
  noticeDueOn: string;
};

export type RequestClock = 'running' | 'stopped' | 'closed';

export type DsRequest = RequestData & Stamps & RequestIndexes;

export const TIMELINE_KINDS = [
  'created',
  'transition',
  'note',
  'letter',
  'attachment',
  'checklist',
  /** An access and portability package was made for the request (files and their SHA-256 in the note). */
  'access_package',
  /** The person's data was erased for this request (what was removed: the erasure's tombstone). */
  'erasure',
] as const;

/** One line of a request's append-only timeline. */
export const requestEventDataSchema = z.object({
  requestId: z.string().min(1),
  kind: z.enum(TIMELINE_KINDS),
  /** For transitions: the workflow action; for letters: the letter kind. */
  action: z.string().max(64).default(''),
  /** Local date the thing happened (a letter's sending date, a transition's date). */
  on: optionalIsoDate.default(''),
  note: z.string().trim().max(20_000, { error: 'validation.tooLong' }).default(''),
  attachment: attachmentRefSchema.nullable().default(null),
  letter: z
    .object({
      kind: z.string().min(1).max(64),
      language: z.enum(['fr', 'en']),
      channel: requestChannelSchema,
      subject: z.string().max(500),
      body: z.string().max(50_000),
    })
    .nullable()
    .default(null),
});
export type RequestEventInput = z.input<typeof requestEventDataSchema>;
export type RequestEvent = z.infer<typeof requestEventDataSchema> & Stamps;
