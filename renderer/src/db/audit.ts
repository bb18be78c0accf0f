import { Dexie } from 'dexie';
import {
  AuditChainVerifier,
  GENESIS_HASH,
  type AnchorPoint,
  type AuditEntry,
  type AuditVerification,
} from '../../../shared/audit/chain';
import type { CheckpointHead } from '../../../shared/audit/checkpoint';
import type { DeskDb } from './schema';
import { recordAction, type WriteContext } from './write';

export type AuditFilter = {
  operatorId?: string;
  /** Action prefix, e.g. 'subject' or 'subject.update'. */
  action?: string;
  /** One record's history. */
  entityId?: string;
  /** ISO instants, inclusive. */
  from?: string;
  to?: string;
};

export const AUDIT_PAGE = 200;

/** Newest first, at most `limit` entries matching the filter. */
export async function listAudit(
  db: DeskDb,
  filter: AuditFilter = {},
  limit = AUDIT_PAGE,
): Promise<AuditEntry[]> {
  if (filter.entityId) {
    const entries = await db.audit.where('entityId').equals(filter.entityId).toArray();
    return entries.sort((a, b) => (a.hlc < b.hlc ? 1 : -1)).slice(0, limit);
  }
  const from = filter.from ?? '';
  const to = filter.to ?? '\uffff';
  return db.audit
    .where('at')
    .between(from, to, true, true)
    .reverse()
    .filter(
      (entry) =>
        (!filter.operatorId || entry.operatorId === filter.operatorId) &&
        (!filter.action || entry.action === filter.action || entry.action.startsWith(`${filter.action}.`)),
    )
    .limit(limit)
    .toArray();
}

/** This device's chain head, as a checkpoint signs it (seq 0 and the genesis hash when empty). */
export async function auditHead(db: DeskDb, deviceId: string): Promise<CheckpointHead> {
  const last = await db.audit
    .where('[deviceId+seq]')
    .between([deviceId, Dexie.minKey], [deviceId, Dexie.maxKey])
    .last();
  return last
    ? { deviceId, seq: last.seq, hash: last.hash, entryAt: last.at }
    : { deviceId, seq: 0, hash: GENESIS_HASH, entryAt: '' };
}

/**
 * Check every device's chain in [deviceId+seq] order, streaming; the check itself is audited. With
 * `checkpoints` (signed heads from the Node side), a chain cut short or rewritten since is reported.
 */
export async function verifyAudit(
  db: DeskDb,
  ctx?: WriteContext,
  checkpoints: readonly AnchorPoint[] = [],
): Promise<AuditVerification> {
  const verifier = new AuditChainVerifier(checkpoints);
  await db.audit.orderBy('[deviceId+seq]').each((entry) => verifier.push(entry));
  const result = verifier.result();
  if (ctx) {
    await recordAction(db, ctx, {
      action: result.ok ? 'audit.verify.ok' : 'audit.verify.broken',
      entity: 'audit',
      entityId: result.ok ? '' : result.firstBroken.id,
      fields: [],
      count: result.checked,
    });
  }
  return result;
}
