/**
 * A printable consent form (A4 PDF) for the purposes a business asks about on paper: organisation
 * header, title, the notice version in full, how to withdraw (Art. 7(3) GDPR, told before the
 * person decides; once: not again when the notice already says it), one row per purpose with empty
 * "Oui" and "Non" boxes (nothing pre-ticked) or, for a purpose on legitimate interest, where the
 * person can only object (Art. 21), one "Je m'oppose" box; then lines for name, contact, date and a
 * signature box. Every page carries the form reference and "page n/total" so a returned sheet can be
 * tied to the notice version and purposes printed.
 *
 * Up to 8 purposes the form is one sheet: the type gets smaller before a second page is used. When
 * it does run over, a later page starts with the business name and the form reference, and the
 * last purpose goes over with the name and signature block, which is never alone on its page.
 *
 * Same determinism as the letters: creation date from `issuedOn`, document ID from a hash of the
 * input, so the same form always gives the same bytes.
 */
export { consentFormReference } from '../consent/form-reference';
export { noticeTellsWithdrawal } from '../consent/paper-form';
import { noticeTellsWithdrawal } from '../consent/paper-form';
import type { jsPDF } from 'jspdf';
import { formatLongDate } from '../letters/fields';
import { newPdfDocument, pdfBytes } from './document';
import type { PdfOrganisation } from './organisation';
import { A4, numberPages, PdfFlow, setFont, textWidth, toWinAnsi } from './text';

export interface ConsentFormInput {
  organisation: PdfOrganisation;
  notice: { number: number; title: string; text: string; effectiveOn: string };
  /** Name and description already in the form's language; the basis decides the boxes ('consent' if absent). */
  purposes: {
    id: string;
    name: string;
    description: string;
    lawfulBasis?: 'consent' | 'legitimate_interest';
  }[];
  lang: 'fr' | 'en';
  /** Printed on every page; see `consentFormReference`. */
  formReference: string;
  /** 'YYYY-MM-DD', recorded as the PDF creation date. */
  issuedOn: string;
}

const MARGIN = { top: 18, right: 20, bottom: 22, left: 20 } as const;
/** Base type sizes tried in turn, until the form fits on one page. */
const FONT_SIZES = [10, 9.25, 8.5, 8] as const;
/** Up to this many purposes, the type gets smaller rather than the form taking a second page. */
export const ONE_PAGE_PURPOSES = 8;
/** Width of the "[ ] Oui  [ ] Non" column on the right of each purpose row. */
const CHOICE_COLUMN = 38;
const CHOICE_GAP = 4;
const BOX = 4.2;
const ROW_PADDING = 2.5;
const FIELD_ROW = 11;
const PERSON_GAP = 6;
const SIGNATURE_BOX = { width: 90, height: 28 } as const;

