/**
 * Sync measured in the app (issue 7's benchmark): two browser hosts, devices A and B, each with its
 * own data folder and Chromium profile, share one folder — the whole path, IndexedDB included
 * (test/bench/sync.bench.ts measures the Node engine alone).
 *
 * 1. A holds BENCH_SYNC_PEOPLE people and BENCH_SYNC_EVENTS consent events (50,000 + 450,000 =
 *    500,000 operations), each written through the write path, so each is an oplog op and an audit
 *    entry: both travel. A creates a sync space in Settings and pushes everything (timed). B joins
 *    from its first-run screen with the passphrase: time from the click until B's database holds
 *    the last chunk with its cursor (target < 30 s), the rows it wrote per record and audit entry
 *    (the test API counts them per table) and its ratio to the IndexedDB floor; then every shared
 *    table is compared (rows and a SHA-256 of their canonical JSON, computed in each page).
 * 2. BENCH_SYNC_ROUNDS rounds: A makes BENCH_SYNC_CHANGES changes in one write (nine in ten new
 *    consent events, the rest edited phone numbers) and runs a pass; B's pass that pulls and applies
 *    them is timed (target < 300 ms), and A's pass pushing them (target < 500 ms), each with the
 *    parts of its slowest round (runner.ts's measures) and its time waiting on the host.
 * 3. Bytes in the folder per op, after the first push and per increment.
 *
 *   npx electron-vite build
 *   BENCH_SYNC_PEOPLE=2000 BENCH_SYNC_EVENTS=18000 npx vitest run -c test/bench/vitest.config.ts test/bench/sync-app.bench.ts
 *
 * Other work on the machine skews the times: the load average is printed at the start and the end.
 */
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fakerFR as faker } from '@faker-js/faker';
import type { Page } from '@playwright/test';
import { afterAll, expect as expectValue, test } from 'vitest';
import { expect } from '../e2e/fixtures';
import { generateDecision, generateSubjects } from './generate';
import { measureIdbFloor } from './idb-floor';
import { openBenchPage, type BenchPage } from './page';
import { profiled } from './profile';
import { fmt, median, percentile } from './stats';

const PEOPLE = Number(process.env.BENCH_SYNC_PEOPLE ?? 50_000);
const EVENTS = Number(process.env.BENCH_SYNC_EVENTS ?? 450_000);
const ROUNDS = Number(process.env.BENCH_SYNC_ROUNDS ?? 10);
const CHANGES = Number(process.env.BENCH_SYNC_CHANGES ?? 100);
const CHUNK = 10_000;
const PASSPHRASE = 'Le pain de Metz sort à 7 h 15 !';
const JOIN_TARGET_MS = 30_000;
const PASS_TARGET_MS = 300;
const PUSH_TARGET_MS = 500;
const IDLE_MS = 5_000;

type Digests = Record<string, { rows: number; sha256: string }>;
type Pass = { ms: number; received: number; error: string | null };
type HostTimes = Record<string, { calls: number; ms: number }>;
type Api = {
  setUp(): Promise<void>;
  seedConsentCatalogue(): Promise<void>;
  bulkCreateSubjects(rows: unknown[]): Promise<{ created: number; ms: number }>;
  bulkCreateConsents(rows: unknown[]): Promise<{ created: number; ms: number }>;
  waitForSync(
    until: 'pushed' | 'applied',
    timeoutMs: number,
  ): Promise<{ joinedMs: number | null; organisationMs: number | null; doneMs: number }>;
  armSyncPass(): Promise<void>;
  countRowWrites(): Promise<void>;
  rowWrites(): Promise<Record<string, number>>;
  runArmedPass(): Promise<Pass>;
  makeChanges(events: number, edits: number, round: number): Promise<{ ms: number }>;
  stateDigest(): Promise<Digests>;
};

/** Call the page's test API (renderer/src/app/test-api.ts). */
function api<K extends keyof Api>(
  page: Page,
  name: K,
  ...args: Parameters<Api[K]>
): Promise<Awaited<ReturnType<Api[K]>>> {
  return page.evaluate(
    ({ name, args }) =>
      (globalThis as unknown as { __deskTest: Record<string, (...values: unknown[]) => Promise<unknown>> })
        .__deskTest[name]!(...args),
    { name, args: args as unknown[] },
  ) as Promise<Awaited<ReturnType<Api[K]>>>;
}

