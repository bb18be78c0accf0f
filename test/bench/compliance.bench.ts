/**
 * All compliance checks over "a busy shop, five years" (the retention benchmark's data: 50,000
 * people, 500,000 consent events, 10,000 requests, faker fr, loaded through the write path in
 * Chromium through the browser host): gathering the facts and running every check. Target < 2 s.
 * The generated consents carry no proof, so six in ten are unproven: the worst case for the
 * consent-evidence check. BENCH_SUBJECTS scales it down as in retention.bench.ts.
 */
import { afterAll, test } from 'vitest';
import { openBenchPage, type BenchPage } from './page';
import { loadBusyShop } from './busy-shop';
import { fmt, median, percentile } from './stats';

const PEOPLE = Number(process.env.BENCH_SUBJECTS ?? 50_000);
const EVENTS = Number(process.env.BENCH_CONSENT_EVENTS ?? PEOPLE * 10);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? Math.round(PEOPLE / 5));
const ROUNDS = 5;

type Api = {
  timeComplianceChecks(
    today: string,
    rounds: number,
  ): Promise<{
    ms: number[];
    failed: string[];
    parts: Record<string, number>;
    derivedOnce: Record<string, number>;
  }>;
};

let bench: BenchPage | undefined;
afterAll(async () => {
  await bench?.close();
});

test(`compliance checks: ${PEOPLE} people, ${EVENTS} consent events, ${REQUESTS} requests (Chromium, browser host)`, async () => {
  bench = await openBenchPage();
  const { page } = bench;
  const { now, loadMs, eventMs, requestMs, rules } = await loadBusyShop(page, { PEOPLE, EVENTS, REQUESTS });

  const today = new Date(now).toISOString().slice(0, 10);
  const checks = await page.evaluate(
    ([day, rounds]) =>
      (globalThis as unknown as { __deskTest: Api }).__deskTest.timeComplianceChecks(
        day as string,
        rounds as number,
      ),
    [today, ROUNDS] as const,
  );
  const p95 = percentile(checks.ms, 95);
  console.log(
    [
      `compliance checks: ${PEOPLE} people over five years, ${EVENTS} consent events, ${REQUESTS} requests, ${rules} retention rules`,
      `  load: people ${(loadMs / 1000).toFixed(1)} s, events ${(eventMs / 1000).toFixed(1)} s, requests ${(requestMs / 1000).toFixed(1)} s`,
      `  all checks, ${ROUNDS} runs: median ${fmt(median(checks.ms))}, p95 ${fmt(p95)} (target < 2 s: ${p95 < 2000 ? 'OK' : 'MISSED'})`,
      `  failed: ${checks.failed.join(', ')}`,
      `  kept facts derived once per workspace (before the runs): ${Object.entries(checks.derivedOnce)
        .map(([fact, ms]) => `${fact} ${fmt(ms)}`)
        .join(', ')}`,
      `  each fact read on its own: ${Object.entries(checks.parts)
        .map(([part, ms]) => `${part} ${fmt(ms)}`)
        .join(', ')}`,
    ].join('\n'),
  );
});
