/**
 * The one write path. Every change to data goes through a `Writer` inside `write()` (or the
 * one-record wrappers `createRecord` / `updateRecord`, or `recordAction` for actions that change no
 * record, such as an export): validate with zod, stamp id (UUIDv7), HLC, operator and time, then
 * write the record, its oplog entry and its audit entry — all in one Dexie transaction, so a failed
 * write leaves nothing behind, however many records it touched.
 */
import { Dexie, type Table, type Transaction } from 'dexie';
import { v4 as uuidv4, v7 as uuidv7 } from 'uuid';
import type { z } from 'zod';
import { sealAuditEntry, type AuditEntry } from '../../../shared/audit/chain';
import { fieldErrors, type Stamps } from '../../../shared/domain/common';
import { planEdit, sameValue, type ConflictChoices, type EditConflict } from '../../../shared/domain/edits';
import { letterTemplateInputSchema, type LetterTemplateRecord } from '../../../shared/domain/letter-template';
import { organisationInputSchema, type Organisation } from '../../../shared/domain/organisation';
import { staffInputSchema, type StaffMember } from '../../../shared/domain/staff';
import { subjectIndexes, subjectInputSchema, type Subject } from '../../../shared/domain/subject';
import {
  requestDataSchema,
  requestEventDataSchema,
  requestIndexes,
  requestClock,
  OPEN_STATUSES,
  type DeadlinePlace,
  type DsRequest,
  type RequestEvent,
} from '../../../shared/requests';
import {
  consentEventInputSchema,
  noticeInputSchema,
  purposeInputSchema,
} from '../../../shared/consent/model';
import type { ConsentEvent, Notice, Purpose } from '../../../shared/consent/model';
import {
  registerEntryInputSchema,
  registerVersionInputSchema,
  type RegisterEntry,
  type RegisterVersion,
} from '../../../shared/registers/model';
import { breachInputSchema, type Breach } from '../../../shared/breaches/model';
import {
  erasureInputSchema,
  suppressionInputSchema,
  type Erasure,
  type Suppression,
} from '../../../shared/erasure/model';
import { retentionRuleInputSchema, type RetentionRule } from '../../../shared/retention/model';
import { complianceRunInputSchema, type ComplianceRun } from '../../../shared/compliance/history';
import { isUnprovenConsent } from '../../../shared/compliance/evidence';
import { trainingCompletionInputSchema, type TrainingCompletion } from '../../../shared/training/module';
import { campaignInputSchema, type Campaign } from '../../../shared/consent/campaign';
import { decodeHlc, encodeHlc, nextHlc, type Hlc } from '../../../shared/sync/hlc';
import { stateKey } from '../../../shared/sync/merge';
import { contactNotes, noteContactChange } from './contacts';
import { writeNotedDerived } from './derived-bulk';
import { usedNotices } from './used-notices';
import { noteAuditFacts } from './audit-facts';
import {
  AppendOnlyError,
  ENTITY_TABLES,
  OPLOG_BATCH,
  oplogKeys,
  type DeskDb,
  type AuditChunk,
  type EntityName,
  type OplogBatch,
  type OplogEntry,
  type SyncClocks,
} from './schema';
import { appendLocal, lastChunk } from './audit-store';
import { addEvents, eventById } from './consent-store';

/**
 * An oplog entry as the write path stores it: with when and by whom, which sync carries to other
 * devices as the record's createdAt/updatedAt and createdBy/updatedBy (kept out of `fields`, which
 * hold the record's data only).
 */
export type StampedOplogEntry = OplogEntry & { at?: string; by?: string | null };

/** What derived fields may depend on besides the record: the date and the organisation's calendar. */
export type WriteEnv = { today: string; place: DeadlinePlace | null };

type EntityDef = {
  schema: z.ZodType;
  /** Fields computed for indexes; stored, never sent in the oplog. */
  derive?: (data: never, env: WriteEnv) => object;
  /** Never changed once written (timelines, ledgers). */
  appendOnly?: boolean;
};

