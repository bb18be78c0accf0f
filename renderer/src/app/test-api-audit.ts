/**
 * Benchmarks of the audit log's storage (test/bench/audit.bench.ts), part of the test API: appends
 * through the real write path and sync's append, the former one-row-per-entry layout written the
 * way it was for comparison, and the upgrade to today's version of a copy of this database made as
 * version 14 left it. Loaded only with the test API.
 */
import { v7 as uuidv7 } from 'uuid';
import { sealAuditEntry, type AuditEntry } from '../../../shared/audit/chain';
import {
  allEntries,
  appendRemote,
  auditRowsWritten,
  listNewestFirst,
  type AuditFilter,
} from '../db/audit-store';
import { contactIn, type FactsRow } from '../db/facts';
import type { ConsentRow } from '../db/consent-store';
import { clearRetiredTables } from '../db/retired';
import { DeskDb, RETIRED_TABLES } from '../db/schema';
import { onUpgradeProgress, type UpgradeProgress } from '../db/upgrade-progress';
import { recordAction } from '../db/write';
import { verifyAudit } from '../db/audit';

export type AuditAppendRun = { entries: number; ms: number; rows: number };

export type AuditBenchApi = {
  /** `count` single writes (one audit entry each, one transaction each), timed one by one. */
  timeAuditSingles(count: number): Promise<AuditAppendRun & { each: number[] }>;
  /** Another device's `count` entries appended in one transaction, as sync does. */
  timeAuditRemoteBatch(count: number): Promise<AuditAppendRun>;
  /** The same entries one row per entry, with version 14's indexes, in a database of its own. */
  timeAuditOneRowPerEntry(count: number): Promise<AuditAppendRun>;
  /** Copy this database as version 14 left it (audit one row per entry) under `name`. */
  makeV14Copy(name: string): Promise<{ rows: number; auditEntries: number; ms: number }>;
  /** Open `name` with this version (the upgrade runs), timed, with what it reported. */
  timeUpgrade(name: string): Promise<{
    ms: number;
    /** With the time since the open began, in ms. */
    progress: (UpgradeProgress & { ms: number })[];
    entries: number;
    rows: number;
    verified: boolean;
    /** The Audit screen's page of 200 per filter, 5 runs each, on the upgraded log. */
    queries: Record<string, { ms: number[]; found: number }>;
    /** The rows of the retired tables the background cleanup then deleted, and its time without pauses. */
    retiredRows: number;
    retiredMs: number;
  }>;
};

const V14_AUDIT_INDEXES: [string, string | string[], boolean][] = [
  ['[deviceId+seq]', ['deviceId', 'seq'], true],
  ['at', 'at', false],
  ['entityId', 'entityId', false],
];

/**
 * The indexes of the tables whose indexes changed since version 14, as version 14 declared them
 * (renderer/src/db/schema.ts), and the tables added since: the copy is laid out as an install of
 * version 14 has it, so the upgrade does what it does there (and no more).
 */
const V14_INDEXES: Record<string, string[]> = {
  subjects: ['*terms', 'sortKey', 'emailKey', '*phoneKeys'],
  consentEvents: [
    'subjectId',
    '[purposeId+decidedAt]',
    'noticeId',
    'createdAt',
    'evidence.attachment.hash',
    'correctsEventId',
    'unproven',
  ],
  preferences: ['[purposeId+decision]'],
};
const AFTER_V14 = new Set(['auditChunks', 'campaigns', 'facts', 'consentRows']);

/**
 * The derived tables of versions 9–21, which version 22 merged into `facts`: a `preferences` row
 * per person and purpose (without the `unproven` key version 19 added), a `contacts` row per person.
 */
const V14_DERIVED: { name: string; keyPath: string | string[]; index: string }[] = [
  { name: 'preferences', keyPath: ['subjectId', 'purposeId'], index: '[purposeId+decision]' },
  { name: 'contacts', keyPath: 'subjectId', index: '[category+lastContactAt]' },
];

function v14Index(spec: string): {
  name: string;
  keyPath: string | string[];
  unique: boolean;
  multiEntry: boolean;
} {
  const name = spec.replace(/^\*/, '');
  const keyPath = name.startsWith('[') ? name.slice(1, -1).split('+') : name;
  return { name, keyPath, unique: false, multiEntry: spec.startsWith('*') };
}

function remoteChain(count: number): AuditEntry[] {
  const deviceId = `bench${Math.random().toString(16).slice(2, 13)}`;
  const chain: AuditEntry[] = [];
  const start = Date.now() - count * 1000;
  for (let i = 0; i < count; i += 1) {
    chain.push(
      sealAuditEntry(chain.at(-1) ?? null, {
        id: uuidv7(),
        deviceId,
        at: new Date(start + i * 1000).toISOString(),
        hlc: `${String(start + i * 1000).padStart(15, '0')}-0000-${deviceId}`,
        operatorId: 'bench-operator',
        action: 'subject.update',
        entity: 'subject',
        entityId: uuidv7(),
        fields: ['email', 'phone'],
      }),
    );
  }
  return chain;
}

