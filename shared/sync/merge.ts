/**
 * Deterministic merge of oplog operations into record states, the same in the renderer (Dexie) and
 * in Node. The rules:
 *
 * - Mutable records merge field by field: each field keeps the value of the write with the highest
 *   HLC. HLC strings sort like the stamps (fixed-width wall and counter, then the device id), so the
 *   device id breaks ties between equal wall and counter. Two different writes with the very same
 *   stamp only happen when two installs share a device id (a cloned disk); the canonical JSON of the
 *   value then decides, so even that case converges.
 * - Append-only records (ledgers, timelines, audit entries) are a union: a create is applied once,
 *   later copies are ignored, updates are refused.
 * - A delete leaves a tombstone that is final: no write, older or newer, brings the record back. An
 *   erasure must not be undone by a device that had not seen it yet, nor leave half a record behind.
 *   Concurrent deletes keep the tombstone fields of the latest one.
 *
 * Every rule is commutative, associative and idempotent, so the same set of operations delivered
 * in any order, any number of times, gives the same state.
 */
import { z } from 'zod';
import { canonicalJson, type Json } from '../audit/canonical';

export type SyncOpKind = 'create' | 'update' | 'delete';

/** One change as it travels between devices: the oplog entry, plus deletes. */
export type SyncOp = {
  /** HLC stamp (shared/sync/hlc.ts string form); unique per change, embeds the device id. */
  hlc: string;
  deviceId: string;
  entity: string;
  entityId: string;
  op: SyncOpKind;
  /** Values of the written fields; for a delete, the tombstone's fields (no personal data). */
  fields: Record<string, unknown>;
};

const HLC_PATTERN = /^\d{15}-\d{6}-([A-Za-z0-9_-]{1,64})$/;

/** Checked on every op read from the shared folder: the stamp must name the device that sent it. */
export const syncOpSchema = z
  .object({
    hlc: z.string().regex(HLC_PATTERN),
    deviceId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
    entity: z.string().min(1).max(64),
    entityId: z.string().min(1).max(128),
    op: z.enum(['create', 'update', 'delete']),
    fields: z.record(z.string(), z.unknown()),
  })
  .refine((op) => HLC_PATTERN.exec(op.hlc)?.[1] === op.deviceId, { message: 'hlc_device_mismatch' });

/** Entities whose records are never changed once written (see renderer/src/db/schema.ts). */
export const APPEND_ONLY_ENTITIES: ReadonlySet<string> = new Set(['audit', 'consentEvent', 'requestEvent']);

export type MergeOptions = { appendOnly?: ReadonlySet<string> };

/** What the app keeps per record: the merged fields and, beside them, the clock of each field. */
export type RecordState = {
  /** The merged fields (data only: no id), or the tombstone's fields once deleted. */
  record: Record<string, unknown>;
  /** Field name → HLC of the write that holds it. */
  clocks: Record<string, string>;
  /** HLC of the delete that made this record a tombstone; absent while it lives. */
  deleted?: string;
};

export type MergeResult = RecordState & {
  changed: boolean;
  /** Why an op was not applied although it was new: an update of an append-only record. */
  refused?: 'append_only';
};

function canonical(value: unknown): string {
  return canonicalJson(value as Json);
}

/**
 * True when write (aHlc, aValue) beats write (bHlc, bValue). Higher HLC wins; equal HLC with a
 * different value (two installs with one device id) is settled by the canonical JSON of the value.
 */
export function writeWins(aHlc: string, aValue: unknown, bHlc: string, bValue: unknown): boolean {
  if (aHlc !== bHlc) return aHlc > bHlc;
  if (aValue === bValue) return false;
  return canonical(aValue) > canonical(bValue);
}

function unchanged(current: RecordState, refused?: 'append_only'): MergeResult {
  return refused ? { ...current, changed: false, refused } : { ...current, changed: false };
}

function tombstone(op: SyncOp): RecordState {
  const clocks: Record<string, string> = {};
  for (const key of Object.keys(op.fields)) clocks[key] = op.hlc;
  return { record: { ...op.fields }, clocks, deleted: op.hlc };
}

