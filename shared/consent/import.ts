/**
 * Consents kept in a spreadsheet, read from its CSV export: bytes → text → table → checked rows.
 * Nothing here stores anything: the user sees the valid rows and the rejected ones (with their
 * line in the file and a reason key the UI translates) and confirms before the events are written.
 */
import Papa from 'papaparse';
import { parseIsoDate } from '../deadlines/calendar';
import { subjectInputSchema } from '../domain/subject';
import { foldText } from '../text/normalize';
import type { Decision, Purpose } from './model';

export const IMPORT_ERROR_CODES = ['unreadable'] as const;
export type ImportErrorCode = (typeof IMPORT_ERROR_CODES)[number];

/** The whole file cannot be used; `message` is the i18n key `import.<code>`. */
export class ImportError extends Error {
  override readonly name = 'ImportError';

  constructor(readonly code: ImportErrorCode) {
    super(`import.${code}`);
  }
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
  let text = '';
  for (let start = 0; start < bytes.length; start += CHUNK) {
    const codes = Array.from(bytes.subarray(start, start + CHUNK), (byte) =>
      byte >= 0x80 && byte <= 0x9f ? (WINDOWS_1252_80_9F[byte - 0x80] ?? byte) : byte,
    );
    text += String.fromCharCode(...codes);
  }
  return text;
}

/**
 * A CSV file's text. Spreadsheets write UTF-8 (with or without a byte-order mark) or, Excel on
 * Windows in "CSV (separator: semicolon)", Windows-1252: bytes that are not valid UTF-8 are read
 * as Windows-1252 (which also covers ISO-8859-1). The byte-order mark is dropped.
 */
export function decodeCsvBytes(bytes: Uint8Array): { text: string; encoding: 'utf-8' | 'windows-1252' } {
  const bom = UTF8_BOM.every((byte, index) => bytes[index] === byte);
  const body = bom ? bytes.subarray(UTF8_BOM.length) : bytes;
  try {
    return {
      text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(body),
      encoding: 'utf-8',
    };
  } catch {
    return { text: decodeWindows1252(body), encoding: 'windows-1252' };
  }
}

export type CsvTable = {
  separator: ',' | ';';
  /** The first non-empty row, each cell trimmed. */
  headers: string[];
  /** The following non-empty rows, cells as written (a row may be shorter or longer than the header). */
  rows: string[][];
  /** For each row, the 1-based line of the file it starts on (the header is usually line 1). */
  lines: number[];
};

const LINE_BREAK = /\r\n|\r|\n/g;

function lineBreaksIn(cells: readonly string[]): number {
  let count = 0;
  for (const cell of cells) count += cell.match(LINE_BREAK)?.length ?? 0;
  return count;
}

const isBlank = (row: readonly string[]): boolean => row.every((cell) => cell.trim() === '');

/**
 * Rows of a CSV text separated by ',' or ';' (guessed from the first rows); blank lines and lines of
 * bare separators (what Excel writes for an empty row) are skipped. Throws ImportError('unreadable')
 * when there is no header, when the header has a single column (no ',' or ';' found: a
 * tab-separated or non-CSV file), on a quote left open or misplaced (everything after it would be
 * garbled), or on NUL characters (a binary or UTF-16 file).
 */
export function parseCsvTable(text: string): CsvTable {
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  if (body.includes('\u0000')) throw new ImportError('unreadable');
  // Guess on non-blank rows only; the full parse keeps blank lines so that line numbers can be counted.
  const guess = Papa.parse(body, { delimitersToGuess: [',', ';'], skipEmptyLines: 'greedy', preview: 10 });
  const separator = guess.meta.delimiter === ';' ? ';' : ',';
  const parsed = Papa.parse(body, { delimiter: separator, skipEmptyLines: false });
  if (parsed.errors.some((error) => error.type === 'Quotes')) throw new ImportError('unreadable');

  let headers: string[] | undefined;
  const rows: string[][] = [];
  const lines: number[] = [];
  let line = 1;
  for (const row of parsed.data) {
    if (!isBlank(row)) {
      if (!headers) headers = row.map((cell) => cell.trim());
      else {
        rows.push(row);
        lines.push(line);
      }
    }
    line += 1 + lineBreaksIn(row);
  }
  if (!headers || headers.length < 2) throw new ImportError('unreadable');
  return { separator, headers, rows, lines };
}

export const IMPORT_FIELDS = [
  'firstName',
  'lastName',
  'email',
  'phone',
  'customerRef',
  'purpose',
  'decision',
  'decidedOn',
  'note',
] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];

/** Column index per field. */
export type ImportMapping = Partial<Record<ImportField, number>>;

