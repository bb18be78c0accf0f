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
  let done = 0;
  let tail: AuditChunk | null = null;
  let after: [string, number] | null = null;
  for (;;) {
    const page: AuditEntry[] = await (
      after === null ? oldAudit.orderBy('[deviceId+seq]') : oldAudit.where('[deviceId+seq]').above(after)
    )
      .limit(PAGE)
      .toArray();
    if (page.length === 0) break;
    const last = page.at(-1)!;
    after = [last.deviceId, last.seq];
    // Runs of consecutive seqs of one device; a gap (an entry that never arrived) starts a new row,
    // so a row always holds an unbroken run, as the store expects.
    const carried: AuditChunk | null = tail;
    const rows: AuditChunk[] = [];
    let run: AuditEntry[] = [];
    const flush = () => {
      if (run.length === 0) return;
      const continues =
        tail !== null && tail.deviceId === run[0]!.deviceId && tail.lastSeq + 1 === run[0]!.seq;
      const packed = packRun(continues ? tail : null, run);
      for (const row of packed) if (!rows.includes(row)) rows.push(row);
      tail = packed.at(-1) ?? tail;
      run = [];
    };
    for (const entry of page) {
      const previous = run.at(-1);
      if (previous && (previous.deviceId !== entry.deviceId || previous.seq + 1 !== entry.seq)) flush();
      run.push(entry);
    }
    flush();
    // The last row may still grow with the next page: it is written once, when it is complete, so
    // every row is added once (never read back and rewritten).
    if (carried && carried !== tail && !rows.includes(carried)) rows.unshift(carried);
    await chunks.bulkAdd(rows.filter((row) => row !== tail));
    done += page.length;
    reportUpgradeProgress('audit', done, total);
  }
  if (tail) await chunks.add(tail);
}
