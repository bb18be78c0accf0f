/**
 * The database as version 14 of the app left it (every table's indexes at that version), frozen
 * here for the tests and benchmarks of later upgrades: a profile created with it is what an older
 * install has on disk. Never used by the app.
 */
import { Dexie } from 'dexie';

export const V14_STORES: Record<string, string> = {
  organisation: 'id',
  staff: 'id, name, active',
  subjects: 'id, *terms, sortKey, emailKey, *phoneKeys',
  oplog: 'hlc, deviceId, *keys, [deviceId+hlc]',
  audit: 'id, &[deviceId+seq], at, entityId',
  meta: 'key',
  requests: 'id, &reference, subjectId, status, [clock+dueOn], receivedAt, updatedAt, mandate.hash',
  requestEvents: 'id, requestId, [requestId+hlc], kind, attachment.hash',
  letterTemplates: 'id, &[kind+language]',
  purposes: 'id, active',
  notices: 'id, &number, kind, effectiveOn',
  consentEvents:
    'id, subjectId, [purposeId+decidedAt], noticeId, createdAt, evidence.attachment.hash, correctsEventId, unproven',
  registerEntries: 'id, updatedAt',
  registerVersions: 'id, [entryId+hlc]',
  breaches: 'id, awareAt',
  retentionRules: 'id',
  preferences: '[subjectId+purposeId], [purposeId+decision]',
  erasures: 'id, subjectId',
  suppressions: 'id',
  syncClocks: 'key',
  contacts: 'subjectId, [category+lastContactAt]',
  complianceRuns: 'id, ranAt',
  trainingCompletions: 'id, staffId',
};

/** A Dexie handle on a database at version 14 (creating it at that version when new). */
export function openV14(name: string): Dexie {
  const db = new Dexie(name);
  db.version(14).stores(V14_STORES);
  return db;
}
