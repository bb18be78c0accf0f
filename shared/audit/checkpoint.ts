/**
 * Checkpoints anchor the head of a device's audit chain. The chain alone proves only that its
 * entries agree with one another: whoever can edit the database can cut its tail, or change an entry
 * and recompute every hash after it, and the chain still verifies. A checkpoint is the chain head
 * (device, sequence number, hash, time) signed on the Node side with a key the renderer cannot read;
 * a later chain must still hold that entry with that hash, and be at least that long.
 *
 * Checkpoints of one device are chained too (`prev`), so one removed from the middle of the list is
 * seen. This file holds the format and the comparisons; signing and checking signatures is Node's.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { z } from 'zod';
import { canonicalJson } from './canonical';
import { hashAuditContent, type AuditEntry } from './chain';

export const CHECKPOINT_GENESIS = '0'.repeat(64);
/** The tag file an archive carries its checkpoints in, next to bag-info.txt. */
export const CHECKPOINTS_FILE = 'audit-checkpoints.json';
/** The payload file holding the audit entries of the archive's period, one JSON object per line. */
export const AUDIT_LOG_FILE = 'data/audit-log.json';

const hex64 = z.string().regex(/^[0-9a-f]{64}$/);
const deviceIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);

/** An audit entry as an archive's audit-log.json holds it (hostile input: checked before use). */
export const auditEntrySchema = z.object({
  id: z.string().max(200),
  deviceId: z.string().max(200),
  seq: z.number().int().positive(),
  at: z.string().max(100),
  hlc: z.string().max(200),
  operatorId: z.string().max(200).nullable(),
  action: z.string().max(200),
  entity: z.string().max(200),
  entityId: z.string().max(200),
  fields: z.array(z.string().max(200)).max(1000),
  count: z.number().int().nonnegative().optional(),
  prevHash: z.string().max(64),
  hash: z.string().max(64),
});

/** The head being anchored: `seq` 0 and the genesis hash for a chain with no entry yet. */
export const checkpointHeadSchema = z.object({
  deviceId: deviceIdSchema,
  seq: z.number().int().nonnegative(),
  hash: hex64,
  /** When the head entry was written ('' for an empty chain). */
  entryAt: z.union([z.iso.datetime(), z.literal('')]),
});
export type CheckpointHead = z.infer<typeof checkpointHeadSchema>;

export const checkpointSchema = checkpointHeadSchema.extend({
  /** When the Node side signed it. */
  at: z.iso.datetime(),
  /** Digest of the previous checkpoint of this device (`checkpointDigest`), or the genesis value. */
  prev: hex64,
});
export type Checkpoint = z.infer<typeof checkpointSchema>;

export const signedCheckpointSchema = checkpointSchema.extend({
  /** Ed25519 over `checkpointMessage`, base64. */
  signature: z.string().regex(/^[A-Za-z0-9+/]{86}==$/),
});
export type SignedCheckpoint = z.infer<typeof signedCheckpointSchema>;

/** What is signed: a fixed label, so this key's signatures can never be passed off as anything else. */
export function checkpointMessage(checkpoint: Checkpoint): string {
  const { deviceId, seq, hash, entryAt, at, prev } = checkpoint;
  return `rgpd-desk audit checkpoint v1\n${canonicalJson({ deviceId, seq, hash, entryAt, at, prev })}`;
}

export function checkpointDigest(checkpoint: Checkpoint): string {
  return bytesToHex(sha256(utf8ToBytes(checkpointMessage(checkpoint))));
}

/** The checkpoints an archive carries (tag file CHECKPOINTS_FILE). */
export const archiveCheckpointsSchema = z.object({
  version: z.literal(1),
  /** The instants the archive's audit log covers (entries whose `at` lies in it are all there). */
  range: z.object({ start: z.iso.datetime(), end: z.iso.datetime() }),
  devices: z.array(
    z.object({
      deviceId: deviceIdSchema,
      /** Raw Ed25519 public key of the device's checkpoint key, base64. */
      publicKey: z.string(),
      fingerprint: z.string(),
      checkpoints: z.array(signedCheckpointSchema),
    }),
  ),
});
export type ArchiveCheckpoints = z.infer<typeof archiveCheckpointsSchema>;

