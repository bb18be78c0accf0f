/**
 * What each data file of the archive holds: the columns of the CSV files (Excel-safe, through
 * shared/csv) and the JSON lines, row by row, so the renderer can stream large tables page by page.
 * With pseudonymisation, people become stable pseudonyms and free text that may name them is left out.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { toCsv, type CsvColumn } from '../csv';
import type { ConsentEvent } from '../consent/model';
import type { Subject } from '../domain/subject';
import type { AttachmentRef, DsRequest, RequestEvent } from '../requests/model';

/** The same person always gets the same pseudonym in a workspace; it cannot be turned back into the id. */
export function pseudonymFor(workspaceId: string, subjectId: string): string {
  return `P-${bytesToHex(sha256(utf8ToBytes(`${workspaceId}:${subjectId}`)))
    .slice(0, 12)
    .toUpperCase()}`;
}

export type Pseudonyms = { subject(id: string): string };

type Row = Readonly<Record<string, unknown>>;

/** Where an attachment goes in the bag: named by its hash, with the extension of its type. */
export function attachmentPath(ref: Pick<AttachmentRef, 'hash' | 'mediaType'>): string {
  const extension =
    ref.mediaType === 'application/pdf' ? 'pdf' : ref.mediaType === 'image/png' ? 'png' : 'jpg';
  return `attachments/${ref.hash}.${extension}`;
}

/** A file name a person gave may hold their name: pseudonymised, the hash stands in for it. */
const anonymousRef = (ref: AttachmentRef | null): AttachmentRef | null =>
  ref === null ? null : { ...ref, name: ref.hash };

/** Derived search keys of a person: redundant in an archive, and personal. */
const SUBJECT_INDEX_FIELDS = new Set(['terms', 'sortKey', 'emailKey', 'phoneKeys']);

export function subjectRecord(subject: Subject, pseudonyms: Pseudonyms | null): object {
  if (pseudonyms) {
    return { id: pseudonyms.subject(subject.id), createdAt: subject.createdAt, updatedAt: subject.updatedAt };
  }
  return Object.fromEntries(Object.entries(subject).filter(([key]) => !SUBJECT_INDEX_FIELDS.has(key)));
}

export function requestRecord(request: DsRequest, pseudonyms: Pseudonyms | null): object {
  if (!pseudonyms) return request;
  return {
    ...request,
    subjectId: pseudonyms.subject(request.subjectId),
    requesterWords: '',
    representativeName: '',
    // Staff write the reasons in their own words, often naming the person; the timeline's copy goes too.
    extensionReasons: '',
    mandate: anonymousRef(request.mandate),
  };
}

export function requestEventRecord(event: RequestEvent, pseudonyms: Pseudonyms | null): object {
  if (!pseudonyms) return event;
  return {
    ...event,
    note: '',
    attachment: anonymousRef(event.attachment),
    letter: event.letter ? { ...event.letter, subject: '', body: '' } : null,
  };
}

export function consentEventRecord(event: ConsentEvent, pseudonyms: Pseudonyms | null): object {
  // `unproven` is a derived index key (renderer/src/db/schema.ts, version 14) present on some rows
  // only: a streamed file's columns come from its first page, so it is left out like other indexes.
  const { unproven: _unproven, ...stored } = event as ConsentEvent & { unproven?: 1 };
  if (!pseudonyms) return stored;
  return {
    ...stored,
    subjectId: pseudonyms.subject(event.subjectId),
    note: '',
    evidence: { ...event.evidence, witnessName: '', attachment: anonymousRef(event.evidence.attachment) },
  };
}

const cols = (keys: Iterable<string>): CsvColumn[] => [...keys].map((key) => ({ key, header: key }));

export const CSV_OPTIONS = { separator: ';' as const };

/** CSV text of rows without the header (and without a BOM): a page of a streamed file. */
export function csvRows(columns: readonly CsvColumn[], rows: readonly Row[]): string {
  if (rows.length === 0) return '';
  const textWithHeader = toCsv(columns, rows, { ...CSV_OPTIONS, bom: false });
  return textWithHeader.slice(textWithHeader.indexOf('\r\n') + 2);
}

export function csvHeader(columns: readonly CsvColumn[]): string {
  return toCsv(columns, [], CSV_OPTIONS);
}

/** The generic case (small tables of any shape): every top-level field, objects as JSON. */
export function flatRow(record: object): Row {
  const row: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record)) {
    row[key] = value !== null && typeof value === 'object' ? JSON.stringify(value) : value;
  }
  return row;
}

/**
 * Every field any record has, sorted: the columns of a table whose records share one schema.
 * `optional` names fields that some records lack, which a streamed file's first page may not show.
 */
export function flatColumns(records: readonly object[], optional: readonly string[] = []): CsvColumn[] {
  const keys = new Set<string>(optional);
  for (const record of records) for (const key of Object.keys(record)) keys.add(key);
  return cols([...keys].sort());
}
