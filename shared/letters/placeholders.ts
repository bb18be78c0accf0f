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

/** Letters sent to many people at once from the consents screens, not about a request. */
export const CAMPAIGN_LETTER_KINDS = ['reconsent'] as const;
export type CampaignLetterKind = (typeof CAMPAIGN_LETTER_KINDS)[number];

/** Every kind whose wording an organisation can change in Settings. */
export const TEMPLATE_KINDS = [...LETTER_KINDS, ...CAMPAIGN_LETTER_KINDS] as const;
export type TemplateKind = (typeof TEMPLATE_KINDS)[number];

export function isCampaignKind(kind: TemplateKind): kind is CampaignLetterKind {
  return (CAMPAIGN_LETTER_KINDS as readonly string[]).includes(kind);
}

export const LETTER_LANGUAGES = ['fr', 'en'] as const;
export type LetterLanguage = (typeof LETTER_LANGUAGES)[number];

/** Rights and refusal reasons are the requests domain's own lists; letters only name them. */
export { RIGHTS as REQUEST_RIGHTS, REFUSAL_REASONS } from '../requests/model';
export type { Right as RequestRight, RefusalReason } from '../requests/model';

/** Which letters a field has a value in: every letter, request letters, or campaign letters. */
export type PlaceholderScope = 'all' | 'request' | 'campaign';

export interface PlaceholderInfo {
  name: string;
  scope: PlaceholderScope;
  /** What the template editor shows in place of `{{name}}`: a few words, unique per language. */
  label: Readonly<Record<LetterLanguage, string>>;
  description: Readonly<Record<LetterLanguage, string>>;
}

