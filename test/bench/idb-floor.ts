/**
 * The standard tool for database-bound benchmarks: how fast this Chromium writes plain IndexedDB
 * rows on this machine, with nothing of the app in between (no Dexie, no validation, no derived
 * tables). A separate database in the bench page's own origin, removed afterwards. A benchmark
 * divides its own time by the floor for the rows it had to write: the ratio is what the app adds.
 */
import type { Page } from '@playwright/test';

export type IdbFloor = { rows: number; ms: number; rowsPerSecond: number };

/**
 * Add `rows` rows shaped like a consent event (about 400 bytes, five indexes) in transactions of
 * 10,000, into a fresh database. Rows per second of the whole run.
 */
export function measureIdbFloor(page: Page, rows = 100_000): Promise<IdbFloor> {
  // Plain JavaScript run in the page (this project's Node type-check has no DOM types).
  return page.evaluate(`(async (total) => {${FLOOR_BODY}})(${Math.floor(rows)})`) as Promise<IdbFloor>;
}

/** Page code that removes the database named by the variable `name`, whatever happens. */
export const DROP_DATABASE = String.raw`
    await new Promise((resolve) => {
      const request = indexedDB.deleteDatabase(name);
      request.onsuccess = () => resolve();
      request.onerror = () => resolve();
      request.onblocked = () => resolve();
    });
`;

const FLOOR_BODY = String.raw`
    const name = 'bench-floor-' + crypto.randomUUID();
    const db = await new Promise((resolve, reject) => {
      const request = indexedDB.open(name, 1);
      request.onupgradeneeded = () => {
        const store = request.result.createObjectStore('rows', { keyPath: 'id' });
        store.createIndex('subjectId', 'subjectId');
        store.createIndex('purposeDecided', ['purposeId', 'decidedAt']);
        store.createIndex('noticeId', 'noticeId');
        store.createIndex('createdAt', 'createdAt');
        store.createIndex('correctsEventId', 'correctsEventId');
      };
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const start = performance.now();
    for (let done = 0; done < total; done += 10_000) {
      await new Promise((resolve, reject) => {
        const tx = db.transaction('rows', 'readwrite');
        const store = tx.objectStore('rows');
        for (let i = done; i < Math.min(total, done + 10_000); i += 1) {
          const at = new Date(1_700_000_000_000 + i * 60_000).toISOString();
          store.add({
            id: String(i).padStart(12, '0') + '-' + crypto.randomUUID(),
            subjectId: crypto.randomUUID(),
            purposeId: 'purpose-' + (i % 6),
            decision: 'granted',
            channel: 'phone',
            decidedAt: at,
            createdAt: at,
            updatedAt: at,
            noticeId: 'notice-1',
            correctsEventId: '',
            evidence: { attachment: null, callReference: '', witnessName: '', fileHash: '', formReference: '' },
            note: '',
            hlc: at + '-0000-abcdef0123456789',
            createdBy: 'bench',
            updatedBy: 'bench',
          });
        }
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error);
      });
    }
    const ms = performance.now() - start;
    db.close();
    ${DROP_DATABASE}
    return { rows: total, ms, rowsPerSecond: Math.round(total / (ms / 1000)) };
`;
