/**
 * The audit log's storage: rows ("chunks") each holding a run of consecutive entries of ONE device,
 * keyed by [deviceId+firstSeq]. Every entry is stored exactly as sealed (shared/audit/chain.ts), so
 * the chains verify entry by entry as before; only the packing changed. Every reader and writer of
 * the audit log goes through this module.
 *
 * Why chunks: IndexedDB's cost here is per row (~0.3 ms each plus ~0.04 ms per index entry), not
 * per byte, so one row per entry made a join of 500,000 operations write 500,000 audit rows.
 */
import { Dexie } from 'dexie';
import { GENESIS_HASH, type AuditEntry } from '../../../shared/audit/chain';
import type { AuditChunk, DeskDb } from './schema';

/**
 * At most this many entries, and about this many bytes, in one row. An entry is ~450 bytes of JSON,
 * so 64 of them stay under ~32 KB: past that, the per-KB cost of a row outweighs the per-row cost it
 * saves, and a single write (which rewrites the device's last row) would copy ever more bytes.
 * Measured with test/bench/audit.bench.ts (see the README's data section).
 */
export const CHUNK_ENTRIES = 64;
export const CHUNK_BYTES = 32 * 1024;

/** Audit rows written by this page since it loaded: benchmarks report rows per entry from it. */
let rowsWritten = 0;
export const auditRowsWritten = (): number => rowsWritten;

export type AuditFilter = {
  operatorId?: string;
  /** Action prefix, e.g. 'subject' or 'subject.update'. */
  action?: string;
  /** One record's history. */
  entityId?: string;
  /** ISO instants, inclusive. */
  from?: string;
  to?: string;
};

/** The operator key a row lists (null operators, the first-run setup, as ''). */
const operatorKey = (operatorId: string | null): string => operatorId ?? '';

/** Rough size of an entry as stored; only compared with CHUNK_BYTES, so it need not be exact. */
function entrySize(entry: AuditEntry): number {
  let size = 360 + entry.action.length + entry.entity.length + entry.entityId.length;
  for (const field of entry.fields) size += field.length + 3;
  return size;
}

function chunkOf(entries: AuditEntry[]): AuditChunk {
  const first = entries[0]!;
  const chunk: AuditChunk = {
    deviceId: first.deviceId,
    firstSeq: first.seq,
    lastSeq: first.seq,
    firstAt: first.at,
    lastAt: first.at,
    bytes: 0,
    operators: [],
    actions: [],
    entityIds: [],
    entries: [],
  };
  for (const entry of entries) addTo(chunk, entry);
  return chunk;
}

/** Appends in place; the caller has checked the entry follows the chunk's last one. */
function addTo(chunk: AuditChunk, entry: AuditEntry): void {
  if (chunk.entries.length > 0) chunk.lastSeq = entry.seq;
  chunk.entries.push(entry);
  chunk.bytes += entrySize(entry);
  if (entry.at < chunk.firstAt) chunk.firstAt = entry.at;
  if (entry.at > chunk.lastAt) chunk.lastAt = entry.at;
  const operator = operatorKey(entry.operatorId);
  if (!chunk.operators.includes(operator)) chunk.operators.push(operator);
  if (!chunk.actions.includes(entry.action)) chunk.actions.push(entry.action);
  // Empty entity ids (actions on no record) are not worth an index entry.
  if (entry.entityId && !chunk.entityIds.includes(entry.entityId)) chunk.entityIds.push(entry.entityId);
}

const hasRoom = (chunk: AuditChunk, entry: AuditEntry): boolean =>
  chunk.entries.length < CHUNK_ENTRIES && chunk.bytes + entrySize(entry) <= CHUNK_BYTES;

/**
 * Pack a run of consecutive entries of one device into rows, continuing `tail` (the row holding
 * the entry just before them) while it has room. Returns the rows to write: `tail` first if it
 * changed. `tail` is changed in place.
 */
export function packRun(tail: AuditChunk | null, run: readonly AuditEntry[]): AuditChunk[] {
  const rows: AuditChunk[] = [];
  let current: AuditChunk | null = tail;
  for (const entry of run) {
    if (current && current.lastSeq + 1 === entry.seq && hasRoom(current, entry)) {
      addTo(current, entry);
      if (rows.at(-1) !== current) rows.push(current);
    } else {
      current = chunkOf([entry]);
      rows.push(current);
    }
  }
  return rows;
}

/** The row holding a device's newest entry, if any. */
export function lastChunk(db: DeskDb, deviceId: string): Promise<AuditChunk | undefined> {
  return db.auditChunks
    .where('[deviceId+firstSeq]')
    .between([deviceId, Dexie.minKey], [deviceId, Dexie.maxKey])
    .last();
}

