/**
 * Hooks for benchmarks and end-to-end tests, exposed on window only when the browser host was
 * started with --expose-test-api (never in the desktop app). They call the same domain and write
 * path as the screens.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { Dexie } from 'dexie';
import { canonicalJson, type Json } from '../../../shared/audit/canonical';
import type { SubjectInput } from '../../../shared/domain/subject';
import { applyAction } from '../../../shared/requests';
import { DEFAULT_PURPOSES, defaultNotice } from '../../../shared/consent/defaults';
import { preferenceMatrix } from '../../../shared/consent/derive';
import { decodeCsvBytes, parseCsvTable } from '../../../shared/consent/import';
import { suggestMapping, validateImportRows } from '../../../shared/consent/import-rows';
import { plannedGroups, planImport, storeImport } from '../db/consent-import';
import type { ConsentChannel, Decision } from '../../../shared/consent/model';
import { toCsv } from '../../../shared/csv';
import { recordConsents, segmentOf, subjectConsentEvents } from '../db/consents';
import { ENTITY_TABLES, type DeskDb } from '../db/schema';
import { chainPages, headEntry } from '../db/audit-store';
import { auditBenchApi, type AuditBenchApi } from './test-api-audit';
import { SYNC_META } from '../db/sync';
import { createSyncRunner, timeSyncSteps, type PassState, type SyncRunner } from '../features/sync/runner';
import { lockTiming } from '../features/lock/timing';
import { kioskTiming } from '../features/kiosk/timing';
import { connectDesk } from './transport';
import { searchSubjects } from '../db/subjects';
import { consentActivity, requestActivity } from '../db/activity';
import { dashboardRequests, logRequest, type RequestIntake } from '../db/requests';
import { createRecords, deviceIdOf, localDate, write } from '../db/write';
import { eraseSubject } from '../db/erasure';
import { addDefaultRetentionRules, retentionReview, saveRetentionRule } from '../db/retention';
import { LAST_ARCHIVE_EXPORT_KEY } from '../db/audit-facts';
import {
  gatherComplianceFacts,
  lastArchiveExportOf,
  openRequestFacts,
  retentionFacts,
  smallFacts,
  unprovenConsentFacts,
  unprovenCount,
} from '../db/compliance';
import { UNPROVEN_COUNT_KEY } from '../db/facts';
import { eventsInIdOrder } from '../db/consent-store';
import { runChecks } from '../../../shared/compliance/checks';
import { countWrites, type WriteCounts } from './write-count';

export type BenchRequest = {
  subjectIndex: number;
  receivedAt: string;
  rights: RequestIntake['rights'];
  channel: RequestIntake['channel'];
  /** Answered on that day (most old requests are), through the workflow. */
  respondOn?: string;
};

export type BenchConsent = {
  subjectIndex: number;
  purposeIndex: number;
  decision: Decision;
  decidedAt: string;
  channel: ConsentChannel;
};

