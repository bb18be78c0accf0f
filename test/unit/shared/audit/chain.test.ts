import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../../../shared/audit/canonical';
import {
  GENESIS_HASH,
  sealAuditEntry,
  verifyAuditChain,
  type AuditEntry,
} from '../../../../shared/audit/chain';

function chain(deviceId: string, n: number): AuditEntry[] {
  const entries: AuditEntry[] = [];
  for (let i = 0; i < n; i += 1) {
    entries.push(
      sealAuditEntry(entries.at(-1) ?? null, {
        id: `${deviceId}-${i}`,
        deviceId,
        at: `2026-01-01T00:00:0${i}.000Z`,
        hlc: `00000000000000${i}-000000-${deviceId}`,
        operatorId: 'op',
        action: 'subject.create',
        entity: 'subject',
        entityId: `s${i}`,
        fields: ['firstName', 'lastName'],
      }),
    );
  }
  return entries;
}

describe('canonical JSON', () => {
  it('sorts keys, drops undefined and has no whitespace', () => {
    expect(canonicalJson({ b: 1, a: [true, null, 'é'], c: undefined })).toBe('{"a":[true,null,"é"],"b":1}');
    expect(canonicalJson({ z: { y: 1, x: 2 } })).toBe('{"z":{"x":2,"y":1}}');
  });
  it('refuses values JSON cannot represent', () => {
    expect(() => canonicalJson(Number.NaN)).toThrow();
  });
});

describe('audit hash chain', () => {
  it('links each entry to the previous one', () => {
    const entries = chain('dev1', 3);
    expect(entries[0]?.prevHash).toBe(GENESIS_HASH);
    expect(entries[1]?.prevHash).toBe(entries[0]?.hash);
    expect(entries.map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(verifyAuditChain(entries)).toEqual({ ok: true, checked: 3, devices: 1 });
  });

  it('verifies interleaved chains of several devices', () => {
    const a = chain('a', 4);
    const b = chain('b', 3);
    expect(verifyAuditChain([b[2]!, a[0]!, a[3]!, b[0]!, a[1]!, b[1]!, a[2]!])).toMatchObject({
      ok: true,
      devices: 2,
    });
  });

  it('reports the first entry whose content was changed', () => {
    const entries = chain('dev1', 5);
    entries[2] = { ...entries[2]!, action: 'subject.delete' };
    expect(verifyAuditChain(entries)).toMatchObject({
      ok: false,
      firstBroken: { seq: 3, reason: 'hash_mismatch' },
    });
  });

  it('reports a removed entry and a re-sealed forgery', () => {
    const entries = chain('dev1', 5);
    expect(verifyAuditChain([...entries.slice(0, 2), ...entries.slice(3)])).toMatchObject({
      ok: false,
      firstBroken: { seq: 4, reason: 'missing_entry' },
    });
    const forged = { ...entries[1]!, fields: ['email'] };
    const resealed = sealAuditEntry(entries[0]!, forged);
    expect(verifyAuditChain([entries[0]!, resealed, ...entries.slice(2)])).toMatchObject({
      ok: false,
      firstBroken: { seq: 3, reason: 'broken_link' },
    });
  });
});
