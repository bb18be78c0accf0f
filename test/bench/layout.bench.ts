/**
 * Storage layouts compared before one is built (issue 15): the rows the wide import of 50,000
 * people × 4 purposes writes under each layout, written as plain IndexedDB rows in this Chromium
 * with the layout's indexes, in one transaction as the import does — no Dexie, no app. Each layout
 * in a fresh database and browser profile, the layouts interleaved, BENCH_LAYOUT_ROUNDS rounds, medians printed with
 * the rows and index entries written and the ratio to today's layout.
 *
 * - today: one row per person, per decision (consentEvents), per person and purpose
 *   (preferences), per person (contacts), and an oplog row per 25 operations.
 * - facts: preferences and contacts as one small row per person (their latest decision per purpose
 *   and their category and last contact), with a multiEntry key per current decision.
 * - facts+packs: the same, and the decisions of one write about one person in one append-only row
 *   (never rewritten; a later write about the person adds another).
 * - ", oplog of ids": the oplog's operations name the records they created (entity, id, stamp)
 *   instead of carrying a copy of their fields: how much of the time is the copy's bytes.
 *
 *   npx electron-vite build
 *   BENCH_LAYOUT_PEOPLE=50000 npx vitest run -c test/bench/vitest.config.ts test/bench/layout.bench.ts
 */
import { afterAll, test } from 'vitest';
import { DROP_DATABASE } from './idb-floor';
import { openBenchPage, type BenchPage } from './page';
import { fmt, median } from './stats';

const PEOPLE = Number(process.env.BENCH_LAYOUT_PEOPLE ?? 50_000);
const PURPOSES = 4;
const ROUNDS = Number(process.env.BENCH_LAYOUT_ROUNDS ?? 2);
const LAYOUTS = [
  'today',
  'facts',
  'facts+packs',
  'today, oplog of ids',
  'facts+packs, oplog of ids',
] as const;

type Run = { layout: string; ms: number; rows: number; indexEntries: number; bytes: number };

let bench: BenchPage | undefined;
afterAll(async () => {
  await bench?.close();
});

test(`storage layouts: wide import of ${PEOPLE} people × ${PURPOSES} purposes as plain IndexedDB rows`, async () => {
  const runs: Run[] = [];
  for (let round = 0; round < ROUNDS; round += 1) {
    for (const layout of LAYOUTS) {
      // Each run in a fresh profile: a database written and deleted before leaves LevelDB work
      // (compactions) that slows whatever runs next in the same profile.
      bench = await openBenchPage();
      // Plain JavaScript run in the page (this project's Node type-check has no DOM types).
      runs.push(
        (await bench.page.evaluate(
          `(async (layout, people, purposes) => {${LAYOUT_BODY}})(${JSON.stringify(layout)}, ${PEOPLE}, ${PURPOSES})`,
        )) as Run,
      );
      await bench.close();
      bench = undefined;
    }
  }
  const today = median(runs.filter((run) => run.layout === 'today').map((run) => run.ms));
  console.log(
    [
      `storage layouts: the wide import's rows (${PEOPLE.toLocaleString('en')} people × ${PURPOSES} purposes), plain IndexedDB, one transaction each, ${ROUNDS} rounds interleaved`,
      ...LAYOUTS.map((layout) => {
        const mine = runs.filter((run) => run.layout === layout);
        const ms = median(mine.map((run) => run.ms));
        const { rows, indexEntries, bytes } = mine[0]!;
        return `  ${layout}: median ${fmt(ms)} (${mine.map((run) => fmt(run.ms)).join(', ')}); ${rows.toLocaleString('en')} rows, ${indexEntries.toLocaleString('en')} index entries, ${(bytes / 1e6).toFixed(1)} MB of JSON; ${(ms / today).toFixed(2)}× today; ${((ms / rows) * 1000).toFixed(0)} µs a row`;
      }),
    ].join('\n'),
  );
});

