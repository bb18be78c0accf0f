/**
 * Consents kept in a spreadsheet, read from the file a shop really has: a CSV as Excel or
 * LibreOffice writes it, or an .xlsx sheet (read by read-excel-file in the renderer, then turned into
 * the same table here). bytes → text → table; the rows are checked in import-rows.ts and the people
 * matched in import-match.ts. Nothing here stores anything.
 *
 * A file is hostile until read: its size is checked before it is read, one malformed row is one
 * refused row (with its line), never a refused file; only a file that is not a table at all gets a
 * single message saying what was expected.
 */

/** Larger files are refused before being read (a spreadsheet of 100,000 rows is about 10 MB). */
export const IMPORT_MAX_BYTES = 50 * 1024 * 1024;
/** Rows beyond this are not read: memory stays bounded whatever the file holds. */
export const IMPORT_MAX_ROWS = 200_000;

export const IMPORT_ERROR_CODES = [
  /** Nothing in the file, or only blank lines. */
  'empty',
  /** A header row and nothing under it. */
  'headerOnly',
  /** UTF-16 text (Excel's "Unicode text"): the user is asked to save as CSV UTF-8. */
  'utf16',
  /** Control bytes: not a text file (a picture, a PDF, an old .xls…). */
  'binary',
  /** An old Excel workbook (.xls): save it as .xlsx or CSV. */
  'xls',
  'tooLarge',
  /** A text without separators: one column cannot tell people from their decisions. */
  'notTable',
  /** An .xlsx that cannot be opened, or a sheet that does not exist. */
  'badWorkbook',
] as const;
export type ImportErrorCode = (typeof IMPORT_ERROR_CODES)[number];

/** The whole file cannot be used; `message` is the i18n key `import.errors.<code>`. */
export class ImportError extends Error {
  override readonly name = 'ImportError';

  constructor(readonly code: ImportErrorCode) {
    super(`import.errors.${code}`);
  }
}

/** Refused before reading: a 200 MB file never reaches memory. */
export function checkImportSize(size: number): void {
  if (size > IMPORT_MAX_BYTES) throw new ImportError('tooLarge');
}

export type FileKind = 'xlsx' | 'text';

/** What the first bytes say the file is; a ZIP is taken for a workbook (an .xlsx is a ZIP). */
export function sniffFile(head: Uint8Array): FileKind {
  if (head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04) return 'xlsx';
  if (head[0] === 0xd0 && head[1] === 0xcf && head[2] === 0x11 && head[3] === 0xe0)
    throw new ImportError('xls');
  return 'text';
}

const UTF8_BOM = [0xef, 0xbb, 0xbf] as const;

/** Windows-1252 for bytes 0x80–0x9F (the WHATWG table); every other byte is its own code point. */
const WINDOWS_1252_80_9F = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d,
  0x17d, 0x8f, 0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a,
  0x153, 0x9d, 0x17e, 0x178,
];

/**
 * By table rather than with TextDecoder('windows-1252'): Node 20's decoder reads it as Latin-1, so
 * "€", "’", "œ", "Œ" came out as control characters (nodejs/node#56542).
 */
function decodeWindows1252(bytes: Uint8Array): string {
  const CHUNK = 8192;
  const parts: string[] = [];
  for (let start = 0; start < bytes.length; start += CHUNK) {
    const codes = Array.from(bytes.subarray(start, start + CHUNK), (byte) =>
      byte >= 0x80 && byte <= 0x9f ? (WINDOWS_1252_80_9F[byte - 0x80] ?? byte) : byte,
    );
    parts.push(String.fromCharCode(...codes));
  }
  return parts.join('');
}

/** UTF-16 by its byte-order mark, or by the NUL byte beside every ASCII character it writes. */
function looksUtf16(bytes: Uint8Array): boolean {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) return true;
  const sample = Math.min(bytes.length, 512);
  let zeros = 0;
  for (let i = 0; i < sample; i += 1) if (bytes[i] === 0) zeros += 1;
  return sample >= 4 && zeros >= sample / 4;
}

