/**
 * 10,000 data-subject requests over five years for 2,000 people, loaded through the app's write
 * path in Chromium through the browser host; then the dashboard queries (overdue, due soon,
 * awaiting identity, extended, missing notices). Target: p95 under 50 ms.
 */
import { fakerFR as faker } from '@faker-js/faker';
import { afterAll, test } from 'vitest';
import { openBenchPage, type BenchPage } from './page';
import { generateSubjects } from './generate';
import { fmt, median, percentile } from './stats';

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 10_000);
const PEOPLE = 2_000;
const CHUNK = 1_000;
const ROUNDS = 50;

for (const SCENARIO of ['realistic', 'all open'] as const) {
  const RIGHTS = ['access', 'erasure', 'objection', 'rectification', 'consent_withdrawal'] as const;
  const CHANNELS = ['email', 'letter', 'phone', 'counter', 'web_form'] as const;

  type BenchRequest = {
    subjectIndex: number;
    receivedAt: string;
    rights: string[];
    channel: string;
    respondOn?: string;
  };
  type Api = {
    setUp(): Promise<void>;
    bulkCreateSubjects(rows: unknown[]): Promise<{ created: number; ms: number }>;
    bulkCreateRequests(rows: BenchRequest[]): Promise<{ created: number; ms: number }>;
    timeDashboard(today: string, rounds: number): Promise<{ ms: number[]; counts: Record<string, number> }>;
    timeDashboardCharts(
      today: string,
      rounds: number,
    ): Promise<{ requestsMs: number[]; consentsFirstMs: number; consentsMs: number[]; decisions: number }>;
  };

  let bench: BenchPage | undefined;
  afterAll(async () => {
    await bench?.close();
  });

  test(`dashboard queries over ${REQUESTS} requests, ${SCENARIO} (Chromium, browser host)`, async () => {
    bench = await openBenchPage();
    const { page } = bench;
    // The page keeps its real clock: Playwright's fake clock coarsens performance.now(), which is
    // what we measure with. Dates are generated relative to today, so every run has the same mix.
    await page.evaluate(() => (globalThis as unknown as { __deskTest: Api }).__deskTest.setUp());
    await page.evaluate(
      (rows) => (globalThis as unknown as { __deskTest: Api }).__deskTest.bulkCreateSubjects(rows),
      generateSubjects(PEOPLE),
    );

    faker.seed(7);
    const DAY = 86_400_000;
    const now = Date.now();
    const from = now - 5 * 365 * DAY;
    const to = now - DAY;
    const recent = now - 60 * DAY;
    const pad = (n: number) => String(n).padStart(2, '0');
    const day = (ms: number) => {
      const d = new Date(ms);
      return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
    };
    const today = day(now);
    const rows: BenchRequest[] = Array.from({ length: REQUESTS }, (_, i) => {
      const received = faker.number.int({ min: from, max: to });
      // Scenario "all open" (every request still open: the dashboard's worst case) or "realistic"
      // (requests older than two months were answered within three weeks; 1 in 20 recent ones too).
      const answered = SCENARIO === 'realistic' && (received < recent || i % 20 === 0);
      return {
        subjectIndex: faker.number.int({ min: 0, max: PEOPLE - 1 }),
        receivedAt: new Date(received).toISOString(),
        rights: [faker.helpers.arrayElement(RIGHTS)],
        channel: faker.helpers.arrayElement(CHANNELS),
        respondOn: answered
          ? day(Math.min(received + faker.number.int({ min: 1, max: 21 }) * DAY, to))
          : undefined,
      };
    });
    const loadMs: number[] = [];
    for (let i = 0; i < rows.length; i += CHUNK) {
      const { ms } = await page.evaluate(
        (batch) => (globalThis as unknown as { __deskTest: Api }).__deskTest.bulkCreateRequests(batch),
        rows.slice(i, i + CHUNK),
      );
      loadMs.push(ms);
    }
    const { ms, counts } = await page.evaluate(
      ({ date, rounds }) =>
        (globalThis as unknown as { __deskTest: Api }).__deskTest.timeDashboard(date, rounds),
      { date: today, rounds: ROUNDS },
    );
    const charts = await page.evaluate(
      ({ date, rounds }) =>
        (globalThis as unknown as { __deskTest: Api }).__deskTest.timeDashboardCharts(date, rounds),
      { date: today, rounds: 20 },
    );
    // Each query of the dashboard on its own, to see where the time goes.
    const parts = await page.evaluate(async (today) => {
      type Db = { requests: { where(index: string): any } }; // eslint-disable-line @typescript-eslint/no-explicit-any
      const db = (globalThis as unknown as { __deskTest: { db: Db } }).__deskTest.db;
      const timeIt = async (run: () => Promise<unknown>) => {
        const runs: number[] = [];
        for (let i = 0; i < 20; i += 1) {
          const start = performance.now();
          await run();
          runs.push(performance.now() - start);
        }
        return runs.sort((a, b) => a - b)[10] as number;
      };
      const overdue = () =>
        db.requests.where('[clock+dueOn]').between(['running', ''], ['running', today], true, false);
      return {
        'overdue count': await timeIt(() => overdue().count()),
        'overdue first 50': await timeIt(() => overdue().limit(50).toArray()),
        'identity count': await timeIt(() => db.requests.where('status').equals('identity_check').count()),
      };
    }, today);
    const p95 = percentile(ms, 95);
    console.log(
      [
        `requests (${SCENARIO}): ${REQUESTS} over 5 years for ${PEOPLE} people`,
        `  load through the write path, ${CHUNK} per transaction: ${(loadMs.reduce((a, b) => a + b, 0) / 1000).toFixed(1)} s; per chunk median ${fmt(median(loadMs))}, p95 ${fmt(percentile(loadMs, 95))}`,
        `  dashboard (overdue, due soon, identity, extended, notices), ${ROUNDS} rounds: median ${fmt(median(ms))}, p95 ${fmt(p95)}`,
        `  counts: ${JSON.stringify(counts)}`,
        `  requests chart (received and answered per month, 12 months), 20 rounds: median ${fmt(median(charts.requestsMs))}, p95 ${fmt(percentile(charts.requestsMs, 95))}`,
        `  single queries (median of 20): ${Object.entries(parts)
          .map(([name, value]) => `${name} ${fmt(value)}`)
          .join(', ')}`,
        `  target p95 < 50 ms: ${p95 < 50 ? 'OK' : 'MISSED'}`,
      ].join('\n'),
    );
  });
}