/** What comparing a log with its checkpoints found. */
export type AnchorProblem =
  /** The log stops at `seq` (0: nothing) although a checkpoint saw it reach `until`. */
  | { code: 'audit_truncated'; deviceId: string; seq: number; until: number }
  /** The entry at `seq` is not the one the checkpoint signed: the log was rewritten. */
  | { code: 'audit_rewritten'; deviceId: string; seq: number }
  /** Entries between `seq` and `until` are missing from the middle of the log. */
  | { code: 'audit_gap'; deviceId: string; seq: number; until: number }
  /** The entry at `seq` does not hash to its stored hash, or does not link to the one before. */
  | { code: 'audit_broken'; deviceId: string; seq: number };

/**
 * Checks an excerpt of the audit log (the entries of a period, in any order, devices mixed) against
 * the checkpoints signed for it: every entry hashes right and links to its predecessor when that one
 * is present; no entry is missing in the middle; every checkpoint whose head entry was written within
 * `range` finds that entry, with that hash.
 */
export class AuditExcerptChecker {
  private readonly devices = new Map<string, Map<number, { hash: string; prevHash: string }>>();
  private readonly broken: AnchorProblem[] = [];
  private count = 0;

  push(entry: AuditEntry): void {
    this.count += 1;
    const chain = this.devices.get(entry.deviceId) ?? new Map<number, { hash: string; prevHash: string }>();
    this.devices.set(entry.deviceId, chain);
    if (hashAuditContent(entry) !== entry.hash) {
      this.broken.push({ code: 'audit_broken', deviceId: entry.deviceId, seq: entry.seq });
    }
    chain.set(entry.seq, { hash: entry.hash, prevHash: entry.prevHash });
  }

  get entries(): number {
    return this.count;
  }

  get deviceCount(): number {
    return this.devices.size;
  }

  result(
    checkpoints: ReadonlyArray<Pick<Checkpoint, 'deviceId' | 'seq' | 'hash' | 'entryAt'>>,
    range: { start: string; end: string },
  ): AnchorProblem[] {
    const problems = [...this.broken];
    const sorted = new Map<string, number[]>();
    for (const [deviceId, chain] of this.devices) {
      const seqs = [...chain.keys()].sort((a, b) => a - b);
      sorted.set(deviceId, seqs);
      for (let i = 1; i < seqs.length; i += 1) {
        const before = seqs[i - 1] ?? 0;
        const seq = seqs[i] ?? 0;
        if (seq !== before + 1) problems.push({ code: 'audit_gap', deviceId, seq: before, until: seq });
        else if (chain.get(seq)?.prevHash !== chain.get(before)?.hash) {
          problems.push({ code: 'audit_broken', deviceId, seq });
        }
      }
    }
    const inRange = (at: string) => {
      const time = Date.parse(at);
      return time >= Date.parse(range.start) && time <= Date.parse(range.end);
    };
    const truncated = new Map<string, { seq: number; until: number }>();
    for (const checkpoint of checkpoints) {
      if (checkpoint.seq === 0 || !inRange(checkpoint.entryAt)) continue;
      const chain = this.devices.get(checkpoint.deviceId);
      const found = chain?.get(checkpoint.seq);
      if (found) {
        if (found.hash !== checkpoint.hash) {
          problems.push({ code: 'audit_rewritten', deviceId: checkpoint.deviceId, seq: checkpoint.seq });
        }
        continue;
      }
      const last = lastBelow(sorted.get(checkpoint.deviceId) ?? [], checkpoint.seq);
      const known = truncated.get(checkpoint.deviceId);
      if (!known || known.until < checkpoint.seq) {
        truncated.set(checkpoint.deviceId, {
          seq: known ? Math.min(known.seq, last) : last,
          until: checkpoint.seq,
        });
      }
    }
    for (const [deviceId, { seq, until }] of truncated) {
      problems.push({ code: 'audit_truncated', deviceId, seq, until });
    }
    return problems;
  }
}

/** The largest number of `sorted` below `seq`, or 0. */
function lastBelow(sorted: readonly number[], seq: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((sorted[middle] ?? 0) < seq) low = middle + 1;
    else high = middle;
  }
  return low > 0 ? (sorted[low - 1] ?? 0) : 0;
}

/** The latest checkpoint of each device, for the chain verifier. */
export function latestCheckpoints<T extends Pick<Checkpoint, 'deviceId' | 'seq'>>(
  checkpoints: readonly T[],
): Map<string, T> {
  const latest = new Map<string, T>();
  for (const checkpoint of checkpoints) {
    const known = latest.get(checkpoint.deviceId);
    if (!known || known.seq < checkpoint.seq) latest.set(checkpoint.deviceId, checkpoint);
  }
  return latest;
}
