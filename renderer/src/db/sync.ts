/**
 * Sync on the database side. The Node side moves ops between this device and the shared folder
 * (electron/services/sync); here they leave the oplog and come back into the records:
 *
 * - Outgoing: this device's oplog rows after a cursor, as SyncOps, then its audit entries (as
 *   append-only 'audit' records, so every device's hash chain travels whole and stays verifiable).
 * - Incoming: other devices' ops merged field by field (shared/sync/merge.ts) against the records'
 *   per-field clocks, in transactions of at most APPLY_CHUNK ops: records written with their derived
 *   fields, ledgers only added to, erasures done here too, derived facts kept in step,
 *   the ops kept in the oplog, the HLC moved past what arrived, and the cursor saved with the last
 *   chunk.
 * - Snapshot: every record's state as ops, for devices that join later.
 * - Join (a device that starts empty): the same merge, but the received ops are not copied into
 *   the oplog (only this device's own ops are pushed, and the per-field clocks live in syncClocks),
 *   and the derived facts are computed once for the whole join
 *   (derived-join.ts) and saved with the cursor, instead of being re-put after every chunk.
 */
import { Dexie } from 'dexie';
import { canonicalJson } from '../../../shared/audit/canonical';
import type { AuditEntry } from '../../../shared/audit/chain';
import type { ConsentEvent } from '../../../shared/consent/model';
import type { Organisation } from '../../../shared/domain/organisation';
import { OPEN_STATUSES } from '../../../shared/requests';
import type { Cursor } from '../../../shared/sync/cursor';
import { decodeHlc, encodeHlc, receiveHlc, type Hlc } from '../../../shared/sync/hlc';
import {
  mergeBatch,
  stateHlc,
  stateKey,
  stateToOps,
  type RecordState,
  type SyncOp,
} from '../../../shared/sync/merge';
import { noteAuditFacts } from './audit-facts';
import { contactNotes, noteContactChange } from './contacts';
import { writeNotedDerived } from './derived-bulk';
import { appendRemote, chainPages, entriesAfter } from './audit-store';
import { writeJoinedDerived } from './derived-join';
import { applyRemoteErasure } from './erasure';
import { bulkGetSparse } from './sparse';
import { addEvents, eventsById, eventsByPerson } from './consent-store';
import { noteUsedNotices } from './used-notices';
import {
  ENTITY_TABLES,
  OPLOG_BATCH,
  type DeskDb,
  type EntityName,
  type OplogBatch,
  type SyncClocks,
} from './schema';
import {
  deriveFields,
  isAppendOnly,
  isValidData,
  recordData,
  writeEnvOf,
  type StampedOplogEntry,
  type WriteEnv,
} from './write';

export const SYNC_META = {
  /** What this device has merged of the others' ops (shared/sync/cursor.ts). */
  cursor: 'sync.cursor',
  /** How far this device's own oplog and audit entries have been handed to the Node side. */
  pushed: 'sync.pushed',
  /** The space this device joined (kept after leaving, so it can only rejoin that one). */
  spaceId: 'sync.spaceId',
  lastSnapshot: 'sync.lastSnapshot',
  /** A join under way: set before its first chunk, removed with its cursor (a resumed one goes on as a join). */
  joining: 'sync.joining',
} as const;

/** Ops per Dexie transaction when applying: large enough to be fast, small enough to stay responsive. */
export const APPLY_CHUNK = 5_000;

/**
 * A join's consent events held in memory across chunks until this many, then written packed, one
 * row per person (consent-store.ts): segments bring a space's operations in the order they were
 * recorded, so a person's decisions are spread over the whole join, and writing them chunk by chunk
 * would write about one row per decision (a snapshot lists each person's together). Memory: one
 * event object each (estimated at about 1 KB, not measured: the join's memory peak is a measurement
 * still to make).
 */
export const JOIN_HELD_EVENTS = 200_000;

