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
import { rebuildAllContacts } from './contacts-build';
import type { DsRequest, RequestEvent } from '../../../shared/requests';
import type { LetterTemplateRecord } from '../../../shared/domain/letter-template';
import type { RegisterEntry, RegisterVersion } from '../../../shared/registers/model';
import type { Breach } from '../../../shared/breaches/model';
import type { Erasure, Suppression } from '../../../shared/erasure/model';
import type { RetentionRule } from '../../../shared/retention/model';
import type { ContactRow } from '../../../shared/retention/facts';
import type { ComplianceRun } from '../../../shared/compliance/history';
import type { Campaign } from '../../../shared/consent/campaign';
import type { TrainingCompletion } from '../../../shared/training/module';
import { isUnprovenConsent } from '../../../shared/compliance/evidence';
import { canonicalJson } from '../../../shared/audit/canonical';
import { chunkAuditLog } from './audit-upgrade';
import { isCorrection } from '../../../shared/consent/derive';
import { reportUpgradeProgress, type UpgradeStep } from './upgrade-progress';
import { USED_NOTICES_KEY } from './used-notices';
import { FACTS_SCHEMA, factsRowOf, type FactsRow } from './facts';
import { CONSENT_ROWS_SCHEMA, type ConsentRow } from './consent-store';

/** One change as it travels to other devices (sync) — the values of the changed fields. */
export type OplogEntry = {
  /** HLC stamp of the change; unique and totally ordered across devices. */
  hlc: string;
  deviceId: string;
  entity: EntityName;
  entityId: string;
  /** 'erase': the person (entity 'subject') was erased; every device erases them too. */
  op: 'create' | 'update' | 'erase';
  fields: Record<string, unknown>;
};

/**
 * A row of the oplog table: the operations of one write (at most OPLOG_BATCH of them, so that an
 * erasure emptying a few operations rewrites rows of tens of KB, not a whole import), in order.
 * One row per write rather than per operation: IndexedDB's cost is per row, and an import of
 * 50,000 lines would otherwise add 100,000 rows. Keyed by the first operation's HLC.
 * 100 a row (25 before): a wide import of 50,000 people × 4 purposes (250,000 operations) writes
 * 2,500 oplog rows instead of 10,000, beside its 150,000 others.
 */
export type OplogBatch = {
  hlc: string;
  deviceId: string;
  ops: OplogEntry[];
  /** The records the operations touch, to find a record's history (see `oplogKeys`). */
  keys: string[];
};
export const OPLOG_BATCH = 100;

/**
 * The `keys` of an oplog row: `entity:id` of each record its operations touch, except that a
 * consent event (append-only, always about one person, whose `subjectId` its creation carries) is
 * keyed by its person, `subject:<subjectId>`. Erasure finds a person's operations by those keys;
 * an import's row of 100 operations about 20 people then adds 20 index entries instead of 100.
 */
export function oplogKeys(ops: readonly OplogEntry[]): string[] {
  const keys = new Set<string>();
  for (const op of ops) {
    const subjectId = op.entity === 'consentEvent' ? op.fields.subjectId : undefined;
    keys.add(typeof subjectId === 'string' ? `subject:${subjectId}` : `${op.entity}:${op.entityId}`);
  }
  return [...keys];
}

export type MetaEntry = { key: string; value: unknown };

/**
 * A row of the audit log (renderer/src/db/audit-store.ts): a run of consecutive entries of one
 * device, stored exactly as sealed, with what queries need beside them. Keyed [deviceId+firstSeq].
 */
export type AuditChunk = {
  deviceId: string;
  firstSeq: number;
  lastSeq: number;
  /** Oldest and newest instant of its entries (indexed: time filters, newest first). */
  firstAt: string;
  lastAt: string;
  /** Approximate size of the entries, to keep rows small. */
  bytes: number;
  /** The operators and actions of its entries: rows without a match are skipped unread. */
  operators: string[];
  actions: string[];
  /** The records its entries are about (multiEntry index: a record's history). */
  entityIds: string[];
  entries: AuditEntry[];
};