/** Control characters no spreadsheet writes in a CSV (tab, line breaks and form feed excepted). */
// eslint-disable-next-line no-control-regex -- control characters are exactly what is looked for
const BINARY = /[\u0000-\u0008\u000E-\u001A\u001C-\u001F]/;

/**
 * A CSV file's text. Spreadsheets write UTF-8 (with or without a byte-order mark) or, Excel on
 * Windows in "CSV (separator: semicolon)", Windows-1252: bytes that are not valid UTF-8 are read
 * as Windows-1252 (which also covers ISO-8859-1). The byte-order mark is dropped. Throws
 * ImportError 'utf16' or 'binary' for what is not a text a spreadsheet writes as CSV.
 */
export function decodeCsvBytes(bytes: Uint8Array): { text: string; encoding: 'utf-8' | 'windows-1252' } {
  if (looksUtf16(bytes)) throw new ImportError('utf16');
  const bom = UTF8_BOM.every((byte, index) => bytes[index] === byte);
  const body = bom ? bytes.subarray(UTF8_BOM.length) : bytes;
  let decoded: { text: string; encoding: 'utf-8' | 'windows-1252' };
  try {
    decoded = {
      text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(body),
      encoding: 'utf-8',
    };
  } catch {
    decoded = { text: decodeWindows1252(body), encoding: 'windows-1252' };
  }
  if (BINARY.test(decoded.text.slice(0, 65_536))) throw new ImportError('binary');
  return decoded;
}

/** Why a row of the file could not be read as cells; the row is refused, the file is not. */
export const CELL_PROBLEMS = [
  /** More cells than headers: typically an unquoted formula holding the separator. */
  'import.reasons.extraCells',
  /** A quote left open or closed in the middle of a cell. */
  'import.reasons.badQuotes',
] as const;
export type CellProblem = (typeof CELL_PROBLEMS)[number];

export type Separator = ',' | ';' | '\t';

export type CsvTable = {
  /** Absent for a sheet of a workbook. */
  separator?: Separator;
  /** The first non-blank row, each cell trimmed; a repeated name gets " (2)", " (3)"… */
  headers: string[];
  /** The following non-blank rows, cells as written (a row may be shorter than the header). */
  rows: string[][];
  /** For each row, the 1-based line of the file it starts on (the header is usually line 1). */
  lines: number[];
  /** Rows that could not be split into cells, with their line. */
  broken: { line: number; reason: CellProblem; text: string }[];
  /** True when the file had more than IMPORT_MAX_ROWS rows and the rest was not read. */
  truncated: boolean;
};

/** A quoted cell spanning more line breaks than this is taken for a quote left open. */
const MAX_QUOTED_LINE_BREAKS = 20;

const countBreaks = (text: string): number => (text.match(/\r\n|\r|\n/g) ?? []).length;

type RawRecord = { cells: string[]; line: number; problem?: CellProblem; text: string };

/**
 * Split a CSV text into records, tolerating what hand-edited spreadsheets contain: CRLF, CR and LF
 * mixed; quotes inside an unquoted cell kept as written; a quote that is left open or closes in the
 * middle of a cell makes that record broken, and reading starts again on the next line, so a
 * single stray quote never swallows the rest of the file.
 */
