/**
 * What one IndexedDB write costs in this Chromium, taken apart: a row with no index, its size, and
 * its index entries (single, multiEntry, short or long keys). Plain IndexedDB in the bench page's
 * origin, a fresh database per run, variants interleaved, medians of BENCH_IDB_RUNS (3). The cost
 * model every layout decision rests on (README, data): rows, entries and bytes, each measured.
 */
import { afterAll, beforeAll, test } from 'vitest';
import { openBenchPage, type BenchPage } from './page';
import { DROP_DATABASE } from './idb-floor';
import { median } from './stats';

const ROWS = Number(process.env.BENCH_IDB_ROWS ?? 40_000);
const RUNS = Number(process.env.BENCH_IDB_RUNS ?? 3);

type Variant = {
  name: string;
  /** Index definitions: [name, keyPath, multiEntry]. */
  indexes: [string, string | string[], boolean][];
  /** Page code building row i (variables: i, uuid()). */
  row: string;
};

const EVENT = String.raw`{ subjectId: uuid(), purposeId: 'p' + (i % 4) + '-0195d0c0-7d1a-7000-8000-00000000000' + (i % 4), decision: 'granted', channel: 'import', decidedAt: new Date(1700000000000 + i * 60000).toISOString(), noticeId: uuid(), correctsEventId: '', evidence: { attachment: null, callReference: '', witnessName: '', fileHash: 'f'.repeat(64), fileName: 'bench.csv', line: i }, note: '', hlc: '0001700000000000-0000-abcdef0123456789', createdAt: '2026-12-06T04:00:00.000Z', updatedAt: '2026-12-06T04:00:00.000Z', createdBy: 'bench', updatedBy: 'bench' }`;
const packed = (events: number) =>
  String.raw`(() => { const events = []; for (let k = 0; k < ${events}; k += 1) events.push({ ...${EVENT}, id: uuid() }); return { id: events[0].id, subjectId: events[0].subjectId, events, eventIds: events.map((e) => e.id), decided: events.map((e) => [e.purposeId, e.decidedAt, e.id]), pairs: events.map((e) => [e.purposeId, e.decidedAt]) }; })()`;

const VARIANTS: Variant[] = [
  { name: 'one event, no index', indexes: [], row: `({ id: uuid(), ...${EVENT} })` },
  {
    name: 'one event, 1 index (subjectId)',
    indexes: [['subjectId', 'subjectId', false]],
    row: `({ id: uuid(), ...${EVENT} })`,
  },
  {
    name: 'one event, 2 indexes (subjectId, [purposeId+decidedAt])',
    indexes: [
      ['subjectId', 'subjectId', false],
      ['pd', ['purposeId', 'decidedAt'], false],
    ],
    row: `({ id: uuid(), ...${EVENT} })`,
  },
  { name: '4 events, no index', indexes: [], row: packed(4) },
  { name: '4 events, subjectId', indexes: [['subjectId', 'subjectId', false]], row: packed(4) },
  {
    name: '4 events, subjectId + *eventIds (4 ids)',
    indexes: [
      ['subjectId', 'subjectId', false],
      ['eventIds', 'eventIds', true],
    ],
    row: packed(4),
  },
  {
    name: '4 events, subjectId + *decided (4 × [p, at, id])',
    indexes: [
      ['subjectId', 'subjectId', false],
      ['decided', 'decided', true],
    ],
    row: packed(4),
  },
  {
    name: '4 events, subjectId + *pairs (4 × [p, at])',
    indexes: [
      ['subjectId', 'subjectId', false],
      ['pairs', 'pairs', true],
    ],
    row: packed(4),
  },
  { name: '16 events, no index', indexes: [], row: packed(16) },
];

function variantBody(variant: Variant, rows: number): string {
  return String.raw`
    const name = 'bench-costs-' + crypto.randomUUID();
    const uuid = () => crypto.randomUUID();
    const db = await new Promise((resolve, reject) => {
      const request = indexedDB.open(name, 1);
      request.onupgradeneeded = () => {
        const store = request.result.createObjectStore('rows', { keyPath: 'id' });
        for (const [index, keyPath, multiEntry] of ${JSON.stringify(variant.indexes)}) store.createIndex(index, keyPath, { multiEntry });
      };
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const built = [];
    for (let i = 0; i < ${rows}; i += 1) built.push(${variant.row});
    const bytes = new TextEncoder().encode(JSON.stringify(built[0])).length;
    let entries = 0;
    const start = performance.now();
    for (let done = 0; done < ${rows}; done += 10000) {
      await new Promise((resolve, reject) => {
        const tx = db.transaction('rows', 'readwrite');
        const store = tx.objectStore('rows');
        for (let i = done; i < Math.min(${rows}, done + 10000); i += 1) store.add(built[i]);
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error);
      });
    }
    const ms = performance.now() - start;
    db.close();
    ${DROP_DATABASE}
    return { ms, bytes };
  `;
}

let bench: BenchPage | undefined;
beforeAll(async () => {
  bench = await openBenchPage();
});
afterAll(async () => {
  await bench?.close();
});

test(`IndexedDB costs: ${ROWS.toLocaleString('en')} rows per variant, ${RUNS} runs interleaved`, async () => {
  const page = bench!.page;
  const times = new Map<string, number[]>();
  const sizes = new Map<string, number>();
  for (let run = 0; run < RUNS; run += 1) {
    for (const variant of VARIANTS) {
      const { ms, bytes } = (await page.evaluate(`(async () => {${variantBody(variant, ROWS)}})()`)) as {
        ms: number;
        bytes: number;
      };
      times.set(variant.name, [...(times.get(variant.name) ?? []), ms]);
      sizes.set(variant.name, bytes);
    }
  }
  const base = median(times.get(VARIANTS[0]!.name)!);
  console.log(
    [
      `IndexedDB costs in this Chromium: ${ROWS.toLocaleString('en')} rows added per variant in transactions of 10,000, median of ${RUNS}`,
      ...VARIANTS.map((variant) => {
        const ms = median(times.get(variant.name)!);
        return `  ${variant.name}: ${((ms / ROWS) * 1000).toFixed(1)} µs per row (${sizes.get(variant.name)} bytes as JSON), ${(ms / base).toFixed(2)}× the plain event row`;
      }),
    ].join('\n'),
  );
});