/**
 * What a join keeps in memory: the consent events it holds, and — for a join this page began on an
 * empty database — the ids of every event it received. Those ids are then all it needs to know
 * whether an event is already stored: an event received again (a snapshot and segments overlap) is
 * among them, and no other is in the database. So a chunk reads no ledger row, where looking ids
 * up costs a read per id once they are spread over the whole ledger (a snapshot lists each
 * person's decisions together, so a chunk's ids span all of it: one join took 189 s against 130 s
 * for the segments' order). A join resumed after a pass failed, or after a restart, reads them.
 */
type JoinState = { held: Map<string, ConsentEvent>; received: Set<string> | null };
const joins = new WeakMap<DeskDb, JoinState>();

function joinState(db: DeskDb): JoinState {
  let state = joins.get(db);
  if (!state) joins.set(db, (state = { held: new Map(), received: null }));
  return state;
}

/** Write the events a join holds (only those of `people` if given). Inside a transaction with `consentRows`. */
async function writeHeldEvents(db: DeskDb, people?: ReadonlySet<string>): Promise<void> {
  const held = joins.get(db)?.held;
  if (!held || held.size === 0) return;
  const events = [...held.values()].filter((event) => !people || people.has(event.subjectId));
  await addEvents(db, events);
  for (const event of events) held.delete(event.id);
}

const ENTITIES = Object.keys(ENTITY_TABLES) as EntityName[];
const isEntity = (value: string): value is EntityName => Object.hasOwn(ENTITY_TABLES, value);
/** Ledgers and timelines: a union of creates (the audit log travels as records of its own). */
const APPEND_ONLY: ReadonlySet<string> = new Set(['audit', ...ENTITIES.filter(isAppendOnly)]);
const STAMPS = ['createdAt', 'createdBy', 'updatedAt', 'updatedBy'] as const;

function allTables(db: DeskDb) {
  return [
    ...Object.values(ENTITY_TABLES).map((name) => db.table(name)),
    db.oplog,
    db.auditChunks,
    db.meta,
    db.consentRows,
    db.facts,
    db.syncClocks,
  ];
}

/** An oplog entry as it travels: stamps become fields; an erasure is the merge's final delete. */
export function toSyncOp(entry: StampedOplogEntry): SyncOp {
  const base = { hlc: entry.hlc, deviceId: entry.deviceId, entity: entry.entity, entityId: entry.entityId };
  if (entry.op === 'erase') return { ...base, op: 'delete', fields: {} };
  const at = entry.at ?? new Date(decodeHlc(entry.hlc).wall).toISOString();
  const by = entry.by ?? null;
  const stamps =
    entry.op === 'create'
      ? { createdAt: at, createdBy: by, updatedAt: at, updatedBy: by }
      : { updatedAt: at, updatedBy: by };
  return { ...base, op: entry.op, fields: { ...entry.fields, ...stamps } };
}

/** A remote op as this device's oplog keeps it (the inverse of toSyncOp). */
export function toOplogEntry(op: SyncOp & { entity: EntityName }): StampedOplogEntry {
  const fields = { ...op.fields };
  for (const stamp of STAMPS) delete fields[stamp];
  const entry: StampedOplogEntry = {
    hlc: op.hlc,
    deviceId: op.deviceId,
    entity: op.entity,
    entityId: op.entityId,
    op: op.op === 'delete' ? 'erase' : op.op,
    fields,
  };
  if (typeof op.fields.updatedAt === 'string') entry.at = op.fields.updatedAt;
  if (op.fields.updatedBy === null || typeof op.fields.updatedBy === 'string') entry.by = op.fields.updatedBy;
  return entry;
}

export function auditOp(entry: AuditEntry): SyncOp {
  return {
    hlc: entry.hlc,
    deviceId: entry.deviceId,
    entity: 'audit',
    entityId: entry.id,
    op: 'create',
    fields: { ...entry },
  };
}

type Pushed = { oplog: string; audit: number };

async function pushedOf(db: DeskDb): Promise<Pushed> {
  const value = (await db.meta.get(SYNC_META.pushed))?.value as Partial<Pushed> | undefined;
  return {
    oplog: typeof value?.oplog === 'string' ? value.oplog : '',
    audit: typeof value?.audit === 'number' ? value.audit : 0,
  };
}

