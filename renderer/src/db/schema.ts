/**
 * The one module that owns the IndexedDB schema. Add a table or an index with a new
 * `this.version(n).stores({...}).upgrade(...)` below the existing ones; never edit a shipped version.
 */
import { Dexie, type EntityTable, type Table } from 'dexie';
import type { AuditEntry } from '../../../shared/audit/chain';
import type { Organisation } from '../../../shared/domain/organisation';
import type { StaffMember } from '../../../shared/domain/staff';
import type { Subject } from '../../../shared/domain/subject';
import type { ConsentEvent, Notice, Purpose } from '../../../shared/consent/model';
import type { Preference } from '../../../shared/consent/derive';
import { rebuildAllPreferences } from './preferences-build';
import type { DsRequest, RequestEvent } from '../../../shared/requests';
import type { LetterTemplateRecord } from '../../../shared/domain/letter-template';
import type { RegisterEntry, RegisterVersion } from '../../../shared/registers/model';
import type { Breach } from '../../../shared/breaches/model';

/** One change as it travels to other devices (sync) — the values of the changed fields. */
export type OplogEntry = {
  /** HLC stamp of the change; unique and totally ordered across devices. */
  hlc: string;
  deviceId: string;
  entity: EntityName;
  entityId: string;
  op: 'create' | 'update';
  fields: Record<string, unknown>;
};

/**
 * A row of the oplog table: the operations of one write (at most OPLOG_BATCH of them), in order.
 * One row per write rather than per operation: IndexedDB's cost is per row, and an import of
 * 50,000 lines would otherwise add 100,000 rows. Keyed by the first operation's HLC.
 */
export type OplogBatch = {
  hlc: string;
  deviceId: string;
  ops: OplogEntry[];
  /** `entity:id` of every record the operations touch, to find a record's history. */
  keys: string[];
};
export const OPLOG_BATCH = 500;

export type MetaEntry = { key: string; value: unknown };

export const ENTITY_TABLES = {
  organisation: 'organisation',
  staff: 'staff',
  subject: 'subjects',
  request: 'requests',
  requestEvent: 'requestEvents',
  letterTemplate: 'letterTemplates',
  purpose: 'purposes',
  notice: 'notices',
  consentEvent: 'consentEvents',
  registerEntry: 'registerEntries',
  registerVersion: 'registerVersions',
  breach: 'breaches',
} as const;

/** Tables whose rows are never changed or deleted once written (the data layer refuses it). */
export const APPEND_ONLY_TABLES = ['audit', 'requestEvents', 'consentEvents', 'registerVersions'] as const;

export class AppendOnlyError extends Error {
  readonly code = 'append_only';
  constructor(readonly table: string) {
    super('errors.appendOnly');
  }
}
export type EntityName = keyof typeof ENTITY_TABLES;

export class DeskDb extends Dexie {
  organisation!: EntityTable<Organisation, 'id'>;
  staff!: EntityTable<StaffMember, 'id'>;
  subjects!: EntityTable<Subject, 'id'>;
  requests!: EntityTable<DsRequest, 'id'>;
  requestEvents!: EntityTable<RequestEvent, 'id'>;
  letterTemplates!: EntityTable<LetterTemplateRecord, 'id'>;
  purposes!: EntityTable<Purpose, 'id'>;
  notices!: EntityTable<Notice, 'id'>;
  consentEvents!: EntityTable<ConsentEvent, 'id'>;
  registerEntries!: EntityTable<RegisterEntry, 'id'>;
  /** Each version of a register entry, written with the change: its history with the values. */
  registerVersions!: EntityTable<RegisterVersion, 'id'>;
  breaches!: EntityTable<Breach, 'id'>;
  oplog!: Table<OplogBatch, string>;
  audit!: EntityTable<AuditEntry, 'id'>;
  meta!: Table<MetaEntry, string>;
  /** Derived: each person's latest decision per purpose (see renderer/src/db/preferences.ts). */
  preferences!: Table<Preference, [string, string]>;

  constructor(name: string) {
    super(name);
    this.version(1).stores({
      organisation: 'id',
      staff: 'id, name, active',
      subjects: 'id, *terms, sortKey, emailKey, *phoneKeys, updatedAt',
      oplog: 'hlc, [entity+entityId], deviceId',
      audit: 'id, &[deviceId+seq], at, operatorId, action, entity, entityId',
      meta: 'key',
    });
    this.version(2)
      .stores({
        requests: 'id, &reference, subjectId, status, [clock+dueOn], receivedAt, updatedAt',
        requestEvents: 'id, requestId, [requestId+hlc], kind',
        letterTemplates: 'id, &[kind+language]',
      })
      .upgrade((tx) =>
        // Organisation settings added in version 2 (requests): defaults for existing workspaces.
        tx
          .table('organisation')
          .toCollection()
          .modify((organisation: Record<string, unknown>) => {
            organisation.pausePolicy ??= 'suspend';
            organisation.systems ??= [];
            organisation.recipients ??= [];
          }),
      );
    this.version(3).stores({
      purposes: 'id, active',
      notices: 'id, &number, kind, effectiveOn',
      consentEvents: 'id, subjectId, [purposeId+decidedAt], noticeId, correctsEventId, createdAt',
    });
    // The audit screen filters who and what in memory while walking the 'at' index, so only the
    // indexes queries use are kept: each index costs a write per entry, and there is an entry per write.
    this.version(4).stores({ audit: 'id, &[deviceId+seq], at, entityId' });
    // Registers: the Art. 30 record (each entry's versions kept beside it) and the breach log.
    this.version(5).stores({
      registerEntries: 'id, updatedAt',
      registerVersions: 'id, [entryId+hlc]',
      breaches: 'id, awareAt',
    });
    // Each person's latest decision per purpose, derived from the consent events by the write path so
    // that a segment reads one row per person instead of the purpose's whole history.
    // The oplog keeps one row per write instead of one per operation (see OplogBatch).
    this.version(7)
      .stores({
        preferences: '[subjectId+purposeId], [purposeId+decision]',
        oplog: 'hlc, deviceId, *keys',
      })
      .upgrade(async (tx) => {
        await rebuildAllPreferences(tx.table('consentEvents'), tx.table('preferences'));
        await tx
          .table('oplog')
          .toCollection()
          .modify((row: Record<string, unknown>) => {
            const op = { ...row } as OplogEntry;
            for (const key of Object.keys(row)) delete row[key];
            Object.assign(row, {
              hlc: op.hlc,
              deviceId: op.deviceId,
              ops: [op],
              keys: [`${op.entity}:${op.entityId}`],
            });
          });
      });
    for (const name of APPEND_ONLY_TABLES) {
      const table = this.table(name);
      table.hook('updating', () => {
        throw new AppendOnlyError(name);
      });
      table.hook('deleting', () => {
        throw new AppendOnlyError(name);
      });
    }
  }
}

export function databaseName(workspaceId: string): string {
  return `rgpd-desk-${workspaceId}`;
}
