/**
 * Per-device hash chains of segments. Each segment names the hash of the one before it (`prev`)
 * and its sequence range; with the signature over both, a device's history cannot be reordered,
 * spliced or forked without the break showing where two neighbouring segments are both known.
 *
 * Links are checked in any arrival order (a late segment is checked against its neighbours when it
 * comes), so delivery order never changes the outcome. What a device has seen of each peer — the
 * highest sequence number and its hash — is remembered (`Heads`) and outlives compaction: a folder
 * that later shows that peer further back (an older device file restored, the newest segments
 * deleted) is a rollback.
 */
export type Head = { seq: number; hash: string | null };
export type Heads = Record<string, Head>;

export type LinkVerdict =
  /** Consistent with everything known. */
  | 'ok'
  /** The same segment again (same range, same hash). */
  | 'duplicate'
  /** Contradicts a known neighbour or an earlier copy of the same range: a fork or a splice. */
  | 'broken';

export class ChainCheck {
  /** device → `to` → hash of the segment ending there */
  private readonly ends = new Map<string, Map<number, string>>();
  /** device → `from` → the prev hash the segment starting there names */
  private readonly starts = new Map<string, Map<number, string | null>>();
  /** device → `from` → its range end, to tell a duplicate from a different range */
  private readonly ranges = new Map<string, Map<number, { to: number; hash: string }>>();
  private readonly heads: Heads;

  constructor(heads: Heads = {}) {
    this.heads = structuredClone(heads);
    for (const [device, head] of Object.entries(heads)) {
      if (head.hash) this.endsOf(device).set(head.seq, head.hash);
    }
  }

  private endsOf(device: string) {
    let map = this.ends.get(device);
    if (!map) this.ends.set(device, (map = new Map()));
    return map;
  }

  private startsOf(device: string) {
    let map = this.starts.get(device);
    if (!map) this.starts.set(device, (map = new Map()));
    return map;
  }

  private rangesOf(device: string) {
    let map = this.ranges.get(device);
    if (!map) this.ranges.set(device, (map = new Map()));
    return map;
  }

  /**
   * Check one segment against what is known, and remember it when it fits. `prev` is null for the
   * first segment of a device key (its registration says from which number it signs).
   */
  link(device: string, from: number, to: number, prev: string | null, hash: string): LinkVerdict {
    const seen = this.rangesOf(device).get(from);
    if (seen) return seen.to === to && seen.hash === hash ? 'duplicate' : 'broken';
    const ends = this.endsOf(device);
    const before = ends.get(from - 1);
    if (prev !== null && before !== undefined && before !== prev) return 'broken';
    const knownEnd = ends.get(to);
    if (knownEnd !== undefined && knownEnd !== hash) return 'broken';
    const after = this.startsOf(device).get(to + 1);
    if (after !== undefined && after !== null && after !== hash) return 'broken';
    this.rangesOf(device).set(from, { to, hash });
    this.startsOf(device).set(from, prev);
    ends.set(to, hash);
    const head = this.heads[device];
    if (!head || to > head.seq) this.heads[device] = { seq: to, hash };
    return 'ok';
  }

  /** A signed statement of a device's head (its device file), remembered when it is the highest. */
  claim(device: string, seq: number, hash: string | null): 'ok' | 'rollback' {
    const head = this.heads[device];
    if (head && seq < head.seq) return 'rollback';
    if (!head || seq > head.seq) {
      this.heads[device] = { seq, hash };
      if (hash && !this.endsOf(device).has(seq)) this.endsOf(device).set(seq, hash);
    }
    return 'ok';
  }

  /** The highest sequence number seen from a device (0 when none). */
  seen(device: string): number {
    return this.heads[device]?.seq ?? 0;
  }

  snapshot(): Heads {
    return structuredClone(this.heads);
  }
}