const ENTITIES: Record<EntityName, EntityDef> = {
  organisation: { schema: organisationInputSchema },
  staff: { schema: staffInputSchema },
  subject: { schema: subjectInputSchema, derive: subjectIndexes },
  request: {
    schema: requestDataSchema,
    derive: (data: z.infer<typeof requestDataSchema>, env: WriteEnv) =>
      env.place
        ? requestIndexes(data, env.place, env.today)
        : { clock: requestClock(data), dueOn: '', noticeDueOn: '' },
  },
  requestEvent: { schema: requestEventDataSchema, appendOnly: true },
  letterTemplate: { schema: letterTemplateInputSchema },
  purpose: { schema: purposeInputSchema },
  notice: { schema: noticeInputSchema },
  consentEvent: {
    schema: consentEventInputSchema,
    appendOnly: true,
    // Sparse: only consents without proof carry `unproven`, and only corrections `corrects` (the
    // event they correct), so each index holds only them.
    derive: (data: z.infer<typeof consentEventInputSchema>) => ({
      ...(isUnprovenConsent(data) ? { unproven: 1 } : {}),
      ...(data.correctsEventId ? { corrects: data.correctsEventId } : {}),
    }),
  },
  registerEntry: { schema: registerEntryInputSchema },
  registerVersion: { schema: registerVersionInputSchema, appendOnly: true },
  breach: { schema: breachInputSchema },
  erasure: { schema: erasureInputSchema },
  suppression: { schema: suppressionInputSchema },
  retentionRule: { schema: retentionRuleInputSchema },
  complianceRun: { schema: complianceRunInputSchema },
  trainingCompletion: { schema: trainingCompletionInputSchema, appendOnly: true },
  campaign: { schema: campaignInputSchema, appendOnly: true },
};

/** Derived fields (search terms, deadline indexes) of a record's data, as the write path stores them. */
export function deriveFields(entity: EntityName, data: Record<string, unknown>, env: WriteEnv): object {
  const derive = ENTITIES[entity].derive as ((d: unknown, env: WriteEnv) => object) | undefined;
  return derive ? derive(data, env) : {};
}

/** A stored record without its id, its HLC and its derived fields: what sync merges field by field. */
export function recordData(entity: EntityName, row: Record<string, unknown>): Record<string, unknown> {
  const data: Record<string, unknown> = { ...row };
  delete data.id;
  delete data.hlc;
  if (ENTITIES[entity].derive) {
    for (const key of Object.keys(deriveFields(entity, row, { today: '1970-01-01', place: null })))
      delete data[key];
  }
  return data;
}

/** Whether a merged record is complete and valid for its entity (sync stores it only then). */
export function isValidData(entity: EntityName, data: Record<string, unknown>): boolean {
  return ENTITIES[entity].schema.safeParse(data).success;
}

export function isAppendOnly(entity: EntityName): boolean {
  return ENTITIES[entity].appendOnly === true;
}

/**
 * The top-level fields of an entity's data, read from its zod schema: the names audit entries list.
 * The audit screen needs a label for each, and a test checks every one has them.
 */
export function entityFieldNames(entity: EntityName): string[] {
  const schema = ENTITIES[entity].schema as z.ZodType & { shape?: Record<string, unknown> };
  if (!schema.shape) throw new Error(`entityFieldNames: ${entity} is not an object schema`);
  return Object.keys(schema.shape);
}

/** The environment derived fields depend on, from the organisation's calendar. */
export function writeEnvOf(organisation: Organisation | undefined, nowMs: number): WriteEnv {
  return {
    today: localDate(nowMs),
    place: organisation
      ? {
          country: organisation.country,
          region: organisation.region,
          pausePolicy: organisation.pausePolicy ?? 'suspend',
        }
      : null,
  };
}

