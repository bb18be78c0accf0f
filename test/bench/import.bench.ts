/**
 * Imports through the same code as the Import screen (parse, check, match, store) in Chromium
 * through the browser host, with the IndexedDB floor measured in the same run:
 * - wide: a shop's customer spreadsheet moving into RGPD Desk, BENCH_IMPORT_WIDE_ROWS people (50,000)
 *   one row each, one column per purpose (4), as Excel writes it (';', dd/mm/yyyy), into an empty
 *   workspace (target < 40 s at 50,000);
 * - long: BENCH_IMPORT_ROWS lines (50,000) of one decision each, half about people already on file
 *   (BENCH_IMPORT_PEOPLE of them, 25,000, with BENCH_IMPORT_SEED_EVENTS decisions, 100,000), half
 *   about new people (target < 20 s at 50,000).
 * Each prints the rows and index entries the store wrote per decision, by table (counted on the
 * tables' DBCore, renderer/src/app/write-count.ts), and the store's time over the floor's for as many rows.
 */
import { fakerFR as faker } from '@faker-js/faker';
import { afterEach, test } from 'vitest';
import { measureIdbFloor } from './idb-floor';
import { openBenchPage, type BenchPage } from './page';
import { generateDecision, generateSubjects } from './generate';
import { fmt } from './stats';
import { profiled } from './profile';

const WIDE_ROWS = Number(process.env.BENCH_IMPORT_WIDE_ROWS ?? 50_000);
const LONG_ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 50_000);
const LONG_PEOPLE = Number(process.env.BENCH_IMPORT_PEOPLE ?? 25_000);
const LONG_SEED_EVENTS = Number(process.env.BENCH_IMPORT_SEED_EVENTS ?? 100_000);
const CHUNK = 10_000;
const PURPOSES = [
  'Lettre d’information par e-mail',
  'Offres par SMS',
  'Appels téléphoniques',
  'Courrier postal',
];

type Imported = {
  valid: number;
  invalid: number;
  events: number;
  created: number;
  checkMs: number;
  storeMs: number;
  rowsAdded: number;
  written: Record<string, { rows: number; indexEntries: number }>;
};
type Api = {
  setUp(): Promise<void>;
  seedConsentCatalogue(): Promise<void>;
  bulkCreateSubjects(rows: unknown[]): Promise<{ created: number; ms: number }>;
  bulkCreateConsents(rows: unknown[]): Promise<{ created: number; ms: number }>;
  timeImport(csv: string): Promise<Imported>;
};

let bench: BenchPage | undefined;
afterEach(async () => {
  await bench?.close();
  bench = undefined;
});

const dayText = (day: Date) =>
  `${String(day.getDate()).padStart(2, '0')}/${String(day.getMonth() + 1).padStart(2, '0')}/${day.getFullYear()}`;

async function importAndReport(page: BenchPage['page'], title: string, csv: string): Promise<void> {
  const imported = await profiled(page, title.split(':')[0]!.replace(/\W+/g, '-'), () =>
    page.evaluate(
      (text) => (globalThis as unknown as { __deskTest: Api }).__deskTest.timeImport(text as never),
      csv,
    ),
  );
  const floor = await measureIdbFloor(page);
  const floorMs = (imported.rowsAdded / floor.rowsPerSecond) * 1000;
  const indexEntries = Object.values(imported.written).reduce((sum, count) => sum + count.indexEntries, 0);
  const per = (n: number) => (n / imported.events).toFixed(2);
  const tables = Object.entries(imported.written)
    .filter(([, count]) => count.rows > 0)
    .sort(([, a], [, b]) => b.rows - a.rows)
    .map(
      ([name, count]) =>
        `${name} ${count.rows.toLocaleString('en')} rows / ${count.indexEntries.toLocaleString('en')} index entries`,
    )
    .join('; ');
  console.log(
    [
      title,
      `  parse + check + match: ${fmt(imported.checkMs)} (${imported.valid} rows valid, ${imported.invalid} rejected)`,
      `  store: ${fmt(imported.storeMs)} for ${imported.events.toLocaleString('en')} decisions (${imported.created.toLocaleString('en')} people created); total ${fmt(imported.checkMs + imported.storeMs)}`,
      `  written: ${imported.rowsAdded.toLocaleString('en')} rows (${per(imported.rowsAdded)} per decision), ${indexEntries.toLocaleString('en')} index entries (${per(indexEntries)} per decision)`,
      `    ${tables}`,
      `  raw IndexedDB here: ${floor.rowsPerSecond.toLocaleString('en')} rows/s; those rows at that rate alone: ${fmt(floorMs)}; store / floor ${(imported.storeMs / floorMs).toFixed(2)}×`,
    ].join('\n'),
  );
}