export type OutgoingBatch = { ops: SyncOp[]; next: Pushed };

/**
 * The next batch of this device's changes not yet handed over (at most `limit` ops): oplog rows
 * first, then audit entries. Read in one transaction, so a write is either wholly in or wholly after.
 */
export function outgoingBatch(
  db: DeskDb,
  deviceId: string,
  limit = APPLY_CHUNK,
  from?: Pushed,
): Promise<OutgoingBatch | null> {
  return db.transaction('r', db.oplog, db.auditChunks, db.meta, async () => {
    const pushed = from ?? (await pushedOf(db));
    const rows = await db.oplog
      .where('[deviceId+hlc]')
      .between([deviceId, pushed.oplog], [deviceId, Dexie.maxKey], false, true)
      .limit(Math.max(1, Math.floor(limit / OPLOG_BATCH)))
      .toArray();
    if (rows.length > 0) {
      return {
        ops: rows.flatMap((row) => row.ops.map(toSyncOp)),
        next: { ...pushed, oplog: rows[rows.length - 1]!.hlc },
      };
    }
    const entries = await entriesAfter(db, deviceId, pushed.audit, limit);
    if (entries.length === 0) return null;
    return { ops: entries.map(auditOp), next: { ...pushed, audit: entries[entries.length - 1]!.seq } };
  });
}

/**
 * Up to `limit` of this device's changes not yet handed over, oplog rows and audit entries together
 * (one push, so one segment and one device file written, instead of one for each kind), read in
 * one transaction.
 */
export function outgoingChanges(
  db: DeskDb,
  deviceId: string,
  limit = APPLY_CHUNK,
): Promise<OutgoingBatch | null> {
  return db.transaction('r', db.oplog, db.auditChunks, db.meta, async () => {
    let batch = await outgoingBatch(db, deviceId, limit);
    // An oplog row holds up to OPLOG_BATCH ops: below that room, the next one might not fit.
    while (batch && limit - batch.ops.length >= OPLOG_BATCH) {
      const more = await outgoingBatch(db, deviceId, limit - batch.ops.length, batch.next);
      if (!more) break;
      batch = { ops: [...batch.ops, ...more.ops], next: more.next };
    }
    return batch;
  });
}

/** The batch reached the Node side's outbox: it is never handed over again. */
export async function markPushed(db: DeskDb, next: Pushed): Promise<void> {
  await db.meta.put({ key: SYNC_META.pushed, value: next });
}

/** How many of this device's changes have not been handed over yet (the status screen). */
export async function unpushedCount(db: DeskDb, deviceId: string): Promise<number> {
  const pushed = await pushedOf(db);
  let count = 0;
  await db.oplog
    .where('[deviceId+hlc]')
    .between([deviceId, pushed.oplog], [deviceId, Dexie.maxKey], false, true)
    .each((row) => {
      count += row.ops.length;
    });
  return count;
}

/**
 * What this device remembers on creating or joining a space. Another space knows nothing of this
 * device yet: everything goes out again and comes in again (rejoining the same space carries on
 * where it stopped). When to write the first snapshot:
 * - a device that creates a space holds everything in it: its first pass that gets everything out
 *   writes a snapshot at once, so that the devices joining later load the records in one go, each
 *   person's decisions together, instead of replaying every segment (and the compaction it allows
 *   leaves the folder the snapshot instead of the whole history);
 * - a device that joins writes its first a day later: right after joining it would only copy what
 *   just arrived.
 */
export async function rememberSpace(
  db: DeskDb,
  spaceId: string,
  kind: 'create' | 'join',
  now = Date.now(),
): Promise<void> {
  await db.transaction('rw', db.meta, async () => {
    const previous = (await db.meta.get(SYNC_META.spaceId))?.value;
    if (previous !== spaceId) await db.meta.bulkDelete([SYNC_META.pushed, SYNC_META.cursor]);
    await db.meta.put({ key: SYNC_META.spaceId, value: spaceId });
    if (kind === 'create') await db.meta.delete(SYNC_META.lastSnapshot);
    else await db.meta.put({ key: SYNC_META.lastSnapshot, value: now });
  });
}