/**
 * This device's own entries, sealed by the write path, appended after `tail` (its last row, read when
 * the write began): one put of that row while it has room, new rows after. Runs inside the write's
 * transaction; returns the new tail for the write's next flush.
 */
export function appendLocal(
  db: DeskDb,
  tail: AuditChunk | null,
  entries: readonly AuditEntry[],
): { tail: AuditChunk | null; request: Promise<unknown> | null } {
  if (entries.length === 0) return { tail, request: null };
  const rows = packRun(tail, entries);
  return { tail: rows.at(-1) ?? tail, request: writeRows(db, rows, tail ? [tail] : []) };
}

/**
 * Rows that existed before are put (the append-only hook compares them with what they held); new
 * rows are added, which spares a read of each (a put with an 'updating' hook reads the row first).
 */
function writeRows(
  db: DeskDb,
  rows: readonly AuditChunk[],
  existing: readonly AuditChunk[],
): Promise<unknown> {
  rowsWritten += rows.length;
  const known = new Set(existing);
  const puts = rows.filter((row) => known.has(row));
  const adds = rows.filter((row) => !known.has(row));
  return Dexie.Promise.all([
    puts.length ? db.auditChunks.bulkPut(puts) : null,
    adds.length ? db.auditChunks.bulkAdd(adds) : null,
  ]);
}

/** The newest entry of a device (its chain head), or undefined. */
export async function headEntry(db: DeskDb, deviceId: string): Promise<AuditEntry | undefined> {
  return (await lastChunk(db, deviceId))?.entries.at(-1);
}

/** A device's chain head as a checkpoint signs it (seq 0 and the genesis hash when empty). */
export async function head(
  db: DeskDb,
  deviceId: string,
): Promise<{ deviceId: string; seq: number; hash: string; entryAt: string }> {
  const last = await headEntry(db, deviceId);
  return last
    ? { deviceId, seq: last.seq, hash: last.hash, entryAt: last.at }
    : { deviceId, seq: 0, hash: GENESIS_HASH, entryAt: '' };
}

/**
 * Other devices' entries (sync), appended in as few rows as possible: per device, runs of
 * consecutive new entries continue the row holding the entry before them, or start new rows.
 * An entry already here (same seq, same id) is skipped; one claiming the place of a different entry
 * (two installs sharing a device id: a cloned disk) is left out, the first stays, and the clash is
 * reported. Runs inside the caller's transaction.
 */
export async function appendRemote(
  db: DeskDb,
  entries: readonly AuditEntry[],
): Promise<{ added: number; duplicateDevice: boolean }> {
  const byDevice = new Map<string, AuditEntry[]>();
  for (const entry of entries) {
    const list = byDevice.get(entry.deviceId);
    if (list) list.push(entry);
    else byDevice.set(entry.deviceId, [entry]);
  }
  let added = 0;
  let duplicateDevice = false;
  const writes: AuditChunk[] = [];
  const existing = new Set<AuditChunk>();
  for (const [deviceId, list] of byDevice) {
    list.sort((a, b) => a.seq - b.seq);
    const minSeq = list[0]!.seq;
    const maxSeq = list.at(-1)!.seq;
    // The row that may hold minSeq (the last starting at or before it), and those starting after.
    const before = await db.auditChunks
      .where('[deviceId+firstSeq]')
      .between([deviceId, Dexie.minKey], [deviceId, minSeq], true, true)
      .last();
    const within = await db.auditChunks
      .where('[deviceId+firstSeq]')
      .between([deviceId, minSeq], [deviceId, maxSeq], false, true)
      .toArray();
    const rows = before ? [before, ...within] : within;
    const stored = new Map<number, AuditEntry>();
    const endingAt = new Map<number, AuditChunk>();
    for (const row of rows) {
      for (const entry of row.entries) if (entry.seq >= minSeq) stored.set(entry.seq, entry);
      endingAt.set(row.lastSeq, row);
    }
    // The new entries, by seq (the first of a clash within the batch stays), in runs.
    const fresh: AuditEntry[] = [];
    for (const entry of list) {
      const present = stored.get(entry.seq);
      if (present) {
        if (present.id !== entry.id) duplicateDevice = true;
        continue;
      }
      stored.set(entry.seq, entry);
      fresh.push(entry);
    }
    for (const row of rows) existing.add(row);
    const changed = new Set<AuditChunk>();
    let run: AuditEntry[] = [];
    const flushRun = () => {
      if (run.length === 0) return;
      const tail = endingAt.get(run[0]!.seq - 1) ?? null;
      const packed = packRun(tail, run);
      for (const row of packed) {
        changed.add(row);
        endingAt.set(row.lastSeq, row);
      }
      run = [];
    };
    for (const entry of fresh) {
      if (run.length > 0 && run.at(-1)!.seq + 1 !== entry.seq) flushRun();
      run.push(entry);
    }
    flushRun();
    added += fresh.length;
    writes.push(...changed);
  }
  if (writes.length) await writeRows(db, writes, [...existing]);
  return { added, duplicateDevice };
}

