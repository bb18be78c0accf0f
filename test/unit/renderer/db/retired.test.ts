import { Dexie } from 'dexie';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { clearRetiredTables, scheduleRetiredCleanup } from '../../../../renderer/src/db/retired';
import { DeskDb, RETIRED_TABLES } from '../../../../renderer/src/db/schema';
import { sealAuditEntry, type AuditEntry } from '../../../../shared/audit/chain';
import { openShipped, SHIPPED_STORES, type ShippedVersion } from './shipped-schemas';

const names: string[] = [];
afterEach(async () => {
  vi.restoreAllMocks();
  for (const name of names.splice(0)) await Dexie.delete(name);
});

function newName(): string {
  const name = `retired-${crypto.randomUUID()}`;
  names.push(name);
  return name;
}

/** Every table as IndexedDB holds it: key path and each index's key path and flags. */
function physicalSchema(db: Dexie): Record<string, unknown> {
  const idb = db.backendDB();
  const stores = [...idb.objectStoreNames];
  const tx = idb.transaction(stores);
  return Object.fromEntries(
    stores.map((name) => {
      const store = tx.objectStore(name);
      const indexes = [...store.indexNames].map((index) => {
        const { keyPath, unique, multiEntry } = store.index(index);
        return { index, keyPath, unique, multiEntry };
      });
      return [name, { keyPath: store.keyPath, autoIncrement: store.autoIncrement, indexes }];
    }),
  );
}

/** A database as `version` left it, with a few rows in each retired table it has. */
async function shippedProfile(version: ShippedVersion, rows = 0): Promise<string> {
  const name = newName();
  const old = openShipped(name, version);
  await old.open();
  const tables = SHIPPED_STORES[version] as Record<string, string>;
  let previous: AuditEntry | null = null;
  for (let i = 0; i < rows; i += 1) {
    const id = `00000000-0000-7000-8000-${String(i).padStart(12, '0')}`;
    if (tables.preferences)
      await old.table('preferences').add({ subjectId: id, purposeId: 'p', decision: 'granted', unproven: 1 });
    if (tables.contacts)
      await old.table('contacts').add({ subjectId: id, category: 'customer', lastContactAt: '2024-01-01' });
    if (tables.audit) {
      previous = sealAuditEntry(previous, {
        id,
        deviceId: 'aaaa',
        at: new Date(Date.UTC(2024, 0, 1) + i * 60_000).toISOString(),
        hlc: `${String(Date.UTC(2024, 0, 1) + i * 60_000).padStart(15, '0')}-aaaa`,
        operatorId: null,
        action: 'subject.update',
        entity: 'subject',
        entityId: id,
        fields: ['email'],
      });
      await old.table('audit').add(previous);
    }
  }
  old.close();
  return name;
}

describe('retired tables', () => {
  it('every shipped version upgrades to the same tables and indexes as a new database', async () => {
    const fresh = new DeskDb(newName());
    await fresh.open();
    const expected = physicalSchema(fresh);
    fresh.close();
    for (const retired of RETIRED_TABLES) expect(expected).toHaveProperty(retired);
    for (const version of Object.keys(SHIPPED_STORES).map(Number) as ShippedVersion[]) {
      const db = new DeskDb(await shippedProfile(version, 3));
      await db.open();
      expect({ version, schema: physicalSchema(db) }).toEqual({ version, schema: expected });
      db.close();
    }
  });

  it('an upgrade from version 14 drops no table and builds no index on a table it retires', async () => {
    const name = await shippedProfile(14, 5);
    const dropped = vi.spyOn(IDBDatabase.prototype, 'deleteObjectStore');
    const built = vi.spyOn(IDBObjectStore.prototype, 'createIndex');
    const db = new DeskDb(name);
    await db.open();
    expect(dropped).not.toHaveBeenCalled();
    const retired: readonly string[] = RETIRED_TABLES;
    expect(
      built.mock.contexts
        .map((store) => (store as IDBObjectStore).name)
        .filter((store) => retired.includes(store)),
    ).toEqual([]);
    // What it held is still there until the cleanup.
    for (const table of RETIRED_TABLES) expect(await db.table(table).count()).toBe(5);
    db.close();
  });

  it('empties them a chunk per transaction, the people’s rows first; stopped half-way, the next run goes on', async () => {
    const db = new DeskDb(await shippedProfile(14, 10));
    await db.open();
    const others = async () =>
      JSON.stringify(
        await Promise.all(
          db.tables
            .filter((table) => !(RETIRED_TABLES as readonly string[]).includes(table.name))
            .map(async (table) => [table.name, await table.toArray()]),
        ),
      );
    const before = await others();
    let pauses = 0;
    await expect(
      clearRetiredTables(db, {
        chunk: 4,
        pause: async () => {
          pauses += 1;
          if (pauses === 3) throw new Error('closed');
        },
      }),
    ).rejects.toThrow('closed');
    // 4 + 4 + 2 preferences rows, one transaction each: the contacts and the audit entries wait.
    expect(await db.table('preferences').count()).toBe(0);
    expect(await db.table('contacts').count()).toBe(10);
    expect(await db.table('audit').count()).toBe(10);
    expect(await clearRetiredTables(db, { chunk: 4 })).toBe(20);
    for (const table of RETIRED_TABLES) expect(await db.table(table).count()).toBe(0);
    expect(await others()).toBe(before);
    // Nothing left: one read per table.
    expect(await clearRetiredTables(db)).toBe(0);
    db.close();
  });

  it('the scheduled cleanup reports the rows it deleted; a database with nothing to delete reports nothing', async () => {
    const db = new DeskDb(await shippedProfile(14, 6));
    await db.open();
    const outcome = await new Promise((resolve) => scheduleRetiredCleanup(db, resolve, 0));
    expect(outcome).toMatchObject({ deleted: 18 });
    const reports: unknown[] = [];
    scheduleRetiredCleanup(db, (report) => reports.push(report), 0);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(reports).toEqual([]);
    db.close();
  });
});