const load = () => execFileSync('uptime', { encoding: 'utf8' }).trim();
const pause = (ms: number) => new Promise((done) => setTimeout(done, ms));
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const verdict = (ok: boolean) => (ok ? 'OK' : 'MISSED');

type Files = Map<string, { size: number; mtimeMs: number }>;

async function filesIn(dir: string): Promise<Files> {
  const files: Files = new Map();
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    const { size, mtimeMs } = await stat(path);
    files.set(path, { size, mtimeMs });
  }
  return files;
}

const totalBytes = (files: Files) => [...files.values()].reduce((sum, file) => sum + file.size, 0);

/** Bytes written between two listings: new files and rewritten ones (a device file is replaced whole). */
function bytesWritten(before: Files, after: Files): number {
  let bytes = 0;
  for (const [path, file] of after) {
    const old = before.get(path);
    if (!old || old.mtimeMs !== file.mtimeMs || old.size !== file.size) bytes += file.size;
  }
  return bytes;
}

/** Both devices idle: no pass running or queued (a write or a folder change asks for one). */
async function settle(...pages: Page[]): Promise<void> {
  await pause(1_500);
  for (const page of pages) {
    await page.evaluate(async () => {
      type Lock = { name?: string };
      const { __deskTest, navigator } = globalThis as unknown as {
        __deskTest: { db: { name: string } };
        navigator: { locks: { query(): Promise<{ held?: Lock[]; pending?: Lock[] }> } };
      };
      const name = `rgpd-desk-sync-${__deskTest.db.name}`;
      for (;;) {
        const { held = [], pending = [] } = await navigator.locks.query();
        if (![...held, ...pending].some((lock) => lock.name === name)) return;
        await new Promise((done) => setTimeout(done, 20));
      }
    });
  }
}

/**
 * How long the page waited on the host per sync channel since the last call (resource timing of
 * its fetches): the Node side's share of a pass, HTTP included; the rest is the renderer's.
 */
function hostTimes(page: Page): Promise<HostTimes> {
  return page.evaluate(() => {
    const times: Record<string, { calls: number; ms: number }> = {};
    for (const entry of performance.getEntriesByType('resource')) {
      const channel = /\/api\/ipc\/(sync:[\w-]+)/.exec(entry.name)?.[1];
      if (!channel) continue;
      const slot = (times[channel] ??= { calls: 0, ms: 0 });
      slot.calls += 1;
      slot.ms += entry.duration;
    }
    performance.clearResourceTimings();
    performance.setResourceTimingBufferSize(100_000);
    return times;
  });
}

/** The parts of the page's passes since the last call (runner.ts measures `sync:<part>`). */
function stepTimes(page: Page): Promise<HostTimes> {
  return page.evaluate(() => {
    const times: Record<string, { calls: number; ms: number }> = {};
    for (const entry of performance.getEntriesByType('measure')) {
      if (!entry.name.startsWith('sync:')) continue;
      const slot = (times[entry.name] ??= { calls: 0, ms: 0 });
      slot.calls += 1;
      slot.ms += entry.duration;
    }
    performance.clearMeasures();
    return times;
  });
}

const hostMs = (times: HostTimes) => Object.values(times).reduce((sum, slot) => sum + slot.ms, 0);
const describeHost = (times: HostTimes) =>
  Object.entries(times)
    .map(([channel, slot]) => `${channel} ${slot.calls}× ${fmt(slot.ms)}`)
    .join(', ');

let root = '';
const devices: BenchPage[] = [];
afterAll(async () => {
  for (const device of devices) await device.close();
  if (root) await rm(root, { recursive: true, force: true });
});

