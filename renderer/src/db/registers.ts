/**
 * The record of processing activities (Art. 30) in the workspace database. Every change to an
 * entry writes, in the same transaction, a version holding the entry as it stood after the change:
 * the entry's history with its values (the audit log keeps only the field names).
 */
import { Dexie } from 'dexie';
import { changedFields, entryHistory, type HistoryItem } from '../../../shared/registers/history';
import {
  registerEntryInputSchema,
  type RegisterEntry,
  type RegisterEntryData,
  type RegisterEntryInput,
  type RegisterVersion,
} from '../../../shared/registers/model';
import { inputProblems } from '../../../shared/registers/validation';
import type { ConflictChoices } from '../../../shared/domain/edits';
import type { DeskDb } from './schema';
import { NotFoundError, recordAction, ValidationError, write, type WriteContext, type Writer } from './write';

/** The entry's own data, without stamps: what a version keeps. */
function entryData(record: RegisterEntryInput | RegisterEntry): RegisterEntryData {
  return registerEntryInputSchema.parse(record);
}

function check(input: unknown): void {
  const problems = inputProblems(registerEntryInputSchema, input);
  if (problems) throw new ValidationError(problems);
}

function addVersion(
  w: Writer,
  entry: RegisterEntry,
  change: 'create' | 'update',
  fields: string[],
): Promise<RegisterVersion> {
  return w.create(
    'registerVersion',
    { entryId: entry.id, change, fields, snapshot: entryData(entry) },
    { action: 'registerEntry.version' },
  );
}

export async function createRegisterEntry(
  db: DeskDb,
  ctx: WriteContext,
  input: RegisterEntryInput,
): Promise<RegisterEntry> {
  check(input);
  return write(db, ctx, async (w) => {
    const entry = await w.create('registerEntry', input);
    const data = entryData(entry);
    const filled = Object.keys(data).filter((key) => {
      const value = data[key as keyof RegisterEntryData];
      return !(value === '' || (Array.isArray(value) && value.length === 0));
    });
    await addVersion(w, entry, 'create', filled.sort());
    return entry;
  });
}

/**
 * Save the entry's edit form: only the fields changed since it was opened (see Writer.edit). A
 * change that changes nothing writes nothing, not even a version.
 */
export async function updateRegisterEntry(
  db: DeskDb,
  ctx: WriteContext,
  id: string,
  opened: Partial<RegisterEntryInput>,
  edited: Partial<RegisterEntryInput>,
  choices?: ConflictChoices,
): Promise<RegisterEntry> {
  return write(db, ctx, async (w) => {
    const before = await db.registerEntries.get(id);
    if (!before) throw new NotFoundError('registerEntry', id);
    const after = await w.edit('registerEntry', id, opened, edited, { choices, check });
    if (after.hlc === before.hlc) return after;
    await addVersion(w, after, 'update', changedFields(entryData(before), entryData(after)));
    return after;
  });
}

/**
 * Someone read the entry through and found it still true: only its review day changes, with its
 * own sentence in the audit log. No version: the entry's content is what it was, so the privacy
 * notice written after its last change still describes it.
 */
export async function markRegisterEntryReviewed(
  db: DeskDb,
  ctx: WriteContext,
  id: string,
  today: string,
): Promise<RegisterEntry> {
  return write(db, ctx, async (w) => {
    if (!(await db.registerEntries.get(id))) throw new NotFoundError('registerEntry', id);
    return w.update('registerEntry', id, { reviewedOn: today }, 'registerEntry.review');
  });
}

/**
 * When each entry's content last changed: its latest version (a review writes none). An entry
 * synced without its versions yet falls back on its own updatedAt.
 */
export async function registerContentChanges(
  db: DeskDb,
  entries: readonly Pick<RegisterEntry, 'id' | 'updatedAt'>[],
): Promise<Map<string, string>> {
  const latest = await Promise.all(
    entries.map((entry) =>
      db.registerVersions
        .where('[entryId+hlc]')
        .between([entry.id, Dexie.minKey], [entry.id, Dexie.maxKey])
        .last(),
    ),
  );
  return new Map(entries.map((entry, index) => [entry.id, latest[index]?.createdAt ?? entry.updatedAt]));
}

/** Active entries first, then by name in the UI's collation. */
export async function listRegisterEntries(db: DeskDb): Promise<RegisterEntry[]> {
  const entries = await db.registerEntries.toArray();
  return entries.sort((a, b) => Number(b.active) - Number(a.active) || a.name.localeCompare(b.name));
}

export async function getRegisterEntry(db: DeskDb, id: string): Promise<RegisterEntry | null> {
  return (await db.registerEntries.get(id)) ?? null;
}

export function entryVersions(db: DeskDb, entryId: string): Promise<RegisterVersion[]> {
  return db.registerVersions
    .where('[entryId+hlc]')
    .between([entryId, Dexie.minKey], [entryId, Dexie.maxKey])
    .toArray();
}

/** Who changed what and when, newest first. */
export async function registerEntryHistory(db: DeskDb, entryId: string): Promise<HistoryItem[]> {
  return entryHistory(await entryVersions(db, entryId));
}

/** An export of the record (CSV or PDF) is an action of the audit log, with the number of entries. */
export function recordRegisterExport(
  db: DeskDb,
  ctx: WriteContext,
  format: 'csv' | 'pdf',
  count: number,
): Promise<unknown> {
  return recordAction(db, ctx, {
    action: `registerEntry.export.${format}`,
    entity: 'registerEntry',
    entityId: '',
    fields: [],
    count,
  });
}