export type Records = {
  organisation: Organisation;
  staff: StaffMember;
  subject: Subject;
  request: DsRequest;
  requestEvent: RequestEvent;
  letterTemplate: LetterTemplateRecord;
  purpose: Purpose;
  notice: Notice;
  consentEvent: ConsentEvent;
  registerEntry: RegisterEntry;
  registerVersion: RegisterVersion;
  breach: Breach;
  erasure: Erasure;
  suppression: Suppression;
  retentionRule: RetentionRule;
  complianceRun: ComplianceRun;
  trainingCompletion: TrainingCompletion;
  campaign: Campaign;
};
export type Inputs = {
  organisation: z.input<typeof organisationInputSchema>;
  staff: z.input<typeof staffInputSchema>;
  subject: z.input<typeof subjectInputSchema>;
  request: z.input<typeof requestDataSchema>;
  requestEvent: z.input<typeof requestEventDataSchema>;
  letterTemplate: z.input<typeof letterTemplateInputSchema>;
  purpose: z.input<typeof purposeInputSchema>;
  notice: z.input<typeof noticeInputSchema>;
  consentEvent: z.input<typeof consentEventInputSchema>;
  registerEntry: z.input<typeof registerEntryInputSchema>;
  registerVersion: z.input<typeof registerVersionInputSchema>;
  breach: z.input<typeof breachInputSchema>;
  erasure: z.input<typeof erasureInputSchema>;
  suppression: z.input<typeof suppressionInputSchema>;
  retentionRule: z.input<typeof retentionRuleInputSchema>;
  complianceRun: z.input<typeof complianceRunInputSchema>;
  trainingCompletion: z.input<typeof trainingCompletionInputSchema>;
  campaign: z.input<typeof campaignInputSchema>;
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

/**
 * An edit form's change collides with a change made elsewhere since the form was opened: nothing was
 * written; the form shows the fields and asks whose value to keep.
 */
export class EditConflictError extends Error {
  readonly code = 'edit_conflict';
  constructor(readonly conflicts: EditConflict[]) {
    super('errors.editConflict');
  }
}

export type EditOptions<E extends EntityName> = {
  action?: string;
  /** Whose value to keep for each field changed both in the form and elsewhere. */
  choices?: ConflictChoices;
  /** Rules across fields, checked on the record as it will be stored; throws to refuse. */
  check?: (merged: Records[E]) => void | Promise<void>;
};

export type WriteContext = {
  /** The active operator (staff id); null only for the first-run setup, before any staff exists. */
  operatorId: string | null;
  now?: () => number;
};

export type CreateOptions = {
  action?: string;
  /** Prefix of field error paths ('3.' for the fourth line of a batch). */
  fieldPrefix?: string;
  /**
   * false: no audit entry of its own, for the records of one bulk action (an import) that the
   * caller records in the audit log once, with their count. The oplog still has every operation.
   */
  audit?: false;
};

export type AuditFacts = {
  action: string;
  entity: string;
  entityId: string;
  fields: string[];
  count?: number;
};

/** The controller's local calendar date of an instant. */
export function localDate(ms: number): string {
  const date = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

function validate<E extends EntityName>(entity: E, input: unknown, prefix = ''): Record<string, unknown> {
  const parsed = ENTITIES[entity].schema.safeParse(input);
  if (!parsed.success) {
    const fields = fieldErrors(parsed.error);
    throw new ValidationError(
      prefix ? Object.fromEntries(Object.entries(fields).map(([k, v]) => [`${prefix}${k}`, v])) : fields,
    );
  }
  return parsed.data as Record<string, unknown>;
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

/**
 * Writes inside one transaction. Stamps come from one HLC sequence, audit entries from one chain;
 * both are persisted when the transaction commits.
 */
export class Writer {
  readonly at: string;
  private stamp: Hlc | null = null;
  /**
   * Writes issued but not awaited: IndexedDB runs a transaction's requests in order, so later reads
   * see them, and not waiting for each one lets a batch of thousands go at the speed of the disk.
   * `finish()` awaits them all; any failure fails the whole transaction.
   */
  private readonly pending: Promise<unknown>[] = [];
  /** New rows per table, added together (bulkAdd) before any read that might need them. */
  private readonly added = new Map<Table, object[]>();
  /** Records added in this write and not yet issued, by id. */
  private readonly unsaved = new Map<string, object>();
  private previousAudit: AuditEntry | null = null;
  /** This device's last audit row (the next entries go into it while it has room). */
  private auditTail: AuditChunk | null = null;
  /** Audit entries sealed and not yet issued. */
  private auditEntries: AuditEntry[] = [];
  /** Consent events issued by this write, for the derived facts rows. */
  private readonly consentEvents: ConsentEvent[] = [];
  /** People and requests issued by this write, for the derived facts rows. */
  private readonly contactChanges = contactNotes();
  /** Operations not yet issued to the oplog. */
  private ops: StampedOplogEntry[] = [];
  /**
   * Field clocks changed by this write, saved by `finish()`: records updated (their fields no
   * longer share one stamp) and erased. `base` is the record before this write's first update.
   */
  private readonly clockChanges = new Map<
    string,
    { base: { fields: string[]; hlc: string }; writes: { fields: string[]; hlc: string }[]; deleted?: string }
  >();

  private constructor(
    readonly db: DeskDb,
    readonly ctx: WriteContext,
    readonly deviceId: string,
    readonly nowMs: number,
    readonly env: WriteEnv,
  ) {
    this.at = new Date(nowMs).toISOString();
  }

  static async open(db: DeskDb, ctx: WriteContext, deviceId: string): Promise<Writer> {
    const nowMs = (ctx.now ?? Date.now)();
    const organisation = await db.organisation.toCollection().first();
    const env = writeEnvOf(organisation, nowMs);
    const writer = new Writer(db, ctx, deviceId, nowMs, env);
    const last = await db.meta.get('hlc');
    writer.stamp = typeof last?.value === 'string' ? decodeHlc(last.value) : null;
    writer.auditTail = (await lastChunk(db, deviceId)) ?? null;
    writer.previousAudit = writer.auditTail?.entries.at(-1) ?? null;
    return writer;
  }

  private table<E extends EntityName>(entity: E): Table<Records[E], string> {
    return this.db.table(ENTITY_TABLES[entity]) as unknown as Table<Records[E], string>;
  }

  private nextHlc(): string {
    this.stamp = nextHlc(this.stamp, this.nowMs, this.deviceId);
    return encodeHlc(this.stamp);
  }

  private derived(entity: EntityName, data: Record<string, unknown>): object {
    return deriveFields(entity, data, this.env);
  }

  audit(facts: AuditFacts, hlc = this.nextHlc()): AuditEntry {
    this.previousAudit = sealAuditEntry(this.previousAudit, {
      id: uuidv7(),
      deviceId: this.deviceId,
      at: this.at,
      hlc,
      operatorId: this.ctx.operatorId,
      ...facts,
    });
    this.auditEntries.push(this.previousAudit);
    const noted = noteAuditFacts(this.db, [this.previousAudit]);
    if (noted) this.issue(noted);
    return this.previousAudit;
  }

  /**
   * Create a record. The returned promise is Dexie's own, so a loop of thousands of awaited creates
   * stays inside the transaction (a chain of native promises eventually leaves Dexie's zone).
   */
  create<E extends EntityName>(
    entity: E,
    input: Inputs[E],
    options: CreateOptions = {},
  ): Promise<Records[E]> {
    try {
      return Dexie.Promise.resolve(this.createNow(entity, input, options));
    } catch (error) {
      return Dexie.Promise.reject(error);
    }
  }

  /** Create a record without waiting: its writes are issued and awaited by `finish()`. */
  createNow<E extends EntityName>(entity: E, input: Inputs[E], options: CreateOptions = {}): Records[E] {
    const data = validate(entity, input, options.fieldPrefix);
    const hlc = this.nextHlc();
    const id = uuidv7();
    const stamps: Stamps = {
      id,
      createdAt: this.at,
      updatedAt: this.at,
      createdBy: this.ctx.operatorId,
      updatedBy: this.ctx.operatorId,
      hlc,
    };
    const record = { ...data, ...this.derived(entity, data), ...stamps } as unknown as Records[E];
    this.add(this.table(entity), record);
    this.ops.push({
      hlc,
      deviceId: this.deviceId,
      entity,
      entityId: id,
      op: 'create',
      fields: data,
      at: this.at,
      by: this.ctx.operatorId,
    });
    if (options.audit !== false)
      this.audit(
        {
          action: options.action ?? `${entity}.create`,
          entity,
          entityId: id,
          fields: Object.keys(data).sort(),
        },
        hlc,
      );
    return record;
  }

  /**
   * Apply a partial change. The merged record is validated as a whole; only fields whose value
   * really changed reach the oplog and the audit entry. A change that changes nothing writes nothing.
   */
  async update<E extends EntityName>(
    entity: E,
    id: string,
    patch: Partial<Inputs[E]>,
    action = `${entity}.update`,
  ): Promise<Records[E]> {
    if (ENTITIES[entity].appendOnly) throw new AppendOnlyError(ENTITY_TABLES[entity]);
    const table = this.table(entity);
    // A record created earlier in this same write is amended before it is ever stored: one write
    // of its final state instead of an add then a put (which also spares the indexes a rewrite).
    const unsaved = this.unsaved.get(id) as Record<string, unknown> | undefined;
    if (!unsaved) this.flush();
    // A notice people consented under is evidence: its text can no longer change.
    if (entity === 'notice') {
      this.flush();
      if ((await usedNotices(this.db)).has(id) || this.consentEvents.some((event) => event.noticeId === id)) {
        throw new ValidationError({ _: 'errors.noticeInUse' });
      }
    }
    const existing = unsaved ?? ((await table.get(id)) as Record<string, unknown> | undefined);
    if (!existing) throw new NotFoundError(entity, id);
    // The schema strips stamps and derived fields, so the merged record validates as plain data.
    const data = validate(entity, { ...existing, ...patch });
    const changed = Object.keys(data).filter((key) => !sameValue(data[key], existing[key]));
    if (changed.length === 0) return existing as Records[E];
    const hlc = this.nextHlc();
    const record = {
      ...existing,
      ...data,
      ...this.derived(entity, data),
      updatedAt: this.at,
      updatedBy: this.ctx.operatorId,
      hlc,
    } as unknown as Records[E];
    if (unsaved && this.unsaved.get(id) === unsaved) Object.assign(unsaved, record);
    else {
      this.issue(table.put(record));
      noteContactChange(this.contactChanges, entity, existing, record as Record<string, unknown>);
    }
    this.ops.push({
      hlc,
      deviceId: this.deviceId,
      entity,
      entityId: id,
      op: 'update',
      fields: Object.fromEntries(changed.map((key) => [key, data[key]])),
      at: this.at,
      by: this.ctx.operatorId,
    });
    this.noteClocks(entity, id, existing, { fields: [...changed, 'updatedAt', 'updatedBy'], hlc });
    this.audit({ action, entity, entityId: id, fields: changed.sort() }, hlc);
    if (entity === 'organisation') await this.refreshRequestDeadlines(record as Organisation);
    return record;
  }

  /**
   * Save an edit form opened on `opened`: write only the fields the user changed since then (see
   * shared/domain/edits.ts), compared with the record as stored now, in this transaction. Refused
   * with EditConflictError while a field changed both here and elsewhere has no choice.
   */
  async edit<E extends EntityName>(
    entity: E,
    id: string,
    opened: Partial<Inputs[E]>,
    edited: Partial<Inputs[E]>,
    options: EditOptions<E> = {},
  ): Promise<Records[E]> {
    if (ENTITIES[entity].appendOnly) throw new AppendOnlyError(ENTITY_TABLES[entity]);
    this.flush();
    const current = (await this.table(entity).get(id)) as Record<string, unknown> | undefined;
    if (!current) throw new NotFoundError(entity, id);
    const plan = planEdit(opened, current, edited, options.choices);
    if (plan.conflicts.length > 0) throw new EditConflictError(plan.conflicts);
    await options.check?.({ ...current, ...plan.patch } as Records[E]);
    return this.update(entity, id, plan.patch as Partial<Inputs[E]>, options.action);
  }

  /**
   * Record that a record was erased (a person, Art. 17): an 'erase' operation that other devices
   * apply by erasing it too, and its audit entry. The caller removes the data itself.
   */
  erase(entity: EntityName, id: string): void {
    const hlc = this.nextHlc();
    this.ops.push({ hlc, deviceId: this.deviceId, entity, entityId: id, op: 'erase', fields: {} });
    const key = stateKey(entity, id);
    const change = this.clockChanges.get(key) ?? { base: { fields: [], hlc }, writes: [] };
    change.deleted = hlc;
    this.clockChanges.set(key, change);
    this.audit({ action: `${entity}.erase`, entity, entityId: id, fields: [] }, hlc);
  }

  private noteClocks(
    entity: EntityName,
    id: string,
    existing: Record<string, unknown>,
    write: { fields: string[]; hlc: string },
  ): void {
    const key = stateKey(entity, id);
    const change = this.clockChanges.get(key) ?? {
      base: { fields: Object.keys(recordData(entity, existing)), hlc: String(existing.hlc) },
      writes: [],
    };
    change.writes.push(write);
    this.clockChanges.set(key, change);
  }

  /** Save the field clocks this write changed (one read and one write for the whole write). */
  private async saveClocks(): Promise<void> {
    if (this.clockChanges.size === 0) return;
    const keys = [...this.clockChanges.keys()];
    const stored = await this.db.syncClocks.bulkGet(keys);
    const rows: SyncClocks[] = keys.map((key, index) => {
      const change = this.clockChanges.get(key)!;
      const before = stored[index];
      if (change.deleted) return { key, clocks: {}, deleted: change.deleted, record: {} };
      const clocks: Record<string, string> = before
        ? { ...before.clocks }
        : Object.fromEntries(change.base.fields.map((field) => [field, change.base.hlc]));
      for (const write of change.writes) for (const field of write.fields) clocks[field] = write.hlc;
      return { key, clocks };
    });
    this.issue(this.db.syncClocks.bulkPut(rows));
  }

  /**
   * A per-device counter (request references), kept in the same transaction as the record using it.
   * Reads of tables written in this transaction must come after `flush()`; `update()` flushes itself.
   */
  async nextSequence(key: string): Promise<number> {
    const current = await this.db.meta.get(`seq:${key}`);
    const next = (typeof current?.value === 'number' ? current.value : 0) + 1;
    await this.db.meta.put({ key: `seq:${key}`, value: next });
    return next;
  }

  /** The organisation's calendar changed: re-derive the deadline indexes of open requests. */
  private async refreshRequestDeadlines(organisation: Organisation): Promise<void> {
    this.flush();
    this.env.place = {
      country: organisation.country,
      region: organisation.region,
      pausePolicy: organisation.pausePolicy,
    };
    await this.db.requests
      .where('status')
      .anyOf([...OPEN_STATUSES])
      .modify((request) => {
        Object.assign(request, this.derived('request', request as unknown as Record<string, unknown>));
      });
  }

  private add(table: Table, row: object): void {
    const rows = this.added.get(table);
    if (rows) rows.push(row);
    else this.added.set(table, [row]);
    this.unsaved.set((row as { id: string }).id, row);
  }

  /** Issue the buffered additions; requests issued after them see them (IndexedDB keeps order). */
  flush(): void {
    for (const [table, rows] of this.added) {
      // Consent events: one row per person for what this flush issues (consent-store.ts). A
      // write that flushes more than once (a capture flushes before it starts) writes more rows.
      if (table.name === 'consentEvents') this.issue(addEvents(this.db, rows as ConsentEvent[]));
      else this.issue(table.bulkAdd(rows));
      // Appended one by one: push(...rows) overflows the call stack past ~100,000 rows (an import
      // of 50,000 people × 4 purposes writes 200,000 events in one transaction).
      if (table.name === 'consentEvents') append(this.consentEvents, rows as ConsentEvent[]);
      else if (table.name === 'subjects') append(this.contactChanges.created, rows as Subject[]);
      else if (table.name === 'requests') append(this.contactChanges.requests, rows as DsRequest[]);
    }
    for (let start = 0; start < this.ops.length; start += OPLOG_BATCH) {
      const ops = this.ops.slice(start, start + OPLOG_BATCH);
      this.issue(
        this.db.oplog.add({
          hlc: ops[0]!.hlc,
          deviceId: this.deviceId,
          ops,
          keys: oplogKeys(ops),
        }),
      );
    }
    const appended = appendLocal(this.db, this.auditTail, this.auditEntries);
    if (appended.request) this.issue(appended.request);
    this.auditTail = appended.tail;
    this.auditEntries = [];
    this.ops = [];
    this.added.clear();
    this.unsaved.clear();
  }

  private issue(request: Promise<unknown>): void {
    // If the transaction aborts before finish(), the failure is reported by the transaction itself.
    request.catch(() => undefined);
    this.pending.push(request);
  }

  /**
   * The derived facts rows follow the records written, in the same transaction,
   * computed in memory and written once per person (derived-bulk.ts). People created by this write
   * have nothing stored yet, so nothing is read about them.
   */
  private async updateDerived(): Promise<void> {
    await writeNotedDerived(this.db, this.contactChanges, this.consentEvents);
  }

  async finish(): Promise<void> {
    this.flush();
    await this.updateDerived();
    await this.saveClocks();
    if (this.stamp) this.issue(this.db.meta.put({ key: 'hlc', value: encodeHlc(this.stamp) }));
    // Nothing may be issued after this wait: the transaction commits once its requests are done.
    await Dexie.Promise.all(this.pending);
  }
}

function append<T>(target: T[], items: readonly T[]): void {
  for (const item of items) target.push(item);
}

/** Run `body` as one all-or-nothing write. */
export async function write<T>(
  db: DeskDb,
  ctx: WriteContext,
  body: (writer: Writer) => Promise<T>,
): Promise<T> {
  const deviceId = await deviceIdOf(db);
  const tables = [
    ...Object.values(ENTITY_TABLES).map((name) => db.table(name)),
    db.oplog,
    db.auditChunks,
    db.meta,
    db.consentRows,
    db.facts,
    db.syncClocks,
  ];
  return db.transaction('rw', tables, async (_tx: Transaction) => {
    const writer = await Writer.open(db, ctx, deviceId);
    const result = await body(writer);
    await writer.finish();
    return result;
  });
}

export function createRecord<E extends EntityName>(
  db: DeskDb,
  ctx: WriteContext,
  entity: E,
  input: Inputs[E],
): Promise<Records[E]> {
  return write(db, ctx, (w) => w.create(entity, input));
}

/**
 * Create many records in one transaction (imports, bulk loads): one bad input writes nothing and
 * its field errors are prefixed with its index ('3.email').
 */
export function createRecords<E extends EntityName>(
  db: DeskDb,
  ctx: WriteContext,
  entity: E,
  inputs: readonly Inputs[E][],
): Promise<Records[E][]> {
  return write(db, ctx, async (w) => {
    const records: Records[E][] = [];
    for (const [index, input] of inputs.entries()) {
      records.push(await w.create(entity, input, { fieldPrefix: inputs.length > 1 ? `${index}.` : '' }));
    }
    return records;
  });
}

export function updateRecord<E extends EntityName>(
  db: DeskDb,
  ctx: WriteContext,
  entity: E,
  id: string,
  patch: Partial<Inputs[E]>,
  action?: string,
): Promise<Records[E]> {
  return write(db, ctx, (w) => w.update(entity, id, patch, action));
}

/** Save an edit form: only what the user changed since `opened` (see Writer.edit). */
export function editRecord<E extends EntityName>(
  db: DeskDb,
  ctx: WriteContext,
  entity: E,
  id: string,
  opened: Partial<Inputs[E]>,
  edited: Partial<Inputs[E]>,
  options?: EditOptions<E>,
): Promise<Records[E]> {
  return write(db, ctx, (w) => w.edit(entity, id, opened, edited, options));
}

/** An action that changes no record but must be in the audit log (an export, a verification). */
export function recordAction(db: DeskDb, ctx: WriteContext, facts: AuditFacts): Promise<AuditEntry> {
  return write(db, ctx, async (w) => w.audit(facts));
}

export type { OplogEntry };

/** The operations recorded for one record (or every operation), oldest first. */
export async function oplogOf(db: DeskDb, entity?: EntityName, id?: string): Promise<OplogEntry[]> {
  let rows: OplogBatch[];
  if (entity && id) {
    const keys = [`${entity}:${id}`];
    // A consent event's operations are keyed by its person (see oplogKeys).
    if (entity === 'consentEvent') {
      const event = await eventById(db, id);
      if (event) keys.push(`subject:${event.subjectId}`);
    }
    rows = await db.oplog.where('keys').anyOf(keys).distinct().toArray();
  } else rows = await db.oplog.toArray();
  return rows
    .flatMap((row) => row.ops)
    .filter((op) => !entity || !id || (op.entity === entity && op.entityId === id))
    .sort((a, b) => (a.hlc < b.hlc ? -1 : a.hlc > b.hlc ? 1 : 0));
}