/**
 * Sync: the per-field clocks of a record (renderer/src/db/sync.ts), keyed `entity/id`. A record
 * without a row was written by one operation: every field carries its `hlc`. `record` is kept here
 * only while the record is not in its table: an erased person's tombstone, or a record whose
 * creation has not arrived yet.
 */
export type SyncClocks = {
  key: string;
  clocks: Record<string, string>;
  deleted?: string;
  record?: Record<string, unknown>;
};

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
  erasure: 'erasures',
  suppression: 'suppressions',
  retentionRule: 'retentionRules',
  complianceRun: 'complianceRuns',
  trainingCompletion: 'trainingCompletions',
  campaign: 'campaigns',
} as const;

/** Tables whose rows are never changed or deleted once written (the data layer refuses it). */
export const APPEND_ONLY_TABLES = [
  'requestEvents',
  'consentEvents',
  'consentRows',
  'registerVersions',
  'trainingCompletions',
  'campaigns',
] as const;

/**
 * Tables today's app no longer reads or writes: the audit log of one entry per row (until version
 * 15) and the derived `preferences` and `contacts` (until version 22), whose content the upgrade
 * moved. They are not dropped inside the upgrade: IndexedDB deletes a table row by row and index
 * entry by index entry (dropping a 100,000-row table of three indexes took 5.9 s here), so a busy
 * shop's upgrade would wait on about 880,000 rows it no longer needs. They stay declared as they
 * were, and retired.ts empties them in small transactions once the app is open (a database that
 * never had their rows, or at today's version, has them empty). Emptied in this order: the derived
 * rows about people first, the audit entries (copied into `auditChunks`) last.
 */
export const RETIRED_TABLES = ['preferences', 'contacts', 'audit'] as const;

/**
 * Marks the one transaction allowed to change append-only rows: an erasure emptying the person's
 * data from them (renderer/src/db/erasure.ts). Deleting them stays refused.
 */
const REDACTION = Symbol('redaction');

