/**
 * Hooks for benchmarks and end-to-end tests, exposed on window only when the browser host was
 * started with --expose-test-api (never in the desktop app). They call the same domain and write
 * path as the screens.
 */
import type { SubjectInput } from '../../../shared/domain/subject';
import { applyAction } from '../../../shared/requests';
import { DEFAULT_PURPOSES, defaultNotice } from '../../../shared/consent/defaults';
import { preferenceMatrix } from '../../../shared/consent/derive';
import {
  decodeCsvBytes,
  parseCsvTable,
  suggestMapping,
  validateImportRows,
} from '../../../shared/consent/import';
import type { ConsentChannel, Decision } from '../../../shared/consent/model';
import { toCsv } from '../../../shared/csv';
import { importConsents, recordConsents, segmentOf, subjectConsentEvents } from '../db/consents';
import type { DeskDb } from '../db/schema';
import { searchSubjects } from '../db/subjects';
import { dashboardRequests, logRequest, type RequestIntake } from '../db/requests';
import { createRecords, localDate, write } from '../db/write';
import { eraseSubject } from '../db/erasure';
import { addDefaultRetentionRules, retentionReview, saveRetentionRule } from '../db/retention';

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
  /** Check and store an import of `csv` text: milliseconds for parsing+checking and for storing. */
  timeImport(csv: string): Promise<{ valid: number; invalid: number; checkMs: number; storeMs: number }>;
  /** An organisation and an operator, as first-run setup would make them. */
  setUp(): Promise<void>;
  bulkCreateRequests(rows: BenchRequest[]): Promise<{ created: number; ms: number }>;
  timeDashboard(today: string, rounds: number): Promise<{ ms: number[]; counts: Record<string, number> }>;
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
};

declare global {
  interface Window {
    __deskTest?: DeskTestApi;
  }
}

export function exposeTestApi(db: DeskDb): void {
  const ctx = { operatorId: 'test-api' };
  window.__deskTest = {
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
      const notice = (await db.notices.toCollection().first())!;
      const start = performance.now();
      const table = parseCsvTable(decodeCsvBytes(new TextEncoder().encode(csv)).text);
      const report = validateImportRows(table, suggestMapping(table.headers), {
        purposes,
        today: localDate(Date.now()),
      });
      const checked = performance.now();
      await importConsents(db, ctx, { rows: report.valid, fileHash: 'f'.repeat(64), noticeId: notice.id });
      return {
        valid: report.valid.length,
        invalid: report.invalid.length,
        checkMs: checked - start,
        storeMs: performance.now() - checked,
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
            Array.isArray(value) ? value.length : value.items.length,
          ]),
        );
      }
      return { ms, counts };
    },
  };
}