export async function storedCursor(db: DeskDb): Promise<Cursor> {
  const value = (await db.meta.get(SYNC_META.cursor))?.value;
  return value && typeof value === 'object' ? (value as Cursor) : {};
}

function uniformClocks(data: Record<string, unknown>, hlc: string): Record<string, string> {
  return Object.fromEntries(Object.keys(data).map((field) => [field, hlc]));
}

/** The record's state as the merge sees it: from its clocks row, or its table row (one stamp). */
function stateOf(
  entity: EntityName,
  row: Record<string, unknown> | undefined,
  clocks: SyncClocks | undefined,
): RecordState | undefined {
  const deleted = clocks?.deleted !== undefined ? { deleted: clocks.deleted } : {};
  if (clocks?.record) return { record: clocks.record, clocks: clocks.clocks, ...deleted };
  if (row) {
    const data = recordData(entity, row);
    return { record: data, clocks: clocks?.clocks ?? uniformClocks(data, String(row.hlc)) };
  }
  return clocks ? { record: {}, clocks: clocks.clocks, ...deleted } : undefined;
}

export type ApplyProblem = 'duplicate_device' | 'unknown_entity';

export type ApplyResult = {
  /** Records written, added or erased. */
  changed: number;
  /** People erased here because another device erased them. */
  erased: string[];
  /** Records kept aside until the rest of them arrives (an update before its create). */
  incomplete: number;
  problems: ApplyProblem[];
};

export type ApplyOptions = {
  /** This database's device id: its own ops (a snapshot made elsewhere holds them) are skipped. */
  deviceId: string;
  /** Saved with the last chunk: what the applied ops complete. */
  cursor?: Cursor;
  now?: () => number;
  chunk?: number;
  /**
   * This pull is a join (`beginJoin`): no oplog copies of the received ops, the derived rows
   * computed once when the cursor comes (with the last chunk's call), and the join then ended.
   */
  join?: boolean;
  /** A join's consent events held before they are written (JOIN_HELD_EVENTS). */
  hold?: number;
};

/**
 * Whether the pull about to run is a join: one already under way (interrupted, resumed), or this
 * device has merged nothing yet and holds no record (a new computer joining the space). A device
 * that made the space with its records in it is not joining: it replays as usual.
 */
export async function beginJoin(db: DeskDb): Promise<boolean> {
  if ((await db.meta.get(SYNC_META.joining))?.value === true) {
    // Resumed: what the attempt before wrote is found in the database.
    joinState(db).received = null;
    return true;
  }
  joins.delete(db);
  if (Object.keys(await storedCursor(db)).length > 0) return false;
  for (const name of [...Object.values(ENTITY_TABLES), 'consentRows'])
    if ((await db.table(name).limit(1).primaryKeys()).length > 0) return false;
  await db.meta.put({ key: SYNC_META.joining, value: true });
  joins.set(db, { held: new Map(), received: new Set() });
  return true;
}

/** The end of a join: the derived tables written once, then the cursor, in one transaction. */
async function finishJoin(db: DeskDb, cursor: Cursor): Promise<void> {
  await db.transaction(
    'rw',
    [db.consentEvents, db.consentRows, db.subjects, db.requests, db.facts, db.syncClocks, db.meta],
    async () => {
      await writeHeldEvents(db);
      await writeJoinedDerived(db);
      await db.meta.put({ key: SYNC_META.cursor, value: cursor });
      await db.meta.delete(SYNC_META.joining);
    },
  );
}

/**
 * Merge other devices' ops into the database. Each chunk is one transaction: its records, ledger
 * rows, oplog rows, audit entries, erasures, preferences and the HLC commit together or not at all,
 * and the cursor only with the last one (a crash in between means the next pull brings them again;
 * merging them twice changes nothing).
 */