/** Folded to lower-case ASCII letters and digits, nothing else: "Réf. client" → "refclient". */
const compact = (text: string): string => foldText(text).replace(/[^a-z0-9]+/g, '');

/** Header names, compacted, that spreadsheets in French or English commonly use. */
const HEADER_NAMES: Record<ImportField, readonly string[]> = {
  firstName: ['prenom', 'prenoms', 'firstname', 'givenname', 'forename'],
  lastName: ['nom', 'nomdefamille', 'lastname', 'surname', 'familyname'],
  email: [
    'email',
    'mail',
    'courriel',
    'mel',
    'adresseemail',
    'adressemail',
    'adressecourriel',
    'emailaddress',
  ],
  phone: [
    'telephone',
    'tel',
    'phone',
    'phonenumber',
    'telephonenumber',
    'mobile',
    'portable',
    'numerodetelephone',
  ],
  customerRef: [
    'refclient',
    'referenceclient',
    'numeroclient',
    'nclient',
    'noclient',
    'codeclient',
    'customerref',
    'customerreference',
    'customerid',
    'customernumber',
  ],
  purpose: ['finalite', 'finalites', 'purpose'],
  decision: ['decision', 'consentement', 'consent', 'choix'],
  decidedOn: [
    'date',
    'dateduconsentement',
    'dateconsentement',
    'datedeconsentement',
    'datedecision',
    'datedeladecision',
    'consentdate',
    'dateofconsent',
    'decisiondate',
  ],
  note: ['note', 'notes', 'remarque', 'remarques', 'commentaire', 'commentaires', 'comment', 'comments'],
};

/**
 * A first guess of which column holds which field, from header names in French or English,
 * ignoring case, accents, spaces and punctuation ("E-mail", "Réf. client"). Each column serves one
 * field at most; when several columns fit a field, the first wins. The user reviews it.
 */
export function suggestMapping(headers: readonly string[]): ImportMapping {
  const mapping: ImportMapping = {};
  const used = new Set<number>();
  for (const field of IMPORT_FIELDS) {
    const names = HEADER_NAMES[field];
    const index = headers.findIndex((header, i) => !used.has(i) && names.includes(compact(header)));
    if (index >= 0) {
      mapping[field] = index;
      used.add(index);
    }
  }
  return mapping;
}

/** Reasons a row is rejected, as i18n keys; the first that applies is reported. */
export const IMPORT_REASONS = [
  /** Neither a first nor a last name, or no email, phone or customer reference to find the person by. */
  'import.noIdentity',
  'import.badEmail',
  'import.badPhone',
  /** A name, reference or note longer than a person's record or a consent allows. */
  'import.tooLong',
  'import.unknownPurpose',
  'import.inactivePurpose',
  /** The name fits several active purposes. */
  'import.ambiguousPurpose',
  'import.badDecision',
  /** Not dd/mm/yyyy, d/m/yyyy or yyyy-mm-dd, or not a real day (31/02/2026). */
  'import.badDate',
  'import.futureDate',
  /** The email or phone is on the suppression list: an erased person who objected to marketing. */
  'import.suppressed',
] as const;
export type ImportReason = (typeof IMPORT_REASONS)[number];

export type ImportSubject = {
  firstName: string;
  lastName: string;
  email: string;
  phone: string;
  customerRef: string;
};

export type ImportRow = {
  line: number;
  subject: ImportSubject;
  purposeId: string;
  decision: Decision;
  /** 'YYYY-MM-DD' */
  decidedOn: string;
  note: string;
};

export type ImportIssue = { line: number; reason: ImportReason; values: string[] };

export type ImportContext = {
  purposes: readonly Purpose[];
  today: string;
  /** True for an email or phone on the suppression list (renderer/src/db/erasure.ts). */
  suppressed?: (person: { email: string; phone: string }) => boolean;
};

/** A consent's note (shared/consent/model.ts). */
const NOTE_MAX = 5000;

const DECISION_WORDS = new Map<string, Decision>(
  Object.entries({
    oui: 'granted',
    yes: 'granted',
    accepte: 'granted',
    acceptee: 'granted',
    accepted: 'granted',
    granted: 'granted',
    '1': 'granted',
    non: 'refused',
    no: 'refused',
    refuse: 'refused',
    refusee: 'refused',
    refused: 'refused',
    '0': 'refused',
    retire: 'withdrawn',
    retiree: 'withdrawn',
    withdrawn: 'withdrawn',
  } satisfies Record<string, Decision>),
);

/** Folded words separated by single spaces: "Lettre d’information" → "lettre d information". */
const phrase = (text: string): string =>
  foldText(text)
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();

