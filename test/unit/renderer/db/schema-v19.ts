/**
 * The database as version 19 of the app left it (every table's indexes at that version), frozen
 * here for the tests of the upgrade to version 20 (the consent ledger packed into one row per
 * person): a profile created with it is what an older install has on disk. Never used by the app.
 */
import { Dexie } from 'dexie';
import { V14_STORES } from './schema-v14';

export const V19_STORES: Record<string, string> = (() => {
  const { audit: _, ...kept } = V14_STORES;
  return {
    ...kept,
    // Version 15: the audit log in chunks.
    auditChunks: '[deviceId+firstSeq], [lastAt+firstAt], *entityIds, *operators, *actions',
    // Version 16: corrections found by their derived `corrects`; no createdAt nor correctsEventId index.
    consentEvents:
      'id, subjectId, [purposeId+decidedAt], noticeId, evidence.attachment.hash, unproven, corrects',
    // Version 18: re-consent campaigns.
    campaigns: 'id, purposeId, createdAt',
    // Version 19: the latest decisions carry their event's `unproven`.
    preferences: '[subjectId+purposeId], [purposeId+decision], unproven',
  };
})();

/** A Dexie handle on a database at version 19 (creating it at that version when new). */
export function openV19(name: string): Dexie {
  const db = new Dexie(name);
  db.version(19).stores(V19_STORES);
  return db;
}
