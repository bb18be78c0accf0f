/**
 * The receipt a customer takes away from the counter kiosk: one A4 page with the organisation, the
 * date, each purpose and the choice made, the notice version and the form reference, printed and as
 * a QR code. It names nobody: the reference alone ties it to the record, so a lost receipt reveals
 * nothing about who made the choices.
 */
import QRCode from 'qrcode';
import { newPdfDocument, pdfBytes } from './document';
import { A4, PdfFlow } from './text';

export interface KioskReceiptInput {
  lang: 'fr' | 'en';
  /** 'YYYY-MM-DD' */
  issuedOn: string;
  /** Every label already in the receipt's language. */
  labels: {
    title: string;
    organisation: string;
    date: string;
    choices: string;
    notice: string;
    reference: string;
    hint: string;
    footer: string;
  };
  choices: { purpose: string; choice: string }[];
  reference: string;
}

const MARGIN = { top: 20, right: 20, bottom: 20, left: 20 } as const;

/** The QR code's modules as filled squares, `size` mm wide, top-left at (x, y). */
function drawQr(flow: PdfFlow, text: string, x: number, size: number): void {
  const qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const count = qr.modules.size;
  const cell = size / (count + 8); // a quiet zone of four modules on each side
  const top = flow.y;
  flow.doc.setFillColor(0, 0, 0);
  for (let row = 0; row < count; row += 1)
    for (let col = 0; col < count; col += 1)
      if (qr.modules.get(row, col))
        flow.doc.rect(x + (col + 4) * cell, top + (row + 4) * cell, cell, cell, 'F');
  flow.y = top + size;
}

export function kioskReceiptPdf(input: KioskReceiptInput, options: { compress?: boolean } = {}): Uint8Array {
  const doc = newPdfDocument({
    issuedOn: input.issuedOn,
    canonical: JSON.stringify(input),
    title: input.labels.title,
    subject: input.reference,
    language: input.lang === 'fr' ? 'fr-FR' : 'en-GB',
    compress: options.compress,
  });
  const flow = new PdfFlow(doc, MARGIN, 11);
  flow.paragraph(input.labels.organisation, { style: 'bold', fontSize: 13 });
  flow.heading(input.labels.title, 1);
  flow.paragraph(input.labels.date);
  flow.space(4);
  flow.heading(input.labels.choices, 2);
  flow.paragraph(
    input.choices
      .map(({ purpose, choice }) => `• ${purpose}${input.lang === 'fr' ? ' : ' : ': '}${choice}`)
      .join('\n'),
  );
  flow.space(4);
  flow.paragraph(input.labels.notice, { fontSize: 9.5 });
  flow.space(6);
  flow.paragraph(input.labels.reference, { style: 'bold', fontSize: 14 });
  flow.paragraph(input.labels.hint, { fontSize: 9 });
  flow.space(2);
  drawQr(flow, input.reference, (A4.width - 45) / 2, 45);
  flow.space(6);
  flow.paragraph(input.labels.footer, { fontSize: 9 });
  return pdfBytes(doc);
}
