/**
 * All compliance checks over "a busy shop, five years" (the retention benchmark's data: 50,000
 * people, 500,000 consent events, 10,000 requests, faker fr, loaded through the write path in
 * Chromium through the browser host): gathering the facts and running every check. Target < 2 s.
 * The generated consents carry no proof, so six in ten are unproven: the worst case for the
 * consent-evidence check. BENCH_SUBJECTS scales it down as in retention.bench.ts.
 */
import { fakerFR as faker } from '@faker-js/faker';
import { afterAll, test } from 'vitest';
import { openBenchPage, type BenchPage } from './page';
import { generateDecision, generateSubjects } from './generate';
import { fmt, median, percentile } from './stats';

const PEOPLE = Number(process.env.BENCH_SUBJECTS ?? 50_000);
const EVENTS = Number(process.env.BENCH_CONSENT_EVENTS ?? PEOPLE * 10);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? Math.round(PEOPLE / 5));
const ROUNDS = 5;
const CHUNK = 10_000;
/** People recorded on the same day: one write per day's batch. */
const PER_DAY = 50;
const DAY_MS = 86_400_000;
const SPAN_MS = 5 * 365 * DAY_MS;

type Api = {
  setUp(): Promise<void>;
  seedConsentCatalogue(): Promise<void>;
  seedRetentionRules(): Promise<number>;
  bulkCreateSubjectsAt(rows: unknown[], at: string): Promise<{ created: number; ms: number }>;
  bulkCreateConsents(rows: unknown[]): Promise<{ created: number; ms: number }>;
  bulkCreateRequests(rows: unknown[]): Promise<{ created: number; ms: number }>;
  timeComplianceChecks(
    today: string,
    rounds: number,
  ): Promise<{ ms: number[]; failed: string[]; parts: Record<string, number> }>;
};

let bench: BenchPage | undefined;
afterAll(async () => {
  await bench?.close();
});

test(`compliance checks: ${PEOPLE} people, ${EVENTS} consent events, ${REQUESTS} requests (Chromium, browser host)`, async () => {
  bench = await openBenchPage();
  const { page } = bench;
  await page.evaluate(() => (globalThis as unknown as { __deskTest: Api }).__deskTest.setUp());
  await page.evaluate(() => (globalThis as unknown as { __deskTest: Api }).__deskTest.seedConsentCatalogue());

  // Person i is recorded at start + i/PEOPLE of five years; the test API numbers people in the
  // order they were recorded (their UUIDv7 ids), so the i-th row is the i-th person.
  const now = Date.now();
  const start = now - SPAN_MS;
  const recordedAt = (index: number) => start + Math.floor(index / PER_DAY) * PER_DAY * (SPAN_MS / PEOPLE);
  const subjects = generateSubjects(PEOPLE).map((subject, i) =>
    i % 5 < 2 ? subject : { ...subject, customerRef: '' },
  );
  let loadMs = 0;
  for (let i = 0; i < subjects.length; i += PER_DAY) {
    const { ms } = await page.evaluate(
      ([rows, at]) =>
        (globalThis as unknown as { __deskTest: Api }).__deskTest.bulkCreateSubjectsAt(
          rows as never,
          at as string,
        ),
      [subjects.slice(i, i + PER_DAY), new Date(recordedAt(i)).toISOString()] as const,
    );
    loadMs += ms;
  }

  faker.seed(7);
  // Quiet people (one in four) only ever spoke to the shop in their first two months.
  const contactAt = (index: number) => {
    const from = recordedAt(index);
    const until = index % 4 === 0 ? Math.min(now - DAY_MS, from + 60 * DAY_MS) : now - DAY_MS;
    return new Date(faker.number.int({ min: from, max: Math.max(from, until) })).toISOString();
  };
  let eventMs = 0;
  for (let done = 0; done < EVENTS; done += CHUNK) {
    const rows = Array.from({ length: Math.min(CHUNK, EVENTS - done) }, () =>
      generateDecision(PEOPLE, contactAt),
    );
    const { ms } = await page.evaluate(
      (batch) => (globalThis as unknown as { __deskTest: Api }).__deskTest.bulkCreateConsents(batch as never),
      rows,
    );
    eventMs += ms;
  }
  let requestMs = 0;
  for (let done = 0; done < REQUESTS; done += CHUNK) {
    const rows = Array.from({ length: Math.min(CHUNK, REQUESTS - done) }, () => {
      const subjectIndex = faker.number.int({ min: 0, max: PEOPLE - 1 });
      const receivedAt = contactAt(subjectIndex);
      return {
        subjectIndex,
        receivedAt,
        rights: [faker.helpers.arrayElement(['access', 'erasure', 'objection', 'rectification'] as const)],
        channel: faker.helpers.arrayElement(['email', 'letter', 'phone', 'counter'] as const),
        respondOn:
          receivedAt.slice(0, 10) < new Date(now - 60 * DAY_MS).toISOString().slice(0, 10)
            ? new Date(Date.parse(receivedAt) + 20 * DAY_MS).toISOString().slice(0, 10)
            : undefined,
      };
    });
    const { ms } = await page.evaluate(
      (batch) => (globalThis as unknown as { __deskTest: Api }).__deskTest.bulkCreateRequests(batch as never),
      rows,
    );
    requestMs += ms;
  }
  const rules = await page.evaluate(() =>
    (globalThis as unknown as { __deskTest: Api }).__deskTest.seedRetentionRules(),
  );

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
      `  parts of one run: ${Object.entries(checks.parts)
        .map(([part, ms]) => `${part} ${fmt(ms)}`)
        .join(', ')}`,
    ].join('\n'),
  );
});