/**
 * Every entry in [deviceId+seq] order, a page of rows at a time (each page its own read, so a long
 * walk holds no transaction open). `after` resumes after that device and seq.
 */
export async function* chainPages(
  db: DeskDb,
  after: { deviceId: string; seq: number } | null = null,
  rowsPerPage = 64,
): AsyncGenerator<AuditEntry[]> {
  let afterKey: [string, number] | null = null;
  let skipUpTo = after;
  if (after) {
    // The row holding `after` may hold later entries too.
    const holding = await db.auditChunks
      .where('[deviceId+firstSeq]')
      .between([after.deviceId, Dexie.minKey], [after.deviceId, after.seq], true, true)
      .last();
    afterKey = holding ? [holding.deviceId, holding.firstSeq - 1] : [after.deviceId, after.seq];
    // Entries of other devices are all after it: only that device's need skipping.
  }
  for (;;) {
    const rows: AuditChunk[] = await (
      afterKey === null
        ? db.auditChunks.orderBy('[deviceId+firstSeq]')
        : db.auditChunks.where('[deviceId+firstSeq]').above(afterKey)
    )
      .limit(rowsPerPage)
      .toArray();
    if (rows.length === 0) return;
    const last = rows.at(-1)!;
    afterKey = [last.deviceId, last.firstSeq];
    const page: AuditEntry[] = [];
    for (const row of rows) {
      for (const entry of row.entries) {
        if (skipUpTo && entry.deviceId === skipUpTo.deviceId && entry.seq <= skipUpTo.seq) continue;
        page.push(entry);
      }
    }
    skipUpTo = null;
    if (page.length) yield page;
  }
}

/** Every entry in [deviceId+seq] order (small logs and tests; long walks use chainPages). */
export async function allEntries(db: DeskDb): Promise<AuditEntry[]> {
  const rows = await db.auditChunks.orderBy('[deviceId+firstSeq]').toArray();
  return rows.flatMap((row) => row.entries);
}

/** How many entries the log holds. */
export async function countEntries(db: DeskDb): Promise<number> {
  let count = 0;
  await db.auditChunks.each((row) => {
    count += row.entries.length;
  });
  return count;
}

/** A device's entries after `seq`, in order, at most `limit` (sync: what is not pushed yet). */
export async function entriesAfter(
  db: DeskDb,
  deviceId: string,
  seq: number,
  limit: number,
): Promise<AuditEntry[]> {
  const out: AuditEntry[] = [];
  const holding = await db.auditChunks
    .where('[deviceId+firstSeq]')
    .between([deviceId, Dexie.minKey], [deviceId, seq], true, true)
    .last();
  const from = holding ? holding.firstSeq : seq + 1;
  await db.auditChunks
    .where('[deviceId+firstSeq]')
    .between([deviceId, from], [deviceId, Dexie.maxKey], true, true)
    .until(() => out.length >= limit)
    .each((row) => {
      for (const entry of row.entries) if (entry.seq > seq && out.length < limit) out.push(entry);
    });
  return out;
}

function matches(entry: AuditEntry, filter: AuditFilter): boolean {
  return (
    (!filter.from || entry.at >= filter.from) &&
    (!filter.to || entry.at <= filter.to) &&
    (!filter.operatorId || entry.operatorId === filter.operatorId) &&
    (!filter.action || entry.action === filter.action || entry.action.startsWith(`${filter.action}.`)) &&
    (!filter.entityId || entry.entityId === filter.entityId)
  );
}

type RowKey = [string, number];
const keyText = (key: RowKey): string => `${key[0]}\u0000${key[1]}`;

/**
 * The rows that may hold an entry of [from, to], newest `lastAt` first, read from the
 * `[lastAt+firstAt]` index alone (no row is read), with their time range.
 */
async function rowsByTime(
  db: DeskDb,
  from: string,
  to: string | undefined,
): Promise<{ key: RowKey; lastAt: string }[]> {
  const walk = db.auditChunks
    .where('[lastAt+firstAt]')
    .between([from, Dexie.minKey], ['\uffff', Dexie.maxKey], true, true)
    .reverse();
  // One read transaction, so that both lists describe the same rows in the same order.
  const [times, keys] = await db.transaction('r', db.auditChunks, () =>
    Promise.all([walk.keys(), walk.clone().primaryKeys()]),
  );
  const out: { key: RowKey; lastAt: string }[] = [];
  times.forEach((time, index) => {
    const [lastAt, firstAt] = time as unknown as [string, string];
    if (!to || firstAt <= to) out.push({ key: keys[index] as RowKey, lastAt });
  });
  return out;
}

