/**
 * A re-consent campaign's letter for one person as one PDF: the letter, then the paper consent
 * form on its own pages (its reference on each of them, so the signed paper that comes back is
 * recognised), so the two never get separated between the printer and the envelope.
 */
import { appendConsentForm, type ConsentFormInput } from './consent-form';
import { pdfBytes } from './document';
import { drawLetter, newLetterDocument, type LetterPdfInput } from './letter';

export { consentFormFontSize } from './consent-form';

/** `formSize` from `consentFormFontSize(form)`: the same for every letter of a campaign's language. */
export function campaignLetterPdf(
  letter: LetterPdfInput,
  form: ConsentFormInput,
  formSize: number,
  options: { compress?: boolean } = {},
): Uint8Array {
  const doc = newLetterDocument(
    letter,
    options.compress,
    JSON.stringify([form.formReference, form.notice.number]),
  );
  drawLetter(doc, letter);
  appendConsentForm(doc, form, formSize);
  return pdfBytes(doc);
}