/** Merge one op into the current state of its record (undefined when the record is unknown). */
export function mergeOp(
  current: RecordState | undefined,
  op: SyncOp,
  options: MergeOptions = {},
): MergeResult {
  const appendOnly = (options.appendOnly ?? APPEND_ONLY_ENTITIES).has(op.entity);

  if (op.op === 'delete') {
    if (current?.deleted === undefined) return { ...tombstone(op), changed: true };
    if (writeWins(op.hlc, op.fields, current.deleted, current.record)) {
      return { ...tombstone(op), changed: true };
    }
    return unchanged(current);
  }
  if (current?.deleted !== undefined) return unchanged(current);

  if (appendOnly) {
    if (op.op === 'update') {
      return current
        ? unchanged(current, 'append_only')
        : { record: {}, clocks: {}, changed: false, refused: 'append_only' };
    }
    // A create is applied once. Two different creates under one id (never made by the app) keep
    // the earliest, so every device keeps the same one. Every field carries the create's stamp
    // (the empty name stands for it when the create has no fields).
    const createdAt = current ? Object.values(current.clocks)[0] : undefined;
    if (current && createdAt !== undefined && !writeWins(createdAt, current.record, op.hlc, op.fields)) {
      return unchanged(current);
    }
    const clocks: Record<string, string> = {};
    for (const key of Object.keys(op.fields)) clocks[key] = op.hlc;
    if (Object.keys(op.fields).length === 0) clocks[''] = op.hlc;
    return { record: { ...op.fields }, clocks, changed: true };
  }

  // Mutable record: a create is a write of all its fields, an update of some; either may arrive first.
  let record = current?.record;
  let clocks = current?.clocks;
  let changed = current === undefined;
  for (const [field, value] of Object.entries(op.fields)) {
    const clock = clocks?.[field];
    if (clock !== undefined && !writeWins(op.hlc, value, clock, record?.[field])) continue;
    if (record === current?.record) {
      record = { ...record };
      clocks = { ...clocks };
    }
    (record as Record<string, unknown>)[field] = value;
    (clocks as Record<string, string>)[field] = op.hlc;
    changed = true;
  }
  return { record: record ?? {}, clocks: clocks ?? {}, changed };
}

/** The key of a record in a flat store: entity and id. */
export function stateKey(entity: string, entityId: string): string {
  return `${entity}/${entityId}`;
}

export type ChangedRecord = { entity: string; entityId: string; state: RecordState };

/**
 * Merge a batch against states read beforehand (the Dexie side: group the batch's keys, bulkGet
 * the states, call this, bulkPut what it returns). Returns only the records that changed, in their
 * final state; ops of one record within the batch are merged in sequence.
 */
export function mergeBatch(
  current: ReadonlyMap<string, RecordState>,
  ops: Iterable<SyncOp>,
  options: MergeOptions = {},
): Map<string, ChangedRecord> {
  const changed = new Map<string, ChangedRecord>();
  for (const op of ops) {
    const key = stateKey(op.entity, op.entityId);
    const before = changed.get(key)?.state ?? current.get(key);
    const result = mergeOp(before, op, options);
    if (!result.changed) continue;
    const state: RecordState =
      result.deleted === undefined
        ? { record: result.record, clocks: result.clocks }
        : { record: result.record, clocks: result.clocks, deleted: result.deleted };
    changed.set(key, { entity: op.entity, entityId: op.entityId, state });
  }
  return changed;
}

/** Merge ops into an in-memory store (tests, benchmarks, snapshots). Returns how many ops changed it. */
export function applyOps(
  store: Map<string, RecordState>,
  ops: Iterable<SyncOp>,
  options: MergeOptions = {},
): number {
  let count = 0;
  for (const op of ops) {
    const key = stateKey(op.entity, op.entityId);
    const result = mergeOp(store.get(key), op, options);
    if (!result.changed) continue;
    count += 1;
    store.set(
      key,
      result.deleted === undefined
        ? { record: result.record, clocks: result.clocks }
        : { record: result.record, clocks: result.clocks, deleted: result.deleted },
    );
  }
  return count;
}

/** The latest stamp in a record's state: what the app stores as the record's `hlc`. */
export function stateHlc(state: RecordState): string {
  let latest = state.deleted ?? '';
  for (const clock of Object.values(state.clocks)) if (clock > latest) latest = clock;
  return latest;
}

/**
 * Ops that rebuild exactly this state when merged anywhere (snapshots): one op per distinct field
 * clock, or the tombstone. Merged into a store that already knows newer writes, they change nothing.
 */
export function stateToOps(
  entity: string,
  entityId: string,
  state: RecordState,
  options: MergeOptions = {},
): SyncOp[] {
  const deviceOf = (hlc: string) => HLC_PATTERN.exec(hlc)?.[1] ?? '';
  if (state.deleted !== undefined) {
    return [
      {
        hlc: state.deleted,
        deviceId: deviceOf(state.deleted),
        entity,
        entityId,
        op: 'delete',
        fields: state.record,
      },
    ];
  }
  const byClock = new Map<string, Record<string, unknown>>();
  for (const [field, clock] of Object.entries(state.clocks)) {
    const fields = byClock.get(clock) ?? {};
    if (field !== '' || Object.hasOwn(state.record, field)) fields[field] = state.record[field];
    byClock.set(clock, fields);
  }
  const kind: SyncOpKind = (options.appendOnly ?? APPEND_ONLY_ENTITIES).has(entity) ? 'create' : 'update';
  return [...byClock.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([hlc, fields]) => ({ hlc, deviceId: deviceOf(hlc), entity, entityId, op: kind, fields }));
}
