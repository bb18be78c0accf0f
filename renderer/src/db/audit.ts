import {
  AuditChainVerifier,
  type AnchorPoint,
  type AuditEntry,
  type AuditVerification,
} from '../../../shared/audit/chain';
import type { CheckpointHead } from '../../../shared/audit/checkpoint';
import type { DeskDb } from './schema';
import { chainPages, head, listNewestFirst, type AuditFilter } from './audit-store';
import { recordAction, type WriteContext } from './write';

export type { AuditFilter };

export const AUDIT_PAGE = 200;

/** Newest first, at most `limit` entries matching the filter. */
export function listAudit(db: DeskDb, filter: AuditFilter = {}, limit = AUDIT_PAGE): Promise<AuditEntry[]> {
  return listNewestFirst(db, filter, limit);
}

/** This device's chain head, as a checkpoint signs it (seq 0 and the genesis hash when empty). */
export function auditHead(db: DeskDb, deviceId: string): Promise<CheckpointHead> {
  return head(db, deviceId);
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
  for await (const page of chainPages(db)) for (const entry of page) verifier.push(entry);
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
