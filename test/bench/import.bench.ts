/**
 * A shop's customer spreadsheet moving into RGPD Desk: 50,000 people, one row each, one column per
 * purpose (4) — 200,000 decisions — as Excel writes it (';', dd/mm/yyyy), imported into an empty
 * workspace through the same code as the Import screen (parse, check, match, store) in Chromium
 * through the browser host. Prints parse + check, store, the rows written, and the ratio of the
 * store to plain IndexedDB rows in the same profile. BENCH_IMPORT_WIDE_ROWS scales it down.
 */
import { fakerFR as faker } from '@faker-js/faker';
import { afterAll, test } from 'vitest';
import { measureIdbFloor } from './idb-floor';
import { openBenchPage, type BenchPage } from './page';
import { generateSubjects } from './generate';
import { fmt } from './stats';

const ROWS = Number(process.env.BENCH_IMPORT_WIDE_ROWS ?? 50_000);
const PURPOSES = [
  'Lettre d’information par e-mail',
  'Offres par SMS',
  'Appels téléphoniques',
  'Courrier postal',
];

type Api = {
  setUp(): Promise<void>;
  seedConsentCatalogue(): Promise<void>;
  timeImport(csv: string): Promise<{
    valid: number;
    invalid: number;
    events: number;
    checkMs: number;
    storeMs: number;
    rowsAdded: number;
  }>;
};

let bench: BenchPage | undefined;
afterAll(async () => {
  await bench?.close();
});

test(`wide import: ${ROWS} rows × ${PURPOSES.length} purposes (Chromium, browser host)`, async () => {
  bench = await openBenchPage();
  const { page } = bench;
  await page.evaluate(() => (globalThis as unknown as { __deskTest: Api }).__deskTest.setUp());
  await page.evaluate(() => (globalThis as unknown as { __deskTest: Api }).__deskTest.seedConsentCatalogue());

  faker.seed(12);
  const subjects = generateSubjects(ROWS);
  const now = Date.now();
  const words = ['oui', 'non', 'x', 'Oui'];
  const lines = subjects.map((s, i) => {
    const day = new Date(now - faker.number.int({ min: 86_400_000, max: 5 * 365 * 86_400_000 }));
    const date = `${String(day.getDate()).padStart(2, '0')}/${String(day.getMonth() + 1).padStart(2, '0')}/${day.getFullYear()}`;
    // Every address made unique: the bench measures storing, not conflicts.
    const cells = PURPOSES.map((_, p) => words[(i + p) % words.length]);
    return [s.firstName, s.lastName, `client${i}@exemple.fr`, ...cells, date, 'comptoir'].join(';');
  });
  const csv = [['Prénom', 'Nom', 'Courriel', ...PURPOSES, 'Date', 'Canal'].join(';'), ...lines].join('\r\n');

  const imported = await page.evaluate(
    (text) => (globalThis as unknown as { __deskTest: Api }).__deskTest.timeImport(text as never),
    csv,
  );
  const floor = await measureIdbFloor(page);
  const floorMs = (imported.rowsAdded / floor.rowsPerSecond) * 1000;
  console.log(
    [
      `wide import: ${ROWS} rows × ${PURPOSES.length} purposes, ${(csv.length / 1e6).toFixed(1)} MB of CSV`,
      `  parse + check + match: ${fmt(imported.checkMs)} (${imported.valid} rows valid, ${imported.invalid} rejected)`,
      `  store: ${fmt(imported.storeMs)} for ${imported.events.toLocaleString('en')} decisions; ${imported.rowsAdded.toLocaleString('en')} rows written (people, events, preferences, contacts, oplog): ${(imported.rowsAdded / imported.events).toFixed(2)} per decision`,
      `  raw IndexedDB here: ${floor.rowsPerSecond.toLocaleString('en')} rows/s; those rows at that rate alone: ${fmt(floorMs)}; store / floor ${(imported.storeMs / floorMs).toFixed(1)}×`,
    ].join('\n'),
  );
});