test(
  `sync in the app: ${(PEOPLE + EVENTS).toLocaleString('en')} operations joined, ${ROUNDS} passes of ${CHANGES} changes (Chromium, two browser hosts)`,
  async () => {
    const loadAtStart = load();
    root = await mkdtemp(join(tmpdir(), 'rgpd-desk-bench-sync-'));
    const shared = join(root, 'shared');
    await mkdir(shared);

    // 1. Device A: the workspace and its records, through the write path.
    const a = await openBenchPage({ device: 'a' });
    devices.push(a);
    await api(a.page, 'setUp');
    await api(a.page, 'seedConsentCatalogue');
    let t = performance.now();
    const subjects = generateSubjects(PEOPLE);
    for (let i = 0; i < subjects.length; i += CHUNK)
      await api(a.page, 'bulkCreateSubjects', subjects.slice(i, i + CHUNK));
    faker.seed(7);
    const now = Date.now();
    for (let done = 0; done < EVENTS; done += CHUNK) {
      const rows = Array.from({ length: Math.min(CHUNK, EVENTS - done) }, () =>
        generateDecision(PEOPLE, () =>
          new Date(now - faker.number.int({ min: 86_400_000, max: 5 * 365 * 86_400_000 })).toISOString(),
        ),
      );
      await api(a.page, 'bulkCreateConsents', rows);
    }
    const loadMs = performance.now() - t;
    const held = await a.page.evaluate(async () => {
      const { db } = (
        globalThis as unknown as {
          __deskTest: {
            db: {
              oplog: { toArray(): Promise<{ ops: unknown[] }[]> };
              auditChunks: { toArray(): Promise<{ entries: unknown[] }[]> };
            };
          };
        }
      ).__deskTest;
      const rows = await db.oplog.toArray();
      const audit = await db.auditChunks.toArray();
      return {
        ops: rows.reduce((sum, row) => sum + row.ops.length, 0),
        audit: audit.reduce((sum, row) => sum + row.entries.length, 0),
      };
    });
    const travelling = held.ops + held.audit;

    // A creates the space in Settings; its pass pushes everything.
    await expect(a.page.getByTestId('operator-picker')).toBeVisible({ timeout: 60_000 });
    await a.page.getByRole('button', { name: /Bench/ }).click();
    await a.page.getByTestId('nav-settings').click();
    await a.page.getByTestId('settings-tab-sync').click();
    await expect(a.page.getByTestId('sync-panel')).toBeVisible();
    await a.page.getByTestId('sync-folder').fill(shared);
    await a.page.getByTestId('sync-label').fill('Comptoir');
    await a.page.getByTestId('sync-passphrase').fill(PASSPHRASE);
    await a.page.getByTestId('sync-passphrase-confirm').fill(PASSPHRASE);
    const pushing = api(a.page, 'waitForSync', 'pushed', 30 * 60_000);
    await a.page.getByTestId('sync-create').click();
    const push = await pushing;
    const space = join(shared, 'RGPD-Desk');
    const afterPush = await filesIn(space);
    const pushedBytes = totalBytes(afterPush);
    const spaceFile = JSON.parse(await readFile(join(space, 'space.json'), 'utf8')) as { spaceId: string };
    expectValue(spaceFile.spaceId).toBeTruthy();
    // A's own folder: the only device there yet.
    const [deviceA] = await readdir(join(space, 'devices'));
    const aDir = join(space, 'devices', deviceA!);

    // 2. Device B joins from its first-run screen, once A's pass is over (a space created with
    // records gets its first snapshot as soon as everything is out).
    t = performance.now();
    await settle(a.page);
    const settleMs = performance.now() - t;
    // What B will read first: A's snapshot (written by A's first pass, each person's decisions
    // together) when there is one, else the segments in the order A recorded.
    const snapshots = [...(await filesIn(space)).entries()].filter(([path]) => path.includes('/snapshots/'));
    const b = await openBenchPage({ device: 'b' });
    devices.push(b);
    await b.page.getByTestId('setup-join').click();
    await b.page.getByTestId('sync-folder').fill(shared);
    await b.page.getByTestId('sync-label').fill('Portable');
    await b.page.getByTestId('sync-passphrase').fill(PASSPHRASE);
    await hostTimes(b.page);
    await api(b.page, 'countRowWrites');
    const joined = await profiled(b.page, 'join', async () => {
      const joining = api(b.page, 'waitForSync', 'applied', 30 * 60_000);
      await b.page.getByTestId('sync-join').click();
      return joining;
    });
    const joinHost = await hostTimes(b.page);
    const joinWrites = await api(b.page, 'rowWrites');
    await settle(a.page, b.page);

    // Idle, neither device should sync more than its watcher and 30-second timer ask for.
    await Promise.all([hostTimes(a.page), hostTimes(b.page)]);
    await pause(IDLE_MS);
    const idle = [await hostTimes(a.page), await hostTimes(b.page)].map(
      (times) => (times['sync:pull']?.calls ?? 0) + (times['sync:push']?.calls ?? 0),
    );

    t = performance.now();
    const [digestA, digestB] = [await api(a.page, 'stateDigest'), await api(b.page, 'stateDigest')];
    const digestMs = (performance.now() - t) / 2;
    const differing = Object.keys({ ...digestA, ...digestB }).filter(
      (table) => JSON.stringify(digestA[table]) !== JSON.stringify(digestB[table]),
    );

    // 3. Incremental passes: A changes CHANGES records in one write and pushes; B's pass is timed.
    // Each device's pass is queued before the changes, ahead of any background pass.
    const edits = Math.round(CHANGES / 10);
    const passes: Pass[] = [];
    const pushes: Pass[] = [];
    const passHost: number[] = [];
    const pushHost: HostTimes[] = [];
    const pushSteps: HostTimes[] = [];
    const passSteps: HostTimes[] = [];
    const increments: number[] = [];
    for (let round = 0; round < ROUNDS; round += 1) {
      await settle(a.page, b.page);
      await api(b.page, 'armSyncPass');
      await api(a.page, 'armSyncPass');
      const before = await filesIn(aDir);
      await api(a.page, 'makeChanges', CHANGES - edits, edits, round);
      await hostTimes(a.page);
      await stepTimes(a.page);
      const pushed = await api(a.page, 'runArmedPass');
      pushHost.push(await hostTimes(a.page));
      pushSteps.push(await stepTimes(a.page));
      const after = await filesIn(aDir);
      await hostTimes(b.page);
      await stepTimes(b.page);
      const pass = await api(b.page, 'runArmedPass');
      passHost.push(hostMs(await hostTimes(b.page)));
      passSteps.push(await stepTimes(b.page));
      if (pushed.error || pass.error) throw new Error(`pass failed: A ${pushed.error}, B ${pass.error}`);
      if (pass.received !== CHANGES)
        throw new Error(`B's pass received ${pass.received} records, not the ${CHANGES} A changed`);
      passes.push(pass);
      pushes.push(pushed);
      increments.push(bytesWritten(before, after));
    }
    await settle(a.page, b.page);
    const [finalA, finalB] = [await api(a.page, 'stateDigest'), await api(b.page, 'stateDigest')];
    const finalDiffering = Object.keys({ ...finalA, ...finalB }).filter(
      (table) => JSON.stringify(finalA[table]) !== JSON.stringify(finalB[table]),
    );
    const loadAtEnd = load();

    // The standard tool: plain IndexedDB rows in B's Chromium. The join writes at least one row per
    // record and per audit entry that travelled.
    const floor = await measureIdbFloor(b.page);
    const joinRows = Object.entries(digestB)
      .filter(([table]) => table !== 'facts')
      .reduce((sum, [, value]) => sum + value.rows, 0);
    const floorMs = (joinRows / floor.rowsPerSecond) * 1000;
    const written = Object.values(joinWrites).reduce((sum, rows) => sum + rows, 0);
    const writtenBy = Object.entries(joinWrites)
      .filter(([, rows]) => rows > 0)
      .sort(([, x], [, y]) => y - x)
      .map(([table, rows]) => `${table} ${rows.toLocaleString('en')}`)
      .join(', ');
    const ms = passes.map((pass) => pass.ms);
    const pushMs = pushes.map((pass) => pass.ms);
    const p95 = percentile(ms, 95);
    const opsPerRound = CHANGES * 2; // each change: its oplog op and its audit entry
    const rows = (digests: Digests) =>
      Object.entries(digests)
        .filter(([, value]) => value.rows > 0)
        .map(([table, value]) => `${table} ${value.rows.toLocaleString('en')}`)
        .join(', ');
    console.log(
      [
        `sync in the app — ${PEOPLE.toLocaleString('en')} people + ${EVENTS.toLocaleString('en')} consent events on A (Chromium, two browser hosts, one shared folder)`,
        `  load at start: ${loadAtStart}`,
        `  A loaded through the write path in ${secs(loadMs)}: ${held.ops.toLocaleString('en')} oplog ops + ${held.audit.toLocaleString('en')} audit entries = ${travelling.toLocaleString('en')} ops to travel`,
        `  A: space created (Argon2id, space files) in ${fmt(push.joinedMs ?? Number.NaN)}, everything pushed ${secs(push.doneMs)} after the click (${Math.round(travelling / (push.doneMs / 1000)).toLocaleString('en')} ops/s)`,
        `  folder after the push: ${mb(pushedBytes)} in ${afterPush.size} files: ${(pushedBytes / travelling).toFixed(0)} B per op travelling, ${(pushedBytes / held.ops).toFixed(0)} B per oplog op with its audit entry`,
        `  A's snapshot when B joins: ${snapshots.length === 0 ? 'none' : snapshots.map(([, file]) => mb(file.size)).join(', ')}; A's pass over ${secs(settleMs)} after everything was pushed (snapshot and compaction)`,
        `  B joins: space opened (Argon2id) at ${fmt(joined.joinedMs ?? Number.NaN)}, organisation there at ${fmt(joined.organisationMs ?? Number.NaN)}, whole state at ${secs(joined.doneMs)} (${Math.round(travelling / (joined.doneMs / 1000)).toLocaleString('en')} ops/s) (target < 30 s: ${verdict(joined.doneMs < JOIN_TARGET_MS)})`,
        `    of which waiting on the host ${secs(hostMs(joinHost))} (${describeHost(joinHost)}); the rest in the page (JSON, apply in Dexie, screens)`,
        `    raw IndexedDB in B's Chromium: ${floor.rowsPerSecond.toLocaleString('en')} rows/s (${floor.rows.toLocaleString('en')} plain rows into a fresh database); B's ${joinRows.toLocaleString('en')} records and audit entries at that rate alone: ${secs(floorMs)}; join / floor ${(joined.doneMs / floorMs).toFixed(1)}×`,
        `    rows written on B by the join: ${written.toLocaleString('en')} for ${joinRows.toLocaleString('en')} records and audit entries = ${(written / joinRows).toFixed(2)} rows per record (${writtenBy})`,
        `  idle for ${IDLE_MS / 1000} s after the join: push and pull calls A ${idle[0]}, B ${idle[1]} (a pass asks for at most one of each)`,
        `  same state on A and B after the join: ${differing.length === 0 ? 'yes' : `NO — ${differing.join(', ')} differ`} (${rows(digestB)}; digest ${secs(digestMs)} per device)`,
        `  incremental pass on B applying ${CHANGES} changes (${opsPerRound} ops with their audit entries), ${passes.length} rounds: median ${fmt(median(ms))}, p95 ${fmt(p95)}, max ${fmt(Math.max(...ms))} (target < 300 ms: ${verdict(p95 < PASS_TARGET_MS)})`,
        `    of which waiting on the host: median ${fmt(median(passHost))}; slowest round's parts: ${describeHost(passSteps[ms.indexOf(Math.max(...ms))] ?? {})}`,
        `  A's pass pushing ${CHANGES} changes: median ${fmt(median(pushMs))}, p95 ${fmt(percentile(pushMs, 95))} (target < 500 ms: ${verdict(percentile(pushMs, 95) < PUSH_TARGET_MS)})`,
        `    of which waiting on the host: median ${fmt(median(pushHost.map(hostMs)))} (slowest round: ${describeHost(pushHost[pushMs.indexOf(Math.max(...pushMs))] ?? {})}; its parts: ${describeHost(pushSteps[pushMs.indexOf(Math.max(...pushMs))] ?? {})})`,
        `  bytes written to A's folder per increment: median ${kb(median(increments))}, ${(median(increments) / opsPerRound).toFixed(0)} B per op travelling, ${(median(increments) / CHANGES).toFixed(0)} B per change (segment + device file rewritten)`,
        `  same state on A and B after the rounds: ${finalDiffering.length === 0 ? 'yes' : `NO — ${finalDiffering.join(', ')} differ`}`,
        `  load at end: ${loadAtEnd}`,
      ].join('\n'),
    );
    if (a.problems.length || b.problems.length)
      console.log(`  console problems: A ${JSON.stringify(a.problems)}, B ${JSON.stringify(b.problems)}`);
    expectValue(differing).toEqual([]);
    expectValue(finalDiffering).toEqual([]);
  },
  90 * 60_000,
);