function* records(text: string, separator: Separator): Generator<RawRecord> {
  const length = text.length;
  let position = 0;
  let line = 1;
  while (position < length) {
    const start = position;
    const startLine = line;
    const cells: string[] = [];
    let problem: CellProblem | undefined;
    let ended = false;
    while (!ended && !problem) {
      if (text[position] === '"') {
        // A quoted cell: "" is a quote; the closing quote must be followed by a separator or line end.
        position += 1;
        let value = '';
        let breaks = 0;
        for (;;) {
          const quote = text.indexOf('"', position);
          if (quote < 0) {
            problem = 'import.reasons.badQuotes';
            break;
          }
          const chunk = text.slice(position, quote);
          breaks += countBreaks(chunk);
          if (breaks > MAX_QUOTED_LINE_BREAKS) {
            problem = 'import.reasons.badQuotes';
            break;
          }
          value += chunk;
          if (text[quote + 1] === '"') {
            value += '"';
            position = quote + 2;
            continue;
          }
          position = quote + 1;
          break;
        }
        if (problem) break;
        cells.push(value);
        const next = text[position];
        if (next === separator) position += 1;
        else if (next === undefined || next === '\r' || next === '\n') ended = true;
        else problem = 'import.reasons.badQuotes';
      } else {
        let end = position;
        while (end < length) {
          const char = text[end];
          if (char === separator || char === '\r' || char === '\n') break;
          end += 1;
        }
        cells.push(text.slice(position, end));
        position = end;
        if (text[position] === separator) position += 1;
        else ended = true;
      }
      if (ended) {
        if (text[position] === '\r' && text[position + 1] === '\n') position += 2;
        else if (position < length) position += 1;
      }
    }
    if (problem) {
      // Start again on the line after the one the record began on.
      const lineEnd = text.slice(start).search(/\r\n|\r|\n/);
      if (lineEnd < 0) position = length;
      else {
        position = start + lineEnd + (text.startsWith('\r\n', start + lineEnd) ? 2 : 1);
      }
      line = startLine + 1;
      yield { cells: [], line: startLine, problem, text: text.slice(start, start + Math.max(lineEnd, 0)) };
      if (lineEnd < 0) return;
      continue;
    }
    line = startLine + countBreaks(text.slice(start, position));
    yield { cells, line: startLine, text: '' };
  }
}

const isBlank = (row: readonly string[]): boolean => row.every((cell) => cell.trim() === '');

/** Counts of each candidate separator outside quotes in the first line; the most frequent wins. */
function guessSeparator(text: string): Separator | undefined {
  const firstLine = text.replace(/^(?:[ \t]*(?:\r\n|\r|\n))+/, '').split(/\r\n|\r|\n/, 1)[0] ?? '';
  const outside = firstLine.replace(/"(?:[^"]|"")*"/g, '');
  const counts: [Separator, number][] = [
    [';', outside.split(';').length - 1],
    ['\t', outside.split('\t').length - 1],
    [',', outside.split(',').length - 1],
  ];
  const best = counts.reduce((a, b) => (b[1] > a[1] ? b : a));
  return best[1] > 0 ? best[0] : undefined;
}

/** Repeated header names get " (2)", " (3)"… so that every column can be told apart when mapping. */
export function distinctHeaders(headers: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return headers.map((header) => {
    const key = header.toLowerCase();
    const count = (seen.get(key) ?? 0) + 1;
    seen.set(key, count);
    return header === '' || count === 1 ? header : `${header} (${count})`;
  });
}

/** Leading and trailing blanks, no-break and zero-width spaces and byte-order marks. */
export function trimCell(text: string): string {
  return text.replace(/^[\s\u00A0\u200B-\u200D\u2060\uFEFF]+|[\s\u00A0\u200B-\u200D\u2060\uFEFF]+$/g, '');
}

