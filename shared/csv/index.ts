/**
 * CSV files that open cleanly in Excel and LibreOffice: RFC 4180 quoting by papaparse, CRLF line
 * ends, a UTF-8 byte-order mark (without it Excel reads UTF-8 as Windows-1252 and garbles accents),
 * ';' for Excel set up in French, and no formula injection (OWASP "CSV injection").
 */
import Papa from 'papaparse';

export interface CsvColumn {
  key: string;
  header: string;
  /**
   * A phone column for a mailing tool: a number in E.164 form ('+33612345678', digits only) is
   * written as is — it cannot run as a formula, and the tool would reject it with a leading "'".
   */
  e164?: boolean;
}

export interface CsvOptions {
  /** ',' (default) or ';' (Excel in French and most European locales). */
  separator?: ',' | ';';
  /** Start with a UTF-8 byte-order mark (default true). */
  bom?: boolean;
  newline?: '\r\n';
}

const BOM = '\uFEFF';
/**
 * The start of a cell a spreadsheet may read as a formula: = + - @ (and their fullwidth forms
 * ＝ ＋ － ＠, which some spreadsheets fold to ASCII), possibly after blanks, no-break or zero-width
 * spaces or a byte-order mark it skips; or a tab or carriage return.
 */
const FORMULA_START = /^(?:[\s\u00A0\u200B-\u200D\u2060\uFEFF]*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20]|[\t\r])/;
const E164 = /^\+[1-9]\d{6,14}$/;

/**
 * A text cell that a spreadsheet would take for a formula ('=HYPERLINK(…)', '+1', '-1+2', '@SUM',
 * '＝1+2', or one of those after blanks, a tab, a carriage return, a no-break or zero-width space
 * or a byte-order mark) gets a leading "'", which makes it plain text.
 * Only strings: numbers are written as themselves, so -5 stays a number in the spreadsheet.
 */
export function neutraliseFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

function cellText(value: unknown, column: CsvColumn): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return column.e164 && E164.test(value) ? value : neutraliseFormula(value);
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean')
    return String(value);
  throw new TypeError(
    `CSV column '${column.key}': expected a string, number, boolean or nothing, got ${
      value instanceof Date ? 'a Date (format it first)' : typeof value
    }`,
  );
}

/**
 * Rows as CSV text, one column per entry of `columns` (in that order, headed by `header`); every
 * record, the header and the last one included, ends with the newline. Cells are quoted only when needed (separator, quote, line break, leading or trailing space) and
 * neutralised text cells always, as papaparse does for its own `escapeFormulae`.
 * Throws a TypeError on a value that is not a string, number, bigint, boolean, null or undefined.
 */
export function toCsv(
  columns: readonly CsvColumn[],
  rows: readonly Readonly<Record<string, unknown>>[],
  options: CsvOptions = {},
): string {
  const prefix = (options.bom ?? true) ? BOM : '';
  if (columns.length === 0) return prefix;
  const fields = columns.map((column) => neutraliseFormula(column.header));
  const data = rows.map((row) => columns.map((column) => cellText(row[column.key], column)));
  const newline = options.newline ?? '\r\n';
  const csv = Papa.unparse([fields, ...data], {
    delimiter: options.separator ?? ',',
    newline,
    quotes: (value: unknown) =>
      typeof value === 'string' && value.startsWith("'") && FORMULA_START.test(value.slice(1)),
    header: false,
    skipEmptyLines: false,
    escapeFormulae: false,
  });
  return prefix + csv + newline;
}

/**
 * 'Demandes RGPD', '2026-04-07' → 'Demandes-RGPD-2026-04-07.csv': letters (accents dropped),
 * digits, '.', '_' and '-' only, so the name is safe on every system and in a ZIP.
 */
export function csvFileName(base: string, date: string): string {
  const safe = (text: string): string =>
    text
      .normalize('NFKD')
      .replace(/\p{M}+/gu, '')
      .replace(/[^A-Za-z0-9._-]+/g, '-')
      .replace(/-{2,}/g, '-')
      .replace(/^[-.]+|[-.]+$/g, '');
  const name = safe(base) || 'export';
  const day = safe(date);
  return `${day ? `${name}-${day}` : name}.csv`;
}