const done = (request: IDBRequest | IDBTransaction) =>
  new Promise<void>((resolve, reject) => {
    if (request instanceof IDBTransaction) {
      request.oncomplete = () => resolve();
      request.onerror = () => reject(request.error);
      request.onabort = () => reject(request.error);
    } else {
      request.onsuccess = () => resolve();
      request.onerror = () => reject(request.error);
    }
  });

function openRaw(name: string, version: number, upgrade?: (db: IDBDatabase) => void): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(name, version);
    request.onupgradeneeded = () => upgrade?.(request.result);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

export function auditBenchApi(db: DeskDb): AuditBenchApi {
  const ctx = { operatorId: 'bench-operator' };
  return {
    async timeAuditSingles(count) {
      const rowsBefore = auditRowsWritten();
      const each: number[] = [];
      const start = performance.now();
      for (let i = 0; i < count; i += 1) {
        const t0 = performance.now();
        await recordAction(db, ctx, {
          action: 'subject.view',
          entity: 'subject',
          entityId: uuidv7(),
          fields: [],
        });
        each.push(performance.now() - t0);
      }
      return { entries: count, ms: performance.now() - start, rows: auditRowsWritten() - rowsBefore, each };
    },
    async timeAuditRemoteBatch(count) {
      const chain = remoteChain(count);
      const rowsBefore = auditRowsWritten();
      const start = performance.now();
      await db.transaction('rw', db.auditChunks, () => appendRemote(db, chain));
      return { entries: count, ms: performance.now() - start, rows: auditRowsWritten() - rowsBefore };
    },
    async timeAuditOneRowPerEntry(count) {
      const chain = remoteChain(count);
      const name = `bench-audit-rows-${crypto.randomUUID()}`;
      const raw = await openRaw(name, 1, (created) => {
        const store = created.createObjectStore('audit', { keyPath: 'id' });
        for (const [index, keyPath, unique] of V14_AUDIT_INDEXES)
          store.createIndex(index, keyPath, { unique });
      });
      const start = performance.now();
      const tx = raw.transaction('audit', 'readwrite');
      const store = tx.objectStore('audit');
      for (const entry of chain) store.add(entry);
      await done(tx);
      const ms = performance.now() - start;
      raw.close();
      await done(indexedDB.deleteDatabase(name));
      return { entries: count, ms, rows: count };
    },
    async makeV14Copy(name) {
      const start = performance.now();
      const source = db.backendDB();
      // The retired tables (today's are empty) are made below, as version 14 had them, with their rows.
      const retired: ReadonlySet<string> = new Set(RETIRED_TABLES);
      const stores = [...source.objectStoreNames].filter(
        (store) => !AFTER_V14.has(store) && !retired.has(store),
      );
      const shapes = stores.map((storeName) => {
        const store = source.transaction(storeName).objectStore(storeName);
        return {
          name: storeName,
          keyPath: store.keyPath,
          indexes: [...store.indexNames].map((index) => {
            const definition = store.index(index);
            return {
              name: index,
              keyPath: definition.keyPath,
              unique: definition.unique,
              multiEntry: definition.multiEntry,
            };
          }),
        };
      });
      // The indexes later versions dropped (20: emailKey, phoneKeys; 21: noticeId), as version 14 had them.
      for (const shape of shapes) {
        const indexes = V14_INDEXES[shape.name];
        if (indexes) shape.indexes = indexes.map(v14Index);
      }
      // Dexie's IndexedDB version is its schema version times ten.
      const copy = await openRaw(name, 140, (created) => {
        for (const shape of shapes) {
          const store = created.createObjectStore(shape.name, { keyPath: shape.keyPath });
          for (const index of shape.indexes)
            store.createIndex(index.name, index.keyPath, {
              unique: index.unique,
              multiEntry: index.multiEntry,
            });
        }
        for (const derived of V14_DERIVED) {
          const { name: index, keyPath, unique, multiEntry } = v14Index(derived.index);
          created.createObjectStore(derived.name, { keyPath: derived.keyPath }).createIndex(index, keyPath, {
            unique,
            multiEntry,
          });
        }
        const audit = created.createObjectStore('audit', { keyPath: 'id' });
        for (const [index, keyPath, unique] of V14_AUDIT_INDEXES)
          audit.createIndex(index, keyPath, { unique });
      });
      let rows = 0;
      const PAGE = 10_000;
      for (const { name: storeName } of shapes) {
        let after: IDBValidKey | null = null;
        for (;;) {
          const read = source.transaction(storeName).objectStore(storeName);
          const range: IDBKeyRange | null = after === null ? null : IDBKeyRange.lowerBound(after, true);
          const keysRequest = read.getAllKeys(range, PAGE);
          const valuesRequest = read.getAll(range, PAGE);
          await Promise.all([done(keysRequest), done(valuesRequest)]);
          const keys = keysRequest.result;
          const values = valuesRequest.result as unknown[];
          if (values.length === 0) break;
          const tx = copy.transaction(storeName, 'readwrite');
          const store = tx.objectStore(storeName);
          const inline = store.keyPath !== null;
          values.forEach((value, index) => (inline ? store.put(value) : store.put(value, keys[index])));
          await done(tx);
          rows += values.length;
          after = keys[keys.length - 1]!;
          if (values.length < PAGE) break;
        }
      }
      // Today's consent events, packed since version 23 (consent-store.ts), one per row as version 14 had them.
      for (let after: string | null = null; ;) {
        const page: ConsentRow[] = await (
          after === null ? db.consentRows.orderBy(':id') : db.consentRows.where(':id').above(after)
        )
          .limit(PAGE / 10)
          .toArray();
        if (page.length === 0) break;
        const tx = copy.transaction('consentEvents', 'readwrite');
        for (const row of page) {
          for (const event of row.events) tx.objectStore('consentEvents').put(event);
          rows += row.events.length;
        }
        await done(tx);
        after = page[page.length - 1]!.id;
      }
      // Each person's facts row as the two tables version 14 had.
      for (let after: string | null = null; ;) {
        const page: FactsRow[] = await (
          after === null ? db.facts.orderBy(':id') : db.facts.where(':id').above(after)
        )
          .limit(PAGE)
          .toArray();
        if (page.length === 0) break;
        const tx = copy.transaction(['preferences', 'contacts'], 'readwrite');
        for (const row of page) {
          for (const { unproven: _, ...preference } of row.latest) {
            tx.objectStore('preferences').put(preference);
            rows += 1;
          }
          const contact = contactIn(row);
          if (contact) {
            tx.objectStore('contacts').put(contact);
            rows += 1;
          }
        }
        await done(tx);
        after = page[page.length - 1]!.subjectId;
      }
      const entries = await allEntries(db);
      for (let index = 0; index < entries.length; index += PAGE) {
        const tx = copy.transaction('audit', 'readwrite');
        const store = tx.objectStore('audit');
        for (const entry of entries.slice(index, index + PAGE)) store.add(entry);
        await done(tx);
      }
      copy.close();
      return { rows, auditEntries: entries.length, ms: performance.now() - start };
    },
    async timeUpgrade(name) {
      const progress: (UpgradeProgress & { ms: number })[] = [];
      const upgraded = new DeskDb(name);
      const start = performance.now();
      const stop = onUpgradeProgress((report) => progress.push({ ...report, ms: performance.now() - start }));
      try {
        await upgraded.open();
      } finally {
        stop();
      }
      const ms = performance.now() - start;
      const rows = await upgraded.auditChunks.count();
      // The Audit screen's reads on the upgraded log: a page of 200, newest first, per filter.
      const sample = (await listNewestFirst(upgraded, {}, 1000)).at(-1);
      const operatorId = sample?.operatorId ?? '';
      const [newest] = await listNewestFirst(upgraded, {}, 1);
      const yearAgo = new Date(Date.parse(newest?.at ?? new Date().toISOString()) - 365 * 86_400_000);
      const filters: Record<string, AuditFilter> = {
        none: {},
        operator: { operatorId },
        action: { action: 'requestEvent' },
        month: {
          from: yearAgo.toISOString(),
          to: new Date(yearAgo.getTime() + 30 * 86_400_000).toISOString(),
        },
        subject: { entityId: sample?.entityId ?? '' },
      };
      const queries: Record<string, { ms: number[]; found: number }> = {};
      for (const [key, filter] of Object.entries(filters)) {
        const times: number[] = [];
        let found = 0;
        for (let round = 0; round < 5; round += 1) {
          const t0 = performance.now();
          found = (await listNewestFirst(upgraded, filter, 200)).length;
          times.push(performance.now() - t0);
        }
        queries[key] = { ms: times, found };
      }
      const verification = await verifyAudit(upgraded);
      // What the app then deletes in the background (retired.ts), timed without its pauses.
      const cleanupStart = performance.now();
      const retiredRows = await clearRetiredTables(upgraded);
      const retiredMs = performance.now() - cleanupStart;
      upgraded.close();
      await upgraded.delete();
      return {
        ms,
        progress,
        entries: verification.checked,
        rows,
        verified: verification.ok,
        queries,
        retiredRows,
        retiredMs,
      };
    },
  };
}