const FRENCH_DATE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;

/** dd/mm/yyyy, d/m/yyyy or yyyy-mm-dd as 'YYYY-MM-DD' when it names a real day, else undefined. */
export function parseImportDate(text: string): string | undefined {
  const french = FRENCH_DATE.exec(text);
  const iso = french ? `${french[3]}-${french[2]?.padStart(2, '0')}-${french[1]?.padStart(2, '0')}` : text;
  return parseIsoDate(iso) === undefined ? undefined : iso;
}

type PurposeMatch = { purposeId: string } | { reason: ImportReason };

function purposeMatcher(purposes: readonly Purpose[]): (text: string) => PurposeMatch {
  return (text) => {
    const byId = purposes.find((purpose) => purpose.id === text);
    const key = phrase(text);
    const named = byId
      ? [byId]
      : purposes.filter(
          (purpose) => key !== '' && (phrase(purpose.name.fr) === key || phrase(purpose.name.en) === key),
        );
    const active = named.filter((purpose) => purpose.active);
    if (active.length > 1) return { reason: 'import.ambiguousPurpose' };
    if (active[0]) return { purposeId: active[0].id };
    return { reason: named.length > 0 ? 'import.inactivePurpose' : 'import.unknownPurpose' };
  };
}

function subjectProblem(subject: ImportSubject): ImportReason | undefined {
  const named = subject.firstName !== '' || subject.lastName !== '';
  const findable = subject.email !== '' || subject.phone !== '' || subject.customerRef !== '';
  if (!named || !findable) return 'import.noIdentity';
  const checked = subjectInputSchema.safeParse(subject);
  if (checked.success) return undefined;
  const fields = new Set(checked.error.issues.map((issue) => issue.path[0]));
  if (fields.has('email')) return 'import.badEmail';
  if (fields.has('phone')) return 'import.badPhone';
  return 'import.tooLong';
}

function checkRow(
  cell: (field: ImportField) => string,
  matchPurpose: (text: string) => PurposeMatch,
  context: ImportContext,
): Omit<ImportRow, 'line'> | ImportReason {
  const subject: ImportSubject = {
    firstName: cell('firstName'),
    lastName: cell('lastName'),
    email: cell('email'),
    phone: cell('phone'),
    customerRef: cell('customerRef'),
  };
  const problem = subjectProblem(subject);
  if (problem) return problem;
  if (context.suppressed?.(subject)) return 'import.suppressed';
  const note = cell('note');
  if (note.length > NOTE_MAX) return 'import.tooLong';
  const purpose = matchPurpose(cell('purpose'));
  if ('reason' in purpose) return purpose.reason;
  const decision = DECISION_WORDS.get(phrase(cell('decision')));
  if (decision === undefined) return 'import.badDecision';
  const decidedOn = parseImportDate(cell('decidedOn'));
  if (decidedOn === undefined) return 'import.badDate';
  if (decidedOn > context.today) return 'import.futureDate';
  return { subject, purposeId: purpose.purposeId, decision, decidedOn, note };
}

/**
 * Check every row of the table against the mapping. Cells are trimmed; a field without a column is
 * empty. Rules: a first or last name, and an email, phone or customer reference; a well-formed
 * email and phone; the purpose by id or by its French or English name (case and accents ignored)
 * among active purposes; a decision word in French or English (oui/yes/accepté/granted/1,
 * non/no/refusé/refused/0, retiré/withdrawn); a real date not after `today`; an email and phone
 * not on the suppression list (`context.suppressed`). Throws a RangeError
 * when `today` is not a 'YYYY-MM-DD' date.
 */
export function validateImportRows(
  table: CsvTable,
  mapping: ImportMapping,
  context: ImportContext,
): { valid: ImportRow[]; invalid: ImportIssue[] } {
  if (parseIsoDate(context.today) === undefined)
    throw new RangeError(`validateImportRows: not a 'YYYY-MM-DD' date: ${context.today}`);
  const matchPurpose = purposeMatcher(context.purposes);
  const valid: ImportRow[] = [];
  const invalid: ImportIssue[] = [];
  table.rows.forEach((values, index) => {
    const line = table.lines[index] ?? index + 2;
    const cell = (field: ImportField): string => {
      const column = mapping[field];
      return column === undefined ? '' : (values[column] ?? '').trim();
    };
    const checked = checkRow(cell, matchPurpose, context);
    if (typeof checked === 'string') invalid.push({ line, reason: checked, values: [...values] });
    else valid.push({ line, ...checked });
  });
  return { valid, invalid };
}
