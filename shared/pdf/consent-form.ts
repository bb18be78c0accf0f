/**
 * A printable consent form (A4 PDF) for the purposes a business asks about on paper: organisation
 * header, title, the notice version in full, how to withdraw (Art. 7(3) GDPR, told before the
 * person decides), one row per purpose with empty "Oui" and "Non" boxes (nothing pre-ticked), then
 * lines for name, contact, date and a signature box; every page carries the form reference and
 * "page n/total" so a returned sheet can be tied to the notice version and purposes printed.
 *
 * Same determinism as the letters: creation date from `issuedOn`, document ID from a hash of the
 * input, so the same form always gives the same bytes.
 */
export { consentFormReference } from '../consent/form-reference';
import type { jsPDF } from 'jspdf';
import { formatLongDate } from '../letters/fields';
import { newPdfDocument, pdfBytes } from './document';
import { A4, numberPages, PdfFlow, setFont, textWidth, toWinAnsi } from './text';

export interface ConsentFormInput {
  organisation: { legalName: string; address: string; contactEmail: string; dpoEmail?: string };
  notice: { number: number; title: string; text: string; effectiveOn: string };
  /** Name and description already in the form's language. */
  purposes: { id: string; name: string; description: string }[];
  lang: 'fr' | 'en';
  /** Printed on every page; see `consentFormReference`. */
  formReference: string;
  /** 'YYYY-MM-DD', recorded as the PDF creation date. */
  issuedOn: string;
}

const MARGIN = { top: 18, right: 20, bottom: 22, left: 20 } as const;
const FONT_SIZE = 10;
/** Width of the "[ ] Oui  [ ] Non" column on the right of each purpose row. */
const CHOICE_COLUMN = 38;
const CHOICE_GAP = 4;
const BOX = 4.2;
const ROW_PADDING = 2.5;
const FIELD_ROW = 11;
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
    instructions:
      'Cochez «\u00a0Oui\u00a0» ou «\u00a0Non\u00a0» pour chaque finalité. Une ligne sans réponse vaut refus.',
    yes: 'Oui',
    no: 'Non',
    fullName: 'Nom et prénom\u00a0:',
    contactField: 'E-mail ou téléphone\u00a0:',
    date: 'Date\u00a0:',
    signature: 'Signature\u00a0:',
    footer: (reference: string, page: number, total: number) =>
      `Réf. formulaire\u00a0: ${reference} — page ${page}/${total}`,
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
    instructions: 'Tick “Yes” or “No” for each purpose. A purpose left blank counts as a refusal.',
    yes: 'Yes',
    no: 'No',
    fullName: 'Full name:',
    contactField: 'Email or phone:',
    date: 'Date:',
    signature: 'Signature:',
    footer: (reference: string, page: number, total: number) =>
      `Form ref.: ${reference} — page ${page}/${total}`,
  },
} as const;

type Labels = (typeof LABELS)[keyof typeof LABELS];

function canonical(input: ConsentFormInput): string {
  const { organisation: org, notice } = input;
  return JSON.stringify([
    [org.legalName, org.address, org.contactEmail, org.dpoEmail ?? null],
    [notice.number, notice.title, notice.text, notice.effectiveOn],
    input.purposes.map((purpose) => [purpose.id, purpose.name, purpose.description]),
    input.lang,
    input.formReference,
    input.issuedOn,
  ]);
}

function header(flow: PdfFlow, org: ConsentFormInput['organisation'], labels: Labels): void {
  flow.paragraph(org.legalName, { style: 'bold', fontSize: FONT_SIZE + 2 });
  flow.paragraph(org.address, { fontSize: FONT_SIZE - 1 });
  flow.paragraph(labels.contact + org.contactEmail, { fontSize: FONT_SIZE - 1 });
  if (org.dpoEmail) flow.paragraph(labels.dpo + org.dpoEmail, { fontSize: FONT_SIZE - 1 });
  flow.space(2);
  flow.rule({ width: 0.3, gray: 0 });
  flow.space(2);
}

/** An empty square and its label, the label on the baseline of the purpose name. */
function choiceBox(doc: jsPDF, label: string, x: number, baseline: number): void {
  doc.setLineWidth(0.3);
  doc.rect(x, baseline - BOX + 0.6, BOX, BOX, 'S');
  doc.text(label, x + BOX + 1.5, baseline);
}

