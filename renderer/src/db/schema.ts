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
import type { DsRequest, RequestEvent } from '../../../shared/requests';
import type { LetterTemplateRecord } from '../../../shared/domain/letter-template';

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
} as const;

/** Tables whose rows are never changed or deleted once written (the data layer refuses it). */
export const APPEND_ONLY_TABLES = ['audit', 'requestEvents', 'consentEvents'] as const;

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
  oplog!: Table<OplogEntry, string>;
  audit!: EntityTable<AuditEntry, 'id'>;
  meta!: Table<MetaEntry, string>;

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
