import { describe, expect, it } from 'vitest';
import { sealAuditEntry, verifyAuditChain, type AuditEntry } from '../../../../shared/audit/chain';
import {
  AuditExcerptChecker,
  checkpointDigest,
  checkpointMessage,
  CHECKPOINT_GENESIS,
} from '../../../../shared/audit/checkpoint';

function chain(deviceId: string, n: number): AuditEntry[] {
  const entries: AuditEntry[] = [];
  for (let i = 1; i <= n; i += 1) {
    const at = new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString();
    entries.push(
      sealAuditEntry(entries.at(-1) ?? null, {
        id: `${deviceId}-${i}`,
        deviceId,
        at,
        hlc: `${at}-${deviceId}`,
        operatorId: 'op',
        action: 'consent.record',
        entity: 'consentEvent',
        entityId: `c${i}`,
        fields: ['decision'],
      }),
    );
  }
  return entries;
}

/** Edit entry `at` (1-based) and recompute every hash after it: what an attacker with the database does. */
function rewriteAndRehash(entries: readonly AuditEntry[], at: number): AuditEntry[] {
  const out: AuditEntry[] = [];
  for (const entry of entries) {
    if (entry.seq < at) {
      out.push(entry);
      continue;
    }
    const { hash: _h, seq: _s, prevHash: _p, ...content } = entry;
    out.push(
      sealAuditEntry(
        out.at(-1) ?? null,
        entry.seq === at ? { ...content, action: 'consent.delete' } : content,
      ),
    );
  }
  return out;
}

const anchor = (entry: AuditEntry) => ({
  deviceId: entry.deviceId,
  seq: entry.seq,
  hash: entry.hash,
  at: '2026-02-01T10:00:00.000Z',
});

describe('the chain verifier against signed checkpoints', () => {
  const entries = chain('dev1', 50);
  const checkpoints = [anchor(entries[19]!), anchor(entries[49]!)];

  it('without checkpoints, a cut or a rewritten and rehashed chain still verifies: the attacks', () => {
    expect(verifyAuditChain(entries.slice(0, 40)).ok).toBe(true);
    expect(verifyAuditChain(rewriteAndRehash(entries, 5)).ok).toBe(true);
  });

  it('with them, a chain shorter than its last checkpoint is "truncated" after its last entry', () => {
    expect(verifyAuditChain(entries.slice(0, 40), checkpoints)).toMatchObject({
      ok: false,
      firstBroken: { deviceId: 'dev1', seq: 40, reason: 'truncated', checkpoint: { seq: 50 } },
    });
    // Everything gone: the log stops at nothing.
    expect(verifyAuditChain([], checkpoints)).toMatchObject({
      ok: false,
      firstBroken: { seq: 0, reason: 'truncated' },
    });
  });

  it('and a rewritten chain differs from the first checkpoint at or after the change', () => {
    expect(verifyAuditChain(rewriteAndRehash(entries, 5), checkpoints)).toMatchObject({
      ok: false,
      firstBroken: { seq: 20, reason: 'checkpoint_mismatch', checkpoint: { seq: 20 } },
    });
    expect(verifyAuditChain(rewriteAndRehash(entries, 31), checkpoints)).toMatchObject({
      ok: false,
      firstBroken: { seq: 50, reason: 'checkpoint_mismatch' },
    });
  });

  it('an intact chain passes and says how it was anchored', () => {
    expect(verifyAuditChain([...entries, ...chain('dev2', 3)], checkpoints)).toEqual({
      ok: true,
      checked: 53,
      devices: 2,
      anchoring: { checkpoints: 2, devices: 1, latestAt: '2026-02-01T10:00:00.000Z' },
    });
  });
});

describe('an excerpt of the log (an archive period) against checkpoints', () => {
  const entries = chain('dev1', 30);
  const head = entries[29]!;
  const checkpoint = { deviceId: 'dev1', seq: 30, hash: head.hash, entryAt: head.at };
  const range = { start: entries[9]!.at, end: '2026-12-31T00:00:00.000Z' };
  const check = (excerpt: readonly AuditEntry[], points = [checkpoint]) => {
    const checker = new AuditExcerptChecker();
    for (const entry of [...excerpt].reverse()) checker.push(entry);
    return checker.result(points, range);
  };

  it('accepts a period that starts mid-chain', () => {
    expect(check(entries.slice(9))).toEqual([]);
  });

  it('names a cut tail, a rewrite, a gap and a broken entry', () => {
    expect(check(entries.slice(9, 25))).toEqual([
      { code: 'audit_truncated', deviceId: 'dev1', seq: 25, until: 30 },
    ]);
    expect(check(rewriteAndRehash(entries, 12).slice(9))).toEqual([
      { code: 'audit_rewritten', deviceId: 'dev1', seq: 30 },
    ]);
    expect(check(entries.slice(9).filter((entry) => entry.seq !== 15))).toEqual([
      { code: 'audit_gap', deviceId: 'dev1', seq: 14, until: 16 },
    ]);
    expect(
      check(entries.slice(9).map((entry) => (entry.seq === 12 ? { ...entry, entityId: 'x' } : entry))),
    ).toEqual([{ code: 'audit_broken', deviceId: 'dev1', seq: 12 }]);
  });

  it('ignores a checkpoint whose head was written outside the period', () => {
    const early = { ...checkpoint, seq: 5, hash: entries[4]!.hash, entryAt: entries[4]!.at };
    expect(check(entries.slice(9), [early])).toEqual([]);
  });
});

describe('checkpoint format', () => {
  it('signs a labelled canonical text and chains by its digest', () => {
    const checkpoint = {
      deviceId: 'dev1',
      seq: 3,
      hash: 'a'.repeat(64),
      entryAt: '2026-01-01T00:00:00.000Z',
      at: '2026-01-01T00:00:01.000Z',
      prev: CHECKPOINT_GENESIS,
    };
    expect(checkpointMessage(checkpoint)).toBe(
      `rgpd-desk audit checkpoint v1\n{"at":"2026-01-01T00:00:01.000Z","deviceId":"dev1","entryAt":"2026-01-01T00:00:00.000Z","hash":"${'a'.repeat(64)}","prev":"${CHECKPOINT_GENESIS}","seq":3}`,
    );
    expect(checkpointDigest(checkpoint)).toMatch(/^[0-9a-f]{64}$/);
    expect(checkpointDigest({ ...checkpoint, seq: 4 })).not.toBe(checkpointDigest(checkpoint));
  });
});
