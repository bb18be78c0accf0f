/**
 * The record of processing activities (Art. 30 GDPR) as a printable A4 register, laid out like the
 * CNIL's model: a cover with the controller and the list of activities, then one sheet per
 * activity with each heading of Art. 30(1) beside its content, and "page n/total" on every page.
 *
 * Field labels and values come already in the document's language from the caller (the same text
 * as the CSV and the history); only the register's own words are here. Deterministic like the
 * letters: creation date from `issuedOn`, document ID from a hash of the input.
 */
import { formatLongDate } from '../letters/fields';
import { newPdfDocument, pdfBytes } from './document';
import type { PdfOrganisation } from './organisation';
import { numberPages, PdfFlow, setFont, toWinAnsi, wrapText } from './text';

export interface RegisterPdfInput {
  organisation: PdfOrganisation;
  lang: 'fr' | 'en';
  /** 'YYYY-MM-DD': the date the register is printed, recorded as the PDF creation date. */
  issuedOn: string;
  entries: {
    name: string;
    active: boolean;
    /** 'YYYY-MM-DD' */
    createdOn: string;
    updatedOn: string;
    fields: { label: string; value: string }[];
  }[];
}

const MARGIN = { top: 18, right: 16, bottom: 20, left: 16 } as const;
const FONT_SIZE = 9.5;
const LABEL_COLUMN = 52;
const PADDING = 1.6;

const LABELS = {
  fr: {
    language: 'fr-FR',
    title: 'Registre des activités de traitement',
    article: 'Article 30, paragraphe 1, du règlement général sur la protection des données (RGPD)',
    controller: 'Responsable du traitement',
    contact: 'Contact\u00a0: ',
    dpo: 'Délégué à la protection des données\u00a0: ',
    issued: (date: string, count: number) =>
      `Établi le ${date} — ${count} activité${count > 1 ? 's' : ''} de traitement`,
    activities: 'Activités de traitement',
    number: 'N°',
    activity: 'Activité',
    status: 'Statut',
    updated: 'Mise à jour',
    inUse: 'En cours',
    ended: 'Terminée',
    sheet: (number: number, name: string) => `Fiche n°\u00a0${number} — ${name}`,
    dates: (created: string, updated: string) => `Créée le ${created} — mise à jour le ${updated}`,
    none: '—',
    footer: (org: string, page: number, total: number) =>
      `${org} — Registre des activités de traitement — page ${page}/${total}`,
  },
  en: {
    language: 'en-GB',
    title: 'Record of processing activities',
    article: 'Article 30(1) of the General Data Protection Regulation (GDPR)',
    controller: 'Controller',
    contact: 'Contact: ',
    dpo: 'Data protection officer: ',
    issued: (date: string, count: number) =>
      `Drawn up on ${date} — ${count} processing activit${count === 1 ? 'y' : 'ies'}`,
    activities: 'Processing activities',
    number: 'No.',
    activity: 'Activity',
    status: 'Status',
    updated: 'Updated',
    inUse: 'In use',
    ended: 'Ended',
    sheet: (number: number, name: string) => `Sheet ${number} — ${name}`,
    dates: (created: string, updated: string) => `Created on ${created} — updated on ${updated}`,
    none: '—',
    footer: (org: string, page: number, total: number) =>
      `${org} — Record of processing activities — page ${page}/${total}`,
  },
} as const;

type Labels = (typeof LABELS)[keyof typeof LABELS];

function wrapped(flow: PdfFlow, text: string, style: 'normal' | 'bold', width: number): string[] {
  setFont(flow.doc, style, FONT_SIZE);
  return toWinAnsi(text)
    .split('\n')
    .flatMap((line) => (line.trim() === '' ? [] : wrapText(flow.doc, line, width)));
}

/**
 * One heading of the sheet beside its content; each line of the content (a list item) starts a
 * new line. A row taller than what is left of the page continues on the next one.
 */