export async function applyRemoteOps(
  db: DeskDb,
  ops: readonly SyncOp[],
  options: ApplyOptions,
): Promise<ApplyResult> {
  const result: ApplyResult = { changed: 0, erased: [], incomplete: 0, problems: [] };
  const foreign = ops.filter((op) => op.deviceId !== options.deviceId);
  const size = options.chunk ?? APPLY_CHUNK;
  if (options.join) {
    for (let start = 0; start < foreign.length; start += size) {
      const chunk = foreign.slice(start, start + size);
      const outcome = await db.transaction('rw', allTables(db), async () =>
        applyChunk(db, chunk, options, undefined),
      );
      addOutcome(result, outcome);
    }
    if ((joins.get(db)?.held.size ?? 0) >= (options.hold ?? JOIN_HELD_EVENTS))
      await db.transaction('rw', db.consentRows, () => writeHeldEvents(db));
    if (options.cursor) await finishJoin(db, options.cursor);
    return result;
  }
  if (foreign.length === 0) {
    // Only a cursor that moved is written: any write wakes the background runner
    // (SyncProvider), so rewriting the same one would run a pass every second for ever.
    const cursor = options.cursor;
    if (cursor && canonicalJson(await storedCursor(db)) !== canonicalJson(cursor))
      await db.meta.put({ key: SYNC_META.cursor, value: cursor });
    return result;
  }
  for (let start = 0; start < foreign.length; start += size) {
    const last = start + size >= foreign.length;
    const chunk = foreign.slice(start, start + size);
    const cursor = last ? options.cursor : undefined;
    // An async function: Dexie keeps the transaction across native awaits only for those.
    const outcome = await db.transaction('rw', allTables(db), async () =>
      applyChunk(db, chunk, options, cursor),
    );
    addOutcome(result, outcome);
  }
  return result;
}

function addOutcome(result: ApplyResult, outcome: ApplyResult): void {
  result.changed += outcome.changed;
  result.incomplete += outcome.incomplete;
  result.erased.push(...outcome.erased);
  for (const problem of outcome.problems)
    if (!result.problems.includes(problem)) result.problems.push(problem);
}

type Changed = { entity: EntityName; entityId: string; state: RecordState };

