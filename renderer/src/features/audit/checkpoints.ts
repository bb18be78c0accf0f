/**
 * Checkpoints of this device's audit chain head, signed on the Node side (audit:checkpoint). Taken at
 * every archive export and after every sync push; Verify compares the chain with all of them.
 */
import type { ReportAnchor } from '../../../../shared/archive/report-proofs';
import type { AnchorPoint, AuditVerification } from '../../../../shared/audit/chain';
import type { DeskApi } from '../../../../shared/ipc/contract';
import { call } from '../../app/transport';
import { auditHead, verifyAudit } from '../../db/audit';
import type { DeskDb } from '../../db/schema';
import { deviceIdOf, type WriteContext } from '../../db/write';

export type CheckpointStatus = 'signed' | 'unchanged' | 'behind' | 'diverged';

/** Has the Node side sign this device's current head; 'behind' or 'diverged' means the log went back. */
export async function checkpointAudit(desk: DeskApi, db: DeskDb): Promise<CheckpointStatus> {
  const head = await auditHead(db, await deviceIdOf(db));
  const { status } = await call(desk, 'audit:checkpoint', head);
  if (status === 'behind' || status === 'diverged') {
    void desk.invoke('log:write', {
      level: 'warn',
      message: `audit checkpoint refused (${status}): the local audit log is behind or differs from its last signed checkpoint`,
    });
  }
  return status;
}

/**
 * Before an export: a checkpoint of the head, then what the report says of it (how many checkpoints
 * this device has, the latest one and the checkpoint key's fingerprint); null when there is none.
 */
export async function anchorForExport(desk: DeskApi, db: DeskDb): Promise<ReportAnchor | null> {
  await checkpointAudit(desk, db);
  const listed = await call(desk, 'audit:checkpoints', { deviceId: await deviceIdOf(db) });
  const latest = listed.checkpoints.at(-1);
  if (!latest || !listed.key) return null;
  return {
    checkpoints: listed.checkpoints.length,
    seq: latest.seq,
    at: latest.at,
    fingerprint: listed.key.fingerprint,
  };
}

/**
 * For the sync runner: a checkpoint after each push, skipped (no IPC) while the head has not moved
 * since the last one this device signed. Every push that carries changes moves the head, since every
 * write adds an audit entry.
 */
export function createAuditAnchor(desk: DeskApi, db: DeskDb): () => Promise<void> {
  let anchored: string | null = null;
  return async () => {
    const head = await auditHead(db, await deviceIdOf(db));
    const key = `${head.deviceId}:${head.seq}:${head.hash}`;
    if (key === anchored) return;
    const { status } = await call(desk, 'audit:checkpoint', head);
    // Asked once per head: a refusal is logged once, not at every 30-second pass.
    anchored = key;
    if (status === 'behind' || status === 'diverged') {
      void desk.invoke('log:write', {
        level: 'warn',
        message: `audit checkpoint refused (${status}): the local audit log is behind or differs from its last signed checkpoint`,
      });
    }
  };
}

export type AnchoredVerification = {
  result: AuditVerification;
  /** Signed checkpoints of this device that were compared with its chain. */
  checkpoints: number;
  /** The checkpoint key's fingerprint and where it is kept, when one exists. */
  key: { fingerprint: string; protection: 'os' | 'file' } | null;
  /** Checkpoints on file whose signature or order is wrong: the checkpoint file itself was altered. */
  invalid: number;
};

/** The Audit screen's Verify: every chain, this device's against its signed checkpoints. */
export async function verifyAnchoredAudit(
  desk: DeskApi,
  db: DeskDb,
  ctx: WriteContext,
): Promise<AnchoredVerification> {
  const deviceId = await deviceIdOf(db);
  const listed = await call(desk, 'audit:checkpoints', { deviceId });
  const anchors: AnchorPoint[] = listed.checkpoints.map(({ deviceId: device, seq, hash, at }) => ({
    deviceId: device,
    seq,
    hash,
    at,
  }));
  const result = await verifyAudit(db, ctx, anchors);
  return {
    result,
    checkpoints: listed.checkpoints.length,
    key: listed.key ? { fingerprint: listed.key.fingerprint, protection: listed.key.protection } : null,
    invalid: listed.invalid,
  };
}