export type DeskTestApi = {
  /** The usual purposes and a first notice (as Settings offers them). */
  seedConsentCatalogue(): Promise<void>;
  bulkCreateConsents(rows: BenchConsent[]): Promise<{ created: number; ms: number }>;
  /** Time the derivation of one person's preferences, for `subjectIndexes` people. */
  timePreferences(subjectIndexes: number[]): Promise<number[]>;
  /** Time a quick-capture write (one person, two purposes) `rounds` times. */
  timeCapture(rounds: number): Promise<number[]>;
  /** Segment of the first purpose as CSV: rows and milliseconds (query + CSV). */
  timeSegmentExport(): Promise<{ rows: number; ms: number }>;
  /**
   * Check and store an import of `csv` text: milliseconds for parsing+checking and for storing.
   * `rowsAdded`: rows the store wrote (put, added or deleted) in every table; `written`: those rows
   * and their index entries per table (see write-count.ts).
   */
  timeImport(csv: string): Promise<{
    valid: number;
    invalid: number;
    events: number;
    created: number;
    checkMs: number;
    storeMs: number;
    rowsAdded: number;
    written: WriteCounts;
  }>;
  /** An organisation and an operator, as first-run setup would make them. */
  setUp(): Promise<void>;
  bulkCreateRequests(rows: BenchRequest[]): Promise<{ created: number; ms: number }>;
  timeDashboard(today: string, rounds: number): Promise<{ ms: number[]; counts: Record<string, number> }>;
  /**
   * Time the dashboard charts' reads on `today`: requests per month (`rounds` times); consent
   * decisions per purpose and month, the first time (nothing tallied yet on this page) and then
   * `rounds` times (tallies reused while the index counts are unchanged).
   */
  timeDashboardCharts(
    today: string,
    rounds: number,
  ): Promise<{ requestsMs: number[]; consentsFirstMs: number; consentsMs: number[]; decisions: number }>;
  bulkCreateSubjects(rows: SubjectInput[]): Promise<{ created: number; ms: number }>;
  timeSubjectSearches(queries: string[]): Promise<{ ms: number[]; hits: number[] }>;
  countSubjects(): Promise<number>;
  /** The workspace database itself, for benchmarks that time single queries. */
  db: DeskDb;
  /** People recorded as if on `at` (ISO instant): their `createdAt` is that instant. */
  bulkCreateSubjectsAt(rows: SubjectInput[], at: string): Promise<{ created: number; ms: number }>;
  /** The CNIL rules for prospects and customers, and 24 months after the last decision for the first purpose. */
  seedRetentionRules(): Promise<number>;
  /**
   * Erase `count` people who have requests (and, in the benchmarks, consent events): milliseconds
   * per erasure, and how many consent events and requests each touched.
   */
  timeErasures(count: number): Promise<{ ms: number[]; events: number[]; requests: number[] }>;
  /** Time the retention review on `today`, `rounds` times: milliseconds, people past retention, people under no rule. */
  timeRetentionReview(
    today: string,
    rounds: number,
  ): Promise<{ ms: number[]; rows: number; uncovered: number }>;
  /**
   * Time gathering the compliance facts and running every check, `rounds` times; the checks failed,
   * each fact's read on its own, and the one-time derivations of the kept facts.
   */
  timeComplianceChecks(
    today: string,
    rounds: number,
  ): Promise<{
    ms: number[];
    failed: string[];
    parts: Record<string, number>;
    derivedOnce: Record<string, number>;
  }>;
  /**
   * Poll (every 50 ms) until this device's sync reaches `until` — 'pushed': every local change is
   * in the folder; 'applied': a pull's last chunk is stored with its cursor. Milliseconds from the
   * call to the space being joined, to the organisation being there, and to `until`.
   */
  waitForSync(
    until: 'pushed' | 'applied',
    timeoutMs: number,
  ): Promise<{ joinedMs: number | null; organisationMs: number | null; doneMs: number }>;
  /**
   * Take the sync lock and queue a pass right behind it (on a runner kept for these passes, whose
   * state counts what its passes receive): passes the background asks for meanwhile (the folder watcher,
   * local writes) queue after it, so the pass runArmedPass times is the one that does the work.
   */
  armSyncPass(): Promise<void>;
  /**
   * Count the rows this page writes from now on, per table (add/put/delete and their bulk forms;
   * rows changed by a collection's modify() are not counted): what a join costs IndexedDB.
   */
  countRowWrites(): void;
  rowWrites(): Record<string, number>;
  /** Release the lock armSyncPass holds: the queued pass runs. Its milliseconds and records received. */
  runArmedPass(): Promise<{ ms: number; received: number; error: string | null }>;
  /** `events` new consent events and `edits` people's phone numbers changed, in one write. */
  makeChanges(events: number, edits: number, round: number): Promise<{ ms: number }>;
  /**
   * Every table a replica shares (records, each person's derived facts, audit log): its rows and a SHA-256 over
   * their canonical JSON in key order. Two devices in the same state give the same digests.
   */
  stateDigest(): Promise<Record<string, { rows: number; sha256: string }>>;
  /** How many milliseconds a minute of the app lock's idle delay lasts (60,000 in the app). */
  setLockMinuteMs(ms: number): void;
  /** How long an untouched kiosk waits before it discards the choices (90,000 in the app). */
  setKioskIdleMs(ms: number): void;
};