const LABELS = {
  fr: {
    language: 'fr-FR',
    title: 'Recueil de votre consentement',
    contact: 'Contact\u00a0: ',
    dpo: 'Délégué à la protection des données\u00a0: ',
    version: (number: number, date: string) => `version ${number}, en vigueur le ${date}`,
    withdrawal: (email: string) =>
      `Vous pouvez retirer votre consentement à tout moment, aussi facilement que vous l’avez donné et ` +
      `sans avoir à vous justifier\u00a0: écrivez-nous à ${email} ou à l’adresse ci-dessus. Le retrait ` +
      `ne remet pas en cause ce qui a été fait avant lui (article 7, paragraphe 3, du RGPD).`,
    choices: 'Vos choix',
    consentRule:
      'Pour chaque finalité fondée sur votre consentement, cochez «\u00a0Oui\u00a0» ou «\u00a0Non\u00a0»\u00a0: une ligne laissée vide vaut refus.',
    objectionRule:
      'Pour chaque finalité fondée sur notre intérêt légitime, cochez «\u00a0Je m’oppose\u00a0» si vous vous y opposez\u00a0: une case laissée vide signifie que vous ne vous y opposez pas.',
    yes: 'Oui',
    no: 'Non',
    object: 'Je m’oppose',
    continued: 'suite',
    fullName: 'Nom et prénom\u00a0:',
    contactField: 'E-mail ou téléphone\u00a0:',
    date: 'Date\u00a0:',
    signature: 'Signature\u00a0:',
    footer: (reference: string, page: number, total: number) =>
      `Réf. formulaire\u00a0: ${reference} — page ${page}/${total}`,
    reference: (reference: string) => `Réf. formulaire\u00a0: ${reference}`,
  },
  en: {
    language: 'en-GB',
    title: 'Your consent',
    contact: 'Contact: ',
    dpo: 'Data protection officer: ',
    version: (number: number, date: string) => `version ${number}, effective ${date}`,
    withdrawal: (email: string) =>
      `You can withdraw your consent at any time, as easily as you gave it and without giving a ` +
      `reason: write to us at ${email} or at the address above. Withdrawing does not affect what was ` +
      `done before it (Article 7(3) GDPR).`,
    choices: 'Your choices',
    consentRule:
      'For each purpose based on your consent, tick “Yes” or “No”: a purpose left blank counts as a refusal.',
    objectionRule:
      'For each purpose based on our legitimate interest, tick “I object” if you object to it: a box left blank means you do not object.',
    yes: 'Yes',
    no: 'No',
    object: 'I object',
    continued: 'continued',
    fullName: 'Full name:',
    contactField: 'Email or phone:',
    date: 'Date:',
    signature: 'Signature:',
    footer: (reference: string, page: number, total: number) =>
      `Form ref.: ${reference} — page ${page}/${total}`,
    reference: (reference: string) => `Form ref.: ${reference}`,
  },
} as const;

type Labels = (typeof LABELS)[keyof typeof LABELS];

function canonical(input: ConsentFormInput): string {
  const { organisation: org, notice } = input;
  return JSON.stringify([
    [org.legalName, org.address, org.contactEmail, org.dpoEmail ?? null],
    [notice.number, notice.title, notice.text, notice.effectiveOn],
    input.purposes.map((purpose) => [
      purpose.id,
      purpose.name,
      purpose.description,
      purpose.lawfulBasis ?? 'consent',
    ]),
    input.lang,
    input.formReference,
    input.issuedOn,
  ]);
}

/** A flow that calls `onNewPage` at the top of every page it adds. */
class FormFlow extends PdfFlow {
  onNewPage: (() => void) | null = null;

  override ensure(height: number): void {
    const pages = this.doc.getNumberOfPages();
    super.ensure(height);
    if (this.doc.getNumberOfPages() !== pages) this.onNewPage?.();
  }
}

function header(flow: PdfFlow, org: ConsentFormInput['organisation'], labels: Labels, size: number): void {
  flow.paragraph(org.legalName, { style: 'bold', fontSize: size + 2 });
  flow.paragraph(org.address, { fontSize: size - 1 });
  flow.paragraph(labels.contact + org.contactEmail, { fontSize: size - 1 });
  if (org.dpoEmail) flow.paragraph(labels.dpo + org.dpoEmail, { fontSize: size - 1 });
  flow.space(2);
  flow.rule({ width: 0.3, gray: 0 });
  flow.space(2);
}

/** The top of a later page: whose form it is and its reference, should the sheets be separated. */
function continuationHeader(flow: PdfFlow, input: ConsentFormInput, labels: Labels, size: number): void {
  flow.paragraph(`${input.organisation.legalName} — ${labels.title} (${labels.continued})`, {
    style: 'bold',
    fontSize: size,
  });
  flow.paragraph(labels.reference(input.formReference), { fontSize: size - 1 });
  flow.space(1);
  flow.rule({ width: 0.3, gray: 0 });
  flow.space(2);
}

