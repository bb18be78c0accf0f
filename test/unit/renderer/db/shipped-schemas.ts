/**
 * The database as shipped versions of the app left it (every table's indexes at that version),
 * frozen here for the tests and benchmarks of later upgrades: a profile created with one is what an
 * older install has on disk. Never used by the app. Each version is the one before it plus what
 * its `this.version(n).stores(...)` in renderer/src/db/schema.ts declares (`null`: the table goes);
 * a shipped version never changes, so neither does anything here.
 */
import { Dexie } from 'dexie';
import { storedContacts, storedPreferences } from '../../../../renderer/src/db/facts';
import type { DeskDb } from '../../../../renderer/src/db/schema';

/** Every table of a database at one version, with its primary key and indexes. */
type Stores = Readonly<Record<string, string>>;

/** `stores` with one version's declarations applied: a table declared `null` is dropped. */
function declare(stores: Stores, changes: Readonly<Record<string, string | null>>): Stores {
  const next: Record<string, string> = { ...stores };
  for (const [table, indexes] of Object.entries(changes)) {
    if (indexes === null) delete next[table];
    else next[table] = indexes;
  }
  return next;
}

/** What versions 1–8 declare together, each table as the last of them to declare it left it. */
const V8: Stores = {
  // Versions 1–3, unchanged since.
  organisation: 'id',
  staff: 'id, name, active',
  meta: 'key',
  letterTemplates: 'id, &[kind+language]',
  purposes: 'id, active',
  notices: 'id, &number, kind, effectiveOn',
  // Version 4: the audit indexes the queries use.
  audit: 'id, &[deviceId+seq], at, entityId',
  // Version 5: the registers and the breach log.
  registerEntries: 'id, updatedAt',
  registerVersions: 'id, [entryId+hlc]',
  breaches: 'id, awareAt',
  // Version 6: retention rules.
  retentionRules: 'id',
  // Version 7: the latest decisions, erasure, attachments found by hash, unused indexes dropped.
  preferences: '[subjectId+purposeId], [purposeId+decision]',
  erasures: 'id, subjectId',
  suppressions: 'id',
  subjects: 'id, *terms, sortKey, emailKey, *phoneKeys',
  consentEvents: 'id, subjectId, [purposeId+decidedAt], noticeId, createdAt, evidence.attachment.hash',
  requests: 'id, &reference, subjectId, status, [clock+dueOn], receivedAt, updatedAt, mandate.hash',
  requestEvents: 'id, requestId, [requestId+hlc], kind, attachment.hash',
  // Version 8: sync clocks; the oplog's rows of this device found by HLC.
  syncClocks: 'key',
  oplog: 'hlc, deviceId, *keys, [deviceId+hlc]',
};

// Version 9: each person's contact facts; corrections found by the event they correct.
const V9 = declare(V8, {
  contacts: 'subjectId, [category+lastContactAt]',
  consentEvents:
    'id, subjectId, [purposeId+decidedAt], noticeId, createdAt, evidence.attachment.hash, correctsEventId',
});

// Version 14: accountability; consents without proof found by their derived `unproven`.
const V14 = declare(V9, {
  consentEvents:
    'id, subjectId, [purposeId+decidedAt], noticeId, createdAt, evidence.attachment.hash, correctsEventId, unproven',
  complianceRuns: 'id, ranAt',
  trainingCompletions: 'id, staffId',
});

// Version 15: the audit log in chunks; the table of one entry per row goes.
const V15 = declare(V14, {
  audit: null,
  auditChunks: '[deviceId+firstSeq], [lastAt+firstAt], *entityIds, *operators, *actions',
});

// Version 16: corrections found by their derived `corrects`; no createdAt nor correctsEventId index.
const V16 = declare(V15, {
  consentEvents:
    'id, subjectId, [purposeId+decidedAt], noticeId, evidence.attachment.hash, unproven, corrects',
});

// Version 18: re-consent campaigns.
const V18 = declare(V16, { campaigns: 'id, purposeId, createdAt' });

// Version 19: the latest decisions carry their event's `unproven`.
const V19 = declare(V18, { preferences: '[subjectId+purposeId], [purposeId+decision], unproven' });

const V20 = declare(V19, { subjects: 'id, *terms, sortKey' });

const V21 = declare(V20, {
  consentEvents: 'id, subjectId, [purposeId+decidedAt], evidence.attachment.hash, unproven, corrects',
});

// Version 22: one derived facts row per person instead of preferences and contacts.
const V22 = declare(V21, {
  preferences: null,
  contacts: null,
  facts: 'subjectId, *current, *unproven, [category+lastContactAt]',
});

/** The whole database at each shipped version the tests start from. */
export const SHIPPED_STORES = {
  8: V8,
  9: V9,
  14: V14,
  15: V15,
  16: V16,
  18: V18,
  19: V19,
  20: V20,
  21: V21,
  22: V22,
} as const;

export type ShippedVersion = keyof typeof SHIPPED_STORES;

/** A Dexie handle on a database declared at that one version (created at it when new). */
export function openShipped(name: string, version: ShippedVersion): Dexie {
  const db = new Dexie(name);
  db.version(version).stores(SHIPPED_STORES[version]);
  return db;
}

/**
 * Today's derived facts rows written as versions 9–21 kept them: a `preferences` row per person
 * and purpose, a `contacts` row per person with a contact (version 22 merged them).
 */
export async function copyFactsAsShipped(current: DeskDb, old: Dexie): Promise<void> {
  await old.table('preferences').bulkAdd(await storedPreferences(current));
  await old.table('contacts').bulkAdd(await storedContacts(current));
}
