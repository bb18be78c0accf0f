/**
 * Sync engine in Node, no browser: bytes written to the folder per op; a device joining a space of
 * 500,000 ops (pull: read, decrypt, inflate, validate; then merge into an in-memory map — the Dexie
 * part is measured with the app), from segments and from a snapshot; an incremental pass of 100
 * remote ops (target < 300 ms). BENCH_SYNC_OPS scales the space down for a quick look.
 *
 *   npx vitest run -c test/bench/vitest.config.ts test/bench/sync.bench.ts
 */
import { mkdir, mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, test } from 'vitest';
import {
  createSpace,
  joinSpace,
  type SyncEngine,
  type SyncOptions,
} from '../../electron/services/sync/engine';
import { canonicalJson, type Json } from '../../shared/audit/canonical';
import { newKdfParams } from '../../shared/sync/crypto';
import { encodeHlc } from '../../shared/sync/hlc';
import { applyOps, stateToOps, type RecordState, type SyncOp } from '../../shared/sync/merge';
import { fmt, median, percentile } from './stats';

const OPS = Number(process.env.BENCH_SYNC_OPS ?? 500_000);
const PASS = 'Une phrase secrète de banc d’essai';
const PURPOSES = ['newsletter', 'sms', 'partners', 'loyalty'];
const CHANNELS = ['paper_form', 'phone', 'counter', 'email', 'web'];

let root = '';
afterAll(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

/** Ops shaped like the app's: one person in ten created, then consent events and some edits. */
function* generateOps(deviceId: string, count: number, startWall: number): Generator<SyncOp> {
  for (let i = 0; i < count; i += 1) {
    const hlc = encodeHlc({ wall: startWall + Math.floor(i / 10), counter: i % 10, device: deviceId });
    const person = `0190a4c2-${String(Math.floor(i / 10)).padStart(4, '0')}-7000-8000-${deviceId.padEnd(12, '0').slice(0, 12)}`;
    if (i % 10 === 0) {
      yield {
        hlc,
        deviceId,
        entity: 'subject',
        entityId: person,
        op: 'create',
        fields: {
          firstName: 'Camille',
          lastName: `Lefèvre-${i}`,
          email: `camille.lefevre${i}@exemple.fr`,
          phone: `06${String(i).padStart(8, '0')}`,
          customerRef: `C-${i}`,
          notes: '',
        },
      };
    } else if (i % 10 === 9) {
      yield {
        hlc,
        deviceId,
        entity: 'subject',
        entityId: person,
        op: 'update',
        fields: { phone: `07${String(i).padStart(8, '0')}` },
      };
    } else {
      yield {
        hlc,
        deviceId,
        entity: 'consentEvent',
        entityId: `0190a4c3-${String(i).padStart(8, '0')}-7000-${deviceId}`,
        op: 'create',
        fields: {
          subjectId: person,
          purposeId: PURPOSES[i % PURPOSES.length],
          decision: i % 7 === 0 ? 'withdrawn' : 'granted',
          decidedAt: new Date(startWall + i * 1000).toISOString(),
          channel: CHANNELS[i % CHANNELS.length],
          noticeId: 'notice-3',
          evidence: { kind: 'call', reference: `APP-${i}` },
          recordedBy: 'staff-1',
          note: '',
        },
      };
    }
  }
}

async function folderBytes(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) total += (await stat(join(entry.parentPath, entry.name))).size;
  }
  return total;
}

async function space(
  name: string,
): Promise<{ options: (id: string) => SyncOptions; a: SyncEngine; folder: string }> {
  root ||= await mkdtemp(join(tmpdir(), 'rgpd-sync-bench-'));
  const folder = join(root, name);
  await mkdir(folder);
  const options = (deviceId: string): SyncOptions => ({
    folder,
    localDir: join(root, `${name}-local-${deviceId}`),
    deviceId,
    kdf: async () => newKdfParams('argon2id', { memoryKiB: 19_456, iterations: 1 }),
  });
  return { options, a: await createSpace(options('devA'), PASS), folder };
}