declare global {
  interface Window {
    __deskTest?: DeskTestApi & AuditBenchApi;
  }
}

/** The lock the sync runner takes (renderer/src/features/sync/runner.ts): one pass at a time. */
const syncLockName = (db: DeskDb) => `rgpd-desk-sync-${db.name}`;

const pause = (ms: number) => new Promise((done) => setTimeout(done, ms));

export function exposeTestApi(db: DeskDb): void {
  const ctx = { operatorId: 'test-api' };
  const desk = connectDesk();
  let armed: { release: () => void; pass: Promise<PassState> } | null = null;
  let rowWrites: Record<string, number> | null = null;
  let armedRunner: SyncRunner | null = null;
  window.__deskTest = {
    ...auditBenchApi(db),
    setLockMinuteMs(ms) {
      lockTiming.msPerMinute = ms;
    },
    setKioskIdleMs(ms) {
      kioskTiming.idleMs = ms;
    },
    async bulkCreateSubjects(rows) {
      const start = performance.now();
      const created = await createRecords(db, ctx, 'subject', rows);
      return { created: created.length, ms: performance.now() - start };
    },
    async timeSubjectSearches(queries) {
      const ms: number[] = [];
      const hits: number[] = [];
      for (const query of queries) {
        const start = performance.now();
        const found = await searchSubjects(db, query);
        ms.push(performance.now() - start);
        hits.push(found.length);
      }
      return { ms, hits };
    },
    countSubjects: () => db.subjects.count(),
    db,
    async setUp() {
      await write(db, { operatorId: null }, async (w) => {
        await w.create('organisation', {
          legalName: 'Bench SARL',
          address: '1 rue du Banc, Paris',
          contactEmail: 'bench@example.fr',
          country: 'FR',
        });
        await w.create('staff', { name: 'Bench', role: 'owner' });
      });
    },
    async bulkCreateRequests(rows) {
      const ids = await db.subjects.orderBy('id').primaryKeys();
      const start = performance.now();
      await write(db, ctx, async (w) => {
        for (const row of rows) {
          const subjectId = ids[row.subjectIndex % ids.length] as string;
          const request = await logRequest(w, {
            subject: { id: subjectId },
            receivedAt: row.receivedAt,
            rights: row.rights,
            channel: row.channel,
          });
          if (row.respondOn) {
            const patch = applyAction(
              request,
              { type: 'respond', on: row.respondOn, outcome: 'granted' },
              { today: w.env.today, noticeDueOn: request.noticeDueOn },
            );
            await w.update('request', request.id, patch, 'request.respond');
            await w.create('requestEvent', {
              requestId: request.id,
              kind: 'transition',
              action: 'respond',
              on: row.respondOn,
            });
          }
        }
      });
      return { created: rows.length, ms: performance.now() - start };
    },
    async seedConsentCatalogue() {
      await write(db, ctx, async (w) => {
        for (const purpose of DEFAULT_PURPOSES) await w.create('purpose', purpose);
        await w.create('notice', defaultNotice('fr', 'Bench SARL', 'bench@example.fr', '2020-01-01'));
      });
    },
    async bulkCreateConsents(rows) {
      const subjectIds = await db.subjects.orderBy('id').primaryKeys();
      const purposes = await db.purposes.toCollection().primaryKeys();
      const notice = (await db.notices.toCollection().first())!;
      const start = performance.now();
      await write(db, ctx, async (w) => {
        for (const row of rows) {
          await w.create('consentEvent', {
            subjectId: subjectIds[row.subjectIndex % subjectIds.length] as string,
            purposeId: purposes[row.purposeIndex % purposes.length] as string,
            decision: row.decision,
            channel: row.channel,
            decidedAt: row.decidedAt,
            noticeId: notice.id,
          });
        }
      });
      return { created: rows.length, ms: performance.now() - start };
    },
    async timePreferences(subjectIndexes) {
      const subjectIds = await db.subjects.orderBy('id').primaryKeys();
      const purposes = await db.purposes.toArray();
      const ms: number[] = [];
      for (const index of subjectIndexes) {
        const start = performance.now();
        preferenceMatrix(
          await subjectConsentEvents(db, subjectIds[index % subjectIds.length] as string),
          purposes,
        );
        ms.push(performance.now() - start);
      }
      return ms;
    },
    async timeCapture(rounds) {
      const subjectIds = await db.subjects.orderBy('id').primaryKeys();
      const purposes = await db.purposes.toCollection().primaryKeys();
      const notice = (await db.notices.toCollection().first())!;
      const ms: number[] = [];
      for (let i = 0; i < rounds; i += 1) {
        const start = performance.now();
        await recordConsents(db, ctx, {
          subject: { id: subjectIds[(i * 7919) % subjectIds.length] as string },
          decisions: [
            { purposeId: purposes[0] as string, decision: 'granted' },
            { purposeId: purposes[1] as string, decision: 'refused' },
          ],
          channel: 'phone',
          decidedAt: new Date().toISOString(),
          noticeId: notice.id,
        });
        ms.push(performance.now() - start);
      }
      return ms;
    },
    async timeSegmentExport() {
      const purpose = (await db.purposes.toCollection().first())!;
      const start = performance.now();
      const rows = await segmentOf(db, purpose.id, { today: localDate(Date.now()) });
      toCsv(
        [
          { key: 'name', header: 'Nom' },
          { key: 'email', header: 'E-mail' },
          { key: 'decidedAt', header: 'Date' },
        ],
        rows.map((row) => ({
          name: row.subject.lastName,
          email: row.subject.email,
          decidedAt: row.latest.decidedAt,
        })),
        { separator: ';' },
      );
      return { rows: rows.length, ms: performance.now() - start };
    },
    async timeImport(csv) {
      const purposes = await db.purposes.toArray();
      const start = performance.now();
      const table = parseCsvTable(decodeCsvBytes(new TextEncoder().encode(csv)).text);
      const report = validateImportRows(table, suggestMapping(table, purposes), {
        purposes,
        today: localDate(Date.now()),
        defaultChannel: 'import',
      });
      const plan = await planImport(db, report.valid);
      const checked = performance.now();
      // Conflicts are left out, as a user who has not settled them yet would.
      const { result: stored, counts } = await countWrites(db, () =>
        storeImport(db, ctx, {
          groups: plannedGroups(plan),
          fileHash: 'f'.repeat(64),
          fileName: 'bench.csv',
          priorNotice: { create: { title: 'Prior notice', text: 'Text unknown' } },
        }),
      );
      const storeMs = performance.now() - checked;
      return {
        valid: report.valid.length,
        invalid: report.invalid.length,
        events: stored.events,
        created: stored.created,
        checkMs: checked - start,
        storeMs,
        rowsAdded: Object.values(counts).reduce((sum, count) => sum + count.rows, 0),
        written: counts,
      };
    },
    async bulkCreateSubjectsAt(rows, at) {
      const start = performance.now();
      const created = await createRecords(db, { ...ctx, now: () => Date.parse(at) }, 'subject', rows);
      return { created: created.length, ms: performance.now() - start };
    },
    async seedRetentionRules() {
      const rules = await addDefaultRetentionRules(db, ctx, 'fr');
      const purpose = await db.purposes.toCollection().first();
      if (purpose)
        rules.push(
          await saveRetentionRule(db, ctx, null, {
            scope: 'purpose',
            purposeId: purpose.id,
            anchor: 'last_decision',
            months: 24,
          }),
        );
      return rules.length;
    },
    async timeErasures(count) {
      const chosen = new Set<string>();
      await db.requests.each((request) => {
        if (chosen.size < count) chosen.add(request.subjectId);
      });
      const result = { ms: [] as number[], events: [] as number[], requests: [] as number[] };
      for (const subjectId of chosen) {
        const start = performance.now();
        const { erasure } = await eraseSubject(db, ctx, {
          subjectId,
          reason: 'no_longer_needed',
          suppress: true,
          confirmOpenRequests: true,
        });
        result.ms.push(performance.now() - start);
        result.events.push(erasure.counts.consentEvents);
        result.requests.push(erasure.counts.requests);
      }
      return result;
    },
    async timeComplianceChecks(today, rounds) {
      const ms: number[] = [];
      let failed: string[] = [];
      // A workspace from before the kept facts: each is derived once (from the audit log, from the
      // preferences' index), timed on its own before the runs.
      await db.meta.bulkDelete([LAST_ARCHIVE_EXPORT_KEY, UNPROVEN_COUNT_KEY]);
      const once = async (derive: () => Promise<unknown>) => {
        const start = performance.now();
        await derive();
        return performance.now() - start;
      };
      const derivedOnce = {
        lastArchiveExport: await once(() => lastArchiveExportOf(db)),
        unprovenCount: await once(() => unprovenCount(db)),
      };
      for (let i = 0; i < rounds; i += 1) {
        const start = performance.now();
        const results = runChecks(await gatherComplianceFacts(db, { today, syncConfigured: false }));
        ms.push(performance.now() - start);
        failed = results.filter((result) => !result.passed).map((result) => `${result.id}:${result.count}`);
      }
      // Where the time goes: each fact read on its own, after the timed runs (so the latest archive
      // export's one-time derivation from the log, done by the first run, is not in its figure).
      const time = async (read: () => Promise<unknown>) => {
        const start = performance.now();
        await read();
        return performance.now() - start;
      };
      const parts = {
        openRequests: await time(() => openRequestFacts(db)),
        unprovenConsents: await time(() => unprovenConsentFacts(db)),
        retention: await time(() => retentionFacts(db, today)),
        lastArchiveExport: await time(() => lastArchiveExportOf(db)),
        smallTables: await time(() => smallFacts(db)),
      };
      return { ms, failed, parts, derivedOnce };
    },
    async timeRetentionReview(today, rounds) {
      const ms: number[] = [];
      let result = { rows: 0, uncovered: 0 };
      for (let i = 0; i < rounds; i += 1) {
        const start = performance.now();
        const review = await retentionReview(db, today);
        ms.push(performance.now() - start);
        result = { rows: review.rows.length, uncovered: review.uncovered };
      }
      return { ms, ...result };
    },
    async timeDashboard(today, rounds) {
      const ms: number[] = [];
      let counts: Record<string, number> = {};
      for (let i = 0; i < rounds; i += 1) {
        const start = performance.now();
        const board = await dashboardRequests(db, today);
        ms.push(performance.now() - start);
        counts = Object.fromEntries(
          Object.entries(board).map(([key, value]) => [
            key,
            Array.isArray(value)
              ? value.length
              : 'items' in value
                ? (value.items as unknown[]).length
                : Object.keys(value).length,
          ]),
        );
      }
      return { ms, counts };
    },
    async timeDashboardCharts(today, rounds) {
      const timed = async (run: () => Promise<unknown>) => {
        const start = performance.now();
        await run();
        return performance.now() - start;
      };
      const requestsMs: number[] = [];
      for (let i = 0; i < rounds; i += 1) requestsMs.push(await timed(() => requestActivity(db, today)));
      const purposeIds = (await db.purposes.toArray()).map((purpose) => purpose.id);
      let tallies = new Map<string, { granted: number; refused: number; withdrawn: number }[]>();
      const consentsFirstMs = await timed(async () => {
        tallies = await consentActivity(db, today, purposeIds);
      });
      const consentsMs: number[] = [];
      for (let i = 0; i < rounds; i += 1)
        consentsMs.push(await timed(() => consentActivity(db, today, purposeIds)));
      const decisions = [...tallies.values()]
        .flat()
        .reduce((sum, tally) => sum + tally.granted + tally.refused + tally.withdrawn, 0);
      return { requestsMs, consentsFirstMs, consentsMs, decisions };
    },
    async waitForSync(until, timeoutMs) {
      const start = performance.now();
      const result = { joinedMs: null as number | null, organisationMs: null as number | null };
      for (;;) {
        const elapsed = performance.now() - start;
        if (result.joinedMs === null && (await db.meta.get(SYNC_META.spaceId))) result.joinedMs = elapsed;
        const done = result.joinedMs !== null && (until === 'pushed' ? await allPushed() : await applied());
        if (result.organisationMs === null && (await db.organisation.count()) > 0)
          result.organisationMs = elapsed;
        if (done) return { ...result, doneMs: performance.now() - start };
        if (elapsed > timeoutMs) throw new Error(`sync not ${until} after ${timeoutMs} ms`);
        await pause(50);
      }
    },
    countRowWrites() {
      if (rowWrites === null) {
        const counts: Record<string, number> = {};
        rowWrites = counts;
        // db.<name> and db.table(name) may be distinct objects (class fields): both are wrapped.
        const named = db as unknown as Record<string, unknown>;
        const tables = db.tables.flatMap((table) =>
          named[table.name] && named[table.name] !== table
            ? [table, named[table.name] as typeof table]
            : [table],
        );
        for (const table of tables) {
          const count = (rows: number) => {
            if (rowWrites) rowWrites[table.name] = (rowWrites[table.name] ?? 0) + rows;
          };
          const wrap = <A extends unknown[], R>(method: (...args: A) => R, rows: (...args: A) => number) =>
            function (this: unknown, ...args: A): R {
              count(rows(...args));
              return method.apply(this, args);
            };
          // Instance properties shadow the prototype's: the app calls db.<table>.bulkPut(...) on these.
          const one = () => 1;
          const many = (items: readonly unknown[]) => items.length;
          Object.assign(table, {
            add: wrap(table.add, one),
            put: wrap(table.put, one),
            delete: wrap(table.delete, one),
            bulkAdd: wrap(table.bulkAdd, many),
            bulkPut: wrap(table.bulkPut, many),
            bulkDelete: wrap(table.bulkDelete, many),
          });
        }
      }
      for (const name of Object.keys(rowWrites)) delete rowWrites[name];
    },
    rowWrites() {
      return { ...(rowWrites ?? {}) };
    },
    async armSyncPass() {
      if (!desk) throw new Error('no connection to the host');
      if (armed) throw new Error('a sync pass is already armed');
      let release = () => {};
      const hold = new Promise<void>((done) => (release = done));
      await new Promise<void>((held) => {
        void navigator.locks.request(syncLockName(db), () => {
          held();
          return hold;
        });
      });
      // One runner for every armed pass, as the app keeps one: what a runner learns once (the space
      // answers, the audit head already anchored) is not paid again at every timed pass.
      if (!armedRunner) {
        timeSyncSteps();
        armedRunner = createSyncRunner(desk, db);
      }
      // runNow asks for the lock at once: first in the queue, ahead of any background pass.
      armed = { release, pass: armedRunner.runNow() };
    },
    async runArmedPass() {
      if (!armed) throw new Error('no sync pass armed');
      const { release, pass } = armed;
      armed = null;
      const start = performance.now();
      release();
      const state = await pass;
      return { ms: performance.now() - start, received: state.received, error: state.error };
    },
    async makeChanges(events, edits, round) {
      const subjectIds = await db.subjects.orderBy('id').primaryKeys();
      const purposes = await db.purposes.toCollection().primaryKeys();
      const notice = (await db.notices.toCollection().first())!;
      const start = performance.now();
      await write(db, ctx, async (w) => {
        for (let i = 0; i < events; i += 1) {
          await w.create('consentEvent', {
            subjectId: subjectIds[(round * 7919 + i * 104_729) % subjectIds.length] as string,
            purposeId: purposes[i % purposes.length] as string,
            decision: i % 4 === 0 ? 'withdrawn' : 'granted',
            channel: 'counter',
            decidedAt: new Date().toISOString(),
            noticeId: notice.id,
          });
        }
        for (let i = 0; i < edits; i += 1) {
          const pad = (n: number) => String(n % 100).padStart(2, '0');
          await w.update('subject', subjectIds[(round * 131 + i * 7_927) % subjectIds.length] as string, {
            phone: `07 ${pad(round)} ${pad(i)} 12 34`,
          });
        }
      });
      return { ms: performance.now() - start };
    },
    async stateDigest() {
      const tables = [...Object.values(ENTITY_TABLES), 'facts'];
      const digests: Record<string, { rows: number; sha256: string }> = {};
      // The audit log by entry in chain order: its rows are packed differently on each replica.
      const auditHash = sha256.create();
      let auditRows = 0;
      for await (const page of chainPages(db)) {
        for (const entry of page) auditHash.update(utf8ToBytes(`${canonicalJson(entry as Json)}\n`));
        auditRows += page.length;
      }
      digests.audit = { rows: auditRows, sha256: bytesToHex(auditHash.digest()) };
      for (const name of tables) {
        if (name === 'consentEvents') {
          // By event in id order: each replica packs them in rows of its own (consent-store.ts).
          const hash = sha256.create();
          let rows = 0;
          for await (const page of eventsInIdOrder(db)) {
            for (const event of page)
              hash.update(utf8ToBytes(`${canonicalJson(event as unknown as Json)}\n`));
            rows += page.length;
          }
          digests[name] = { rows, sha256: bytesToHex(hash.digest()) };
          continue;
        }
        const hash = sha256.create();
        let rows = 0;
        // Key order is the same on every replica; pages keep each read transaction short.
        let after: unknown = null;
        for (;;) {
          const table = db.table(name);
          const page = await (after === null ? table.orderBy(':id') : table.where(':id').above(after))
            .limit(10_000)
            .toArray();
          if (page.length === 0) break;
          for (const row of page) hash.update(utf8ToBytes(`${canonicalJson(row as Json)}\n`));
          rows += page.length;
          const { keyPath } = table.schema.primKey;
          const last = page[page.length - 1] as object;
          after = Array.isArray(keyPath)
            ? keyPath.map((path) => Dexie.getByKeyPath(last, path))
            : Dexie.getByKeyPath(last, keyPath!);
        }
        digests[name] = { rows, sha256: bytesToHex(hash.digest()) };
      }
      return digests;
    },
  };

  async function allPushed(): Promise<boolean> {
    const deviceId = await deviceIdOf(db);
    const pushed = (await db.meta.get(SYNC_META.pushed))?.value as
      { oplog?: string; audit?: number } | undefined;
    if (!pushed) return false;
    const lastOp = await db.oplog
      .where('[deviceId+hlc]')
      .between([deviceId, Dexie.minKey], [deviceId, Dexie.maxKey])
      .last();
    const lastAudit = await headEntry(db, deviceId);
    return (lastOp?.hlc ?? '') === (pushed.oplog ?? '') && (lastAudit?.seq ?? 0) === (pushed.audit ?? 0);
  }

  async function applied(): Promise<boolean> {
    const cursor = (await db.meta.get(SYNC_META.cursor))?.value;
    return typeof cursor === 'object' && cursor !== null && Object.keys(cursor).length > 0;
  }
}
