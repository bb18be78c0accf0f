/**
 * A letter as PDF bytes (A4, Helvetica), the same in the renderer and in Node: sender top left,
 * recipient on the right where a French window envelope shows it, place and date, reference, bold
 * subject line, the body in paragraphs with page breaks, and "n/total" at the foot of each page.
 *
 * The bytes depend on the input only: the creation date comes from `issuedOn` (or a fixed date)
 * and the document ID is a hash of the input, so the same letter always gives the same file.
 */
import type { jsPDF } from 'jspdf';
import { newPdfDocument, pdfBytes } from './document';
import { numberPages, PdfFlow, setFont, toWinAnsi, wrapText } from './text';

export interface LetterPdfInput {
  senderLines: string[];
  recipientLines: string[];
  /** As it is printed, e.g. 'Paris, le 7 avril 2026'. */
  placeDate: string;
  subject: string;
  body: string;
  reference?: string;
  lang: 'fr' | 'en';
  /** Document title (PDF metadata); default: the subject. */
  title?: string;
  /** 'YYYY-MM-DD' recorded as the PDF creation date; default 2000-01-01. */
  issuedOn?: string;
}

const MARGIN = { top: 20, right: 20, bottom: 22, left: 20 } as const;
/** Left edge and top of the address window of a DL/C5 envelope with the window on the right. */
const RECIPIENT = { x: 110, y: 50, width: 80 } as const;
const SENDER_WIDTH = 85;
const FONT_SIZE = 10.5;

const LABELS = {
  fr: { subject: 'Objet\u00a0: ', reference: 'Réf.\u00a0: ', language: 'fr-FR' },
  en: { subject: 'Subject: ', reference: 'Our ref.: ', language: 'en-GB' },
} as const;

function canonical(input: LetterPdfInput): string {
  return JSON.stringify([
    input.senderLines,
    input.recipientLines,
    input.placeDate,
    input.subject,
    input.body,
    input.reference ?? null,
    input.lang,
    input.title ?? null,
    input.issuedOn ?? null,
  ]);
}

/** Draws address lines top-down from (x, y); returns the y under the block. */
function addressBlock(doc: jsPDF, lines: readonly string[], x: number, y: number, width: number): number {
  const lineHeight = FONT_SIZE * 1.25 * (25.4 / 72);
  let top = y;
  lines.forEach((raw, index) => {
    const style = index === 0 ? 'bold' : 'normal';
    setFont(doc, style, FONT_SIZE);
    for (const line of wrapText(doc, toWinAnsi(raw).replace(/\n/g, ' '), width)) {
      doc.text(line, x, top + FONT_SIZE * 0.8 * (25.4 / 72));
      top += lineHeight;
    }
  });
  return top;
}

/** A new document for a letter (its metadata from the letter); `extra` joins the ID's input. */
export function newLetterDocument(input: LetterPdfInput, compress?: boolean, extra = ''): jsPDF {
  const labels = LABELS[input.lang] ?? LABELS.fr;
  return newPdfDocument({
    issuedOn: input.issuedOn,
    canonical: canonical(input) + extra,
    title: input.title ?? input.subject,
    language: labels.language,
    compress,
  });
}

/** The letter on the document's pages, from the top of its current (empty) page; pages numbered "n/total". */
export function drawLetter(doc: jsPDF, input: LetterPdfInput): void {
  const labels = LABELS[input.lang] ?? LABELS.fr;
  const senderBottom = addressBlock(doc, input.senderLines, MARGIN.left, MARGIN.top, SENDER_WIDTH);
  const recipientBottom = addressBlock(doc, input.recipientLines, RECIPIENT.x, RECIPIENT.y, RECIPIENT.width);

  const flow = new PdfFlow(doc, MARGIN, FONT_SIZE);
  flow.y = Math.max(senderBottom, recipientBottom) + 10;
  flow.paragraph(input.placeDate, { indent: RECIPIENT.x - MARGIN.left });
  flow.space(8);
  if (input.reference) flow.paragraph(labels.reference + input.reference);
  flow.paragraph(labels.subject + input.subject, { style: 'bold' });
  flow.space(6);
  flow.paragraph(input.body);
  numberPages(doc);
}

/** `compress: false` leaves the page content readable in the file, for debugging. */
export function letterPdf(input: LetterPdfInput, options: { compress?: boolean } = {}): Uint8Array {
  const doc = newLetterDocument(input, options.compress);
  drawLetter(doc, input);
  return pdfBytes(doc);
}