function tableOf(
  rowsIn: Iterable<{ cells: string[]; line: number; problem?: CellProblem; text: string }>,
  separator: Separator | undefined,
): CsvTable {
  let headers: string[] | undefined;
  /** The header's width with its trailing empty cells: spreadsheets write every row that wide. */
  let width = 0;
  const rows: string[][] = [];
  const lines: number[] = [];
  const broken: CsvTable['broken'] = [];
  let truncated = false;
  for (const record of rowsIn) {
    if (!headers) {
      if (record.problem) {
        // A header that cannot be read: nothing under it can be either.
        throw new ImportError('notTable');
      }
      if (isBlank(record.cells)) continue;
      headers = distinctHeaders(record.cells.map(trimCell));
      width = headers.length;
      // Excel writes bare separators after the last column of a table narrower than the sheet.
      while (headers.length > 0 && headers[headers.length - 1] === '') headers.pop();
      continue;
    }
    if (rows.length + broken.length >= IMPORT_MAX_ROWS) {
      truncated = true;
      break;
    }
    if (record.problem) {
      broken.push({ line: record.line, reason: record.problem, text: record.text });
      continue;
    }
    if (isBlank(record.cells)) continue;
    let cells = record.cells;
    if (cells.length > headers.length) {
      // A separator inside an unquoted cell (a hand-typed formula) shifts the row by one cell or more.
      if (cells.length > width || !isBlank(cells.slice(headers.length))) {
        broken.push({
          line: record.line,
          reason: 'import.reasons.extraCells',
          text: cells.join(separator ?? ' '),
        });
        continue;
      }
      cells = cells.slice(0, headers.length);
    }
    rows.push(cells);
    lines.push(record.line);
  }
  if (!headers) throw new ImportError('empty');
  if (headers.length < 2) throw new ImportError('notTable');
  if (rows.length === 0 && broken.length === 0) throw new ImportError('headerOnly');
  return { separator, headers, rows, lines, broken, truncated };
}

/**
 * Rows of a CSV text separated by ';', ',' or tab (guessed from the header line); blank lines and
 * lines of bare separators (what Excel writes for an empty row) are skipped. A row that cannot be
 * split into cells, or has more non-empty cells than the header, is listed in `broken` with its
 * line. Throws ImportError: 'empty' (no header), 'notTable' (no separator in the header),
 * 'headerOnly', 'binary' (NUL and other control characters).
 */
export function parseCsvTable(text: string): CsvTable {
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  if (BINARY.test(body.slice(0, 65_536))) throw new ImportError('binary');
  if (body.trim() === '') throw new ImportError('empty');
  const separator = guessSeparator(body);
  if (!separator) {
    const lines = body.split(/\r\n|\r|\n/).filter((line) => line.trim() !== '');
    throw new ImportError(lines.length <= 1 ? 'headerOnly' : 'notTable');
  }
  return tableOf(records(body, separator), separator);
}

/** A cell as read-excel-file gives it. */
export type SheetCell = string | number | boolean | Date | null | undefined;

const pad = (n: number): string => String(n).padStart(2, '0');

/**
 * A workbook cell as text: a date cell (a Date, read by its UTC fields as read-excel-file builds
 * it) as 'YYYY-MM-DD', or 'YYYY-MM-DD HH:MM' when it has a time; numbers as written, without
 * exponent; booleans as 'true'/'false' (read as yes/no decisions).
 */
export function sheetCellText(cell: SheetCell): string {
  if (cell === null || cell === undefined) return '';
  if (cell instanceof Date) {
    if (Number.isNaN(cell.getTime())) return '';
    const day = `${cell.getUTCFullYear()}-${pad(cell.getUTCMonth() + 1)}-${pad(cell.getUTCDate())}`;
    const minutes = cell.getUTCHours() * 60 + cell.getUTCMinutes();
    return minutes === 0 ? day : `${day} ${pad(cell.getUTCHours())}:${pad(cell.getUTCMinutes())}`;
  }
  if (typeof cell === 'number') return Number.isInteger(cell) ? cell.toFixed(0) : String(cell);
  return String(cell);
}

/** A workbook sheet (rows of cells, row 1 first) as the same table a CSV gives; line = sheet row. */
export function sheetTable(data: readonly (readonly SheetCell[])[]): CsvTable {
  function* rowsOf() {
    for (let index = 0; index < data.length; index += 1) {
      yield { cells: (data[index] ?? []).map(sheetCellText), line: index + 1, text: '' };
    }
  }
  return tableOf(rowsOf(), undefined);
}
