/**
 * The vocabulary of letter templates: kinds, languages, the codes merged into human text, and every
 * `{{placeholder}}` a template may use (the Settings template editor lists them with their meaning).
 */

export const LETTER_KINDS = [
  'acknowledgement',
  'identity_request',
  'extension_notice',
  'response_cover',
  'refusal',
] as const;
export type LetterKind = (typeof LETTER_KINDS)[number];

export const LETTER_LANGUAGES = ['fr', 'en'] as const;
export type LetterLanguage = (typeof LETTER_LANGUAGES)[number];

/** Rights and refusal reasons are the requests domain's own lists; letters only name them. */
export { RIGHTS as REQUEST_RIGHTS, REFUSAL_REASONS } from '../requests/model';
export type { Right as RequestRight, RefusalReason } from '../requests/model';

export interface PlaceholderInfo {
  name: string;
  /** What the template editor shows in place of `{{name}}`: a few words, unique per language. */
  label: Readonly<Record<LetterLanguage, string>>;
  description: Readonly<Record<LetterLanguage, string>>;
}

export const PLACEHOLDERS = [
  {
    name: 'organisation.legalName',
    label: { fr: 'Raison sociale', en: 'Legal name' },
    description: { fr: 'Raison sociale de l’organisme', en: 'Legal name of the organisation' },
  },
  {
    name: 'organisation.address',
    label: { fr: 'Adresse de l’organisme', en: 'Organisation’s address' },
    description: { fr: 'Adresse postale de l’organisme', en: 'Postal address of the organisation' },
  },
  {
    name: 'organisation.contactEmail',
    label: { fr: 'E-mail de contact', en: 'Contact email' },
    description: {
      fr: 'Adresse électronique de contact pour les demandes',
      en: 'Contact email address for requests',
    },
  },
  {
    name: 'organisation.dpoEmail',
    label: { fr: 'E-mail du délégué à la protection des données', en: 'Data protection officer’s email' },
    description: {
      fr: 'Adresse électronique du délégué à la protection des données (vide s’il n’y en a pas)',
      en: 'Email address of the data protection officer (empty when there is none)',
    },
  },
  {
    name: 'organisation.supervisoryAuthority',
    label: { fr: 'Autorité de contrôle', en: 'Supervisory authority' },
    description: {
      fr: 'Autorité de contrôle : la CNIL et son adresse en France, sinon « l’autorité de contrôle compétente »',
      en: 'Supervisory authority: the CNIL and its address in France, otherwise “the competent supervisory authority”',
    },
  },
  {
    name: 'subject.fullName',
    label: { fr: 'Nom de la personne', en: 'Person’s name' },
    description: {
      fr: 'Prénom et nom de la personne concernée',
      en: 'First and last name of the data subject',
    },
  },
  {
    name: 'subject.postalAddress',
    label: { fr: 'Adresse de la personne', en: 'Person’s address' },
    description: { fr: 'Adresse postale de la personne concernée', en: 'Postal address of the data subject' },
  },
  {
    name: 'subject.email',
    label: { fr: 'E-mail de la personne', en: 'Person’s email' },
    description: {
      fr: 'Adresse électronique de la personne concernée',
      en: 'Email address of the data subject',
    },
  },
  {
    name: 'request.reference',
    label: { fr: 'Référence de la demande', en: 'Request reference' },
    description: { fr: 'Référence de la demande', en: 'Reference of the request' },
  },
  {
    name: 'request.receivedOn',
    label: { fr: 'Date de réception', en: 'Date received' },
    description: { fr: 'Date de réception de la demande', en: 'Date the request was received' },
  },
  {
    name: 'request.rights',
    label: { fr: 'Droits exercés', en: 'Rights exercised' },
    description: {
      fr: 'Droits exercés, en toutes lettres avec leur article du RGPD',
      en: 'Rights exercised, in words with their GDPR article',
    },
  },
  {
    name: 'request.dueOn',
    label: { fr: 'Date limite de réponse', en: 'Response deadline' },
    description: {
      fr: 'Date limite de réponse (un mois, article 12, paragraphe 3, du RGPD)',
      en: 'Response deadline (one month, Article 12(3) GDPR)',
    },
  },
  {
    name: 'request.extendedDueOn',
    label: { fr: 'Date limite après prolongation', en: 'Deadline after extension' },
    description: {
      fr: 'Date limite de réponse après prolongation de deux mois',
      en: 'Response deadline after the two-month extension',
    },
  },
  {
    name: 'request.extensionReasons',
    label: { fr: 'Motifs de la prolongation', en: 'Reasons for the extension' },
    description: { fr: 'Motifs de la prolongation du délai', en: 'Reasons for extending the deadline' },
  },
  {
    name: 'request.refusalReason',
    label: { fr: 'Motif du refus', en: 'Reason for refusal' },
    description: { fr: 'Motif du refus, en toutes lettres', en: 'Reason for the refusal, in words' },
  },
  {
    name: 'request.refusalDetails',
    label: { fr: 'Précisions sur le refus', en: 'Details of the refusal' },
    description: {
      fr: 'Précisions sur le motif du refus (facultatif)',
      en: 'Details of the reason for the refusal (optional)',
    },
  },
  {
    name: 'request.outcome',
    label: { fr: 'Ce qui a été fait', en: 'What was done' },
    description: {
      fr: 'Ce qui a été fait et les documents joints',
      en: 'What was done and what is enclosed',
    },
  },
  {
    name: 'today',
    label: { fr: 'Date du jour', en: 'Today’s date' },
    description: { fr: 'Date du jour', en: 'Today’s date' },
  },
  {
    name: 'operator.name',
    label: { fr: 'Signataire', en: 'Signatory' },
    description: {
      fr: 'Nom de la personne qui signe le courrier',
      en: 'Name of the person signing the letter',
    },
  },
] as const satisfies readonly PlaceholderInfo[];

export type PlaceholderName = (typeof PLACEHOLDERS)[number]['name'];

/** Every placeholder's value as plain text, already formatted in the letter's language. */
export type LetterFields = Record<PlaceholderName, string>;

export const PLACEHOLDER_NAMES: readonly PlaceholderName[] = PLACEHOLDERS.map((p) => p.name);

const NAME_SET: ReadonlySet<string> = new Set(PLACEHOLDER_NAMES);

export function isPlaceholderName(name: string): name is PlaceholderName {
  return NAME_SET.has(name);
}
