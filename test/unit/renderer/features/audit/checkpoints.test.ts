/**
 * The attacks on the audit log, end to end below the UI: the renderer's database (fake-indexeddb)
 * checkpointed through the IPC contract, then cut short or rewritten and rehashed the way someone
 * with the database would do it. The chain alone says "ok" to both; Verify does not. The Node side
 * here keeps the real store's rule (sign only a head that moves forward); the store itself, its
 * key and signatures are tested in test/unit/electron/services/audit.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyAudit } from '../../../../../renderer/src/db/audit';
import type { DeskDb } from '../../../../../renderer/src/db/schema';
import { createRecord, deviceIdOf } from '../../../../../renderer/src/db/write';
import {
  checkpointAudit,
  createAuditAnchor,
  verifyAnchoredAudit,
} from '../../../../../renderer/src/features/audit/checkpoints';
import { sealAuditEntry, type AuditEntry } from '../../../../../shared/audit/chain';
import {
  CHECKPOINT_GENESIS,
  type CheckpointHead,
  type SignedCheckpoint,
} from '../../../../../shared/audit/checkpoint';
import type { DeskApi } from '../../../../../shared/ipc/contract';
import { openTestDb } from '../../db/fixtures';
import { allEntries, packRun } from '../../../../../renderer/src/db/audit-store';

const ctx = { operatorId: null };
let db: DeskDb;
let cleanup: () => Promise<void>;
let calls: string[];
let desk: DeskApi;

beforeEach(async () => {
  ({ db, cleanup } = await openTestDb());
  const store = fakeStore();
  calls = [];
  desk = {
    invoke: async (channel: string, payload: unknown) => {
      calls.push(channel);
      if (channel === 'audit:checkpoint')
        return { ok: true, value: await store.sign(payload as CheckpointHead) };
      if (channel === 'audit:checkpoints')
        return { ok: true, value: await store.list((payload as { deviceId: string }).deviceId) };
      return { ok: true, value: { written: true } };
    },
    on: () => () => undefined,
  } as unknown as DeskApi;
  for (let i = 0; i < 12; i += 1) {
    await createRecord(db, ctx, 'subject', { firstName: `P${i}`, lastName: 'Martin' });
  }
});
afterEach(() => cleanup());

/** The Node side's contract for audit:checkpoint and audit:checkpoints, in memory. */
function fakeStore() {
  const signed: SignedCheckpoint[] = [];
  return {
    async sign(head: CheckpointHead) {
      const latest = signed.filter((c) => c.deviceId === head.deviceId).at(-1) ?? null;
      if (latest && head.seq < latest.seq) return { status: 'behind' as const, latest };
      if (latest && head.seq === latest.seq)
        return { status: head.hash === latest.hash ? ('unchanged' as const) : ('diverged' as const), latest };
      const checkpoint = {
        ...head,
        at: new Date().toISOString(),
        prev: CHECKPOINT_GENESIS,
        signature: `${'A'.repeat(86)}==`,
      };
      signed.push(checkpoint);
      return { status: 'signed' as const, latest: checkpoint };
    },
    async list(deviceId: string) {
      return {
        key: { publicKey: 'AA==', fingerprint: 'SHA256:test', protection: 'file' as const },
        checkpoints: signed.filter((c) => c.deviceId === deviceId),
        invalid: 0,
      };
    },
  };
}

/**
 * Underneath the data layer (which refuses it), as someone with the browser's IndexedDB would: the
 * log replaced by `entries` (one device), packed in rows as the store packs them.
 */
function tamper(entries: AuditEntry[]): Promise<void> {
  return new Promise<void>((done, fail) => {
    const tx = db.backendDB().transaction('auditChunks', 'readwrite');
    const store = tx.objectStore('auditChunks');
    store.clear();
    for (const row of packRun(null, entries)) store.put(row);
    tx.oncomplete = () => done();
    tx.onerror = () => fail(tx.error);
  });
}

async function chainOf(): Promise<AuditEntry[]> {
  return allEntries(db);
}

describe('audit checkpoints against the attacks', () => {
  it('a cut tail: the chain alone is fine, Verify says entries after the last one are missing', async () => {
    expect(await checkpointAudit(desk, db)).toBe('signed');
    const entries = await chainOf();
    const keep = 8;
    await tamper(entries.slice(0, keep));
    expect((await verifyAudit(db)).ok).toBe(true);
    const { result, checkpoints } = await verifyAnchoredAudit(desk, db, ctx);
    expect(checkpoints).toBe(1);
    expect(result).toMatchObject({
      ok: false,
      firstBroken: { reason: 'truncated', seq: keep, checkpoint: { seq: entries.length } },
    });
    // And a new checkpoint of the shorter chain is refused (Verify itself added one entry).
    expect(await checkpointAudit(desk, db)).toBe('behind');
  });

  it('a rewritten and rehashed log: Verify names the entry that differs from its checkpoint', async () => {
    expect(await checkpointAudit(desk, db)).toBe('signed');
    const entries = await chainOf();
    const rewritten: AuditEntry[] = [];
    for (const entry of entries) {
      if (entry.seq < 3) {
        rewritten.push(entry);
        continue;
      }
      const { hash: _h, seq: _s, prevHash: _p, ...content } = entry;
      rewritten.push(
        sealAuditEntry(
          rewritten.at(-1) ?? null,
          entry.seq === 3 ? { ...content, fields: ['email'] } : content,
        ),
      );
    }
    await tamper(rewritten);
    expect((await verifyAudit(db)).ok).toBe(true);
    const { result } = await verifyAnchoredAudit(desk, db, ctx);
    expect(result).toMatchObject({
      ok: false,
      firstBroken: { reason: 'checkpoint_mismatch', seq: entries.length },
    });
  });

  it('an untouched log verifies against its checkpoints; the sync anchor asks once per head', async () => {
    const anchor = createAuditAnchor(desk, db);
    await anchor();
    await anchor();
    expect(calls.filter((channel) => channel === 'audit:checkpoint')).toHaveLength(1);
    await createRecord(db, ctx, 'subject', { firstName: 'New', lastName: 'One' });
    await anchor();
    expect(calls.filter((channel) => channel === 'audit:checkpoint')).toHaveLength(2);
    const verified = await verifyAnchoredAudit(desk, db, ctx);
    expect(verified.result).toMatchObject({ ok: true, anchoring: { checkpoints: 2 } });
    expect(verified.key?.protection).toBe('file');
    expect(verified.invalid).toBe(0);
    expect(await deviceIdOf(db)).toBe((await chainOf())[0]?.deviceId);
  });
});
