/**
 * "A busy shop, five years": 50,000 people and 500,000 consent events (faker fr), loaded through
 * the write path in Chromium through the browser host; then a person's preferences (target p95
 * < 5 ms), a quick-capture write (p95 < 50 ms), a segment export (< 3 s) and an import of 50,000
 * rows (< 20 s). BENCH_CONSENT_PEOPLE / BENCH_CONSENT_EVENTS scale it down for a quick look.
 */
import { fakerFR as faker } from '@faker-js/faker';
import { afterAll, test } from 'vitest';
import { measureIdbFloor } from './idb-floor';
import { openBenchPage, type BenchPage } from './page';
import { generateDecision, generateSubjects } from './generate';
import { fmt, median, percentile } from './stats';

const PEOPLE = Number(process.env.BENCH_CONSENT_PEOPLE ?? 50_000);
const EVENTS = Number(process.env.BENCH_CONSENT_EVENTS ?? 500_000);
const IMPORT_ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 50_000);
const CHUNK = 10_000;

type Row = {
  subjectIndex: number;
  purposeIndex: number;
  decision: 'granted' | 'refused' | 'withdrawn';
  decidedAt: string;
  channel: string;
};
type Api = {
  setUp(): Promise<void>;
  seedConsentCatalogue(): Promise<void>;
  bulkCreateSubjects(rows: unknown[]): Promise<{ created: number; ms: number }>;
  bulkCreateConsents(rows: Row[]): Promise<{ created: number; ms: number }>;
  timePreferences(indexes: number[]): Promise<number[]>;
  timeCapture(rounds: number): Promise<number[]>;
  timeSegmentExport(): Promise<{ rows: number; ms: number }>;
  timeDashboardCharts(
    today: string,
    rounds: number,
  ): Promise<{ requestsMs: number[]; consentsFirstMs: number; consentsMs: number[]; decisions: number }>;
  timeImport(
    csv: string,
  ): Promise<{ valid: number; invalid: number; checkMs: number; storeMs: number; rowsAdded: number }>;
};

let bench: BenchPage | undefined;
afterAll(async () => {
  await bench?.close();
});

