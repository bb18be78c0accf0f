/**
 * The one module that owns the IndexedDB schema. Add a table or an index with a new
 * `this.version(n).stores({...}).upgrade(...)` below the existing ones; never edit a shipped version.
 */
import { Dexie, type EntityTable, type Table } from 'dexie';
import type { AuditEntry } from '../../../shared/audit/chain';
import type { Organisation } from '../../../shared/domain/organisation';
import type { StaffMember } from '../../../shared/domain/staff';
import type { Subject } from '../../../shared/domain/subject';

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
} as const;
export type EntityName = keyof typeof ENTITY_TABLES;

export class DeskDb extends Dexie {
  organisation!: EntityTable<Organisation, 'id'>;
  staff!: EntityTable<StaffMember, 'id'>;
  subjects!: EntityTable<Subject, 'id'>;
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
  }
}

export function databaseName(workspaceId: string): string {
  return `rgpd-desk-${workspaceId}`;
}