export function allowRedaction(transaction: object | null): void {
  if (!transaction) throw new Error('allowRedaction: not inside a transaction');
  (transaction as Record<symbol, unknown>)[REDACTION] = true;
}

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
  /** Consent events recorded before version 23, one per row; read through consent-store.ts only. */
  consentEvents!: EntityTable<ConsentEvent, 'id'>;
  /** The consent ledger since version 23: a write's events about one person per row (consent-store.ts). */
  consentRows!: Table<ConsentRow, string>;
  registerEntries!: EntityTable<RegisterEntry, 'id'>;
  /** Each version of a register entry, written with the change: its history with the values. */
  registerVersions!: EntityTable<RegisterVersion, 'id'>;
  breaches!: EntityTable<Breach, 'id'>;
  erasures!: EntityTable<Erasure, 'id'>;
  suppressions!: EntityTable<Suppression, 'id'>;
  retentionRules!: EntityTable<RetentionRule, 'id'>;
  /** Each run of the compliance checks (shared/compliance/history.ts). */
  complianceRuns!: EntityTable<ComplianceRun, 'id'>;
  /** Each staff member's completions of the built-in training. */
  trainingCompletions!: EntityTable<TrainingCompletion, 'id'>;
  /** Re-consent campaigns as prepared (counts, purpose, notices; shared/consent/campaign.ts). */
  campaigns!: EntityTable<Campaign, 'id'>;
  oplog!: Table<OplogBatch, string>;
  /** The audit log, entries packed by device (see AuditChunk); read and written through audit-store.ts. */
  auditChunks!: Table<AuditChunk, [string, number]>;
  meta!: Table<MetaEntry, string>;
  /** Derived: each person's latest decisions, category and last contact (see renderer/src/db/facts.ts). */
  facts!: Table<FactsRow, string>;
  syncClocks!: Table<SyncClocks, string>;

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
    // Retention rules: a handful of rows, read whole.
    this.version(6).stores({ retentionRules: 'id' });
    // Each person's latest decision per purpose, derived from the consent events by the write path so
    // that a segment reads one row per person instead of the purpose's whole history.
    // The oplog keeps one row per write instead of one per operation (see OplogBatch).
    this.version(7)
      .stores({
        preferences: '[subjectId+purposeId], [purposeId+decision]',
        oplog: 'hlc, deviceId, *keys',
        // Erasure: its tombstones and the suppression list; attachments found by hash, so a file is
        // deleted only when nothing else refers to it. Unused indexes dropped (subjects.updatedAt,
        // consentEvents.correctsEventId): each costs a write per row.
        erasures: 'id, subjectId',
        suppressions: 'id',
        subjects: 'id, *terms, sortKey, emailKey, *phoneKeys',
        consentEvents: 'id, subjectId, [purposeId+decidedAt], noticeId, createdAt, evidence.attachment.hash',
        requests: 'id, &reference, subjectId, status, [clock+dueOn], receivedAt, updatedAt, mandate.hash',
        requestEvents: 'id, requestId, [requestId+hlc], kind, attachment.hash',
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
    // Sync: per-field clocks beside the records, and this device's oplog rows found by HLC.
    this.version(8).stores({
      syncClocks: 'key',
      oplog: 'hlc, deviceId, *keys, [deviceId+hlc]',
    });
    // Each person's category and last contact, derived by the write path from their record,
    // requests and preferences, so that the retention review reads only the people long quiet.
    // Corrections found by the event they correct again: sync may bring a correction before the
    // decision it corrects, and the preferences must then still leave that decision out.
    this.version(9)
      .stores({
        contacts: 'subjectId, [category+lastContactAt]',
        consentEvents:
          'id, subjectId, [purposeId+decidedAt], noticeId, createdAt, evidence.attachment.hash, correctsEventId',
      })
      .upgrade((tx) =>
        rebuildAllContacts(
          tx.table('subjects'),
          tx.table('requests'),
          tx.table('preferences'),
          tx.table('contacts'),
        ),
      );
    // Accountability (compliance checks, training). Consents given without proof carry a derived
    // `unproven: 1` (absent otherwise), so the check reads only them through a sparse index instead
    // of the whole ledger.
    this.version(14)
      .stores({
        consentEvents:
          'id, subjectId, [purposeId+decidedAt], noticeId, createdAt, evidence.attachment.hash, correctsEventId, unproven',
        complianceRuns: 'id, ranAt',
        trainingCompletions: 'id, staffId',
      })
      .upgrade((tx) => {
        // Adds a derived index key only; the ledger's own fields are left as they were.
        allowRedaction(tx);
        return tx
          .table('consentEvents')
          .toCollection()
          .modify((event: ConsentEvent & { unproven?: 1 }) => {
            if (isUnprovenConsent(event)) event.unproven = 1;
          });
      });
    // The audit log in rows of up to CHUNK_ENTRIES consecutive entries of one device instead of one
    // row per entry (see AuditChunk): a bulk append writes ~1/64 of the rows. Indexes, each a few
    // entries per row: its time range (newest first and periods, chosen from index keys without
    // reading rows of ~30 KB), its distinct operators and actions (the screen's filters) and its
    // distinct entity ids (a record's history; most of what a packed row still costs).
    // The old table's entries are moved in [deviceId+seq] order. The table is not dropped here: it
    // is retired (RETIRED_TABLES), emptied in the background once the app is open.
    this.version(15)
      .stores({
        auditChunks: '[deviceId+firstSeq], [lastAt+firstAt], *entityIds, *operators, *actions',
      })
      .upgrade((tx) => chunkAuditLog(tx.table('audit'), tx.table('auditChunks')));
    // Fewer index entries per consent event (each costs a write per row; an import writes one
    // event per decision): the corrections are found through a derived `corrects`, present only on
    // them, instead of an index holding '' for every other event; the newest recorded are listed in
    // the order of their ids (UUIDv7, made when recorded) instead of a `createdAt` index.
    this.version(16)
      .stores({
        consentEvents:
          'id, subjectId, [purposeId+decidedAt], noticeId, evidence.attachment.hash, unproven, corrects',
      })
      .upgrade((tx) => {
        // Adds a derived index key only; the ledger's own fields are left as they were.
        allowRedaction(tx);
        return markCorrections(tx.table('consentEvents'));
      });
    // Re-consent campaigns, newest first on the re-consent tab; a new table only.
    this.version(18).stores({ campaigns: 'id, purposeId, createdAt' });
    // Version 19 added an `unproven` index to `preferences`, a table version 22 replaced by `facts`.
    // Its declaration is gone (Dexie needs only the versions with an upgrade function, and diffs the
    // database as it is against the next one declared): an upgrade from an earlier version no
    // longer builds an index over every preferences row for a table it then retires, and a database
    // at versions 19–21 has that sparse index deleted at its next upgrade.
    // Fewer index entries per person and per decision (an import writes one person and one event
    // per decision; a join of a busy shop 50,000 and 450,000): a person is found by e-mail or phone
    // through `terms`, which already holds the whole e-mail and every phone key, instead of two
    // more indexes repeating them (3 of a person's ~14 entries); which notices were used is one
    // `meta` row (used-notices.ts), computed here from the `noticeId` index that version 21 drops
    // (Dexie drops an index before a version's upgrade runs, hence two versions).
    this.version(20)
      .stores({ subjects: 'id, *terms, sortKey' })
      .upgrade(async (tx) => {
        const used = (await tx.table('consentEvents').orderBy('noticeId').uniqueKeys()) as string[];
        if (used.length > 0) await tx.table('meta').put({ key: USED_NOTICES_KEY, value: used.sort() });
      });
    this.version(21).stores({
      consentEvents: 'id, subjectId, [purposeId+decidedAt], evidence.attachment.hash, unproven, corrects',
    });
    // One derived row per person instead of one per person and purpose (`preferences`) and one
    // more (`contacts`): an import or a join writes rows, and each row costs ~0.3 ms whatever its
    // index entries (facts.ts, test/bench/layout.bench.ts). Built from the two old tables, which
    // are then retired (RETIRED_TABLES), not dropped.
    this.version(22)
      .stores({ facts: FACTS_SCHEMA })
      .upgrade(async (tx) => {
        // Keys only: the consents recorded without proof (the events' sparse index).
        const unproven = new Set<string>(
          await tx.table('consentEvents').where('unproven').equals(1).primaryKeys(),
        );
        await buildFacts(tx.table('preferences'), tx.table('contacts'), tx.table('facts'), unproven);
      });
    // The events of one write about one person in one row (consent-store.ts). The events already
    // recorded stay in `consentEvents`: nothing is moved, so the upgrade only adds an empty table.
    this.version(23).stores({ consentRows: CONSENT_ROWS_SCHEMA });
    for (const name of APPEND_ONLY_TABLES) {
      const table = this.table(name);
      table.hook('updating', (_changes, _key, _row, transaction) => {
        if (!(transaction as unknown as Record<symbol, unknown>)[REDACTION]) throw new AppendOnlyError(name);
      });
      table.hook('deleting', () => {
        throw new AppendOnlyError(name);
      });
    }
    // An audit row only grows: what it held stays as it was (rows are rewritten to append).
    this.auditChunks.hook('updating', (changes, _key, row) => {
      const next = (changes as Partial<AuditChunk>).entries;
      if (next === undefined) throw new AppendOnlyError('audit');
      const kept = (row as AuditChunk).entries;
      if (next.length < kept.length || kept.some((entry, index) => next[index]?.hash !== entry.hash))
        throw new AppendOnlyError('audit');
      for (const [index, entry] of kept.entries()) {
        if (canonicalJson(entry) !== canonicalJson(next[index])) throw new AppendOnlyError('audit');
      }
    });
    this.auditChunks.hook('deleting', () => {
      throw new AppendOnlyError('audit');
    });
  }
}

