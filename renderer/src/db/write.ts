/**
 * The one write path. Every change to data goes through `createRecord` / `updateRecord` (or
 * `recordAction` for actions that change no record, such as an export): validate with zod, stamp
 * id (UUIDv7), HLC, operator and time, then write the record, its oplog entry and its audit entry in
 * one Dexie transaction — a failed write leaves nothing behind.
 */
import { Dexie } from 'dexie';
import { v4 as uuidv4, v7 as uuidv7 } from 'uuid';
import type { z } from 'zod';
import { sealAuditEntry, type AuditEntry } from '../../../shared/audit/chain';
import { fieldErrors, type Stamps } from '../../../shared/domain/common';
import { organisationInputSchema, type Organisation } from '../../../shared/domain/organisation';
import { staffInputSchema, type StaffMember } from '../../../shared/domain/staff';
import { subjectIndexes, subjectInputSchema, type Subject } from '../../../shared/domain/subject';
import { decodeHlc, encodeHlc, nextHlc } from '../../../shared/sync/hlc';
import { ENTITY_TABLES, type DeskDb, type EntityName, type OplogEntry } from './schema';

type EntityDef<Data extends object, Rec> = {
  schema: z.ZodType<Data, unknown>;
  /** Fields computed from the data for indexes; stored, never sent in the oplog. */
  derive?: (data: Data) => Omit<Rec, keyof Data | keyof Stamps>;
};

const ENTITIES = {
  organisation: { schema: organisationInputSchema } as EntityDef<
    z.infer<typeof organisationInputSchema>,
    Organisation
  >,
  staff: { schema: staffInputSchema } as EntityDef<z.infer<typeof staffInputSchema>, StaffMember>,
  subject: { schema: subjectInputSchema, derive: subjectIndexes } as EntityDef<
    z.infer<typeof subjectInputSchema>,
    Subject
  >,
};

type Records = { organisation: Organisation; staff: StaffMember; subject: Subject };
type Inputs = {
  organisation: z.input<typeof organisationInputSchema>;
  staff: z.input<typeof staffInputSchema>;
  subject: z.input<typeof subjectInputSchema>;
};

export class ValidationError extends Error {
  readonly code = 'validation';
  constructor(readonly fields: Record<string, string>) {
    super('errors.validation');
  }
}

export class NotFoundError extends Error {
  readonly code = 'not_found';
  constructor(
    readonly entity: string,
    readonly id: string,
  ) {
    super('errors.notFound');
  }
}

export type WriteContext = {
  /** The active operator (staff id); null only for the first-run setup, before any staff exists. */
  operatorId: string | null;
  now?: () => number;
};

function validate<E extends EntityName>(entity: E, input: unknown): z.infer<(typeof ENTITIES)[E]['schema']> {
  const parsed = ENTITIES[entity].schema.safeParse(input);
  if (!parsed.success) throw new ValidationError(fieldErrors(parsed.error));
  return parsed.data as z.infer<(typeof ENTITIES)[E]['schema']>;
}

/** The device id of this database replica, made on first use. */
export async function deviceIdOf(db: DeskDb): Promise<string> {
  return db.transaction('rw', db.meta, async () => {
    const existing = await db.meta.get('deviceId');
    if (typeof existing?.value === 'string') return existing.value;
    const deviceId = uuidv4().replace(/-/g, '').slice(0, 16);
    await db.meta.put({ key: 'deviceId', value: deviceId });
    return deviceId;
  });
}

/** Inside a transaction: the next HLC stamp, persisted so it stays monotonic across reloads. */
async function nextStamp(db: DeskDb, deviceId: string, nowMs: number): Promise<string> {
  const last = await db.meta.get('hlc');
  const previous = typeof last?.value === 'string' ? decodeHlc(last.value) : null;
  const stamp = encodeHlc(nextHlc(previous, nowMs, deviceId));
  await db.meta.put({ key: 'hlc', value: stamp });
  return stamp;
}

function lastAuditEntry(db: DeskDb, deviceId: string): Promise<AuditEntry | undefined> {
  return db.audit.where('[deviceId+seq]').between([deviceId, Dexie.minKey], [deviceId, Dexie.maxKey]).last();
}

type AuditFacts = { action: string; entity: string; entityId: string; fields: string[]; count?: number };

async function appendAudit(
  db: DeskDb,
  ctx: WriteContext,
  deviceId: string,
  hlc: string,
  at: string,
  facts: AuditFacts,
): Promise<AuditEntry> {
  const previous = await lastAuditEntry(db, deviceId);
  const entry = sealAuditEntry(previous ?? null, {
    id: uuidv7(),
    deviceId,
    at,
    hlc,
    operatorId: ctx.operatorId,
    ...facts,
  });
  await db.audit.add(entry);
  return entry;
}

function tableOf<E extends EntityName>(db: DeskDb, entity: E) {
  return db.table(ENTITY_TABLES[entity]) as unknown as Dexie.Table<Records[E], string>;
}

export async function createRecord<E extends EntityName>(
  db: DeskDb,
  ctx: WriteContext,
  entity: E,
  input: Inputs[E],
): Promise<Records[E]> {
  const [record] = await createRecords(db, ctx, entity, [input]);
  return record as Records[E];
}

