/**
 * Re-consent campaigns: from the people whose consent to a purpose is due for renewal, who gets a
 * letter (with the paper consent form attached) and who is in the mailing tool's e-mail list, in
 * which language and under which notice; the letters' file names; and the campaign as it is
 * recorded (counts only: the people themselves are in the ledger, and an erasure must not have to
 * look for them here).
 */
import { z } from 'zod';
import type { Stamps } from '../domain/common';
import { consentFormReference } from './form-reference';
import { decisionDate } from './segments';
import type { Notice } from './model';

/** Mailing tools whose contact import columns the e-mail list is written in. */
export const MAILING_PRESETS = ['brevo', 'mailchimp'] as const;
export type MailingPreset = (typeof MAILING_PRESETS)[number];

/** Everyone gets a letter, or only the people the e-mail list cannot reach. */
export const CAMPAIGN_LETTERS_FOR = ['everyone', 'without_email'] as const;
export type CampaignLettersFor = (typeof CAMPAIGN_LETTERS_FOR)[number];

export const CAMPAIGN_LANGUAGES = ['fr', 'en'] as const;
export type CampaignLanguage = (typeof CAMPAIGN_LANGUAGES)[number];

const count = z.number().int().min(0);

/** A campaign as the audit log and the campaigns list keep it; who and when are its stamps. */
export const campaignInputSchema = z.object({
  kind: z.literal('reconsent').default('reconsent'),
  purposeId: z.string().min(1, { error: 'validation.purposeRequired' }),
  lettersFor: z.enum(CAMPAIGN_LETTERS_FOR),
  mailingPreset: z.enum(MAILING_PRESETS),
  /** People on the list when it was prepared. */
  people: count,
  letters: count,
  emails: count,
  /** People on the list with no e-mail address (never in the e-mail list). */
  withoutEmail: count,
  /** The notice version each language's letters and forms carried, and the forms' reference. */
  notices: z
    .array(
      z.object({
        noticeId: z.string().min(1),
        number: z.number().int().min(1),
        language: z.enum(CAMPAIGN_LANGUAGES),
        formReference: z.string().min(1).max(100),
      }),
    )
    .max(CAMPAIGN_LANGUAGES.length),
});
export type CampaignInput = z.input<typeof campaignInputSchema>;
export type Campaign = z.infer<typeof campaignInputSchema> & Stamps;

export interface CampaignPerson {
  subject: { id: string; firstName: string; lastName: string; email: string; postalAddress: string };
  /** Their latest decision for the purpose: its notice tells the language they were spoken to in. */
  latest: { noticeId: string; decidedAt: string; decidedOn?: string };
}

export type CampaignNotice = Pick<Notice, 'id' | 'number' | 'language' | 'effectiveOn'>;

export interface CampaignLetter<P extends CampaignPerson> {
  person: P;
  language: CampaignLanguage;
  notice: CampaignNotice;
  formReference: string;
  /** 'YYYY-MM-DD' of their latest decision, in the given time zone (or as the day it was known by). */
  lastDecidedOn: string;
  fileName: string;
}

export interface CampaignPlan<P extends CampaignPerson> {
  letters: CampaignLetter<P>[];
  /** People with an e-mail address, for the mailing tool. */
  emails: P[];
  withoutEmail: number;
  /** Letters for people with no postal address: to hand over at the counter, or to complete first. */
  withoutAddress: number;
  notices: { notice: CampaignNotice; language: CampaignLanguage; formReference: string }[];
}

export interface CampaignOptions {
  purposeId: string;
  /** 'YYYY-MM-DD': the notices in force on that day are the ones sent. */
  today: string;
  lettersFor: CampaignLettersFor;
  /** The language of people whose last decision's notice is unknown (the screen's). */
  fallbackLanguage: CampaignLanguage;
  timeZone?: string;
}

/** The newest notice in force on `today` in `language`, or null. */
function inForce(notices: readonly CampaignNotice[], language: string, today: string): CampaignNotice | null {
  let best: CampaignNotice | null = null;
  for (const notice of notices)
    if (notice.language === language && notice.effectiveOn <= today && (!best || notice.number > best.number))
      best = notice;
  return best;
}

/** The message is an i18n key, as the domain's other errors (see messageKeyOf). */
export class CampaignNoNoticeError extends Error {
  constructor() {
    super('errors.campaignNoNotice');
    this.name = 'CampaignNoNoticeError';
  }
}

const LIGATURES: Record<string, string> = { œ: 'oe', Œ: 'OE', æ: 'ae', Æ: 'AE', ß: 'ss', ø: 'o', Ø: 'O' };

/** A name part that every OS accepts in a file name: ASCII letters and digits joined by '-'. */
function safePart(text: string): string {
  return text
    .replace(/[œŒæÆßøØ]/g, (letter) => LIGATURES[letter] ?? '')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '');
}

/**
 * '007-Loewy-Heloise.pdf': the letter's number first (names are not unique, and the files then sort
 * in the list's order), then the name in plain ASCII, so the ZIP unpacks the same on Windows,
 * macOS and Linux whatever the name held.
 */
export function campaignFileName(
  index: number,
  total: number,
  name: { firstName: string; lastName: string },
): string {
  const width = Math.max(3, String(total).length);
  const parts = [String(index + 1).padStart(width, '0'), safePart(name.lastName), safePart(name.firstName)];
  return `${parts.filter(Boolean).join('-')}.pdf`;
}

/**
 * Who gets what. A person's language is that of the notice of their latest decision (the language
 * they were spoken to in), else the screen's; their letter and form use the notice in force today
 * in that language, or in the other language when theirs has none (letter and form must agree).
 * Throws CampaignNoNoticeError when no notice at all is in force.
 */
export function planCampaign<P extends CampaignPerson>(
  people: readonly P[],
  notices: readonly CampaignNotice[],
  options: CampaignOptions,
): CampaignPlan<P> {
  const byId = new Map(notices.map((notice) => [notice.id, notice]));
  const current = new Map<CampaignLanguage, CampaignNotice | null>(
    CAMPAIGN_LANGUAGES.map((language) => [language, inForce(notices, language, options.today)]),
  );
  if (CAMPAIGN_LANGUAGES.every((language) => !current.get(language))) throw new CampaignNoNoticeError();

  const used = new Map<string, CampaignPlan<P>['notices'][number]>();
  const chosen = people.filter(
    (person) => options.lettersFor === 'everyone' || person.subject.email.trim() === '',
  );
  const letters = chosen.map((person, index): CampaignLetter<P> => {
    const spoken = byId.get(person.latest.noticeId)?.language;
    const wanted: CampaignLanguage = spoken === 'en' || spoken === 'fr' ? spoken : options.fallbackLanguage;
    const other: CampaignLanguage = wanted === 'fr' ? 'en' : 'fr';
    const language = current.get(wanted) ? wanted : other;
    const notice = current.get(language) as CampaignNotice;
    const formReference = consentFormReference(notice.number, [options.purposeId]);
    if (!used.has(notice.id)) used.set(notice.id, { notice, language, formReference });
    return {
      person,
      language,
      notice,
      formReference,
      lastDecidedOn: person.latest.decidedOn ?? decisionDate(person.latest.decidedAt, options.timeZone),
      fileName: campaignFileName(index, chosen.length, person.subject),
    };
  });
  const emails = people.filter((person) => person.subject.email.trim() !== '');
  return {
    letters,
    emails,
    withoutEmail: people.length - emails.length,
    withoutAddress: letters.filter((letter) => letter.person.subject.postalAddress.trim() === '').length,
    notices: [...used.values()],
  };
}
