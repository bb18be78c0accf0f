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
  /** The entry at fault; for 'truncated', the last entry the log still holds (0: none). */
  seq: number;
  reason: 'hash_mismatch' | 'broken_link' | 'missing_entry' | 'checkpoint_mismatch' | 'truncated';
  /** 'checkpoint_mismatch' and 'truncated': the signed checkpoint that disagrees. */
  checkpoint?: { seq: number; at: string };
};

/** The signed heads the chains were compared with (none when no checkpoint was given). */
export type AuditAnchoring = { checkpoints: number; devices: number; latestAt: string | null };

/** `anchoring` only when checkpoints were given. */
export type AuditVerification =
  | { ok: true; checked: number; devices: number; anchoring?: AuditAnchoring }
  | { ok: false; checked: number; devices: number; anchoring?: AuditAnchoring; firstBroken: AuditBreak };

/** A signed head, as the verifier compares it: this device's entry `seq` must have this hash. */
export type AnchorPoint = { deviceId: string; seq: number; hash: string; at: string };

/**
 * Verifies chains fed entry by entry, each device's entries in seq order (devices may interleave),
 * so a large log is checked in constant memory per device. Reports the first broken entry. Given
 * signed checkpoints, it also reports an entry that differs from the one a checkpoint signed (the log
 * was rewritten and rehashed) and a chain shorter than its latest checkpoint (its tail was cut).
 */
export class AuditChainVerifier {
  private readonly last = new Map<string, { seq: number; hash: string }>();
  private readonly anchors = new Map<string, AnchorPoint>();
  private readonly latest = new Map<string, AnchorPoint>();
  private checked = 0;
  private broken: AuditBreak | null = null;

  constructor(private readonly checkpoints: readonly AnchorPoint[] = []) {
    for (const point of checkpoints) {
      if (point.seq === 0) continue;
      this.anchors.set(`${point.deviceId}\u0000${point.seq}`, point);
      const known = this.latest.get(point.deviceId);
      if (!known || known.seq < point.seq) this.latest.set(point.deviceId, point);
    }
  }

  push(entry: AuditEntry): void {
    if (this.broken) return;
    this.checked += 1;
    const previous = this.last.get(entry.deviceId);
    const expectedSeq = previous ? previous.seq + 1 : 1;
    const at = { id: entry.id, deviceId: entry.deviceId, seq: entry.seq };
    const anchor = this.anchors.get(`${entry.deviceId}\u0000${entry.seq}`);
    if (entry.seq !== expectedSeq) {
      this.broken = { ...at, reason: 'missing_entry' };
    } else if (entry.prevHash !== (previous ? previous.hash : GENESIS_HASH)) {
      this.broken = { ...at, reason: 'broken_link' };
    } else if (hashAuditContent(entry) !== entry.hash) {
      this.broken = { ...at, reason: 'hash_mismatch' };
    } else if (anchor && anchor.hash !== entry.hash) {
      this.broken = { ...at, reason: 'checkpoint_mismatch', checkpoint: { seq: anchor.seq, at: anchor.at } };
    }
    this.last.set(entry.deviceId, { seq: entry.seq, hash: entry.hash });
  }

  result(): AuditVerification {
    const devices = new Set([...this.last.keys(), ...this.latest.keys()]).size;
    const latestAt = [...this.latest.values()].reduce<string | null>(
      (max, point) => (max === null || point.at > max ? point.at : max),
      null,
    );
    const base = {
      checked: this.checked,
      devices,
      ...(this.checkpoints.length > 0
        ? { anchoring: { checkpoints: this.anchors.size, devices: this.latest.size, latestAt } }
        : {}),
    };
    if (this.broken) return { ok: false, ...base, firstBroken: this.broken };
    for (const [deviceId, point] of this.latest) {
      const reached = this.last.get(deviceId)?.seq ?? 0;
      if (reached < point.seq) {
        const firstBroken: AuditBreak = {
          id: '',
          deviceId,
          seq: reached,
          reason: 'truncated',
          checkpoint: { seq: point.seq, at: point.at },
        };
        return { ok: false, ...base, firstBroken };
      }
    }
    return { ok: true, ...base };
  }
}

export function verifyAuditChain(
  entries: Iterable<AuditEntry>,
  checkpoints: readonly AnchorPoint[] = [],
): AuditVerification {
  const ordered = [...entries].sort((a, b) =>
    a.deviceId === b.deviceId ? a.seq - b.seq : a.deviceId < b.deviceId ? -1 : 1,
  );
  const verifier = new AuditChainVerifier(checkpoints);
  for (const entry of ordered) verifier.push(entry);
  return verifier.result();
}