const LAYOUT_BODY = String.raw`
  const name = 'bench-layout-' + crypto.randomUUID();
  const stores = {
    subjects: [['id'], [['terms', 'terms', true], ['sortKey', 'sortKey', false]]],
    oplog: [['hlc'], [['deviceId', 'deviceId', false], ['keys', 'keys', true], ['deviceHlc', ['deviceId', 'hlc'], false]]],
  };
  const base = layout.replace(', oplog of ids', '');
  const lean = base !== layout;
  if (base === 'today') {
    stores.consentEvents = [['id'], [['subjectId', 'subjectId', false], ['purposeDecided', ['purposeId', 'decidedAt'], false], ['unproven', 'unproven', false], ['corrects', 'corrects', false]]];
    stores.preferences = [[['subjectId', 'purposeId']], [['purposeDecision', ['purposeId', 'decision'], false], ['unproven', 'unproven', false]]];
    stores.contacts = [['subjectId'], [['categoryLast', ['category', 'lastContactAt'], false]]];
  } else {
    stores.facts = [['subjectId'], [['current', 'current', true], ['unproven', 'unproven', true], ['categoryLast', ['category', 'lastContactAt'], false]]];
    if (base === 'facts') stores.consentEvents = [['id'], [['subjectId', 'subjectId', false], ['purposeDecided', ['purposeId', 'decidedAt'], false], ['unproven', 'unproven', false], ['corrects', 'corrects', false]]];
    else stores.consentPacks = [['id'], [['subjectId', 'subjectId', false], ['eventIds', 'eventIds', true], ['purposeDecided', 'purposeDecided', true], ['unproven', 'unproven', true], ['corrects', 'corrects', true]]];
  }
  const db = await new Promise((resolve, reject) => {
    const request = indexedDB.open(name, 1);
    request.onupgradeneeded = () => {
      for (const [table, [[keyPath], indexes]] of Object.entries(stores)) {
        const store = request.result.createObjectStore(table, { keyPath });
        for (const [index, path, multiEntry] of indexes) store.createIndex(index, path, { multiEntry });
      }
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  const names = Object.keys(stores);
  const counts = { rows: 0, indexEntries: 0, bytes: 0 };
  const keyed = (value) => value !== undefined && value !== null;
  const note = (table, row) => {
    counts.rows += 1;
    counts.bytes += JSON.stringify(row).length;
    for (const [, path, multiEntry] of stores[table][1]) {
      const value = Array.isArray(path) ? path.map((part) => row[part]) : row[path];
      if (multiEntry && Array.isArray(value)) counts.indexEntries += new Set(value.map((key) => JSON.stringify(key))).size;
      else if (Array.isArray(path) ? value.every(keyed) : keyed(value)) counts.indexEntries += 1;
    }
  };
  const pad = (n, width) => String(n).padStart(width, '0');
  const device = 'dev-0123456789abcdef';
  const stamp = (i) => new Date(1_750_000_000_000 + i).toISOString();
  const hlc = (i) => pad(1_750_000_000_000 + i, 15) + '-0000-' + device;
  const uuid = (i, kind) => '0190' + pad(i, 8) + '-' + kind + '-7000-8000-' + pad(i, 12);
  const stamps = (i) => ({ createdAt: stamp(i), updatedAt: stamp(i), createdBy: 'staff-0001', updatedBy: 'staff-0001', hlc: hlc(i) });
  const evidence = { attachment: null, callReference: '', witnessName: '', fileHash: 'f'.repeat(64), formReference: '', fileName: 'clients.csv', fileLine: 2 };
  const start = performance.now();
  await new Promise((resolve, reject) => {
    const tx = db.transaction(names, 'readwrite');
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
    const put = (table, row) => { note(table, row); tx.objectStore(table).put(row); };
    const ops = [];
    let opCount = 0;
    const flushOps = (force) => {
      while (ops.length >= 25 || (force && ops.length > 0)) {
        const batch = ops.splice(0, 25);
        put('oplog', { hlc: batch[0].hlc, deviceId: device, ops: batch, keys: [...new Set(batch.map((op) => op.key))] });
      }
    };
    for (let p = 0; p < people; p += 1) {
      const subjectId = uuid(p, 'aaaa');
      const first = 'prenom' + (p % 900);
      const last = 'nom' + (p % 5000);
      const email = first + '.' + last + p + '@exemple.fr';
      const subject = { id: subjectId, firstName: 'Prénom' + (p % 900), lastName: 'Nom' + (p % 5000), email, phone: '06 ' + pad(p, 8), customerRef: '', postalAddress: '', notes: '', ...stamps(p), terms: [first, last, last + p, 'exemple', 'fr', email, '06' + pad(p, 8), '6' + pad(p, 8)], sortKey: last + ' ' + first, emailKey: email, phoneKeys: ['06' + pad(p, 8), '6' + pad(p, 8)] };
      put('subjects', subject);
      ops.push({ hlc: hlc(p), key: 'subject:' + subjectId, entity: 'subject', entityId: subjectId, ...(lean ? {} : { fields: subject }) });
      const events = [];
      for (let k = 0; k < purposes; k += 1) {
        const decidedAt = stamp(p * 1000 - k * 86_400_000);
        const event = { id: uuid(p * purposes + k, 'bbbb'), subjectId, purposeId: 'purpose-' + k, decision: k % 3 ? 'granted' : 'refused', channel: 'import', decidedAt, decidedOn: decidedAt.slice(0, 10), noticeId: 'notice-1', evidence, note: '', correctsEventId: '', ...stamps(p * purposes + k) };
        events.push(event);
        ops.push({ hlc: event.hlc, key: 'subject:' + subjectId, entity: 'consentEvent', entityId: event.id, ...(lean ? {} : { fields: event }) });
      }
      flushOps(false);
      const latest = events.map((event) => ({ id: event.id, subjectId, purposeId: event.purposeId, decision: event.decision, channel: event.channel, decidedAt: event.decidedAt, decidedOn: event.decidedOn, hlc: event.hlc, noticeId: event.noticeId }));
      const lastContactAt = events.map((event) => event.decidedAt).sort().at(-1);
      if (base === 'today') {
        for (const event of events) put('consentEvents', event);
        for (const row of latest) put('preferences', row);
        put('contacts', { subjectId, category: 'customer', lastContactAt, createdAt: subject.createdAt });
      } else {
        if (base === 'facts') for (const event of events) put('consentEvents', event);
        else put('consentPacks', { id: events[0].id, subjectId, events, eventIds: events.map((event) => event.id), purposeDecided: events.map((event) => [event.purposeId, event.decidedAt]) });
        put('facts', { subjectId, latest, current: latest.map((row) => row.purposeId + '\u0000' + row.decision), category: 'customer', lastContactAt, createdAt: subject.createdAt });
      }
    }
    flushOps(true);
  });
  const ms = performance.now() - start;
  db.close();
  ${DROP_DATABASE}
  return { layout, ms, ...counts };
`;