async function applyChunk(
  db: DeskDb,
  ops: readonly SyncOp[],
  options: ApplyOptions,
  cursor: Cursor | undefined,
): Promise<ApplyResult> {
  const nowMs = (options.now ?? Date.now)();
  const problems: ApplyProblem[] = [];
  const auditOps: SyncOp[] = [];
  const recordOps: (SyncOp & { entity: EntityName })[] = [];
  for (const op of ops) {
    if (op.entity === 'audit') {
      if (op.op === 'create') auditOps.push(op);
    } else if (isEntity(op.entity)) {
      // A ledger row is never deleted nor changed, whatever a file says.
      if (!(isAppendOnly(op.entity) && op.op !== 'create'))
        recordOps.push(op as SyncOp & { entity: EntityName });
    } else if (!problems.includes('unknown_entity')) {
      problems.push('unknown_entity');
    }
  }

  // 1. The current state of every record the chunk touches: its clocks row and its table row.
  const keys = [...new Set(recordOps.map((op) => stateKey(op.entity, op.entityId)))];
  const clockRows = new Map<string, SyncClocks>();
  (await bulkGetSparse(db.syncClocks, keys)).forEach((row) => row && clockRows.set(row.key, row));
  const idsByEntity = new Map<EntityName, string[]>();
  for (const op of recordOps) {
    const ids = idsByEntity.get(op.entity) ?? [];
    ids.push(op.entityId);
    idsByEntity.set(op.entity, ids);
  }
  const tableRows = new Map<string, Record<string, unknown>>();
  const join = options.join ? joinState(db) : undefined;
  // Ledger entries this join received before and no longer holds: stored, so final (JoinState).
  const stored = new Set<string>();
  for (const [entity, ids] of idsByEntity) {
    const unique = [...new Set(ids)];
    const received = entity === 'consentEvent' ? join?.received : undefined;
    const rows = received
      ? unique.map(() => undefined)
      : entity === 'consentEvent'
        ? await eventsById(db, unique)
        : await bulkGetSparse(db.table<Record<string, unknown>, string>(ENTITY_TABLES[entity]), unique);
    rows.forEach((row, index) => {
      const id = unique[index]!;
      const found = row ?? (entity === 'consentEvent' ? join?.held.get(id) : undefined);
      if (found) tableRows.set(stateKey(entity, id), found as Record<string, unknown>);
      else if (received?.has(id)) stored.add(stateKey(entity, id));
    });
  }
  const current = new Map<string, RecordState>();
  for (const op of recordOps) {
    const key = stateKey(op.entity, op.entityId);
    if (current.has(key)) continue;
    const state = stateOf(op.entity, tableRows.get(key), clockRows.get(key));
    if (state) current.set(key, state);
  }

  // 2. Merge. A ledger row already here is final (it may have been emptied by an erasure since).
  const mergeable = recordOps.filter((op) => {
    const key = stateKey(op.entity, op.entityId);
    return !(APPEND_ONLY.has(op.entity) && (current.has(key) || stored.has(key)));
  });
  const changed = [...mergeBatch(current, mergeable, { appendOnly: APPEND_ONLY }).entries()].map(
    ([key, change]) => [key, change as Changed] as const,
  );

  // 3. The organisation's calendar first: requests' deadline indexes depend on it.
  let env: WriteEnv = writeEnvOf(await db.organisation.toCollection().first(), nowMs);
  let calendarChanged = false;
  for (const [, { entity, state }] of changed) {
    if (entity === 'organisation' && state.deleted === undefined && isValidData(entity, state.record)) {
      env = writeEnvOf(state.record as unknown as Organisation, nowMs);
      calendarChanged = true;
    }
  }

  // 4. Records: written with their derived fields, or kept aside while incomplete.
  const puts = new Map<EntityName, Record<string, unknown>[]>();
  const adds = new Map<EntityName, Record<string, unknown>[]>();
  const deletes = new Map<EntityName, string[]>();
  const clockPuts: SyncClocks[] = [];
  const clockDeletes: string[] = [];
  const erasedHere = new Set<string>();
  const people = new Set<string>();
  const timelineRequests = new Set<string>();
  const newEvents: ConsentEvent[] = [];
  const contactChanges = contactNotes();
  let incomplete = 0;
  const push = <T>(map: Map<EntityName, T[]>, entity: EntityName, value: T) => {
    const list = map.get(entity);
    if (list) list.push(value);
    else map.set(entity, [value]);
  };
  for (const [key, { entity, entityId, state }] of changed) {
    const before = tableRows.get(key);
    if (state.deleted !== undefined) {
      clockPuts.push({ key, clocks: state.clocks, deleted: state.deleted, record: state.record });
      if (entity === 'request' && before) contactChanges.recompute.add(String(before.subjectId));
      if (entity === 'subject') erasedHere.add(entityId);
      else if (!isAppendOnly(entity)) push(deletes, entity, entityId);
      continue;
    }
    if (!isValidData(entity, state.record)) {
      clockPuts.push({ key, clocks: state.clocks, record: state.record });
      incomplete += 1;
      continue;
    }
    const hlc = stateHlc(state);
    const row: Record<string, unknown> = {
      ...state.record,
      ...deriveFields(entity, state.record, env),
      id: entityId,
      hlc,
    };
    if (isAppendOnly(entity)) push(adds, entity, row);
    else push(puts, entity, row);
    const uniform = Object.values(state.clocks).every((clock) => clock === hlc);
    if (!uniform) clockPuts.push({ key, clocks: state.clocks });
    else if (clockRows.has(key)) clockDeletes.push(key);
    if (entity === 'consentEvent') {
      newEvents.push(row as unknown as ConsentEvent);
      people.add(String(row.subjectId));
    }
    if (entity === 'request') people.add(String(row.subjectId));
    noteContactChange(contactChanges, entity, before, row);
    if (entity === 'requestEvent') timelineRequests.add(String(row.requestId));
  }
  for (const [entity, rows] of adds) {
    if (entity !== 'consentEvent') await db.table(ENTITY_TABLES[entity]).bulkAdd(rows);
    else if (!options.join) await addEvents(db, rows as unknown as ConsentEvent[]);
    else {
      // Held across chunks, written packed (JOIN_HELD_EVENTS).
      for (const event of rows as unknown as ConsentEvent[]) {
        join!.held.set(event.id, event);
        join!.received?.add(event.id);
      }
    }
  }
  for (const [entity, rows] of puts) await db.table(ENTITY_TABLES[entity]).bulkPut(rows);
  for (const [entity, ids] of deletes) await db.table(ENTITY_TABLES[entity]).bulkDelete(ids);
  if (clockPuts.length) await db.syncClocks.bulkPut(clockPuts);
  if (clockDeletes.length) await db.syncClocks.bulkDelete(clockDeletes);
  if (calendarChanged) {
    await db.requests
      .where('status')
      .anyOf([...OPEN_STATUSES])
      .modify((request) => {
        Object.assign(request, deriveFields('request', request as unknown as Record<string, unknown>, env));
      });
  }

  // 5. The ops themselves, in the oplog under their own device (a record's history, erasure). A
  // join keeps none: this device pushes only its own, and the merge reads syncClocks.
  if (!options.join) await db.oplog.bulkPut(oplogRows(recordOps));

  // 6. Other devices' audit chains, entry by entry. Two installs sharing a device id (a cloned
  // disk) would claim the same place in one chain: the first stays, the clash is reported.
  const entries = auditOps
    .map((op) => op.fields as unknown as AuditEntry)
    .filter(
      (entry, index) =>
        typeof entry.id === 'string' &&
        entry.id === auditOps[index]!.entityId &&
        entry.deviceId === auditOps[index]!.deviceId &&
        Number.isInteger(entry.seq) &&
        typeof entry.hash === 'string',
    );
  if (entries.length && (await appendRemote(db, entries)).duplicateDevice) problems.push('duplicate_device');
  await noteAuditFacts(db, entries);

  // 7. The derived rows follow what arrived, by the write path's own writer (derived-bulk.ts):
  // each person's facts row (a correction, here or arrived, rebuilds its person) and the notices in
  // use. A join computes the facts once at its end instead; the notices are noted
  // here (one meta row, read once per chunk).
  if (options.join) await noteUsedNotices(db, newEvents);
  else await writeNotedDerived(db, contactChanges, newEvents, { arrived: true });

  // 8. Erasures: people erased elsewhere, and records that arrived about someone already erased.
  if (timelineRequests.size) {
    const requests = await db.requests.bulkGet([...timelineRequests]);
    for (const request of requests) if (request) people.add(request.subjectId);
  }
  const candidates = [...people].filter((id) => !erasedHere.has(id));
  if (candidates.length) {
    const tombstones = await bulkGetSparse(
      db.syncClocks,
      candidates.map((id) => stateKey('subject', id)),
    );
    tombstones.forEach((row, index) => {
      if (row?.deleted !== undefined) erasedHere.add(candidates[index]!);
    });
  }
  // An erasure empties the person's events where they are stored: those a join holds first.
  if (erasedHere.size > 0) await writeHeldEvents(db, erasedHere);
  for (const subjectId of erasedHere) await applyRemoteErasure(db, subjectId);

  // 9. The next local stamp comes after everything that arrived.
  const latest = ops.reduce((max, op) => (op.hlc > max ? op.hlc : max), '');
  if (latest) {
    const stored = (await db.meta.get('hlc'))?.value;
    const local: Hlc | null = typeof stored === 'string' ? decodeHlc(stored) : null;
    const { stamp } = receiveHlc(local, decodeHlc(latest), nowMs, options.deviceId);
    await db.meta.put({ key: 'hlc', value: encodeHlc(stamp) });
  }
  if (cursor) await db.meta.put({ key: SYNC_META.cursor, value: cursor });
  return {
    changed: changed.length,
    erased: [...erasedHere],
    incomplete,
    problems,
  };
}