function fieldRow(flow: PdfFlow, label: string, value: string, none: string): void {
  const doc = flow.doc;
  const valueWidth = flow.textWidth - LABEL_COLUMN - 2 * PADDING;
  const labelLines = wrapped(flow, label, 'bold', LABEL_COLUMN - 2 * PADDING);
  const valueLines = wrapped(flow, value, 'normal', valueWidth);
  if (valueLines.length === 0) valueLines.push(none);
  const height = flow.lineHeight(FONT_SIZE);
  const rows = Math.max(labelLines.length, valueLines.length);
  flow.ensure(Math.min(rows, 4) * height + 2 * PADDING);
  flow.space(PADDING);
  for (let i = 0; i < rows; i += 1) {
    flow.ensure(height);
    const baseline = flow.baseline(FONT_SIZE);
    const labelLine = labelLines[i];
    if (labelLine !== undefined) {
      setFont(doc, 'bold', FONT_SIZE);
      doc.text(labelLine, flow.margins.left + PADDING, baseline);
    }
    const valueLine = valueLines[i];
    if (valueLine !== undefined) {
      setFont(doc, 'normal', FONT_SIZE);
      doc.text(valueLine, flow.margins.left + LABEL_COLUMN + PADDING, baseline);
    }
    flow.y += height;
  }
  flow.space(PADDING);
  flow.rule();
}

function cover(flow: PdfFlow, input: RegisterPdfInput, labels: Labels): void {
  const { organisation: org } = input;
  flow.paragraph(labels.title, { style: 'bold', fontSize: FONT_SIZE + 7 });
  flow.paragraph(labels.article, { fontSize: FONT_SIZE - 1 });
  flow.space(4);
  flow.heading(labels.controller, 2);
  flow.paragraph(org.legalName, { style: 'bold' });
  flow.paragraph(org.address);
  flow.paragraph(labels.contact + org.contactEmail);
  if (org.dpoEmail) flow.paragraph(labels.dpo + org.dpoEmail);
  flow.space(3);
  const issued = formatLongDate(input.issuedOn, input.lang) || input.issuedOn;
  flow.paragraph(labels.issued(issued, input.entries.length), { fontSize: FONT_SIZE - 0.5 });
  flow.heading(labels.activities, 2);
  flow.table(
    [
      { header: labels.number, weight: 0.5 },
      { header: labels.activity, weight: 4 },
      { header: labels.status, weight: 1.2 },
      { header: labels.updated, weight: 1.8 },
    ],
    input.entries.map((entry, index) => [
      String(index + 1),
      entry.name,
      entry.active ? labels.inUse : labels.ended,
      formatLongDate(entry.updatedOn, input.lang) || entry.updatedOn,
    ]),
  );
}

function sheet(
  flow: PdfFlow,
  entry: RegisterPdfInput['entries'][number],
  index: number,
  input: RegisterPdfInput,
  labels: Labels,
): void {
  flow.doc.addPage('a4', 'portrait');
  flow.y = flow.margins.top;
  const title = labels.sheet(index + 1, entry.active ? entry.name : `${entry.name} (${labels.ended})`);
  flow.paragraph(title, { style: 'bold', fontSize: FONT_SIZE + 4 });
  const created = formatLongDate(entry.createdOn, input.lang) || entry.createdOn;
  const updated = formatLongDate(entry.updatedOn, input.lang) || entry.updatedOn;
  flow.paragraph(labels.dates(created, updated), { fontSize: FONT_SIZE - 1 });
  flow.space(2);
  flow.rule({ width: 0.4, gray: 0 });
  for (const field of entry.fields) fieldRow(flow, field.label, field.value, labels.none);
}

/** `compress: false` leaves the page content readable in the file, for debugging and tests. */
export function registerPdf(input: RegisterPdfInput, options: { compress?: boolean } = {}): Uint8Array {
  const labels: Labels = LABELS[input.lang] ?? LABELS.fr;
  const doc = newPdfDocument({
    issuedOn: input.issuedOn,
    canonical: JSON.stringify(input),
    title: `${labels.title} — ${input.organisation.legalName}`,
    language: labels.language,
    compress: options.compress,
  });
  const flow = new PdfFlow(doc, MARGIN, FONT_SIZE);
  cover(flow, input, labels);
  input.entries.forEach((entry, index) => sheet(flow, entry, index, input, labels));
  numberPages(doc, {
    label: (page, total) => labels.footer(input.organisation.legalName, page, total),
    fontSize: 7.5,
    fromBottom: 9,
  });
  return pdfBytes(doc);
}
