/**
 * Text on PDF pages with jsPDF's standard Helvetica, shared by the letters and the archive report:
 * WinAnsi-safe text, measuring and wrapping, and a small top-to-bottom layout (`PdfFlow`) of
 * headings, paragraphs and simple tables with automatic page breaks, then page numbers.
 *
 * The standard fonts are WinAnsi-encoded (Windows-1252): French accents, œ, « », ’ and € are in it;
 * anything else is mapped to a close equivalent by `toWinAnsi` (jsPDF would otherwise switch the
 * whole string to a two-byte encoding that the standard fonts cannot show).
 */
import type { jsPDF } from 'jspdf';

/** A4 portrait, in millimetres (the unit of every document made here). */
export const A4 = { width: 210, height: 297 } as const;

const PT_TO_MM = 25.4 / 72;

// Windows-1252 characters outside Latin-1 (0x80–0x9F).
const CP1252_EXTRA = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');

const SUBSTITUTES: Readonly<Record<string, string>> = {
  '\t': ' ',
  '\u00ad': '', // soft hyphen
  '\u200b': '',
  '\u200c': '',
  '\u200d': '',
  '\u2060': '',
  '\ufeff': '',
  '\u2007': '\u00a0', // figure space
  '\u202f': '\u00a0', // narrow no-break space (French « : ; ! ? »)
  '\u2010': '-',
  '\u2011': '-',
  '\u2012': '–',
  '\u2015': '—',
  '\u2212': '-',
  '\u2044': '/',
  '\u201b': '’',
  '\u201f': '”',
  '\u2032': '’',
  '\u2033': '”',
  '\u2022': '•',
  '\u2023': '•',
  '\u25e6': '•',
  '\u25aa': '•',
  '\u2192': '->',
  '\u2190': '<-',
  '\u2264': '<=',
  '\u2265': '>=',
  '\u2260': '!=',
  ł: 'l',
  Ł: 'L',
  đ: 'd',
  Đ: 'D',
  ı: 'i',
  ħ: 'h',
  Ħ: 'H',
  ŧ: 't',
  Ŧ: 'T',
  ŋ: 'n',
  Ŋ: 'N',
  ẞ: 'SS',
};

function isWinAnsi(char: string): boolean {
  const code = char.codePointAt(0) ?? 0;
  return (code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff) || CP1252_EXTRA.has(char);
}

function substitute(char: string): string {
  const mapped = SUBSTITUTES[char];
  if (mapped !== undefined) return mapped;
  if (char === '\n' || isWinAnsi(char)) return char;
  if (/\p{Cc}|\p{Zl}|\p{Zp}/u.test(char)) return char === '\u2028' || char === '\u2029' ? '\n' : '';
  if (/\p{Zs}/u.test(char)) return ' ';
  // ő → o, ﬁ → fi, Ａ → A: the compatibility decomposition without its accents, when it fits.
  const folded = [...char.normalize('NFKD').replace(/\p{M}+/gu, '')]
    .map((part) => (isWinAnsi(part) ? part : (SUBSTITUTES[part] ?? '?')))
    .join('');
  return folded === '' ? '?' : folded;
}

/**
 * The closest text the standard fonts can show: Windows-1252 characters unchanged, other spaces
 * and dashes to their usual equivalents, accents the encoding lacks dropped (ő → o), anything
 * else '?'. Line feeds are kept; other control characters are removed.
 */
export function toWinAnsi(text: string): string {
  let out = '';
  for (const char of text.normalize('NFC').replace(/\r\n?/g, '\n')) out += substitute(char);
  return out;
}

export type FontStyle = 'normal' | 'bold';

// jsPDF's Helvetica widths (1/100 em) lack these WinAnsi characters and would measure them with a
// default width; values from the Adobe core-font metrics.
const MISSING_WIDTHS: Record<FontStyle, Readonly<Record<number, number>>> = {
  normal: { 0x20ac: 55.6, 0x160: 66.7, 0x152: 100, 0x17d: 61.1, 0x161: 50, 0x153: 94.4, 0x17e: 50 },
  bold: { 0x20ac: 55.6, 0x160: 66.7, 0x152: 100, 0x17d: 61.1, 0x161: 55.6, 0x153: 94.4, 0x17e: 50 },
};

interface Metrics {
  widths: Record<string, number>;
  kerning: Record<string, unknown>;
}