/** An empty square and its label, the label on the baseline of the purpose name. */
function choiceBox(doc: jsPDF, label: string, x: number, baseline: number): void {
  doc.setLineWidth(0.3);
  doc.rect(x, baseline - BOX + 0.6, BOX, BOX, 'S');
  doc.text(toWinAnsi(label), x + BOX + 1.5, baseline);
}

type FormPurpose = ConsentFormInput['purposes'][number];

function purposeRowHeight(flow: PdfFlow, purpose: FormPurpose, size: number): number {
  const textColumn = flow.textWidth - CHOICE_COLUMN - CHOICE_GAP;
  return (
    ROW_PADDING * 2 +
    flow.paragraphHeight(purpose.name, { style: 'bold', fontSize: size, width: textColumn }) +
    (purpose.description.trim() === ''
      ? 0
      : flow.paragraphHeight(purpose.description, { fontSize: size - 1, width: textColumn }))
  );
}

/** One purpose; `keepWith` mm more must fit on the same page (the signature block, after the last). */
function purposeRow(flow: PdfFlow, purpose: FormPurpose, labels: Labels, size: number, keepWith = 0): void {
  const doc = flow.doc;
  const textColumn = flow.textWidth - CHOICE_COLUMN - CHOICE_GAP;
  const height = purposeRowHeight(flow, purpose, size) + keepWith;
  // Keep a row on one page; a description longer than a page can only start at the top of one.
  flow.ensure(Math.min(height, A4.height - flow.margins.top - flow.margins.bottom));

  flow.space(ROW_PADDING);
  const baseline = flow.baseline(size);
  setFont(doc, 'normal', size);
  const choicesX = flow.margins.left + flow.textWidth - CHOICE_COLUMN;
  if (purpose.lawfulBasis === 'legitimate_interest') {
    choiceBox(doc, labels.object, choicesX, baseline);
  } else {
    choiceBox(doc, labels.yes, choicesX, baseline);
    choiceBox(doc, labels.no, choicesX + CHOICE_COLUMN / 2, baseline);
  }

  flow.paragraph(purpose.name, { style: 'bold', fontSize: size, width: textColumn });
  if (purpose.description.trim() !== '') {
    flow.paragraph(purpose.description, { fontSize: size - 1, width: textColumn });
  }
  flow.space(ROW_PADDING);
  flow.rule();
}

/** A label followed by a line to write on, up to `width` mm from the left margin. */
function writingLine(flow: PdfFlow, label: string, width: number, size: number): void {
  const doc = flow.doc;
  setFont(doc, 'normal', size);
  const baseline = flow.y + FIELD_ROW - 3;
  const text = toWinAnsi(label);
  doc.text(text, flow.margins.left, baseline);
  doc.setLineWidth(0.2);
  doc.line(
    flow.margins.left + textWidth(doc, text) + 2,
    baseline + 0.8,
    flow.margins.left + width,
    baseline + 0.8,
  );
  flow.y += FIELD_ROW;
}

/** Height of the name, contact, date and signature block, with the space before it. */
function personFieldsHeight(flow: PdfFlow, size: number): number {
  return PERSON_GAP + FIELD_ROW * 3 + 4 + flow.lineHeight(size) + SIGNATURE_BOX.height;
}

function personFields(flow: PdfFlow, labels: Labels, size: number): void {
  flow.ensure(personFieldsHeight(flow, size));
  flow.space(PERSON_GAP);
  writingLine(flow, labels.fullName, flow.textWidth, size);
  writingLine(flow, labels.contactField, flow.textWidth, size);
  writingLine(flow, labels.date, 70, size);
  flow.space(4);
  flow.paragraph(labels.signature, { fontSize: size });
  flow.doc.setLineWidth(0.3);
  flow.doc.rect(flow.margins.left, flow.y, SIGNATURE_BOX.width, SIGNATURE_BOX.height, 'S');
  flow.y += SIGNATURE_BOX.height;
}

