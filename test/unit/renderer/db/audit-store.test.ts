import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  appendRemote,
  allEntries,
  chainPages,
  CHUNK_ENTRIES,
  countInRange,
  entriesAfter,
  entriesInRange,
  entriesOf,
  head,
  listNewestFirst,
  type AuditFilter,
} from '../../../../renderer/src/db/audit-store';
import { verifyAudit } from '../../../../renderer/src/db/audit';
import type { DeskDb } from '../../../../renderer/src/db/schema';
import { deviceIdOf, recordAction, write } from '../../../../renderer/src/db/write';
import { sealAuditEntry, verifyAuditChain, type AuditEntry } from '../../../../shared/audit/chain';
import { openTestDb, TestClock } from './fixtures';

let db: DeskDb;
let cleanup: () => Promise<void>;
const clock = new TestClock(Date.UTC(2026, 2, 1, 9));
const START = Date.UTC(2026, 2, 1, 9);

beforeEach(async () => {
  ({ db, cleanup } = await openTestDb());
  clock.reset();
});
afterEach(() => cleanup());

const ACTIONS = ['subject.create', 'subject.update', 'consent.import', 'archive.export'];

/** Another device's chain, as sync brings it: `count` entries from seq 1. */
function remoteChain(deviceId: string, count: number, startMs = START): AuditEntry[] {
  const chain: AuditEntry[] = [];
  for (let i = 0; i < count; i += 1) {
    chain.push(
      sealAuditEntry(chain.at(-1) ?? null, {
        id: `${deviceId}-${String(i).padStart(6, '0')}`,
        deviceId,
        at: new Date(startMs + i * 60_000).toISOString(),
        hlc: `${String(startMs + i * 60_000).padStart(15, '0')}-${deviceId}`,
        operatorId: i % 3 === 0 ? 'anna' : 'bruno',
        action: ACTIONS[i % ACTIONS.length]!,
        entity: 'subject',
        entityId: `person-${i % 7}`,
        fields: ['lastName'],
      }),
    );
  }
  return chain;
}

async function local(count: number, perWrite = 1): Promise<void> {
  for (let done = 0; done < count; done += perWrite) {
    clock.advance(60_000);
    await write(db, clock.as('anna'), async (w) => {
      for (let i = done; i < Math.min(count, done + perWrite); i += 1)
        w.audit({ action: 'subject.update', entity: 'subject', entityId: `p${i % 5}`, fields: ['email'] });
    });
  }
}

describe('single writes', () => {
  it('append to the device’s last row while it has room, then start a new one', async () => {
    await local(CHUNK_ENTRIES + 3);
    const rows = await db.auditChunks.toArray();
    expect(rows.map((row) => [row.firstSeq, row.lastSeq, row.entries.length])).toEqual([
      [1, CHUNK_ENTRIES, CHUNK_ENTRIES],
      [CHUNK_ENTRIES + 1, CHUNK_ENTRIES + 3, 3],
    ]);
    expect(rows[0]!.entityIds.sort()).toEqual(['p0', 'p1', 'p2', 'p3', 'p4']);
    expect(rows[0]!.operators).toEqual(['anna']);
    expect(rows[0]!.firstAt < rows[0]!.lastAt).toBe(true);
    const deviceId = await deviceIdOf(db);
    const last = (await allEntries(db)).at(-1)!;
    expect(await head(db, deviceId)).toEqual({
      deviceId,
      seq: CHUNK_ENTRIES + 3,
      hash: last.hash,
      entryAt: last.at,
    });
    expect((await verifyAudit(db)).ok).toBe(true);
  });

  it('a write of many entries fills rows of at most CHUNK_ENTRIES, still one chain', async () => {
    await local(3);
    await local(150, 150);
    const rows = await db.auditChunks.toArray();
    expect(rows.map((row) => row.entries.length)).toEqual([
      CHUNK_ENTRIES,
      CHUNK_ENTRIES,
      153 - 2 * CHUNK_ENTRIES,
    ]);
    expect(verifyAuditChain(await allEntries(db))).toMatchObject({ ok: true, checked: 153 });
  });

  it('a failed write leaves the last row as it was', async () => {
    await local(2);
    await expect(
      write(db, clock.as('anna'), async (w) => {
        w.audit({ action: 'subject.update', entity: 'subject', entityId: 'x', fields: [] });
        throw new Error('refused');
      }),
    ).rejects.toThrow('refused');
    expect((await allEntries(db)).map((entry) => entry.seq)).toEqual([1, 2]);
  });

  it('the head of a device with no entry is the genesis', async () => {
    expect(await head(db, 'nobody')).toMatchObject({ seq: 0, entryAt: '' });
  });
});