test('bytes written to the folder per op', async () => {
  const { a, folder } = await space('bytes');
  const lines: string[] = [];
  let before = await folderBytes(join(folder, 'RGPD-Desk', 'devices', 'devA'));
  let wall = Date.UTC(2026, 0, 1);
  for (const [label, perPush, pushes] of [
    ['one op per push (a form saved)', 1, 200],
    ['10 ops per push', 10, 100],
    ['5,000 ops per push (an import)', 5_000, 4],
  ] as const) {
    const all = [...generateOps('devA', perPush * pushes, wall)];
    wall += perPush * pushes;
    for (let i = 0; i < pushes; i += 1) await a.pushSegment(all.slice(i * perPush, (i + 1) * perPush));
    const after = await folderBytes(join(folder, 'RGPD-Desk', 'devices', 'devA'));
    const json = all.reduce((sum, op) => sum + JSON.stringify(op).length, 0);
    lines.push(
      `  ${label}: ${((after - before) / all.length).toFixed(0)} B/op in the folder (segment + device file rewrite), plain JSON ${(json / all.length).toFixed(0)} B/op`,
    );
    before = after;
  }
  console.log(`sync — bytes per op\n${lines.join('\n')}`);
});

test(`a device joining a space of ${OPS.toLocaleString('en')} ops; an incremental pass of 100`, async () => {
  const { a, options } = await space('join');
  const started = Date.UTC(2025, 0, 1);
  let t = performance.now();
  const batch: SyncOp[] = [];
  for (const op of generateOps('devA', OPS, started)) {
    batch.push(op);
    if (batch.length === 50_000) await a.pushSegment(batch.splice(0));
  }
  if (batch.length > 0) await a.pushSegment(batch.splice(0));
  const pushMs = performance.now() - t;

  const b = await joinSpace(options('devB'), PASS);
  // A registers B at its next pass (as the app's runner does), so B's acknowledgements count.
  await a.pullSince({});
  t = performance.now();
  const pulled = await b.pullSince({});
  const pullMs = performance.now() - t;
  t = performance.now();
  const state = new Map<string, RecordState>();
  applyOps(state, pulled.ops);
  const mergeMs = performance.now() - t;
  await b.acknowledge(pulled.cursor);

  // A snapshot of that state, then segments compacted: how a later device joins.
  const snapshot = [...state.entries()].flatMap(([key, value]) => {
    const slash = key.indexOf('/');
    return stateToOps(key.slice(0, slash), key.slice(slash + 1), value);
  });
  t = performance.now();
  await a.writeSnapshot(snapshot, {});
  const snapshotWriteMs = performance.now() - t;
  const compacted = await a.compact();
  const c = await joinSpace(options('devC'), PASS);
  t = performance.now();
  const fromSnapshot = await c.pullSince({});
  const snapshotPullMs = performance.now() - t;
  t = performance.now();
  const stateC = new Map<string, RecordState>();
  applyOps(stateC, fromSnapshot.ops);
  const snapshotMergeMs = performance.now() - t;
  const sameState =
    stateC.size === state.size &&
    [...state].every(
      ([key, value]) => canonicalJson(stateC.get(key) as Json) === canonicalJson(value as Json),
    );

  // Incremental passes: A adds 100 ops, B pulls them and merges into its state.
  const passes: number[] = [];
  let cursor = pulled.cursor;
  let wall = started + OPS;
  for (let round = 0; round < 20; round += 1) {
    await a.pushSegment(
      [...generateOps('devA', 100, wall)].map((op, i) => ({
        ...op,
        entityId: `${op.entityId}-r${round}-${i}`,
      })),
    );
    wall += 100;
    t = performance.now();
    const next = await b.pullSince(cursor);
    applyOps(state, next.ops);
    passes.push(performance.now() - t);
    cursor = next.cursor;
  }

  console.log(
    [
      `sync — ${OPS.toLocaleString('en')} ops (${state.size.toLocaleString('en')} records)`,
      `  push (encode, encrypt, write, 5,000 ops per segment): ${fmt(pushMs)}`,
      `  join from segments: pull ${fmt(pullMs)} + merge ${fmt(mergeMs)} = ${fmt(pullMs + mergeMs)} (target < 30 s)`,
      `  snapshot of ${snapshot.length.toLocaleString('en')} ops written in ${fmt(snapshotWriteMs)}; compaction removed ${compacted.removed.length} ranges`,
      `  join from the snapshot: pull ${fmt(snapshotPullMs)} + merge ${fmt(snapshotMergeMs)} = ${fmt(snapshotPullMs + snapshotMergeMs)}; same state: ${sameState}`,
      `  incremental pass of 100 ops (pull + merge): median ${fmt(median(passes))}, p95 ${fmt(percentile(passes, 95))} (target < 300 ms)`,
    ].join('\n'),
  );
});
