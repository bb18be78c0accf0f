/**
 * Messages of the paper consent form's choices (the HTML sheet; the PDF has the same words in
 * shared/pdf/consent-form.ts), French then English (keys must match; a unit test checks it). Merged
 * into fr.ts / en.ts under the top-level key 'paperForm'.
 */
import type { DeepStrings } from './types';

export const paperFormFr = {
  object: 'Je m’oppose',
  consentRule:
    'Pour chaque finalité fondée sur votre consentement, cochez « Oui » ou « Non » : une ligne laissée vide vaut refus.',
  objectionRule:
    'Pour chaque finalité fondée sur notre intérêt légitime, cochez « Je m’oppose » si vous vous y opposez : une case laissée vide signifie que vous ne vous y opposez pas.',
};

export const paperFormEn: DeepStrings<typeof paperFormFr> = {
  object: 'I object',
  consentRule:
    'For each purpose based on your consent, tick “Yes” or “No”: a purpose left blank counts as a refusal.',
  objectionRule:
    'For each purpose based on our legitimate interest, tick “I object” if you object to it: a box left blank means you do not object.',
};