test(`consent ledger: ${PEOPLE} people, ${EVENTS} events (Chromium, browser host)`, async () => {
  bench = await openBenchPage();
  const { page } = bench;
  await page.evaluate(() => (globalThis as unknown as { __deskTest: Api }).__deskTest.setUp());
  await page.evaluate(() => (globalThis as unknown as { __deskTest: Api }).__deskTest.seedConsentCatalogue());

  const subjects = generateSubjects(PEOPLE);
  const subjectMs: number[] = [];
  for (let i = 0; i < subjects.length; i += CHUNK) {
    const { ms } = await page.evaluate(
      (rows) => (globalThis as unknown as { __deskTest: Api }).__deskTest.bulkCreateSubjects(rows as never),
      subjects.slice(i, i + CHUNK),
    );
    subjectMs.push(ms);
  }

  faker.seed(11);
  const now = Date.now();
  const fiveYears = 5 * 365 * 86_400_000;
  const eventMs: number[] = [];
  for (let done = 0; done < EVENTS; done += CHUNK) {
    const rows: Row[] = Array.from({ length: Math.min(CHUNK, EVENTS - done) }, () =>
      generateDecision(PEOPLE, () =>
        new Date(now - faker.number.int({ min: 86_400_000, max: fiveYears })).toISOString(),
      ),
    );
    const { ms } = await page.evaluate(
      (batch) => (globalThis as unknown as { __deskTest: Api }).__deskTest.bulkCreateConsents(batch as never),
      rows,
    );
    eventMs.push(ms);
  }

  const preferences = await page.evaluate(
    (indexes) => (globalThis as unknown as { __deskTest: Api }).__deskTest.timePreferences(indexes as never),
    Array.from({ length: 300 }, () => faker.number.int({ min: 0, max: PEOPLE - 1 })),
  );
  const capture = await page.evaluate(
    (rounds) => (globalThis as unknown as { __deskTest: Api }).__deskTest.timeCapture(rounds as never),
    100,
  );
  const segment = await page.evaluate(() =>
    (globalThis as unknown as { __deskTest: Api }).__deskTest.timeSegmentExport(),
  );

  // The dashboard's consents chart: decisions per purpose and month over the last 12 months.
  const pad = (n: number) => String(n).padStart(2, '0');
  const today = new Date(now);
  const charts = await page.evaluate(
    ({ date, rounds }) =>
      (globalThis as unknown as { __deskTest: Api }).__deskTest.timeDashboardCharts(date, rounds),
    { date: `${today.getFullYear()}-${pad(today.getMonth() + 1)}-${pad(today.getDate())}`, rounds: 20 },
  );

  const header = 'Prénom;Nom;Courriel;Finalité;Consentement;Date';
  const lines = Array.from({ length: IMPORT_ROWS }, (_, i) => {
    const s = subjects[i % subjects.length]!;
    const day = new Date(now - faker.number.int({ min: 86_400_000, max: fiveYears }));
    const date = `${String(day.getDate()).padStart(2, '0')}/${String(day.getMonth() + 1).padStart(2, '0')}/${day.getFullYear()}`;
    return `${s.firstName};${s.lastName};${i % 2 ? s.email : `import${i}@exemple.fr`};Offres par SMS;${i % 3 ? 'oui' : 'non'};${date}`;
  });
  const imported = await page.evaluate(
    (csv) => (globalThis as unknown as { __deskTest: Api }).__deskTest.timeImport(csv as never),
    [header, ...lines].join('\r\n'),
  );

  // The standard tool: plain IndexedDB rows in the same Chromium (see idb-floor.ts).
  const floor = await measureIdbFloor(page);
  const importFloorMs = (imported.rowsAdded / floor.rowsPerSecond) * 1000;
  const p95 = (values: number[]) => percentile(values, 95);
  console.log(
    [
      `consents: ${PEOPLE} people, ${EVENTS} events over five years, 6 purposes`,
      `  load: people ${(subjectMs.reduce((a, b) => a + b, 0) / 1000).toFixed(1)} s, events ${(eventMs.reduce((a, b) => a + b, 0) / 1000).toFixed(1)} s (${CHUNK} per transaction, record + oplog + audit each)`,
      `  a person's preferences, 300 people: median ${fmt(median(preferences))}, p95 ${fmt(p95(preferences))} (target p95 < 5 ms: ${p95(preferences) < 5 ? 'OK' : 'MISSED'})`,
      `  quick-capture write (2 purposes), 100 writes: median ${fmt(median(capture))}, p95 ${fmt(p95(capture))} (target p95 < 50 ms: ${p95(capture) < 50 ? 'OK' : 'MISSED'})`,
      `  dashboard consents chart (${charts.decisions} decisions in the last 12 months): first read ${fmt(charts.consentsFirstMs)}, then (tallies reused, index counts only) median ${fmt(median(charts.consentsMs))}, p95 ${fmt(p95(charts.consentsMs))}`,
      `  segment export of one purpose: ${segment.rows} people in ${fmt(segment.ms)} (target < 3 s: ${segment.ms < 3000 ? 'OK' : 'MISSED'})`,
      `  import of ${IMPORT_ROWS} rows: check ${fmt(imported.checkMs)}, store ${fmt(imported.storeMs)}, ${imported.valid} valid / ${imported.invalid} rejected (target < 20 s: ${imported.checkMs + imported.storeMs < 20_000 ? 'OK' : 'MISSED'})`,
      `    raw IndexedDB here: ${floor.rowsPerSecond.toLocaleString('en')} rows/s (${floor.rows.toLocaleString('en')} plain rows into a fresh database); the ${imported.rowsAdded.toLocaleString('en')} rows the import added at that rate alone: ${fmt(importFloorMs)}; store / floor ${(imported.storeMs / importFloorMs).toFixed(1)}×`,
    ].join('\n'),
  );
});
