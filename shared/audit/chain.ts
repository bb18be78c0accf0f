/**
 * The audit log is append-only and hash-chained per device: each entry stores the SHA-256 of the
 * canonical JSON of its content, which includes the previous entry's hash. Entries name what was
 * done and which fields changed, never the values, so erasing a person (Art. 17) never breaks the
 * chain.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { canonicalJson } from './canonical';

export const GENESIS_HASH = '0'.repeat(64);

export type AuditContent = {
  id: string;
  deviceId: string;
  /** 1, 2, 3… per device, without gaps. */
  seq: number;
  at: string;
  hlc: string;
  operatorId: string | null;
  action: string;
  entity: string;
  entityId: string;
  /** Names of the fields the action changed; never their values. */
  fields: string[];
  /** Number of rows an export or import touched, when it applies. */
  count?: number;
  prevHash: string;
};

export type AuditEntry = AuditContent & { hash: string };

export function hashAuditContent(content: AuditContent): string {
  const { id, deviceId, seq, at, hlc, operatorId, action, entity, entityId, fields, count, prevHash } =
    content;
  const json = canonicalJson({
    id,
    deviceId,
    seq,
    at,
    hlc,
    operatorId,
    action,
    entity,
    entityId,
    fields,
    count,
    prevHash,
  });
  return bytesToHex(sha256(utf8ToBytes(json)));
}

/** Seal the next entry of a device's chain. `previous` is that device's last entry, or null. */
export function sealAuditEntry(
  previous: Pick<AuditEntry, 'seq' | 'hash'> | null,
  content: Omit<AuditContent, 'seq' | 'prevHash'>,
): AuditEntry {
  const full: AuditContent = {
    ...content,
    seq: previous ? previous.seq + 1 : 1,
    prevHash: previous ? previous.hash : GENESIS_HASH,
  };
  return { ...full, hash: hashAuditContent(full) };
}

export type AuditBreak = {
  id: string;
  deviceId: string;
  seq: number;
  reason: 'hash_mismatch' | 'broken_link' | 'missing_entry';
};

export type AuditVerification =
  | { ok: true; checked: number; devices: number }
  | { ok: false; checked: number; devices: number; firstBroken: AuditBreak };

/**
 * Verifies chains fed entry by entry, each device's entries in seq order (devices may interleave),
 * so a large log is checked in constant memory per device. Reports the first broken entry.
 */
export class AuditChainVerifier {
  private readonly last = new Map<string, { seq: number; hash: string }>();
  private checked = 0;
  private broken: AuditBreak | null = null;

  push(entry: AuditEntry): void {
    if (this.broken) return;
    this.checked += 1;
    const previous = this.last.get(entry.deviceId);
    const expectedSeq = previous ? previous.seq + 1 : 1;
    const at = { id: entry.id, deviceId: entry.deviceId, seq: entry.seq };
    if (entry.seq !== expectedSeq) {
      this.broken = { ...at, reason: 'missing_entry' };
    } else if (entry.prevHash !== (previous ? previous.hash : GENESIS_HASH)) {
      this.broken = { ...at, reason: 'broken_link' };
    } else if (hashAuditContent(entry) !== entry.hash) {
      this.broken = { ...at, reason: 'hash_mismatch' };
    }
    this.last.set(entry.deviceId, { seq: entry.seq, hash: entry.hash });
  }

  result(): AuditVerification {
    const base = { checked: this.checked, devices: this.last.size };
    return this.broken ? { ok: false, ...base, firstBroken: this.broken } : { ok: true, ...base };
  }
}

export function verifyAuditChain(entries: Iterable<AuditEntry>): AuditVerification {
  const ordered = [...entries].sort((a, b) =>
    a.deviceId === b.deviceId ? a.seq - b.seq : a.deviceId < b.deviceId ? -1 : 1,
  );
  const verifier = new AuditChainVerifier();
  for (const entry of ordered) verifier.push(entry);
  return verifier.result();
}
