/**
 * The retention review over "a busy shop, five years": 50,000 people recorded over five years (two
 * in five with a customer reference), 500,000 consent events and 10,000 requests (faker fr), loaded
 * through the write path in Chromium through the browser host; then the review of who is past their
 * retention period under the CNIL rules and a purpose rule (target < 2 s), and erasures of people
 * with requests and consent events (target < 200 ms each). A quarter of the people
 * went quiet soon after they were recorded, so the review has people to find.
 * BENCH_SUBJECTS scales it down (events and requests follow: ten and a fifth per person), or set
 * BENCH_CONSENT_EVENTS / BENCH_REQUESTS on their own.
 */
import { afterAll, test } from 'vitest';
import { openBenchPage, type BenchPage } from './page';
import { loadBusyShop } from './busy-shop';
import { fmt, median, percentile } from './stats';

const PEOPLE = Number(process.env.BENCH_SUBJECTS ?? 50_000);
const EVENTS = Number(process.env.BENCH_CONSENT_EVENTS ?? PEOPLE * 10);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? Math.round(PEOPLE / 5));
const ROUNDS = 5;
const ERASURES = Number(process.env.BENCH_ERASURES ?? 50);

type Api = {
  timeRetentionReview(
    today: string,
    rounds: number,
  ): Promise<{ ms: number[]; rows: number; uncovered: number }>;
  timeErasures(count: number): Promise<{ ms: number[]; events: number[]; requests: number[] }>;
};

let bench: BenchPage | undefined;
afterAll(async () => {
  await bench?.close();
});

test(`retention review: ${PEOPLE} people, ${EVENTS} consent events, ${REQUESTS} requests (Chromium, browser host)`, async () => {
  bench = await openBenchPage();
  const { page } = bench;
  const { now, loadMs, eventMs, requestMs, rules } = await loadBusyShop(page, { PEOPLE, EVENTS, REQUESTS });

  const today = new Date(now).toISOString().slice(0, 10);
  const review = await page.evaluate(
    ([day, rounds]) =>
      (globalThis as unknown as { __deskTest: Api }).__deskTest.timeRetentionReview(
        day as string,
        rounds as number,
      ),
    [today, ROUNDS] as const,
  );
  // Then erasures, one at a time, of people with requests and consent events (after the review, so
  // the review sees the whole population).
  const erasures = await page.evaluate(
    (count) => (globalThis as unknown as { __deskTest: Api }).__deskTest.timeErasures(count),
    ERASURES,
  );
  const erasureP95 = percentile(erasures.ms, 95);
  const p95 = percentile(review.ms, 95);
  console.log(
    [
      `retention: ${PEOPLE} people over five years, ${EVENTS} consent events, ${REQUESTS} requests, ${rules} rules`,
      `  load: people ${(loadMs / 1000).toFixed(1)} s, events ${(eventMs / 1000).toFixed(1)} s, requests ${(requestMs / 1000).toFixed(1)} s`,
      `  review, ${ROUNDS} runs: median ${fmt(median(review.ms))}, p95 ${fmt(p95)}; ${review.rows} people past retention, ${review.uncovered} under no rule (target < 2 s: ${p95 < 2000 ? 'OK' : 'MISSED'})`,
      `  erasure of one person, ${erasures.ms.length} people (median ${median(erasures.events)} consent events, ${median(erasures.requests)} request(s) each): median ${fmt(median(erasures.ms))}, p95 ${fmt(erasureP95)} (target < 200 ms: ${erasureP95 < 200 ? 'OK' : 'MISSED'})`,
    ].join('\n'),
  );
});
