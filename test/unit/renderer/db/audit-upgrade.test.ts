import { afterEach, describe, expect, it } from 'vitest';
import { allEntries, CHUNK_ENTRIES, head, listNewestFirst } from '../../../../renderer/src/db/audit-store';
import { verifyAudit } from '../../../../renderer/src/db/audit';
import { clearRetiredTables } from '../../../../renderer/src/db/retired';
import { DeskDb } from '../../../../renderer/src/db/schema';
import { onUpgradeProgress, type UpgradeProgress } from '../../../../renderer/src/db/upgrade-progress';
import { createRecord } from '../../../../renderer/src/db/write';
import { sealAuditEntry, type AuditEntry } from '../../../../shared/audit/chain';
import { openShipped } from './shipped-schemas';

const names: string[] = [];
afterEach(async () => {
  for (const name of names.splice(0)) {
    const db = new DeskDb(name);
    db.close();
    await db.delete();
  }
});

function chain(deviceId: string, count: number, skip: ReadonlySet<number> = new Set()): AuditEntry[] {
  const entries: AuditEntry[] = [];
  let previous: AuditEntry | null = null;
  for (let i = 0; i < count; i += 1) {
    previous = sealAuditEntry(previous, {
      id: `${deviceId}-${String(i).padStart(6, '0')}`,
      deviceId,
      at: new Date(Date.UTC(2025, 0, 1) + i * 90_000).toISOString(),
      hlc: `${String(Date.UTC(2025, 0, 1) + i * 90_000).padStart(15, '0')}-${deviceId}`,
      operatorId: i % 2 ? 'anna' : null,
      action: i % 10 === 0 ? 'consent.import' : 'subject.update',
      entity: 'subject',
      entityId: `person-${i % 13}`,
      fields: ['email'],
      ...(i % 10 === 0 ? { count: i } : {}),
    });
    if (!skip.has(previous.seq)) entries.push(previous);
  }
  return entries;
}

/** A database as version 14 left it, holding `entries` one per row, and the meta row of the device. */
async function v14Profile(entries: AuditEntry[], deviceId: string): Promise<string> {
  const name = `upgrade-${crypto.randomUUID()}`;
  names.push(name);
  const old = openShipped(name, 14);
  await old.open();
  await old.table('audit').bulkAdd(entries);
  await old.table('meta').put({ key: 'deviceId', value: deviceId });
  old.close();
  return name;
}

describe('version 15: the audit log moves into rows of entries', () => {
  it('keeps every entry as it was, the chains verify as before (a gap stays a gap), and progress is reported up to the total', async () => {
    // Two devices, one of which lacks an entry (it never arrived): the gap stays a gap.
    // A third device's ids sort against its seq order (its clock went back): read in id order, they
    // are still packed in seq order.
    const reversed = chain('cccc', 150).map((entry, index, all) => ({
      ...entry,
      id: `cccc-${all.length - index}`,
    }));
    const entries = [...chain('aaaa', 3_000), ...chain('bbbb', 500, new Set([200])), ...reversed];
    const name = await v14Profile(entries, 'aaaa');
    const seen: UpgradeProgress[] = [];
    const stop = onUpgradeProgress((progress) => {
      // Later versions report their own steps.
      if (progress.step === 'audit') seen.push(progress);
    });
    const db = new DeskDb(name);
    await db.open();
    stop();

    const stored = await allEntries(db);
    expect(stored).toEqual(
      [...entries].sort((a, b) =>
        a.deviceId !== b.deviceId ? (a.deviceId < b.deviceId ? -1 : 1) : a.seq - b.seq,
      ),
    );
    const rows = await db.auditChunks.toArray();
    // Full rows but for each run's last: bbbb's gap splits its chain in two runs.
    const full = (n: number) => Math.ceil(n / CHUNK_ENTRIES);
    expect(rows.length).toBe(full(3_000) + full(199) + full(300) + full(150));
    for (const row of rows) {
      expect(row.entries.length).toBeLessThanOrEqual(CHUNK_ENTRIES);
      expect(row.entries.map((entry) => entry.seq)).toEqual(
        Array.from({ length: row.entries.length }, (_, i) => row.firstSeq + i),
      );
    }
    // The old table is retired, not dropped inside the upgrade: its rows stay until the cleanup.
    expect(await db.table('audit').count()).toBe(entries.length);

    const verification = await verifyAudit(db);
    expect(verification).toMatchObject({ ok: false, firstBroken: { deviceId: 'bbbb', seq: 201 } });

    expect(seen[0]).toEqual({ step: 'audit', done: 0, total: 3_649 });
    expect(seen.at(-1)).toEqual({ step: 'audit', done: 3_649, total: 3_649 });
    const done = seen.map((progress) => progress.done);
    expect([...done].sort((a, b) => a - b)).toEqual(done);

    // The screen's newest-first page and the chain head read the moved entries.
    const newest = [...entries].sort((a, b) =>
      a.at !== b.at ? (a.at < b.at ? 1 : -1) : a.id < b.id ? 1 : -1,
    );
    expect(await listNewestFirst(db, {}, 200)).toEqual(newest.slice(0, 200));
    const last = entries.filter((entry) => entry.deviceId === 'aaaa').at(-1)!;
    expect(await head(db, 'aaaa')).toEqual({
      deviceId: 'aaaa',
      seq: 3_000,
      hash: last.hash,
      entryAt: last.at,
    });

    // Emptying the retired table leaves the log as it was.
    expect(await clearRetiredTables(db, { chunk: 1_000 })).toBe(entries.length);
    expect(await db.table('audit').count()).toBe(0);
    expect(await allEntries(db)).toEqual(stored);
    expect(await verifyAudit(db)).toEqual(verification);
    db.close();
  });

  it('the next write continues the device’s chain in its last row', async () => {
    const entries = chain('aaaa', 10);
    const name = await v14Profile(entries, 'aaaa');
    const db = new DeskDb(name);
    await db.open();
    await createRecord(db, { operatorId: 'anna' }, 'staff', { name: 'Anna' });
    const rows = await db.auditChunks.toArray();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.entries.map((entry) => entry.seq)).toEqual(Array.from({ length: 11 }, (_, i) => i + 1));
    expect(await verifyAudit(db)).toMatchObject({ ok: true, checked: 11 });
    db.close();
  });

  it('an empty log reports its step done at once', async () => {
    const name = await v14Profile([], 'aaaa');
    const seen: UpgradeProgress[] = [];
    const stop = onUpgradeProgress((progress) => {
      // Later versions report their own steps.
      if (progress.step === 'audit') seen.push(progress);
    });
    const db = new DeskDb(name);
    await db.open();
    stop();
    expect(seen).toEqual([{ step: 'audit', done: 0, total: 0 }]);
    expect(await db.auditChunks.count()).toBe(0);
    db.close();
  });
});
