/**
 * The audit log's storage (issue 15): entries packed in rows of a device's consecutive entries.
 * 1. Appends: single writes through the write path (one entry per transaction) and another
 *    device's batch of 10,000 (sync's append), against the former layout (one row per entry, its
 *    four indexes) and the IndexedDB floor, all measured in this run: entries/s, audit rows written
 *    per entry, and time over what the floor would take for those rows.
 * 2. Upgrade: "a busy shop, five years" (BENCH_SUBJECTS people, ten events and a fifth of a request
 *    each, their audit entries) copied as version 14 left it, then opened with this version: total
 *    upgrade time (target < 60 s at 50,000 / 500,000) and the progress it reported.
 * BENCH_AUDIT_SINGLES / BENCH_AUDIT_BATCH size part 1; BENCH_SKIP_APPEND=1 / BENCH_SKIP_UPGRADE=1 skip
 * part 1 / part 2.
 */
import { afterAll, test } from 'vitest';
import { loadBusyShop } from './busy-shop';
import { measureIdbFloor } from './idb-floor';
import { openBenchPage, type BenchPage } from './page';
import { fmt, median, percentile } from './stats';

const SINGLES = Number(process.env.BENCH_AUDIT_SINGLES ?? 1_000);
const BATCH = Number(process.env.BENCH_AUDIT_BATCH ?? 10_000);
const ROUNDS = 3;
const PEOPLE = Number(process.env.BENCH_SUBJECTS ?? 50_000);
const EVENTS = Number(process.env.BENCH_CONSENT_EVENTS ?? PEOPLE * 10);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? Math.round(PEOPLE / 5));

/** What renderer/src/app/test-api-audit.ts exposes (this Node-side file has no DOM types to import it). */
type Run = { entries: number; ms: number; rows: number };
type Api = {
  __deskTest: {
    timeAuditSingles(count: number): Promise<Run & { each: number[] }>;
    timeAuditRemoteBatch(count: number): Promise<Run>;
    timeAuditOneRowPerEntry(count: number): Promise<Run>;
    makeV14Copy(name: string): Promise<{ rows: number; auditEntries: number; ms: number }>;
    timeUpgrade(name: string): Promise<{
      ms: number;
      progress: { step: string; done: number; total: number; ms: number }[];
      entries: number;
      rows: number;
      verified: boolean;
      queries: Record<string, { ms: number[]; found: number }>;
      retiredRows: number;
      retiredMs: number;
    }>;
  };
};

let bench: BenchPage | undefined;
afterAll(async () => {
  await bench?.close();
});

const perSecond = (entries: number, ms: number) => Math.round(entries / (ms / 1000)).toLocaleString('en');

test.skipIf(process.env.BENCH_SKIP_APPEND === '1')(
  `audit append: ${SINGLES} single writes, batches of ${BATCH} (Chromium, browser host)`,
  async () => {
    bench = await openBenchPage();
    const { page } = bench;
    await page.evaluate(() =>
      (globalThis as unknown as { __deskTest: { setUp(): Promise<void> } }).__deskTest.setUp(),
    );
    const floor = await measureIdbFloor(page, 20_000);
    const singles = await page.evaluate(
      (count) => (globalThis as unknown as Api).__deskTest.timeAuditSingles(count),
      SINGLES,
    );
    // Interleaved rounds, so that both layouts see the same machine load.
    const chunked: number[] = [];
    const perEntry: number[] = [];
    let chunkRows = 0;
    for (let round = 0; round < ROUNDS; round += 1) {
      const packed = await page.evaluate(
        (count) => (globalThis as unknown as Api).__deskTest.timeAuditRemoteBatch(count),
        BATCH,
      );
      chunked.push(packed.ms);
      chunkRows = packed.rows;
      const single = await page.evaluate(
        (count) => (globalThis as unknown as Api).__deskTest.timeAuditOneRowPerEntry(count),
        BATCH,
      );
      perEntry.push(single.ms);
    }
    const floorMs = (rows: number) => (rows / floor.rowsPerSecond) * 1000;
    console.log(
      [
        `audit append (raw IndexedDB floor here: ${floor.rowsPerSecond.toLocaleString('en')} rows/s, 20,000 rows of five indexes)`,
        `  single writes, ${SINGLES} transactions of one entry: median ${fmt(median(singles.each))}, p95 ${fmt(percentile(singles.each, 95))} per write (whole write path), ${perSecond(SINGLES, singles.ms)} entries/s; audit rows written per entry ${(singles.rows / SINGLES).toFixed(2)}`,
        `  remote batch of ${BATCH} in rows (${ROUNDS} rounds): median ${fmt(median(chunked))}, p95 ${fmt(percentile(chunked, 95))}, ${perSecond(BATCH, median(chunked))} entries/s; ${chunkRows} rows, ${(chunkRows / BATCH).toFixed(3)} rows per entry; ${(median(chunked) / floorMs(chunkRows)).toFixed(1)}× the floor for those rows`,
        `  the same, one row per entry (former layout): median ${fmt(median(perEntry))}, p95 ${fmt(percentile(perEntry, 95))}, ${perSecond(BATCH, median(perEntry))} entries/s; 1 row per entry; ${(median(perEntry) / floorMs(BATCH)).toFixed(1)}× the floor for those rows`,
        `  packed / one row per entry: ${(median(perEntry) / median(chunked)).toFixed(1)}× more entries per second`,
      ].join('\n'),
    );
  },
);

