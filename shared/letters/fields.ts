/**
 * Turns the records a letter is about into its merge fields: long dates, the rights in words, the
 * reason for a refusal, the supervisory authority, all in the letter's language.
 */
import { civilFromDay, parseIsoDate } from '../deadlines/calendar';
import type { OrganisationData } from '../domain/organisation';
import type { SubjectData } from '../domain/subject';
import type { LetterFields, LetterLanguage, RefusalReason, RequestRight } from './placeholders';

const MONTHS: Record<LetterLanguage, readonly string[]> = {
  fr: [
    'janvier',
    'février',
    'mars',
    'avril',
    'mai',
    'juin',
    'juillet',
    'août',
    'septembre',
    'octobre',
    'novembre',
    'décembre',
  ],
  en: [
    'January',
    'February',
    'March',
    'April',
    'May',
    'June',
    'July',
    'August',
    'September',
    'October',
    'November',
    'December',
  ],
};

/**
 * '2026-04-07' → '7 avril 2026' / '7 April 2026'; the first of the month is '1er' in French.
 * Pure arithmetic on the string, so no time zone can shift the day. '' for anything that is not
 * a real 'YYYY-MM-DD' day, so that an unusable date shows up as a missing field.
 */
export function formatLongDate(iso: string, lang: LetterLanguage): string {
  const dayNumber = parseIsoDate(iso);
  if (dayNumber === undefined) return '';
  const { year, month, day } = civilFromDay(dayNumber);
  const dayText = lang === 'fr' && day === 1 ? '1er' : String(day);
  return `${dayText} ${MONTHS[lang][month - 1] ?? ''} ${year}`;
}

/** 'a, b et c' / 'a, b and c'. */
export function humanList(items: readonly string[], lang: LetterLanguage): string {
  const kept = items.filter((item) => item.trim() !== '');
  if (kept.length <= 1) return kept[0] ?? '';
  const last = kept[kept.length - 1] ?? '';
  return `${kept.slice(0, -1).join(', ')} ${lang === 'fr' ? 'et' : 'and'} ${last}`;
}

/** Written to follow « portant sur » / “concerning” in a sentence. */
const RIGHT_LABELS: Record<RequestRight, Record<LetterLanguage, string>> = {
  access: { fr: 'le droit d’accès (article 15 du RGPD)', en: 'the right of access (Article 15 GDPR)' },
  rectification: {
    fr: 'le droit de rectification (article 16 du RGPD)',
    en: 'the right to rectification (Article 16 GDPR)',
  },
  erasure: {
    fr: 'le droit à l’effacement (article 17 du RGPD)',
    en: 'the right to erasure (Article 17 GDPR)',
  },
  restriction: {
    fr: 'le droit à la limitation du traitement (article 18 du RGPD)',
    en: 'the right to restriction of processing (Article 18 GDPR)',
  },
  portability: {
    fr: 'le droit à la portabilité des données (article 20 du RGPD)',
    en: 'the right to data portability (Article 20 GDPR)',
  },
  objection: {
    fr: 'le droit d’opposition (article 21 du RGPD)',
    en: 'the right to object (Article 21 GDPR)',
  },
  automated_decision: {
    fr: 'le droit de ne pas faire l’objet d’une décision individuelle automatisée (article 22 du RGPD)',
    en: 'the right not to be subject to a decision based solely on automated processing (Article 22 GDPR)',
  },
  consent_withdrawal: {
    fr: 'le retrait de votre consentement (article 7, paragraphe 3, du RGPD)',
    en: 'the withdrawal of your consent (Article 7(3) GDPR)',
  },
  other: {
    fr: 'une autre question relative à vos données personnelles',
    en: 'another matter relating to your personal data',
  },
};

/** 'le droit d’accès (article 15 du RGPD)'; an unknown code is shown as it is rather than lost. */
export function rightLabel(right: RequestRight, lang: LetterLanguage): string {
  return (RIGHT_LABELS as Partial<Record<string, Record<LetterLanguage, string>>>)[right]?.[lang] ?? right;
}

const REFUSAL_TEXTS: Record<RefusalReason, Record<LetterLanguage, string>> = {
  manifestly_unfounded: {
    fr: 'votre demande est manifestement infondée au sens de l’article 12, paragraphe 5, du RGPD',
    en: 'your request is manifestly unfounded within the meaning of Article 12(5) GDPR',
  },
  excessive: {
    fr: 'votre demande est excessive, notamment en raison de son caractère répétitif, au sens de l’article 12, paragraphe 5, du RGPD',
    en: 'your request is excessive, in particular because of its repetitive character, within the meaning of Article 12(5) GDPR',
  },
  legal_restriction: {
    fr: 'une disposition légale ou une exception prévue par le RGPD (notamment par ses articles 17, paragraphe 3, et 23) ne nous permet pas d’y donner suite',
    en: 'a legal provision or an exception provided for by the GDPR (in particular by its Articles 17(3) and 23) does not allow us to act on it',
  },
  identity_not_established: {
    fr: 'malgré notre demande, nous n’avons pas reçu les informations nécessaires pour vérifier votre identité et ne sommes donc pas en mesure de vous identifier (article 12, paragraphes 2 et 6, du RGPD)',
    en: 'despite our request, we have not received the information needed to verify your identity and are therefore not in a position to identify you (Article 12(2) and (6) GDPR)',
  },
};

