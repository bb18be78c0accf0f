/**
 * Hooks for benchmarks and end-to-end tests, exposed on window only when the browser host was
 * started with --expose-test-api (never in the desktop app). They call the same domain and write
 * path as the screens.
 */
import type { SubjectInput } from '../../../shared/domain/subject';
import type { DeskDb } from '../db/schema';
import { searchSubjects } from '../db/subjects';
import { createRecords } from '../db/write';

export type DeskTestApi = {
  bulkCreateSubjects(rows: SubjectInput[]): Promise<{ created: number; ms: number }>;
  timeSubjectSearches(queries: string[]): Promise<{ ms: number[]; hits: number[] }>;
  countSubjects(): Promise<number>;
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
  };
}
