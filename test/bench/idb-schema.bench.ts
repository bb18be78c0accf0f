/**
 * What schema changes cost in this Chromium's IndexedDB, inside one version change, as an upgrade
 * makes them (issue 15: the upgrade from version 14 spent about 80 s with no progress to report,
 * between its steps): BENCH_IDB_SCHEMA_ROWS rows (100,000) shaped like version 14's consent events
 * (six indexes) and as many audit entries (three indexes), then, each step timed until a read
 * queued after it returns (IndexedDB runs a transaction's requests in order):
 * - reading every event in chunks of 5,000 (what an upgrade's own walk costs, for comparison);
 * - dropping the audit table; deleting two of the events' indexes; creating a sparse index on the
 *   events (no row has its key: the cost is the walk over the rows); deleting a third index.
 * Prints each step's time and µs per row. Raw IndexedDB in the bench page's origin, in a database
 * of its own, removed afterwards; nothing of the app in between.
 */
import { afterAll, test } from 'vitest';
import { DROP_DATABASE } from './idb-floor';
import { openBenchPage, type BenchPage } from './page';

const ROWS = Number(process.env.BENCH_IDB_SCHEMA_ROWS ?? 100_000);

let bench: BenchPage | undefined;
afterAll(async () => {
  await bench?.close();
});

/** Plain JavaScript run in the page (this project's Node type-check has no DOM types). */
const BODY = String.raw`
  const name = 'bench-schema-' + crypto.randomUUID();
  const done = (request) => new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  const finished = (tx) => new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error);
  });
  const open = (version, upgrade) => new Promise((resolve, reject) => {
    const request = indexedDB.open(name, version);
    request.onupgradeneeded = () => upgrade(request.result, request.transaction, resolve, reject);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  try {
    const db = await open(1, (created) => {
      const events = created.createObjectStore('events', { keyPath: 'id' });
      events.createIndex('subjectId', 'subjectId');
      events.createIndex('purposeDecided', ['purposeId', 'decidedAt']);
      events.createIndex('noticeId', 'noticeId');
      events.createIndex('createdAt', 'createdAt');
      events.createIndex('correctsEventId', 'correctsEventId');
      events.createIndex('unproven', 'unproven');
      const audit = created.createObjectStore('audit', { keyPath: 'id' });
      audit.createIndex('deviceSeq', ['deviceId', 'seq'], { unique: true });
      audit.createIndex('at', 'at');
      audit.createIndex('entityId', 'entityId');
      created.createObjectStore('meta', { keyPath: 'key' }).put({ key: 'ping' });
    });
    const uuid = () => crypto.randomUUID();
    const people = Array.from({ length: Math.max(1, total / 10) }, uuid);
    const purposes = [uuid(), uuid(), uuid(), uuid()];
    const fillStart = performance.now();
    for (let start = 0; start < total; start += 10000) {
      const tx = db.transaction(['events', 'audit'], 'readwrite');
      for (let i = start; i < Math.min(total, start + 10000); i += 1) {
        const at = new Date(Date.UTC(2021, 0, 1) + i * 60000).toISOString();
        tx.objectStore('events').put({
          id: uuid(), subjectId: people[i % people.length], purposeId: purposes[i % 4],
          decision: i % 3 ? 'granted' : 'withdrawn', channel: 'paper', decidedAt: at, noticeId: purposes[i % 2],
          correctsEventId: '', note: '', createdAt: at, createdBy: uuid(), updatedAt: at, updatedBy: uuid(),
          evidence: { attachment: null, callReference: '', witnessName: 'Jeanne Martin', fileHash: '',
            formReference: 'F-' + i, fileName: '', fileLine: 0 },
        });
        tx.objectStore('audit').put({
          id: uuid(), deviceId: 'device', seq: i + 1, at, operatorId: uuid(), action: 'consentEvent.create',
          entity: 'consentEvent', entityId: uuid(), fields: ['decision', 'channel'], prevHash: uuid() + uuid(),
          hash: uuid() + uuid(),
        });
      }
      await finished(tx);
    }
    const fillMs = performance.now() - fillStart;
    db.close();
    const steps = [];
    await open(2, async (upgraded, tx, resolve, reject) => {
      try {
        const events = tx.objectStore('events');
        let since = performance.now();
        const step = async (label) => {
          await done(tx.objectStore('meta').count());
          const now = performance.now();
          steps.push({ label, ms: now - since });
          since = now;
        };
        await step('nothing (a read)');
        for (let after = null; ; ) {
          const range = after === null ? null : IDBKeyRange.lowerBound(after, true);
          const rows = await done(events.getAll(range, 5000));
          if (rows.length === 0) break;
          after = rows[rows.length - 1].id;
        }
        await step('read every event, 5,000 per getAll');
        upgraded.deleteObjectStore('audit');
        await step('drop the audit table (3 indexes)');
        events.deleteIndex('createdAt');
        await step('delete an index of the events');
        events.deleteIndex('correctsEventId');
        await step('delete another');
        events.createIndex('corrects', 'corrects');
        await step('create a sparse index on the events');
        events.deleteIndex('noticeId');
        await step('delete a third');
      } catch (error) {
        reject(error);
      }
    }).then((opened) => opened.close());
    return { fillMs, steps };
  } finally {
    ${DROP_DATABASE}
  }
`;

test(`IndexedDB schema changes over ${ROWS} rows, inside one version change (Chromium, browser host)`, async () => {
  bench = await openBenchPage();
  const { fillMs, steps } = (await bench.page.evaluate(`(async (total) => {${BODY}})(${ROWS})`)) as {
    fillMs: number;
    steps: { label: string; ms: number }[];
  };
  console.log(
    [
      `IndexedDB schema changes over ${ROWS.toLocaleString('en')} rows (filled in ${(fillMs / 1000).toFixed(1)} s: ${ROWS.toLocaleString('en')} events of six indexes and as many audit entries of three)`,
      ...steps.map(
        ({ label, ms }) =>
          `  ${label}: ${(ms / 1000).toFixed(2)} s, ${((ms * 1000) / ROWS).toFixed(1)} µs per row`,
      ),
    ].join('\n'),
  );
});