function render(input: ConsentFormInput, labels: Labels, size: number, compress?: boolean): jsPDF {
  const doc = newPdfDocument({
    issuedOn: input.issuedOn,
    canonical: canonical(input),
    title: `${labels.title} — ${input.organisation.legalName}`,
    subject: input.formReference,
    language: labels.language,
    compress,
  });
  draw(doc, input, labels, size, 1);
  return doc;
}

/** The form from the top of the document's current page; its own pages numbered from `first`. */
function draw(doc: jsPDF, input: ConsentFormInput, labels: Labels, size: number, first: number): void {
  const flow = new FormFlow(doc, MARGIN, size);
  flow.onNewPage = () => continuationHeader(flow, input, labels, size);
  header(flow, input.organisation, labels, size);
  flow.heading(labels.title);

  const { notice, purposes } = input;
  flow.heading(notice.title, 2);
  const effective = formatLongDate(notice.effectiveOn, input.lang) || notice.effectiveOn;
  flow.paragraph(labels.version(notice.number, effective), { fontSize: size - 1 });
  flow.space(2);
  flow.paragraph(notice.text);
  const asksConsent = purposes.some((purpose) => purpose.lawfulBasis !== 'legitimate_interest');
  const asksObjection = purposes.some((purpose) => purpose.lawfulBasis === 'legitimate_interest');
  if (asksConsent && !noticeTellsWithdrawal(notice.text)) {
    flow.space(3);
    flow.paragraph(labels.withdrawal(input.organisation.contactEmail), {
      style: 'bold',
      fontSize: size - 0.5,
    });
  }

  // The heading, the rules and a first row stay together.
  flow.ensure(35);
  flow.heading(labels.choices, 2);
  if (asksConsent) flow.paragraph(labels.consentRule, { fontSize: size - 1 });
  if (asksObjection) flow.paragraph(labels.objectionRule, { fontSize: size - 1 });
  flow.space(1);
  flow.rule();
  const fields = personFieldsHeight(flow, size);
  purposes.forEach((purpose, index) =>
    purposeRow(flow, purpose, labels, size, index === purposes.length - 1 ? fields : 0),
  );
  personFields(flow, labels, size);

  numberPages(doc, { label: (page, total) => labels.footer(input.formReference, page, total), first });
}

/**
 * The type size the form is printed in: smaller type before a second sheet, down to a size still
 * easy to read and fill in; a form that does not fit even then keeps the normal size over several
 * pages. Depends on the form only, so a campaign measures it once for all its letters.
 */
export function consentFormFontSize(input: ConsentFormInput): number {
  const labels: Labels = LABELS[input.lang] ?? LABELS.fr;
  if (input.purposes.length <= ONE_PAGE_PURPOSES) {
    for (const size of FONT_SIZES) {
      if (render(input, labels, size, true).getNumberOfPages() === 1) return size;
    }
  }
  return FONT_SIZES[0];
}

/**
 * Appends the form after what the document holds, from a new page, its pages numbered on their own
 * ("Form ref.: … — page 1/1"), so a letter and its form travel as one file.
 */
export function appendConsentForm(doc: jsPDF, input: ConsentFormInput, size: number): void {
  const labels: Labels = LABELS[input.lang] ?? LABELS.fr;
  doc.addPage('a4', 'portrait');
  draw(doc, input, labels, size, doc.getNumberOfPages());
}

/** `compress: false` leaves the page content readable in the file, for debugging and tests. */
export function consentFormPdf(input: ConsentFormInput, options: { compress?: boolean } = {}): Uint8Array {
  const labels: Labels = LABELS[input.lang] ?? LABELS.fr;
  if (input.purposes.length <= ONE_PAGE_PURPOSES) {
    for (const size of FONT_SIZES) {
      const doc = render(input, labels, size, options.compress);
      if (doc.getNumberOfPages() === 1) return pdfBytes(doc);
    }
  }
  return pdfBytes(render(input, labels, FONT_SIZES[0], options.compress));
}