export const PLACEHOLDERS = [
  {
    name: 'organisation.legalName',
    scope: 'all',
    label: { fr: 'Raison sociale', en: 'Legal name' },
    description: { fr: 'Raison sociale de l’organisme', en: 'Legal name of the organisation' },
  },
  {
    name: 'organisation.address',
    scope: 'all',
    label: { fr: 'Adresse de l’organisme', en: 'Organisation’s address' },
    description: { fr: 'Adresse postale de l’organisme', en: 'Postal address of the organisation' },
  },
  {
    name: 'organisation.contactEmail',
    scope: 'all',
    label: { fr: 'E-mail de contact', en: 'Contact email' },
    description: {
      fr: 'Adresse électronique de contact pour les demandes',
      en: 'Contact email address for requests',
    },
  },
  {
    name: 'organisation.dpoEmail',
    scope: 'all',
    label: { fr: 'E-mail du délégué à la protection des données', en: 'Data protection officer’s email' },
    description: {
      fr: 'Adresse électronique du délégué à la protection des données (vide s’il n’y en a pas)',
      en: 'Email address of the data protection officer (empty when there is none)',
    },
  },
  {
    name: 'organisation.supervisoryAuthority',
    scope: 'all',
    label: { fr: 'Autorité de contrôle', en: 'Supervisory authority' },
    description: {
      fr: 'Autorité de contrôle : la CNIL et son adresse en France, sinon « l’autorité de contrôle compétente »',
      en: 'Supervisory authority: the CNIL and its address in France, otherwise “the competent supervisory authority”',
    },
  },
  {
    name: 'subject.fullName',
    scope: 'all',
    label: { fr: 'Nom de la personne', en: 'Person’s name' },
    description: {
      fr: 'Prénom et nom de la personne concernée',
      en: 'First and last name of the data subject',
    },
  },
  {
    name: 'subject.postalAddress',
    scope: 'all',
    label: { fr: 'Adresse de la personne', en: 'Person’s address' },
    description: { fr: 'Adresse postale de la personne concernée', en: 'Postal address of the data subject' },
  },
  {
    name: 'subject.email',
    scope: 'all',
    label: { fr: 'E-mail de la personne', en: 'Person’s email' },
    description: {
      fr: 'Adresse électronique de la personne concernée',
      en: 'Email address of the data subject',
    },
  },
  {
    name: 'request.reference',
    scope: 'request',
    label: { fr: 'Référence de la demande', en: 'Request reference' },
    description: { fr: 'Référence de la demande', en: 'Reference of the request' },
  },
  {
    name: 'request.receivedOn',
    scope: 'request',
    label: { fr: 'Date de réception', en: 'Date received' },
    description: { fr: 'Date de réception de la demande', en: 'Date the request was received' },
  },
  {
    name: 'request.rights',
    scope: 'request',
    label: { fr: 'Droits exercés', en: 'Rights exercised' },
    description: {
      fr: 'Droits exercés, en toutes lettres avec leur article du RGPD',
      en: 'Rights exercised, in words with their GDPR article',
    },
  },
  {
    name: 'request.dueOn',
    scope: 'request',
    label: { fr: 'Date limite de réponse', en: 'Response deadline' },
    description: {
      fr: 'Date limite de réponse (un mois, article 12, paragraphe 3, du RGPD)',
      en: 'Response deadline (one month, Article 12(3) GDPR)',
    },
  },
  {
    name: 'request.extendedDueOn',
    scope: 'request',
    label: { fr: 'Date limite après prolongation', en: 'Deadline after extension' },
    description: {
      fr: 'Date limite de réponse après prolongation de deux mois',
      en: 'Response deadline after the two-month extension',
    },
  },
  {
    name: 'request.extensionReasons',
    scope: 'request',
    label: { fr: 'Motifs de la prolongation', en: 'Reasons for the extension' },
    description: { fr: 'Motifs de la prolongation du délai', en: 'Reasons for extending the deadline' },
  },
  {
    name: 'request.refusalReason',
    scope: 'request',
    label: { fr: 'Motif du refus', en: 'Reason for refusal' },
    description: { fr: 'Motif du refus, en toutes lettres', en: 'Reason for the refusal, in words' },
  },
  {
    name: 'request.refusalDetails',
    scope: 'request',
    label: { fr: 'Précisions sur le refus', en: 'Details of the refusal' },
    description: {
      fr: 'Précisions sur le motif du refus (facultatif)',
      en: 'Details of the reason for the refusal (optional)',
    },
  },
  {
    name: 'request.outcome',
    scope: 'request',
    label: { fr: 'Ce qui a été fait', en: 'What was done' },
    description: {
      fr: 'Ce qui a été fait et les documents joints',
      en: 'What was done and what is enclosed',
    },
  },
  {
    name: 'purpose.name',
    scope: 'campaign',
    label: { fr: 'Finalité', en: 'Purpose' },
    description: {
      fr: 'Finalité pour laquelle le consentement est redemandé',
      en: 'Purpose for which consent is asked again',
    },
  },
  {
    name: 'consent.lastDecidedOn',
    scope: 'campaign',
    label: { fr: 'Date de la dernière décision', en: 'Date of the last decision' },
    description: {
      fr: 'Date à laquelle la personne a décidé pour la dernière fois pour cette finalité',
      en: 'Date on which the person last decided for this purpose',
    },
  },
  {
    name: 'notice.version',
    scope: 'campaign',
    label: { fr: 'Version de la notice', en: 'Notice version' },
    description: {
      fr: 'Version de la notice d’information jointe, avec sa date d’entrée en vigueur',
      en: 'Version of the enclosed information notice, with the date it took effect',
    },
  },
  {
    name: 'form.reference',
    scope: 'campaign',
    label: { fr: 'Référence du formulaire', en: 'Form reference' },
    description: {
      fr: 'Référence du formulaire de consentement joint, à rappeler dans la réponse',
      en: 'Reference of the enclosed consent form, to quote in the answer',
    },
  },
  {
    name: 'today',
    scope: 'all',
    label: { fr: 'Date du jour', en: 'Today’s date' },
    description: { fr: 'Date du jour', en: 'Today’s date' },
  },
  {
    name: 'operator.name',
    scope: 'all',
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

/** The fields the template editor offers for a kind: the common ones and those of its own scope. */
export function placeholdersFor(kind: TemplateKind): readonly (typeof PLACEHOLDERS)[number][] {
  const own: PlaceholderScope = isCampaignKind(kind) ? 'campaign' : 'request';
  return PLACEHOLDERS.filter((placeholder) => placeholder.scope === 'all' || placeholder.scope === own);
}