/** The rows listing this operator and an action under this prefix (their index keys only). */
async function rowsListing(db: DeskDb, filter: AuditFilter): Promise<Set<string> | null> {
  let keep: Set<string> | null = null;
  const narrow = (keys: RowKey[]) => {
    const next = new Set(keys.map(keyText));
    keep = keep === null ? next : new Set([...keep].filter((key) => next.has(key)));
  };
  if (filter.operatorId)
    narrow((await db.auditChunks.where('operators').equals(filter.operatorId).primaryKeys()) as RowKey[]);
  if (filter.action)
    narrow((await db.auditChunks.where('actions').startsWith(filter.action).primaryKeys()) as RowKey[]);
  return keep;
}

/** Newest first: by instant, then by id (the order the former per-entry 'at' index gave). */
const newestFirst = (a: AuditEntry, b: AuditEntry): number =>
  a.at !== b.at ? (a.at < b.at ? 1 : -1) : a.id < b.id ? 1 : a.id > b.id ? -1 : 0;

/** Rows read per request while walking newest first (most pages need one or two). */
const WALK = 16;

/**
 * Newest first, at most `limit` entries matching the filter. With an entity id, its rows are found
 * by their `*entityIds` index. Otherwise the rows that may match are chosen from index keys alone
 * (time range from `[lastAt+firstAt]`, operator and action from `*operators` and `*actions`), then
 * read by newest instant (`lastAt`) first: a row's entries are no newer than its `lastAt`, so once
 * `limit` matches are newer than the next row's `lastAt`, no later row can change the answer.
 */
export async function listNewestFirst(
  db: DeskDb,
  filter: AuditFilter = {},
  limit = 200,
): Promise<AuditEntry[]> {
  if (filter.entityId) {
    const rows = await db.auditChunks.where('entityIds').equals(filter.entityId).toArray();
    return rows
      .flatMap((row) => row.entries.filter((entry) => matches(entry, filter)))
      .sort(newestFirst)
      .slice(0, limit);
  }
  const [byTime, listing] = await Promise.all([
    rowsByTime(db, filter.from ?? '', filter.to),
    rowsListing(db, filter),
  ]);
  const candidates = listing ? byTime.filter(({ key }) => listing.has(keyText(key))) : byTime;
  const found: AuditEntry[] = [];
  const settled = (lastAt: string): boolean => {
    if (found.length < limit) return false;
    found.sort(newestFirst);
    found.length = limit;
    return found[limit - 1]!.at > lastAt;
  };
  for (let index = 0; index < candidates.length; index += WALK) {
    const batch = candidates.slice(index, index + WALK);
    if (settled(batch[0]!.lastAt)) break;
    const rows = await db.auditChunks.bulkGet(batch.map(({ key }) => key));
    for (const [offset, row] of rows.entries()) {
      if (!row || settled(batch[offset]!.lastAt)) continue;
      for (const entry of row.entries) if (matches(entry, filter)) found.push(entry);
    }
  }
  return found.sort(newestFirst).slice(0, limit);
}

/** Every entry of one record (or one file hash: imports), oldest first. */
export async function entriesOf(db: DeskDb, entityId: string): Promise<AuditEntry[]> {
  const rows = await db.auditChunks.where('entityIds').equals(entityId).toArray();
  return rows
    .flatMap((row) => row.entries.filter((entry) => entry.entityId === entityId))
    .sort((a, b) => (a.hlc < b.hlc ? -1 : a.hlc > b.hlc ? 1 : 0));
}

/**
 * Entries of an instant range (inclusive), in [deviceId+seq] order, `pageSize` at a time: the
 * archive's audit dataset, in the order its verification walks the chains. Rows are found by their
 * newest instant, so a row that began before the range but reaches into it is read too.
 */
export async function* entriesInRange(
  db: DeskDb,
  start: string,
  end: string,
  pageSize: number,
): AsyncGenerator<AuditEntry[]> {
  const keys = (await rowsByTime(db, start, end)).map(({ key }) => key);
  keys.sort((a, b) => (a[0] !== b[0] ? (a[0] < b[0] ? -1 : 1) : a[1] - b[1]));
  let page: AuditEntry[] = [];
  const ROWS = 64;
  for (let index = 0; index < keys.length; index += ROWS) {
    const rows = await db.auditChunks.bulkGet(keys.slice(index, index + ROWS));
    for (const row of rows) {
      for (const entry of row?.entries ?? []) {
        if (entry.at < start || entry.at > end) continue;
        page.push(entry);
        if (page.length === pageSize) {
          yield page;
          page = [];
        }
      }
    }
  }
  if (page.length) yield page;
}

/** How many entries fall in an instant range (inclusive). */
export async function countInRange(db: DeskDb, start: string, end: string): Promise<number> {
  let count = 0;
  for await (const page of entriesInRange(db, start, end, 10_000)) count += page.length;
  return count;
}
