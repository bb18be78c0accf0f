/**
 * Hooks for benchmarks and end-to-end tests, exposed on window only when the browser host was
 * started with --expose-test-api (never in the desktop app). They call the same domain and write
 * path as the screens.
 */
import type { SubjectInput } from '../../../shared/domain/subject';
import { applyAction } from '../../../shared/requests';
import type { DeskDb } from '../db/schema';
import { searchSubjects } from '../db/subjects';
import { dashboardRequests, logRequest, type RequestIntake } from '../db/requests';
import { createRecords, write } from '../db/write';

export type BenchRequest = {
  subjectIndex: number;
  receivedAt: string;
  rights: RequestIntake['rights'];
  channel: RequestIntake['channel'];
  /** Answered on that day (most old requests are), through the workflow. */
  respondOn?: string;
};

export type DeskTestApi = {
  /** An organisation and an operator, as first-run setup would make them. */
  setUp(): Promise<void>;
  bulkCreateRequests(rows: BenchRequest[]): Promise<{ created: number; ms: number }>;
  timeDashboard(today: string, rounds: number): Promise<{ ms: number[]; counts: Record<string, number> }>;
  bulkCreateSubjects(rows: SubjectInput[]): Promise<{ created: number; ms: number }>;
  timeSubjectSearches(queries: string[]): Promise<{ ms: number[]; hits: number[] }>;
  countSubjects(): Promise<number>;
  /** The workspace database itself, for benchmarks that time single queries. */
  db: DeskDb;
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
            Array.isArray(value) ? value.length : value.count,
          ]),
        );
      }
      return { ms, counts };
    },
  };
}