/** Rows read at a time when an upgrade walks a whole table: one getAll each, memory bounded. */
const UPGRADE_CHUNK = 5_000;

/**
 * An upgrade's walk of a whole table: read in chunks by primary key (one getAll each, far cheaper
 * than a cursor row by row: at 243,369 preferences, the `modify` that version 19 first used took
 * 58 s of a 176 s upgrade), rewrite only the rows `changed` returns, report progress per chunk.
 */
async function rewriteInChunks<T, K>(
  table: Table<T, K>,
  step: UpgradeStep,
  keyOf: (row: T) => K,
  changed: (chunk: T[]) => T[],
  chunkSize: number,
): Promise<void> {
  const total = await table.count();
  let done = 0;
  let after: K | null = null;
  reportUpgradeProgress(step, 0, total);
  for (;;) {
    const chunk: T[] = await (after === null ? table.toCollection() : table.where(':id').above(after))
      .limit(chunkSize)
      .toArray();
    if (chunk.length === 0) break;
    const rows = changed(chunk);
    if (rows.length > 0) await table.bulkPut(rows);
    done += chunk.length;
    after = keyOf(chunk[chunk.length - 1]!);
    reportUpgradeProgress(step, done, total);
  }
}

/**
 * Version 16: give the corrections among the stored consent events their `corrects` (the id they
 * correct); the old index is gone by now.
 */