function purposeRow(flow: PdfFlow, purpose: ConsentFormInput['purposes'][number], labels: Labels): void {
  const doc = flow.doc;
  const textColumn = flow.textWidth - CHOICE_COLUMN - CHOICE_GAP;
  const nameSize = FONT_SIZE;
  const descriptionSize = FONT_SIZE - 1;
  const height =
    ROW_PADDING * 2 +
    flow.paragraphHeight(purpose.name, { style: 'bold', fontSize: nameSize, width: textColumn }) +
    (purpose.description.trim() === ''
      ? 0
      : flow.paragraphHeight(purpose.description, { fontSize: descriptionSize, width: textColumn }));
  // Keep a row on one page; a description longer than a page can only start at the top of one.
  const page = doc.getNumberOfPages();
  flow.ensure(Math.min(height, A4.height - flow.margins.top - flow.margins.bottom));
  if (doc.getNumberOfPages() !== page) flow.rule();

  flow.space(ROW_PADDING);
  const baseline = flow.baseline(nameSize);
  setFont(doc, 'normal', nameSize);
  const choicesX = flow.margins.left + flow.textWidth - CHOICE_COLUMN;
  choiceBox(doc, labels.yes, choicesX, baseline);
  choiceBox(doc, labels.no, choicesX + CHOICE_COLUMN / 2, baseline);

  flow.paragraph(purpose.name, { style: 'bold', fontSize: nameSize, width: textColumn });
  if (purpose.description.trim() !== '') {
    flow.paragraph(purpose.description, { fontSize: descriptionSize, width: textColumn });
  }
  flow.space(ROW_PADDING);
  flow.rule();
}

/** A label followed by a line to write on, up to `width` mm from the left margin. */
function writingLine(flow: PdfFlow, label: string, width: number): void {
  const doc = flow.doc;
  setFont(doc, 'normal', FONT_SIZE);
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

function personFields(flow: PdfFlow, labels: Labels): void {
  const signatureLabel = flow.lineHeight(FONT_SIZE);
  flow.ensure(FIELD_ROW * 3 + 4 + signatureLabel + SIGNATURE_BOX.height);
  writingLine(flow, labels.fullName, flow.textWidth);
  writingLine(flow, labels.contactField, flow.textWidth);
  writingLine(flow, labels.date, 70);
  flow.space(4);
  flow.paragraph(labels.signature);
  flow.doc.setLineWidth(0.3);
  flow.doc.rect(flow.margins.left, flow.y, SIGNATURE_BOX.width, SIGNATURE_BOX.height, 'S');
  flow.y += SIGNATURE_BOX.height;
}

/** `compress: false` leaves the page content readable in the file, for debugging and tests. */
export function consentFormPdf(input: ConsentFormInput, options: { compress?: boolean } = {}): Uint8Array {
  const labels: Labels = LABELS[input.lang] ?? LABELS.fr;
  const doc = newPdfDocument({
    issuedOn: input.issuedOn,
    canonical: canonical(input),
    title: `${labels.title} — ${input.organisation.legalName}`,
    subject: input.formReference,
    language: labels.language,
    compress: options.compress,
  });

  const flow = new PdfFlow(doc, MARGIN, FONT_SIZE);
  header(flow, input.organisation, labels);
  flow.heading(labels.title);

  const { notice } = input;
  flow.heading(notice.title, 2);
  const effective = formatLongDate(notice.effectiveOn, input.lang) || notice.effectiveOn;
  flow.paragraph(labels.version(notice.number, effective), { fontSize: FONT_SIZE - 1 });
  flow.space(2);
  flow.paragraph(notice.text);
  flow.space(3);
  flow.paragraph(labels.withdrawal(input.organisation.contactEmail), {
    style: 'bold',
    fontSize: FONT_SIZE - 0.5,
  });

  // The heading, the instructions and a first row stay together.
  flow.ensure(35);
  flow.heading(labels.choices, 2);
  flow.paragraph(labels.instructions, { fontSize: FONT_SIZE - 1 });
  flow.space(1);
  flow.rule();
  for (const purpose of input.purposes) purposeRow(flow, purpose, labels);

  flow.space(6);
  personFields(flow, labels);

  numberPages(doc, { label: (page, total) => labels.footer(input.formReference, page, total) });
  return pdfBytes(doc);
}