const metricsCache = new WeakMap<object, Metrics>();

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** Widths and kerning of the current font, completed for the whole WinAnsi set. */
function fontMetrics(doc: jsPDF): Metrics | undefined {
  const font = doc.getFont();
  const style: FontStyle = font.fontStyle === 'bold' ? 'bold' : 'normal';
  const metadata: unknown = font.metadata;
  const unicode = isRecord(metadata) ? metadata['Unicode'] : undefined;
  if (!isRecord(unicode) || !isRecord(unicode['widths']) || !isRecord(unicode['kerning'])) return undefined;
  const source = unicode['widths'];
  let metrics = metricsCache.get(source);
  if (!metrics) {
    const widths: Record<string, number> = {};
    for (const [key, value] of Object.entries(source)) if (typeof value === 'number') widths[key] = value;
    const scale = (widths['fof'] ?? 1) / 100;
    for (const [code, width] of Object.entries(MISSING_WIDTHS[style])) widths[code] ??= width * scale;
    if (widths['32'] !== undefined) widths['160'] ??= widths['32']; // no-break space
    metrics = { widths, kerning: unicode['kerning'] };
    metricsCache.set(source, metrics);
  }
  return metrics;
}

export function setFont(doc: jsPDF, style: FontStyle, fontSize: number): void {
  doc.setFont('helvetica', style);
  doc.setFontSize(fontSize);
}

/** Width in mm of WinAnsi text in the current font and size. */
export function textWidth(doc: jsPDF, text: string): number {
  const metrics = fontMetrics(doc);
  const units = metrics ? doc.getStringUnitWidth(text, metrics) : doc.getStringUnitWidth(text);
  return (units * doc.getFontSize()) / doc.internal.scaleFactor;
}

/**
 * WinAnsi text in the current font broken into lines no wider than `width` mm, at spaces (never at
 * a no-break space), inside a word only when it is wider than a line.
 */
export function wrapText(doc: jsPDF, text: string, width: number): string[] {
  const metrics = fontMetrics(doc);
  const lines: unknown = doc.splitTextToSize(text, width, metrics ?? {});
  return Array.isArray(lines) ? lines.map(String) : [String(lines)];
}

export interface Margins {
  top: number;
  right: number;
  bottom: number;
  left: number;
}

export interface ParagraphStyle {
  style?: FontStyle;
  fontSize?: number;
  /** Left offset in mm from the flow's left margin. */
  indent?: number;
  /** Width in mm; default: up to the right margin. */
  width?: number;
}

export interface TableColumn {
  header: string;
  /** Share of the text width (the shares are normalised). */
  weight: number;
}

/**
 * Lays text out from the top of the page down, starting a new page when the next line would cross
 * the bottom margin. Text is passed through `toWinAnsi`. Positions are in mm; `y` is the top of
 * the next line.
 */
export class PdfFlow {
  y: number;

  constructor(
    readonly doc: jsPDF,
    readonly margins: Margins,
    readonly fontSize = 10.5,
    readonly lineFactor = 1.35,
  ) {
    this.y = margins.top;
  }

  get textWidth(): number {
    return A4.width - this.margins.left - this.margins.right;
  }

  lineHeight(fontSize = this.fontSize): number {
    return fontSize * this.lineFactor * PT_TO_MM;
  }

  /** Starts a new page unless `height` mm still fit above the bottom margin. */
  ensure(height: number): void {
    if (this.y + height <= A4.height - this.margins.bottom) return;
    this.doc.addPage('a4', 'portrait');
    this.y = this.margins.top;
  }

  space(height: number): void {
    this.y += height;
  }

  /** The baseline of a line whose top is at `y`: about 0.8 em below it. */
  baseline(fontSize = this.fontSize): number {
    return this.y + fontSize * 0.8 * PT_TO_MM;
  }

  /** A horizontal line across the text width at `y`; gray from 0 (black) to 255. */
  rule({ width = 0.1, gray = 150 }: { width?: number; gray?: number } = {}): void {
    // Everything else is drawn in black: a gray is set for this line only.
    if (gray !== 0) this.doc.setDrawColor(gray);
    this.doc.setLineWidth(width);
    this.doc.line(this.margins.left, this.y, A4.width - this.margins.right, this.y);
    if (gray !== 0) this.doc.setDrawColor(0);
  }

  /** Draws lines top-down; a line is written at its baseline, about 0.8 em below its top. */
  private lines(lines: readonly string[], x: number, fontSize: number, hangingIndent = 0): void {
    const height = this.lineHeight(fontSize);
    lines.forEach((line, index) => {
      this.ensure(height);
      this.doc.text(line, x + (index === 0 ? 0 : hangingIndent), this.baseline(fontSize));
      this.y += height;
    });
  }

