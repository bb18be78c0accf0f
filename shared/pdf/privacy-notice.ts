/**
 * The privacy notice (shared/notice/privacy.ts) as an A4 PDF, to print and display at the counter.
 * Deterministic like the other documents: creation date from the notice's date, ID from its content.
 */
import type { NoticeBlock, PrivacyNotice } from '../notice/privacy';
import { newPdfDocument, pdfBytes } from './document';
import { numberPages, PdfFlow } from './text';

const MARGIN = { top: 18, right: 18, bottom: 20, left: 18 } as const;

function blocks(flow: PdfFlow, list: NoticeBlock[]): void {
  for (const block of list) {
    if (block.kind === 'p') flow.paragraph(block.text);
    else flow.paragraph(block.items.map((item) => `• ${item}`).join('\n'));
    flow.space(flow.lineHeight() / 2);
  }
}

export function privacyNoticePdf(notice: PrivacyNotice, options: { compress?: boolean } = {}): Uint8Array {
  const doc = newPdfDocument({
    issuedOn: notice.generatedOn,
    canonical: JSON.stringify(notice),
    title: notice.title,
    language: notice.lang === 'fr' ? 'fr-FR' : 'en-GB',
    compress: options.compress,
  });
  const flow = new PdfFlow(doc, MARGIN, 10);
  flow.heading(notice.title, 1);
  flow.paragraph(notice.source, { fontSize: 8.5 });
  flow.space(flow.lineHeight());
  for (const section of notice.sections) {
    flow.heading(section.heading, 1);
    blocks(flow, section.blocks);
    for (const sub of section.sub ?? []) {
      flow.heading(sub.heading, 2);
      blocks(flow, sub.blocks);
    }
  }
  numberPages(doc, {
    label: (page, total) => `${notice.title} — ${page}/${total}`,
    fontSize: 7.5,
    fromBottom: 9,
  });
  return pdfBytes(doc);
}