/**
 * Create many records in one transaction (imports, bulk loads): all are validated first — one bad
 * input writes nothing and reports its index — then every record gets its own id, HLC stamp, oplog
 * entry and audit entry.
 */
export async function createRecords<E extends EntityName>(
  db: DeskDb,
  ctx: WriteContext,
  entity: E,
  inputs: readonly Inputs[E][],
): Promise<Records[E][]> {
  const all = inputs.map((input, index) => {
    try {
      return validate(entity, input);
    } catch (error) {
      if (error instanceof ValidationError && inputs.length > 1) {
        throw new ValidationError(
          Object.fromEntries(Object.entries(error.fields).map(([k, v]) => [`${index}.${k}`, v])),
        );
      }
      throw error;
    }
  });
  const deviceId = await deviceIdOf(db);
  const table = tableOf(db, entity);
  const derive = ENTITIES[entity].derive as ((d: (typeof all)[number]) => object) | undefined;
  return db.transaction('rw', [table, db.oplog, db.audit, db.meta], async () => {
    const nowMs = (ctx.now ?? Date.now)();
    const at = new Date(nowMs).toISOString();
    const last = await db.meta.get('hlc');
    let stamp = typeof last?.value === 'string' ? decodeHlc(last.value) : null;
    let previousAudit = (await lastAuditEntry(db, deviceId)) ?? null;
    const records: Records[E][] = [];
    const oplog: OplogEntry[] = [];
    const audit: AuditEntry[] = [];
    for (const data of all) {
      stamp = nextHlc(stamp, nowMs, deviceId);
      const hlc = encodeHlc(stamp);
      const id = uuidv7();
      records.push({
        ...data,
        ...(derive ? derive(data) : {}),
        id,
        createdAt: at,
        updatedAt: at,
        createdBy: ctx.operatorId,
        updatedBy: ctx.operatorId,
        hlc,
      } as unknown as Records[E]);
      oplog.push({ hlc, deviceId, entity, entityId: id, op: 'create', fields: { ...data } });
      previousAudit = sealAuditEntry(previousAudit, {
        id: uuidv7(),
        deviceId,
        at,
        hlc,
        operatorId: ctx.operatorId,
        action: `${entity}.create`,
        entity,
        entityId: id,
        fields: Object.keys(data).sort(),
      });
      audit.push(previousAudit);
    }
    if (stamp) await db.meta.put({ key: 'hlc', value: encodeHlc(stamp) });
    await table.bulkAdd(records);
    await db.oplog.bulkAdd(oplog);
    await db.audit.bulkAdd(audit);
    return records;
  });
}

/**
 * Apply a partial change. The merged record is validated as a whole; only fields whose value really
 * changed reach the oplog and the audit entry. A change that changes nothing writes nothing.
 */
export async function updateRecord<E extends EntityName>(
  db: DeskDb,
  ctx: WriteContext,
  entity: E,
  id: string,
  patch: Partial<Inputs[E]>,
  action = `${entity}.update`,
): Promise<Records[E]> {
  const table = tableOf(db, entity);
  const deviceId = await deviceIdOf(db);
  return db.transaction('rw', [table, db.oplog, db.audit, db.meta], async () => {
    const fresh = (await table.get(id)) as Record<string, unknown> | undefined;
    if (!fresh) throw new NotFoundError(entity, id);
    // The schema strips stamps and derived fields, so the merged record validates as plain data.
    const data = validate(entity, { ...fresh, ...patch }) as Record<string, unknown>;
    const changed = Object.keys(data).filter(
      (key) => JSON.stringify(data[key]) !== JSON.stringify(fresh[key]),
    );
    if (changed.length === 0) return fresh as Records[E];
    const nowMs = (ctx.now ?? Date.now)();
    const at = new Date(nowMs).toISOString();
    const hlc = await nextStamp(db, deviceId, nowMs);
    const derive = ENTITIES[entity].derive as ((d: unknown) => object) | undefined;
    const record = {
      ...fresh,
      ...data,
      ...(derive ? derive(data) : {}),
      updatedAt: at,
      updatedBy: ctx.operatorId,
      hlc,
    } as unknown as Records[E];
    await table.put(record);
    await db.oplog.add({
      hlc,
      deviceId,
      entity,
      entityId: id,
      op: 'update',
      fields: Object.fromEntries(changed.map((key) => [key, data[key]])),
    });
    await appendAudit(db, ctx, deviceId, hlc, at, { action, entity, entityId: id, fields: changed.sort() });
    return record;
  });
}

/** An action that changes no record but must be in the audit log (an export, a verification). */
export async function recordAction(db: DeskDb, ctx: WriteContext, facts: AuditFacts): Promise<AuditEntry> {
  const deviceId = await deviceIdOf(db);
  return db.transaction('rw', [db.audit, db.meta], async () => {
    const nowMs = (ctx.now ?? Date.now)();
    const hlc = await nextStamp(db, deviceId, nowMs);
    return appendAudit(db, ctx, deviceId, hlc, new Date(nowMs).toISOString(), facts);
  });
}