/** Remote ops as oplog rows: per device, in HLC order, at most OPLOG_BATCH a row. */
function oplogRows(ops: readonly (SyncOp & { entity: EntityName })[]): OplogBatch[] {
  const byDevice = new Map<string, StampedOplogEntry[]>();
  for (const op of ops) {
    const list = byDevice.get(op.deviceId) ?? [];
    list.push(toOplogEntry(op));
    byDevice.set(op.deviceId, list);
  }
  const rows: OplogBatch[] = [];
  for (const [deviceId, entries] of byDevice) {
    entries.sort((a, b) => (a.hlc < b.hlc ? -1 : a.hlc > b.hlc ? 1 : 0));
    for (let start = 0; start < entries.length; start += OPLOG_BATCH) {
      const batch = entries.slice(start, start + OPLOG_BATCH);
      rows.push({
        hlc: batch[0]!.hlc,
        deviceId,
        ops: batch,
        keys: [...new Set(batch.map((op) => `${op.entity}:${op.entityId}`))],
      });
    }
  }
  return rows;
}

/**
 * Every record's state as ops (a snapshot), in batches of about `size`: each table by primary key,
 * then the kept-aside states (tombstones, incomplete records), then the audit log. The cursor is
 * read first: the state read afterwards holds at least what it says.
 */