test(`wide import: ${WIDE_ROWS} rows × ${PURPOSES.length} purposes (Chromium, browser host)`, async () => {
  bench = await openBenchPage();
  const { page } = bench;
  await page.evaluate(() => (globalThis as unknown as { __deskTest: Api }).__deskTest.setUp());
  await page.evaluate(() => (globalThis as unknown as { __deskTest: Api }).__deskTest.seedConsentCatalogue());

  faker.seed(12);
  const subjects = generateSubjects(WIDE_ROWS);
  const now = Date.now();
  const words = ['oui', 'non', 'x', 'Oui'];
  const lines = subjects.map((s, i) => {
    const day = new Date(now - faker.number.int({ min: 86_400_000, max: 5 * 365 * 86_400_000 }));
    // Every address made unique: the bench measures storing, not conflicts.
    const cells = PURPOSES.map((_, p) => words[(i + p) % words.length]);
    return [s.firstName, s.lastName, `client${i}@exemple.fr`, ...cells, dayText(day), 'comptoir'].join(';');
  });
  const csv = [['Prénom', 'Nom', 'Courriel', ...PURPOSES, 'Date', 'Canal'].join(';'), ...lines].join('\r\n');
  await importAndReport(
    page,
    `wide import: ${WIDE_ROWS} rows × ${PURPOSES.length} purposes, ${(csv.length / 1e6).toFixed(1)} MB of CSV`,
    csv,
  );
});

test(`long import: ${LONG_ROWS} lines, half about ${LONG_PEOPLE} people on file (Chromium, browser host)`, async () => {
  bench = await openBenchPage();
  const { page } = bench;
  await page.evaluate(() => (globalThis as unknown as { __deskTest: Api }).__deskTest.setUp());
  await page.evaluate(() => (globalThis as unknown as { __deskTest: Api }).__deskTest.seedConsentCatalogue());
  const subjects = generateSubjects(LONG_PEOPLE);
  for (let i = 0; i < subjects.length; i += CHUNK)
    await page.evaluate(
      (rows) => (globalThis as unknown as { __deskTest: Api }).__deskTest.bulkCreateSubjects(rows as never),
      subjects.slice(i, i + CHUNK),
    );
  faker.seed(11);
  const now = Date.now();
  const fiveYears = 5 * 365 * 86_400_000;
  for (let done = 0; done < LONG_SEED_EVENTS; done += CHUNK) {
    const rows = Array.from({ length: Math.min(CHUNK, LONG_SEED_EVENTS - done) }, () =>
      generateDecision(LONG_PEOPLE, () =>
        new Date(now - faker.number.int({ min: 86_400_000, max: fiveYears })).toISOString(),
      ),
    );
    await page.evaluate(
      (batch) => (globalThis as unknown as { __deskTest: Api }).__deskTest.bulkCreateConsents(batch as never),
      rows,
    );
  }
  const lines = Array.from({ length: LONG_ROWS }, (_, i) => {
    const s = subjects[i % subjects.length]!;
    const day = new Date(now - faker.number.int({ min: 86_400_000, max: fiveYears }));
    return `${s.firstName};${s.lastName};${i % 2 ? s.email : `import${i}@exemple.fr`};Offres par SMS;${i % 3 ? 'oui' : 'non'};${dayText(day)}`;
  });
  await importAndReport(
    page,
    `long import: ${LONG_ROWS} lines into ${LONG_PEOPLE} people / ${LONG_SEED_EVENTS} decisions on file`,
    ['Prénom;Nom;Courriel;Finalité;Consentement;Date', ...lines].join('\r\n'),
  );
});
