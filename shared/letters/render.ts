/**
 * Merging `{{placeholders}}` into a template, as plain text. One pass over the template: a merged
 * value is never scanned again, so a value that itself contains `{{x}}` stays as typed.
 */
import {
  isCampaignKind,
  isPlaceholderName,
  type LetterFields,
  type LetterLanguage,
  type PlaceholderName,
  type TemplateKind,
} from './placeholders';
import type { LetterTemplate } from './templates';

/** `{{ name }}`; spaces inside the braces are allowed, braces are not. */
const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;

export type TemplateValidation = { ok: true } | { ok: false; unknown: string[] };

export interface RenderedLetter {
  subject: string;
  body: string;
  /** Placeholders of the template that had no value (rendered as ''), in order of appearance. */
  missing: string[];
}

function textOf(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/**
 * Names of the placeholders the app does not know ('{{}}' for an empty one), then stray `{{` or
 * `}}` that are not part of a placeholder, shown with the text around them.
 */
export function validateTemplate(template: LetterTemplate): TemplateValidation {
  const unknown = new Set<string>();
  for (const text of [textOf(template.subject), textOf(template.body)]) {
    for (const match of text.matchAll(PLACEHOLDER)) {
      const name = match[1] ?? '';
      if (!isPlaceholderName(name)) unknown.add(name === '' ? '{{}}' : name);
    }
    const rest = text.replace(PLACEHOLDER, ' ');
    for (const stray of rest.matchAll(/\{\{[^\n]{0,30}|[^\n]{0,30}\}\}/g)) unknown.add(stray[0].trim());
  }
  return unknown.size === 0 ? { ok: true } : { ok: false, unknown: [...unknown] };
}

/**
 * French typography: a no-break space before « : ; ! ? » » and after « « », so that a line never
 * starts with the punctuation in a print view or a PDF.
 */
function frenchSpacing(text: string): string {
  return text.replace(/ +([:;!?»])/g, '\u00a0$1').replace(/« +/g, '«\u00a0');
}

/**
 * The letter with its fields merged. Never throws: a placeholder with no value (unknown, absent
 * or blank) renders as '' and is listed in `missing`. The subject is kept on one line; the trailing
 * spaces and extra blank lines that empty fields leave in the body are removed.
 */
export function renderLetter(
  template: LetterTemplate,
  fields: Readonly<Partial<LetterFields>>,
  lang: LetterLanguage,
): RenderedLetter {
  const missing = new Set<string>();
  const merge = (text: string): string =>
    text.replace(/\r\n?/g, '\n').replace(PLACEHOLDER, (_match, name: string) => {
      const value = isPlaceholderName(name) && Object.hasOwn(fields, name) ? textOf(fields[name]) : '';
      if (value.trim() === '') {
        missing.add(name);
        return '';
      }
      return value.replace(/\r\n?/g, '\n');
    });
  const typeset = (text: string): string => (lang === 'fr' ? frenchSpacing(text) : text);

  const subject = typeset(merge(textOf(template.subject)).replace(/\s+/g, ' ').trim());
  const body = typeset(
    merge(textOf(template.body))
      .split('\n')
      .map((line) => line.trimEnd())
      .join('\n')
      .replace(/\n{3,}/g, '\n\n')
      .trim(),
  );
  return { subject, body, missing: [...missing] };
}

const COMMON_FIELDS: readonly PlaceholderName[] = [
  'organisation.legalName',
  'organisation.contactEmail',
  'subject.fullName',
  'request.reference',
  'request.receivedOn',
  'request.rights',
  'operator.name',
  'today',
];

/** A campaign letter names no request, but the person, what they are asked about and the form's reference. */
const CAMPAIGN_COMMON_FIELDS: readonly PlaceholderName[] = [
  'organisation.legalName',
  'organisation.contactEmail',
  'subject.fullName',
  'operator.name',
  'today',
];

const KIND_FIELDS: Record<TemplateKind, readonly PlaceholderName[]> = {
  acknowledgement: ['organisation.address', 'request.dueOn'],
  identity_request: ['organisation.address'],
  extension_notice: ['request.dueOn', 'request.extendedDueOn', 'request.extensionReasons'],
  response_cover: ['request.outcome', 'organisation.supervisoryAuthority'],
  refusal: ['request.refusalReason', 'organisation.supervisoryAuthority'],
  reconsent: ['purpose.name', 'notice.version', 'form.reference'],
};

/** The fields a letter of this kind cannot be sent without, whatever its template says. */
export function requiredFields(kind: TemplateKind): PlaceholderName[] {
  return [...(isCampaignKind(kind) ? CAMPAIGN_COMMON_FIELDS : COMMON_FIELDS), ...KIND_FIELDS[kind]];
}

/** Required fields of `kind` that have no value in `fields`. */
export function missingRequired(
  kind: TemplateKind,
  fields: Readonly<Partial<LetterFields>>,
): PlaceholderName[] {
  return requiredFields(kind).filter((name) => textOf(fields[name]).trim() === '');
}