export async function* snapshotBatches(
  db: DeskDb,
  size = APPLY_CHUNK,
): AsyncGenerator<SyncOp[], void, undefined> {
  for (const entity of ENTITIES) {
    if (entity === 'consentEvent') {
      // Grouped by person, so that a device joining from this snapshot packs each person's events
      // in one row (consent-store.ts).
      let batch: SyncOp[] = [];
      for await (const events of eventsByPerson(db)) {
        const clocks = await db.syncClocks.bulkGet(events.map((event) => stateKey(entity, event.id)));
        for (const [index, event] of events.entries()) {
          const state = stateOf(entity, event as unknown as Record<string, unknown>, clocks[index]);
          if (state && !clocks[index]?.record)
            batch.push(...stateToOps(entity, event.id, state, { appendOnly: APPEND_ONLY }));
          if (batch.length >= size) {
            yield batch;
            batch = [];
          }
        }
      }
      if (batch.length) yield batch;
      continue;
    }
    const table = db.table(ENTITY_TABLES[entity]);
    let after: string | null = null;
    for (;;) {
      const page: SyncOp[] | null = await db.transaction('r', table, db.syncClocks, async () => {
        const rows = (await (after === null ? table.orderBy(':id') : table.where(':id').above(after))
          .limit(size)
          .toArray()) as Record<string, unknown>[];
        if (rows.length === 0) return null;
        after = String(rows[rows.length - 1]!.id);
        const clocks = await db.syncClocks.bulkGet(rows.map((row) => stateKey(entity, String(row.id))));
        return rows.flatMap((row, index) => {
          const state = stateOf(entity, row, clocks[index]);
          return state && !clocks[index]?.record
            ? stateToOps(entity, String(row.id), state, { appendOnly: APPEND_ONLY })
            : [];
        });
      });
      if (page === null) break;
      if (page.length) yield page;
    }
  }
  let batch: SyncOp[] = [];
  const aside: SyncClocks[] = await db.syncClocks.filter((row) => row.record !== undefined).toArray();
  for (const row of aside) {
    const [entity, ...rest] = row.key.split('/');
    if (!entity || !isEntity(entity)) continue;
    const state = stateOf(entity, undefined, row);
    if (state) batch.push(...stateToOps(entity, rest.join('/'), state, { appendOnly: APPEND_ONLY }));
  }
  if (batch.length) yield batch;
  batch = [];
  for await (const page of chainPages(db)) {
    for (const entry of page) {
      batch.push(auditOp(entry));
      if (batch.length >= size) {
        yield batch;
        batch = [];
      }
    }
  }
  if (batch.length) yield batch;
}