export function refusalReasonText(reason: RefusalReason, lang: LetterLanguage): string {
  return (REFUSAL_TEXTS as Partial<Record<string, Record<LetterLanguage, string>>>)[reason]?.[lang] ?? reason;
}

const CNIL: Record<LetterLanguage, string> = {
  fr: 'la Commission nationale de l’informatique et des libertés (CNIL), 3 place de Fontenoy, TSA 80715, 75334 Paris Cedex 07, www.cnil.fr',
  en: 'the Commission nationale de l’informatique et des libertés (CNIL), 3 place de Fontenoy, TSA 80715, 75334 Paris Cedex 07, France, www.cnil.fr',
};
const COMPETENT_AUTHORITY: Record<LetterLanguage, string> = {
  fr: 'l’autorité de contrôle compétente',
  en: 'the competent supervisory authority',
};

/** The authority named in a letter, written to follow « auprès de » / “with”. */
export function supervisoryAuthorityText(country: string, lang: LetterLanguage): string {
  return country.trim().toUpperCase() === 'FR' ? CNIL[lang] : COMPETENT_AUTHORITY[lang];
}

export interface LetterRequestInput {
  reference: string;
  /** 'YYYY-MM-DD'. */
  receivedOn: string;
  rights: readonly RequestRight[];
  /**
   * 'YYYY-MM-DD': the one-month deadline, by which an extension notice or a refusal is due too —
   * `computeDeadline(...).noticeDueOn` (Art. 12(3)).
   */
  dueOn?: string | null;
  /** 'YYYY-MM-DD': the deadline after the two-month extension, `computeDeadline(...).extendedDueOn`. */
  extendedDueOn?: string | null;
  extensionReasons?: string | null;
  refusalReason?: RefusalReason | null;
  refusalDetails?: string | null;
  /** What was done and what is enclosed, as the operator wrote it. */
  outcome?: string | null;
}

/** What a campaign letter is about, already in the letter's language. */
export interface LetterCampaignInput {
  purposeName: string;
  /** 'YYYY-MM-DD', or '' when the person never decided. */
  lastDecidedOn: string;
  noticeNumber: number;
  /** 'YYYY-MM-DD'. */
  noticeEffectiveOn: string;
  formReference: string;
}

export interface LetterFieldsInput {
  organisation: Pick<OrganisationData, 'legalName' | 'address' | 'contactEmail' | 'dpoEmail' | 'country'>;
  subject: Pick<SubjectData, 'firstName' | 'lastName' | 'email' | 'postalAddress'>;
  /** Absent for a campaign letter: its request fields are then empty. */
  request?: LetterRequestInput;
  /** Absent for a request letter: its campaign fields are then empty. */
  campaign?: LetterCampaignInput;
  operatorName: string;
  /** 'YYYY-MM-DD', the date the letter is written. */
  today: string;
  lang: LetterLanguage;
}

const text = (value: string | null | undefined): string => (value ?? '').trim();
/** Addresses are typed on several lines but merged inside sentences: one line, comma-separated. */
const oneLine = (value: string | null | undefined): string =>
  text(value)
    .split(/\s*[\r\n]+\s*/)
    .map((line) => line.replace(/\s*,$/, ''))
    .filter(Boolean)
    .join(', ');
const date = (value: string | null | undefined, lang: LetterLanguage): string =>
  value ? formatLongDate(value, lang) : '';

const NOTICE_VERSION: Record<LetterLanguage, (number: number, since: string) => string> = {
  fr: (number, since) => `version ${number} du ${since}`,
  en: (number, since) => `version ${number} of ${since}`,
};

export function buildLetterFields(input: LetterFieldsInput): LetterFields {
  const { organisation, subject, lang } = input;
  const request: LetterRequestInput = input.request ?? { reference: '', receivedOn: '', rights: [] };
  const campaign = input.campaign;
  const rights = [...new Set(request.rights)].map((right) => rightLabel(right, lang));
  return {
    'organisation.legalName': text(organisation.legalName),
    'organisation.address': oneLine(organisation.address),
    'organisation.contactEmail': text(organisation.contactEmail),
    'organisation.dpoEmail': text(organisation.dpoEmail),
    'organisation.supervisoryAuthority': supervisoryAuthorityText(organisation.country, lang),
    'subject.fullName': [text(subject.firstName), text(subject.lastName)].filter(Boolean).join(' '),
    'subject.postalAddress': oneLine(subject.postalAddress),
    'subject.email': text(subject.email),
    'request.reference': text(request.reference),
    'request.receivedOn': date(request.receivedOn, lang),
    'request.rights': humanList(rights, lang),
    'request.dueOn': date(request.dueOn, lang),
    'request.extendedDueOn': date(request.extendedDueOn, lang),
    'request.extensionReasons': text(request.extensionReasons),
    'request.refusalReason': request.refusalReason ? refusalReasonText(request.refusalReason, lang) : '',
    'request.refusalDetails': text(request.refusalDetails),
    'request.outcome': text(request.outcome),
    'purpose.name': text(campaign?.purposeName),
    'consent.lastDecidedOn': date(campaign?.lastDecidedOn, lang),
    'notice.version': campaign
      ? NOTICE_VERSION[lang](campaign.noticeNumber, date(campaign.noticeEffectiveOn, lang))
      : '',
    'form.reference': text(campaign?.formReference),
    today: date(input.today, lang),
    'operator.name': text(input.operatorName),
  };
}