describe('remote entries', () => {
  it('a batch becomes few rows; the same batch again adds nothing', async () => {
    const chain = remoteChain('dev-b', 1000);
    expect(await appendRemote(db, chain)).toEqual({ added: 1000, duplicateDevice: false });
    expect(await db.auditChunks.count()).toBe(Math.ceil(1000 / CHUNK_ENTRIES));
    expect(await appendRemote(db, chain)).toEqual({ added: 0, duplicateDevice: false });
    expect(await allEntries(db)).toEqual(chain);
  });

  it('in pieces, out of order and with gaps filled later, rows hold unbroken runs and the chain is whole', async () => {
    const chain = remoteChain('dev-b', 300);
    await appendRemote(db, chain.slice(0, 10));
    await appendRemote(db, chain.slice(200, 300));
    await appendRemote(db, [...chain.slice(10, 200)].reverse());
    await appendRemote(db, chain.slice(5, 15));
    expect(await allEntries(db)).toEqual(chain);
    for (const row of await db.auditChunks.toArray()) {
      expect(row.entries.map((entry) => entry.seq)).toEqual(
        Array.from({ length: row.lastSeq - row.firstSeq + 1 }, (_, i) => row.firstSeq + i),
      );
    }
    expect(verifyAuditChain(await allEntries(db)).ok).toBe(true);
  });

  it('an entry claiming the place of another (a cloned install) is refused and reported; the first stays', async () => {
    const chain = remoteChain('dev-b', 5);
    await appendRemote(db, chain);
    const impostor = { ...chain[2]!, id: 'other-install', hash: 'f'.repeat(64) };
    expect(await appendRemote(db, [impostor, ...remoteChain('dev-c', 2)])).toEqual({
      added: 2,
      duplicateDevice: true,
    });
    expect((await allEntries(db)).filter((entry) => entry.deviceId === 'dev-b')).toEqual(chain);
  });

  it('keeps devices apart and in [deviceId+seq] order; pages and resumes from a place', async () => {
    await appendRemote(db, [...remoteChain('dev-c', 70), ...remoteChain('dev-a', 130)]);
    const all = await allEntries(db);
    expect(all.map((entry) => `${entry.deviceId}:${entry.seq}`)).toEqual([
      ...Array.from({ length: 130 }, (_, i) => `dev-a:${i + 1}`),
      ...Array.from({ length: 70 }, (_, i) => `dev-c:${i + 1}`),
    ]);
    const paged: AuditEntry[] = [];
    for await (const page of chainPages(db, null, 1)) paged.push(...page);
    expect(paged).toEqual(all);
    const resumed: AuditEntry[] = [];
    for await (const page of chainPages(db, { deviceId: 'dev-a', seq: 100 }, 2)) resumed.push(...page);
    expect(resumed).toEqual(all.slice(100));
    expect((await entriesAfter(db, 'dev-a', 100, 10)).map((entry) => entry.seq)).toEqual(
      Array.from({ length: 10 }, (_, i) => 101 + i),
    );
    expect(await entriesAfter(db, 'dev-c', 70, 10)).toEqual([]);
  });
});

