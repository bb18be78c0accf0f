/**
 * 50,000 realistic French data subjects (faker, fr locale) bulk-loaded through the app's write path,
 * then 200 searches (name prefixes, accent-free spellings, email fragments), measured in Chromium
 * through the browser host. Target: search p95 under 30 ms.
 */
import { generateQueries, generateSubjects } from './generate';
import { afterAll, test } from 'vitest';
import type { SubjectInput } from '../../shared/domain/subject';
import { openBenchPage, type BenchPage } from './page';
import { fmt, median, percentile } from './stats';

const COUNT = Number(process.env.BENCH_SUBJECTS ?? 50_000);
const CHUNK = 5_000;
const QUERIES = 200;

/**
 * The page's test API (renderer/src/app/test-api.ts), seen from this Node-typed file. The callbacks
 * below run in the page: they are serialised, so they reach it through globalThis, not a closure.
 */
type DeskTestApi = {
  bulkCreateSubjects(rows: SubjectInput[]): Promise<{ created: number; ms: number }>;
  timeSubjectSearches(queries: string[]): Promise<{ ms: number[]; hits: number[] }>;
  countSubjects(): Promise<number>;
};

let bench: BenchPage | undefined;
afterAll(async () => {
  await bench?.close();
});

test(`subject bulk load and search over ${COUNT} people (Chromium, browser host)`, async () => {
  bench = await openBenchPage();
  const { page, context, problems } = bench;

  const subjects = generateSubjects(COUNT);
  const loadStart = performance.now();
  const chunkMs: number[] = [];
  for (let i = 0; i < subjects.length; i += CHUNK) {
    const rows = subjects.slice(i, i + CHUNK);
    const { ms } = await page.evaluate(
      (batch) => (globalThis as unknown as { __deskTest: DeskTestApi }).__deskTest.bulkCreateSubjects(batch),
      rows,
    );
    chunkMs.push(ms);
  }
  const loadMs = performance.now() - loadStart;
  const stored = await page.evaluate(() =>
    (globalThis as unknown as { __deskTest: DeskTestApi }).__deskTest.countSubjects(),
  );

  const queries = generateQueries(subjects, QUERIES);
  await page.evaluate(
    (q) => (globalThis as unknown as { __deskTest: DeskTestApi }).__deskTest.timeSubjectSearches(q),
    queries.slice(0, 10).map((q) => q.text),
  ); // warm-up
  const { ms, hits } = await page.evaluate(
    (q) => (globalThis as unknown as { __deskTest: DeskTestApi }).__deskTest.timeSubjectSearches(q),
    queries.map((q) => q.text),
  );
  const byKind = new Map<string, number[]>();
  queries.forEach((q, i) => byKind.set(q.kind, [...(byKind.get(q.kind) ?? []), ms[i] as number]));
  const p95 = percentile(ms, 95);
  const lines = [
    `subjects: ${stored} stored (${COUNT} generated, faker fr, seed 2026), Chromium ${context.browser()?.version() ?? ''}`,
    `  bulk load (write path: record + oplog + audit, ${CHUNK} per transaction): ${(loadMs / 1000).toFixed(1)} s total, ` +
      `${((COUNT / loadMs) * 1000).toFixed(0)} subjects/s; per chunk median ${fmt(median(chunkMs))}, p95 ${fmt(percentile(chunkMs, 95))}`,
    `  search, ${QUERIES} queries: median ${fmt(median(ms))}, p95 ${fmt(p95)}, max ${fmt(Math.max(...ms))}; median hits ${median(hits)}`,
    ...[...byKind].map(
      ([kind, values]) =>
        `    ${kind.padEnd(15)} n=${values.length} median ${fmt(median(values))}, p95 ${fmt(percentile(values, 95))}`,
    ),
    `  target p95 < 30 ms: ${p95 < 30 ? 'OK' : 'MISSED'}`,
  ];
  console.log(lines.join('\n'));
  if (problems.length) console.log(`  problems seen: ${problems.join('; ')}`);
});