export function markCorrections(
  events: Table<ConsentEvent, string>,
  chunkSize = UPGRADE_CHUNK,
): Promise<void> {
  return rewriteInChunks(
    events,
    'consents',
    (event) => event.id,
    (chunk) => chunk.filter(isCorrection).map((event) => ({ ...event, corrects: event.correctsEventId })),
    chunkSize,
  );
}

/**
 * Version 22: each person's facts row from their preferences rows (adjacent in the old table's
 * `[subjectId+purposeId]` key order, read in chunks; a person cut by a chunk's end waits for the
 * next) and their contacts row (all read first: one small row per person). A decision is marked
 * unproven when its event is among `unproven` (the events' own key), whatever the old row said.
 */
export async function buildFacts(
  preferences: Table<Preference, [string, string]>,
  contacts: Table<ContactRow, string>,
  facts: Table<FactsRow, string>,
  unproven: ReadonlySet<string>,
  chunkSize = UPGRADE_CHUNK,
): Promise<void> {
  const contactOf = new Map((await contacts.toArray()).map((row) => [row.subjectId, row]));
  const total = (await preferences.count()) + contactOf.size;
  let done = 0;
  reportUpgradeProgress('facts', 0, total);
  let after: [string, string] | null = null;
  let waiting: Preference[] = [];
  const rowsOf = (own: Preference[]): FactsRow[] => {
    const subjectId = own[0]!.subjectId;
    const row = factsRowOf(subjectId, own, contactOf.get(subjectId) ?? null);
    if (contactOf.delete(subjectId)) done += 1;
    return row ? [row] : [];
  };
  for (;;) {
    const chunk: Preference[] = await (
      after === null ? preferences.toCollection() : preferences.where(':id').above(after)
    )
      .limit(chunkSize)
      .toArray();
    const rows: FactsRow[] = [];
    for (const preference of chunk) {
      if (waiting.length > 0 && waiting[0]!.subjectId !== preference.subjectId) {
        rows.push(...rowsOf(waiting));
        waiting = [];
      }
      const { unproven: _, ...rest } = preference;
      waiting.push(unproven.has(preference.id) ? { ...rest, unproven: 1 } : rest);
    }
    if (chunk.length === 0) {
      if (waiting.length > 0) rows.push(...rowsOf(waiting));
      waiting = [];
    }
    if (rows.length > 0) await facts.bulkPut(rows);
    if (chunk.length === 0) break;
    done += chunk.length;
    after = [chunk[chunk.length - 1]!.subjectId, chunk[chunk.length - 1]!.purposeId];
    reportUpgradeProgress('facts', done, total);
  }
  // People without any decision: their contact alone.
  const rest = [...contactOf.values()].flatMap((contact) => factsRowOf(contact.subjectId, [], contact) ?? []);
  for (let start = 0; start < rest.length; start += chunkSize) {
    await facts.bulkPut(rest.slice(start, start + chunkSize));
    done += Math.min(chunkSize, rest.length - start);
    reportUpgradeProgress('facts', done, total);
  }
}

export function databaseName(workspaceId: string): string {
  return `rgpd-desk-${workspaceId}`;
}
