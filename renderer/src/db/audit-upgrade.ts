/**
 * Schema version 15: the audit log moves from one row per entry to rows of consecutive entries of
 * one device (renderer/src/db/audit-store.ts), inside Dexie's upgrade transaction, with progress for
 * the opening screen. Entries are copied as they are: the chains verify exactly as before.
 */
import type { Table } from 'dexie';
import type { AuditEntry } from '../../../shared/audit/chain';
import { packRun } from './audit-store';
import type { AuditChunk } from './schema';
import { reportUpgradeProgress } from './upgrade-progress';

/** Old rows read per request: large enough to be few requests, small enough to stay in memory. */
const PAGE = 10_000;

export async function chunkAuditLog(
  oldAudit: Table<AuditEntry, string>,
  chunks: Table<AuditChunk, [string, number]>,
): Promise<void> {
  const total = await oldAudit.count();
  reportUpgradeProgress('audit', 0, total);
  if (total === 0) return;
  // Read in primary-key order (a store's own order, with no index lookup per row); ids are UUIDv7,
  // made as each device sealed its entries, so a device's entries come nearly in seq order. Each
  // device's last row is held here while the next entries may continue it. Measured at 11,778
  // entries: reading through the [deviceId+seq] index or in key order cost about the same (~0.4 ms
  // per entry inside the upgrade transaction, under load); why it is that slow is still open.
  const tails = new Map<string, AuditChunk>();
  let done = 0;
  let after: string | null = null;
  for (;;) {
    const page: AuditEntry[] = await (
      after === null ? oldAudit.toCollection() : oldAudit.where(':id').above(after)
    )
      .limit(PAGE)
      .toArray();
    if (page.length === 0) break;
    after = page.at(-1)!.id;
    const byDevice = new Map<string, AuditEntry[]>();
    for (const entry of page) {
      const list = byDevice.get(entry.deviceId);
      if (list) list.push(entry);
      else byDevice.set(entry.deviceId, [entry]);
    }
    const rows: AuditChunk[] = [];
    for (const [deviceId, entries] of byDevice) {
      entries.sort((a, b) => a.seq - b.seq);
      let tail = tails.get(deviceId) ?? null;
      const carried = tail;
      // Runs of consecutive seqs; a gap or an entry out of order starts a new row, so a row always
      // holds an unbroken run, as the store expects.
      let run: AuditEntry[] = [];
      const flush = () => {
        if (run.length === 0) return;
        const continues = tail !== null && tail.lastSeq + 1 === run[0]!.seq;
        const packed = packRun(continues ? tail : null, run);
        for (const row of packed) if (!rows.includes(row)) rows.push(row);
        // The newest row stays the tail: later pages continue the device's chain after it.
        const newest = packed.at(-1)!;
        if (!tail || newest.lastSeq > tail.lastSeq) tail = newest;
        run = [];
      };
      for (const entry of entries) {
        const previous = run.at(-1);
        if (previous && previous.seq + 1 !== entry.seq) flush();
        run.push(entry);
      }
      flush();
      // The tail row may still grow with the next page: it is written once, when complete, so
      // every row is added once (never read back and rewritten).
      if (carried && carried !== tail && !rows.includes(carried)) rows.push(carried);
      if (tail) tails.set(deviceId, tail);
    }
    const held = new Set(tails.values());
    await chunks.bulkAdd(rows.filter((row) => !held.has(row)));
    done += page.length;
    reportUpgradeProgress('audit', done, total);
  }
  await chunks.bulkAdd([...tails.values()]);
}
