/**
 * Letters to data subjects from plain-text templates with `{{placeholders}}`, in French and English:
 * acknowledgement, identity request (Art. 12(6)), extension notice (Art. 12(3)), response cover
 * letter and refusal (Art. 12(4)). Pure: the same code runs in the renderer and in Node.
 *
 *   const fields = buildLetterFields({ organisation, subject, request, operatorName, today, lang });
 *   const letter = renderLetter(defaultTemplate('acknowledgement', lang), fields, lang);
 *   missingRequired('acknowledgement', fields); // block sending while this is not empty
 */
export {
  CAMPAIGN_LETTER_KINDS,
  TEMPLATE_KINDS,
  isCampaignKind,
  placeholdersFor,
  LETTER_KINDS,
  LETTER_LANGUAGES,
  PLACEHOLDERS,
  PLACEHOLDER_NAMES,
  REFUSAL_REASONS,
  REQUEST_RIGHTS,
  isPlaceholderName,
} from './placeholders';
export type {
  CampaignLetterKind,
  PlaceholderScope,
  TemplateKind,
  LetterFields,
  LetterKind,
  LetterLanguage,
  PlaceholderInfo,
  PlaceholderName,
  RefusalReason,
  RequestRight,
} from './placeholders';
export { defaultTemplate } from './templates';
export type { LetterTemplate } from './templates';
export { missingRequired, renderLetter, requiredFields, validateTemplate } from './render';
export type { RenderedLetter, TemplateValidation } from './render';
export {
  buildLetterFields,
  formatLongDate,
  humanList,
  refusalReasonText,
  rightLabel,
  supervisoryAuthorityText,
} from './fields';
export type { LetterCampaignInput, LetterFieldsInput, LetterRequestInput } from './fields';
export { fromEditable, sampleLetterFields, shownField, toEditable } from './editable';