test.skipIf(process.env.BENCH_SKIP_UPGRADE === '1')(
  `upgrade from version 14: ${PEOPLE} people, ${EVENTS} consent events, ${REQUESTS} requests (Chromium, browser host)`,
  async () => {
    await bench?.close();
    bench = await openBenchPage();
    const { page } = bench;
    const loaded = await loadBusyShop(page, { PEOPLE, EVENTS, REQUESTS });
    const name = `rgpd-desk-bench-v14-${Date.now()}`;
    const copy = await page.evaluate((db) => (globalThis as unknown as Api).__deskTest.makeV14Copy(db), name);
    const floor = await measureIdbFloor(page, 20_000);
    const upgrade = await page.evaluate(
      (db) => (globalThis as unknown as Api).__deskTest.timeUpgrade(db),
      name,
    );
    const audit = upgrade.progress.filter((report) => report.step === 'audit');
    const floorMs = (upgrade.rows / floor.rowsPerSecond) * 1000;
    console.log(
      [
        `upgrade from version 14 to today's: ${PEOPLE} people, ${EVENTS} consent events, ${REQUESTS} requests (loaded in ${((loaded.loadMs + loaded.eventMs + loaded.requestMs) / 1000).toFixed(1)} s)`,
        `  version-14 copy: ${copy.rows.toLocaleString('en')} rows and ${copy.auditEntries.toLocaleString('en')} audit entries one per row, made in ${(copy.ms / 1000).toFixed(1)} s`,
        `  upgrade: ${(upgrade.ms / 1000).toFixed(1)} s (target < 60 s at 50,000 / 500,000: ${upgrade.ms < 60_000 ? 'OK' : 'MISSED'}); ${upgrade.entries.toLocaleString('en')} entries into ${upgrade.rows.toLocaleString('en')} rows (${(upgrade.rows / Math.max(1, upgrade.entries)).toFixed(3)} rows per entry), chains ${upgrade.verified ? 'verified' : 'BROKEN'}`,
        `  then, in the background once the app is open: ${upgrade.retiredRows.toLocaleString('en')} rows of the retired tables deleted in ${(upgrade.retiredMs / 1000).toFixed(1)} s (without the pauses between transactions)`,
        `  rows written at the floor (${floor.rowsPerSecond.toLocaleString('en')} rows/s) alone: ${fmt(floorMs)}; upgrade / floor ${(upgrade.ms / floorMs).toFixed(1)}× (it also reads every old row and drops the old table)`,
        `  steps with progress (first and last report, ms since the open began): ${[
          ...new Set(upgrade.progress.map((report) => report.step)),
        ]
          .map((step) => {
            const mine = upgrade.progress.filter((report) => report.step === step);
            return `${step} ${mine[0]!.ms.toFixed(0)}–${mine.at(-1)!.ms.toFixed(0)} (${mine.at(-1)!.total.toLocaleString('en')})`;
          })
          .join(', ')}`,
        `  audit progress seen: ${audit.length} reports (done/total at ms since the open began): ${audit
          .map(
            (report) =>
              `${report.done.toLocaleString('en')}/${report.total.toLocaleString('en')} at ${report.ms.toFixed(0)}`,
          )
          .join(', ')}`,
        `  the Audit screen's page of 200 afterwards (5 runs each): ${Object.entries(upgrade.queries)
          .map(
            ([filter, { ms, found }]) =>
              `${filter} median ${fmt(median(ms))}, p95 ${fmt(percentile(ms, 95))} (${found} found)`,
          )
          .join('; ')}`,
      ].join('\n'),
    );
  },
);
