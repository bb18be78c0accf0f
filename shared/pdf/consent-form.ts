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
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { jsPDF } from 'jspdf';
import { civilFromDay, parseIsoDate } from '../deadlines/calendar';
import { formatLongDate } from '../letters/fields';
import { A4, PdfFlow, setFont, textWidth, toWinAnsi, wrapText } from './text';

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
const PT_TO_MM = 25.4 / 72;
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

/** A PDF date at midnight UTC; jsPDF accepts years 1970–2037 only, so others fall back to 2000-01-01. */
function pdfDate(issuedOn: string): string {
  const day = parseIsoDate(issuedOn);
  const year = day === undefined ? 0 : civilFromDay(day).year;
  const date = year >= 1970 && year <= 2037 ? issuedOn : '2000-01-01';
  return `D:${date.replace(/-/g, '')}000000+00'00'`;
}

function fileId(input: ConsentFormInput): string {
  const { organisation: org, notice } = input;
  const canonical = JSON.stringify([
    [org.legalName, org.address, org.contactEmail, org.dpoEmail ?? null],
    [notice.number, notice.title, notice.text, notice.effectiveOn],
    input.purposes.map((purpose) => [purpose.id, purpose.name, purpose.description]),
    input.lang,
    input.formReference,
    input.issuedOn,
  ]);
  return bytesToHex(sha256(utf8ToBytes(canonical)))
    .slice(0, 32)
    .toUpperCase();
}

/** The height `PdfFlow.paragraph` will take for this text in this font and width (list markers aside). */
function paragraphHeight(
  flow: PdfFlow,
  text: string,
  style: 'normal' | 'bold',
  fontSize: number,
  width: number,
): number {
  setFont(flow.doc, style, fontSize);
  const height = flow.lineHeight(fontSize);
  return toWinAnsi(text)
    .split('\n')
    .reduce(
      (sum, line) =>
        sum + (line.trim() === '' ? height / 2 : wrapText(flow.doc, line, width).length * height),
      0,
    );
}

function header(flow: PdfFlow, org: ConsentFormInput['organisation'], labels: Labels): void {
  flow.paragraph(org.legalName, { style: 'bold', fontSize: FONT_SIZE + 2 });
  flow.paragraph(org.address, { fontSize: FONT_SIZE - 1 });
  flow.paragraph(labels.contact + org.contactEmail, { fontSize: FONT_SIZE - 1 });
  if (org.dpoEmail) flow.paragraph(labels.dpo + org.dpoEmail, { fontSize: FONT_SIZE - 1 });
  flow.space(2);
  flow.doc.setLineWidth(0.3);
  flow.doc.line(flow.margins.left, flow.y, A4.width - flow.margins.right, flow.y);
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
    paragraphHeight(flow, purpose.name, 'bold', nameSize, textColumn) +
    (purpose.description.trim() === ''
      ? 0
      : paragraphHeight(flow, purpose.description, 'normal', descriptionSize, textColumn));
  // Keep a row on one page; a description longer than a page can only start at the top of one.
  const page = doc.getNumberOfPages();
  flow.ensure(Math.min(height, A4.height - flow.margins.top - flow.margins.bottom));
  if (doc.getNumberOfPages() !== page) rule(flow);

  flow.space(ROW_PADDING);
  const baseline = flow.y + nameSize * 0.8 * PT_TO_MM;
  setFont(doc, 'normal', nameSize);
  const choicesX = flow.margins.left + flow.textWidth - CHOICE_COLUMN;
  choiceBox(doc, labels.yes, choicesX, baseline);
  choiceBox(doc, labels.no, choicesX + CHOICE_COLUMN / 2, baseline);

  flow.paragraph(purpose.name, { style: 'bold', fontSize: nameSize, width: textColumn });
  if (purpose.description.trim() !== '') {
    flow.paragraph(purpose.description, { fontSize: descriptionSize, width: textColumn });
  }
  flow.space(ROW_PADDING);
  rule(flow);
}

function rule(flow: PdfFlow): void {
  flow.doc.setDrawColor(150);
  flow.doc.setLineWidth(0.1);
  flow.doc.line(flow.margins.left, flow.y, A4.width - flow.margins.right, flow.y);
  flow.doc.setDrawColor(0);
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

function footers(doc: jsPDF, labels: Labels, reference: string): void {
  const total = doc.getNumberOfPages();
  setFont(doc, 'normal', 8);
  for (let page = 1; page <= total; page += 1) {
    doc.setPage(page);
    const label = toWinAnsi(labels.footer(reference, page, total));
    doc.text(label, (A4.width - textWidth(doc, label)) / 2, A4.height - 10);
  }
}

/** `compress: false` leaves the page content readable in the file, for debugging and tests. */
export function consentFormPdf(input: ConsentFormInput, options: { compress?: boolean } = {}): Uint8Array {
  const labels: Labels = LABELS[input.lang] ?? LABELS.fr;
  const doc = new jsPDF({
    orientation: 'portrait',
    unit: 'mm',
    format: 'a4',
    compress: options.compress ?? true,
    putOnlyUsedFonts: true,
  });
  doc.setCreationDate(pdfDate(input.issuedOn));
  doc.setFileId(fileId(input));
  doc.setDocumentProperties({
    title: toWinAnsi(`${labels.title} — ${input.organisation.legalName}`),
    subject: toWinAnsi(input.formReference),
    creator: 'RGPD Desk',
  });
  doc.setLanguage(labels.language);

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
  rule(flow);
  for (const purpose of input.purposes) purposeRow(flow, purpose, labels);

  flow.space(6);
  personFields(flow, labels);

  footers(doc, labels, input.formReference);
  return new Uint8Array(doc.output('arraybuffer'));
}