  /**
   * A paragraph; each '\n' starts a new line, an empty line adds half a line of space. A line
   * starting with '- ' or '• ' is a list item: its continuation lines align after the marker.
   */
  paragraph(text: string, options: ParagraphStyle = {}): void {
    const style = options.style ?? 'normal';
    const fontSize = options.fontSize ?? this.fontSize;
    const x = this.margins.left + (options.indent ?? 0);
    const width = options.width ?? this.textWidth - (options.indent ?? 0);
    setFont(this.doc, style, fontSize);
    for (const line of toWinAnsi(text).split('\n')) {
      if (line.trim() === '') {
        this.space(this.lineHeight(fontSize) / 2);
        continue;
      }
      const marker = /^\s*[-•–]\s+/.exec(line)?.[0] ?? '';
      const hanging = marker ? textWidth(this.doc, marker) : 0;
      const [first = '', ...rest] = wrapText(this.doc, line.slice(marker.length), width - hanging);
      this.lines([marker + first, ...rest], x, fontSize, hanging);
    }
  }

  /** The height `paragraph` takes for this text (list markers aside), to keep a block on one page. */
  paragraphHeight(text: string, options: ParagraphStyle = {}): number {
    const fontSize = options.fontSize ?? this.fontSize;
    const width = options.width ?? this.textWidth - (options.indent ?? 0);
    const height = this.lineHeight(fontSize);
    setFont(this.doc, options.style ?? 'normal', fontSize);
    return toWinAnsi(text)
      .split('\n')
      .reduce(
        (sum, line) =>
          sum + (line.trim() === '' ? height / 2 : wrapText(this.doc, line, width).length * height),
        0,
      );
  }

  heading(text: string, level: 1 | 2 = 1): void {
    const fontSize = level === 1 ? this.fontSize + 4 : this.fontSize + 1.5;
    this.ensure(this.lineHeight(fontSize) * 2);
    this.space(this.lineHeight(fontSize) / 2);
    this.paragraph(text, { style: 'bold', fontSize });
    this.space(this.lineHeight(fontSize) / 4);
  }

  /** A plain table: bold header row (repeated after a page break), cells wrapped, thin rules. */
  table(
    columns: readonly TableColumn[],
    rows: readonly (readonly string[])[],
    fontSize = this.fontSize - 1.5,
  ): void {
    const total = columns.reduce((sum, column) => sum + column.weight, 0) || 1;
    const padding = 1.5;
    const widths = columns.map((column) => (this.textWidth * column.weight) / total);
    const height = this.lineHeight(fontSize);
    const layout = (cells: readonly string[], style: FontStyle) => {
      setFont(this.doc, style, fontSize);
      const wrapped = widths.map((width, i) =>
        wrapText(this.doc, toWinAnsi(cells[i] ?? '').replace(/\n/g, ' '), width - 2 * padding),
      );
      return {
        style,
        wrapped,
        rowHeight: Math.max(1, ...wrapped.map((lines) => lines.length)) * height + padding,
      };
    };
    const draw = ({ style, wrapped, rowHeight }: ReturnType<typeof layout>): void => {
      setFont(this.doc, style, fontSize);
      let x = this.margins.left;
      wrapped.forEach((lines, i) => {
        lines.forEach((line, n) =>
          this.doc.text(line, x + padding, this.y + padding / 2 + n * height + fontSize * 0.8 * PT_TO_MM),
        );
        x += widths[i] ?? 0;
      });
      this.y += rowHeight;
      this.doc.setLineWidth(0.1);
      this.doc.line(this.margins.left, this.y, this.margins.left + this.textWidth, this.y);
    };
    const header = layout(
      columns.map((column) => column.header),
      'bold',
    );
    this.ensure(header.rowHeight + height + padding);
    draw(header);
    for (const cells of rows) {
      const row = layout(cells, 'normal');
      const page = this.doc.getNumberOfPages();
      this.ensure(row.rowHeight);
      if (this.doc.getNumberOfPages() !== page) draw(header);
      draw(row);
    }
  }
}

/**
 * Writes a footer centred at the foot of every page, once the pages are all there: by default
 * "n/total", or what `label` makes of the page number and the total.
 */
export function numberPages(
  doc: jsPDF,
  {
    label = (page, total) => `${page}/${total}`,
    fontSize = 8,
    fromBottom = 10,
    first = 1,
  }: {
    label?: (page: number, total: number) => string;
    fontSize?: number;
    fromBottom?: number;
    /** The document's page that is page 1 of this part (a form appended to a letter is counted apart). */
    first?: number;
  } = {},
): void {
  const last = doc.getNumberOfPages();
  const total = last - first + 1;
  setFont(doc, 'normal', fontSize);
  for (let page = first; page <= last; page += 1) {
    doc.setPage(page);
    const text = toWinAnsi(label(page - first + 1, total));
    doc.text(text, (A4.width - textWidth(doc, text)) / 2, A4.height - fromBottom);
  }
}
