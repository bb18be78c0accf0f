import { jsPDF } from 'jspdf';
import { describe, expect, it } from 'vitest';
import { numberPages, PdfFlow, setFont, textWidth, toWinAnsi, wrapText } from '../../../../shared/pdf/text';
import { drawnText, pageCount } from './pdf-bytes';

const newDoc = () => new jsPDF({ unit: 'mm', format: 'a4', compress: false, putOnlyUsedFonts: true });
const bytesOf = (doc: jsPDF) => new Uint8Array(doc.output('arraybuffer'));

describe('toWinAnsi', () => {
  it('keeps what Windows-1252 has', () => {
    const french = 'àâäçéèêëîïôöùûüÿÀÇÉÈÊŒœÆæ «\u00a0guillemets\u00a0» l’apostrophe “x” – — … • € ‰ ™';
    expect(toWinAnsi(french)).toBe(french);
    expect(toWinAnsi('ligne 1\nligne 2')).toBe('ligne 1\nligne 2');
  });

  it('maps the rest to close characters', () => {
    expect(toWinAnsi('a\u202f:\u2009b\u2011c\u2212d')).toBe('a\u00a0: b-c-d');
    expect(toWinAnsi('Łódź Őrség ğ ı ﬁ Ａ')).toBe('Lódz Orség g i fi A');
    expect(toWinAnsi('e\u0301')).toBe('é');
    expect(toWinAnsi('😀 ✓ 中')).toBe('? ? ?');
    expect(toWinAnsi('tab\there\r\nnext\u00adline\u0007')).toBe('tab here\nnextline');
  });
});

describe('measuring', () => {
  it('measures œ, € and the no-break space with the real Helvetica widths', () => {
    const doc = newDoc();
    setFont(doc, 'normal', 10);
    const em = (10 * 25.4) / 72;
    expect(textWidth(doc, 'œ')).toBeCloseTo(0.944 * em, 3);
    expect(textWidth(doc, '€')).toBeCloseTo(0.556 * em, 3);
    expect(textWidth(doc, '\u00a0')).toBeCloseTo(textWidth(doc, ' '), 2);
    setFont(doc, 'bold', 10);
    expect(textWidth(doc, 'š')).toBeCloseTo(0.556 * em, 3);
  });

  it('never breaks a line at a no-break space', () => {
    const doc = newDoc();
    setFont(doc, 'normal', 10.5);
    const lines = wrapText(doc, Array.from({ length: 30 }, () => 'mot\u00a0:').join(' '), 40);
    expect(lines.length).toBeGreaterThan(1);
    for (const line of lines) expect(line.startsWith(':')).toBe(false);
  });
});

describe('PdfFlow', () => {
  it('lays out headings, paragraphs and a table over pages, repeating the table header', () => {
    const doc = newDoc();
    const flow = new PdfFlow(doc, { top: 20, right: 20, bottom: 22, left: 20 });
    flow.heading('Rapport de conformité');
    flow.paragraph('Archive signée du 7 avril 2026.\n- un point de liste');
    flow.heading('Demandes', 2);
    const rows = Array.from({ length: 120 }, (_, i) => [
      `DSR-${i + 1}`,
      'Accès',
      'Clôturée, réponse envoyée à temps',
    ]);
    flow.table(
      [
        { header: 'Référence', weight: 1 },
        { header: 'Droit', weight: 1 },
        { header: 'État', weight: 2 },
      ],
      rows,
    );
    numberPages(doc);
    const bytes = bytesOf(doc);
    const pages = pageCount(bytes);
    expect(pages).toBeGreaterThan(1);
    const drawn = drawnText(bytes);
    expect(drawn.filter((text) => text === 'Référence')).toHaveLength(pages);
    expect(drawn).toContain('DSR-120');
    expect(drawn).toContain('Rapport de conformité');
    expect(drawn).toContain(`${pages}/${pages}`);
    expect(flow.y).toBeLessThanOrEqual(297 - 22);
  });
});