describe('queries', () => {
  beforeEach(async () => {
    // Three devices whose times interleave: b every minute, c every minute but 30 s later.
    await appendRemote(db, remoteChain('dev-b', 400));
    await appendRemote(db, remoteChain('dev-c', 200, START + 30_000));
  });

  const plain = async (filter: AuditFilter, limit: number) =>
    (await allEntries(db))
      .filter(
        (entry) =>
          (!filter.from || entry.at >= filter.from) &&
          (!filter.to || entry.at <= filter.to) &&
          (!filter.operatorId || entry.operatorId === filter.operatorId) &&
          (!filter.action ||
            entry.action === filter.action ||
            entry.action.startsWith(`${filter.action}.`)) &&
          (!filter.entityId || entry.entityId === filter.entityId),
      )
      .sort((a, b) => (a.at !== b.at ? (a.at < b.at ? 1 : -1) : a.id < b.id ? 1 : -1))
      .slice(0, limit);

  const at = (minutes: number) => new Date(START + minutes * 60_000).toISOString();

  it.each<[string, AuditFilter, number]>([
    ['no filter', {}, 200],
    ['a time range', { from: at(50), to: at(120) }, 200],
    ['a time range cut by the page', { from: at(10), to: at(300) }, 25],
    ['only until', { to: at(30) }, 200],
    ['an operator', { operatorId: 'anna' }, 200],
    ['an action prefix', { action: 'consent' }, 50],
    ['an action', { action: 'archive.export' }, 1],
    ['an entity', { entityId: 'person-3' }, 200],
    ['everything at once', { entityId: 'person-2', operatorId: 'bruno', from: at(20), to: at(250) }, 10],
  ])('newest first, filtered by %s, as a plain list would give', async (_name, filter, limit) => {
    const expected = await plain(filter, limit);
    expect(expected.length).toBeGreaterThan(0);
    expect(await listNewestFirst(db, filter, limit)).toEqual(expected);
  });

  it('a record’s entries, oldest first', async () => {
    const expected = (await allEntries(db))
      .filter((entry) => entry.entityId === 'person-4')
      .sort((a, b) => (a.hlc < b.hlc ? -1 : 1));
    expect(await entriesOf(db, 'person-4')).toEqual(expected);
    expect(await entriesOf(db, 'nobody')).toEqual([]);
  });

  it('an instant range, in chain order, in pages, and counted', async () => {
    const [start, end] = [at(100), at(150)];
    const expected = (await allEntries(db)).filter((entry) => entry.at >= start && entry.at <= end);
    const pages: AuditEntry[][] = [];
    for await (const page of entriesInRange(db, start, end, 40)) pages.push(page);
    expect(pages.slice(0, -1).every((page) => page.length === 40)).toBe(true);
    expect(pages.flat()).toEqual(expected);
    expect(await countInRange(db, start, end)).toBe(expected.length);
  });
});

describe('any sequence of single writes and remote batches', () => {
  it('lists and verifies the same entries as a plain list of them would', async () => {
    type Step =
      { kind: 'local'; entries: number } | { kind: 'remote'; device: string; from: number; count: number };
    const step = fc.oneof(
      fc.record({ kind: fc.constant('local' as const), entries: fc.integer({ min: 1, max: 90 }) }),
      fc.record({
        kind: fc.constant('remote' as const),
        device: fc.constantFrom('dev-r', 'dev-s'),
        from: fc.integer({ min: 0, max: 150 }),
        count: fc.integer({ min: 1, max: 120 }),
      }),
    );
    const chains = { 'dev-r': remoteChain('dev-r', 300), 'dev-s': remoteChain('dev-s', 300, START + 7_000) };
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 8 }), async (steps: Step[]) => {
        await db.delete();
        await db.open();
        clock.reset();
        const expected = new Map<string, AuditEntry>();
        for (const s of steps) {
          if (s.kind === 'local') {
            await local(s.entries, Math.ceil(s.entries / 2));
          } else {
            const batch = chains[s.device as 'dev-r' | 'dev-s'].slice(s.from, s.from + s.count);
            await appendRemote(db, batch);
            for (const entry of batch) expected.set(entry.id, entry);
          }
        }
        const all = await allEntries(db);
        for (const entry of all) if (!expected.has(entry.id)) expected.set(entry.id, entry);
        const plainList = [...expected.values()].sort((a, b) =>
          a.deviceId !== b.deviceId ? (a.deviceId < b.deviceId ? -1 : 1) : a.seq - b.seq,
        );
        expect(all).toEqual(plainList);
        // Local entries always verify; a remote chain verifies when its pieces leave no gap.
        const deviceId = await deviceIdOf(db);
        expect(verifyAuditChain(all.filter((entry) => entry.deviceId === deviceId)).ok).toBe(true);
        const newest = [...plainList]
          .sort((a, b) => (a.at !== b.at ? (a.at < b.at ? 1 : -1) : a.id < b.id ? 1 : -1))
          .slice(0, 50);
        expect(await listNewestFirst(db, {}, 50)).toEqual(newest);
        const verification = await verifyAudit(db);
        expect(verification).toEqual(verifyAuditChain(plainList));
      }),
      { numRuns: 25 },
    );
  });
});

it('recordAction still writes through the one path into the device’s row', async () => {
  await recordAction(db, clock.as('anna'), {
    action: 'archive.export',
    entity: 'archive',
    entityId: '',
    fields: [],
  });
  const [row] = await db.auditChunks.toArray();
  expect(row).toMatchObject({ firstSeq: 1, lastSeq: 1, entityIds: [], actions: ['archive.export'] });
});
