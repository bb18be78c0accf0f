/**
 * The audit log in an archive against the checkpoints signed for it: a log cut short, or rewritten
 * and rehashed, verifies as a chain but not against its checkpoints.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCheckpointStore } from '../../../../../electron/services/audit/checkpoints';
import { verifyArchive, VERIFY_LIMITS } from '../../../../../electron/services/archive/verify';
import { EXIT, main } from '../../../../../electron/verify/cli';
import { sealAuditEntry, type AuditEntry } from '../../../../../shared/audit/chain';
import { CHECKPOINTS_FILE } from '../../../../../shared/audit/checkpoint';
import { METADATA, SAMPLE_PAYLOAD, writeBag, type PayloadFile } from './helpers';

const RANGE = { start: '2026-01-01T00:00:00.000Z', end: '2026-04-30T23:59:59.999Z' };

function chain(length: number, deviceId = 'dev1'): AuditEntry[] {
  const entries: AuditEntry[] = [];
  for (let seq = 1; seq <= length; seq += 1) {
    const at = new Date(Date.UTC(2026, 0, 2) + seq * 60_000).toISOString();
    entries.push(
      sealAuditEntry(entries.at(-1) ?? null, {
        id: `e${seq}`,
        deviceId,
        at,
        hlc: `${at}-0000-${deviceId}`,
        operatorId: 'op',
        action: 'subject.update',
        entity: 'subject',
        entityId: `s${seq % 7}`,
        fields: ['email'],
      }),
    );
  }
  return entries;
}

/** As the app writes data/audit-log.json: an array, one entry per line. */
const auditLogFile = (entries: readonly AuditEntry[]): PayloadFile => ({
  path: 'audit-log.json',
  bytes: Buffer.from(
    entries.length === 0 ? '[]\n' : `[\n${entries.map((entry) => JSON.stringify(entry)).join(',\n')}\n]\n`,
  ),
});

function rewrite(entries: readonly AuditEntry[], at: number): AuditEntry[] {
  const out: AuditEntry[] = [];
  for (const [index, entry] of entries.entries()) {
    const { hash: _hash, seq: _seq, prevHash: _prev, ...content } = entry;
    const changed = index + 1 === at ? { ...content, action: 'subject.create' } : content;
    out.push(index + 1 < at ? entry : sealAuditEntry(out.at(-1) ?? null, changed));
  }
  return out;
}

describe('the audit log in an archive, against its signed checkpoints', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'rgpd-anchor-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  /** A data folder whose store signed checkpoints at 600 and at the head of `signed`. */
  async function archiveOf(name: string, signed: readonly AuditEntry[], shipped: readonly AuditEntry[]) {
    const store = createCheckpointStore(join(dir, 'data'));
    for (const entry of [signed[599], signed.at(-1)]) {
      if (entry)
        await store.sign({ deviceId: entry.deviceId, seq: entry.seq, hash: entry.hash, entryAt: entry.at });
    }
    const checkpoints = `${JSON.stringify(await store.forArchive(RANGE))}\n`;
    const summary = await writeBag(
      join(dir, `${name}.zip`),
      [...SAMPLE_PAYLOAD, auditLogFile(shipped)],
      METADATA,
      4096,
      undefined,
      [[CHECKPOINTS_FILE, checkpoints]],
    );
    return summary;
  }

  const capture = async (argv: string[]) => {
    const out: string[] = [];
    const code = await main(argv, {
      out: (text) => out.push(text),
      err: (text) => out.push(text),
      env: { LANG: 'en_GB.UTF-8' },
    });
    return { code, out: out.join('\n') };
  };

  it('an intact log matches its checkpoints', async () => {
    const entries = chain(1300);
    const summary = await archiveOf('Intact', entries, entries);
    const verification = await verifyArchive(summary.path);
    expect(verification.problems).toEqual([]);
    expect(verification.audit).toMatchObject({ entries: 1300, devices: 1, checkpoints: 2 });
    const result = await capture(['--fingerprint', summary.fingerprint, summary.path]);
    expect(result.code).toBe(EXIT.valid);
    expect(result.out).toContain('[OK] Audit log against its signed checkpoints — 1300 entries');
  });

  it('a log cut short: "entries after no. 1,204 are missing"', async () => {
    const entries = chain(1300);
    const summary = await archiveOf('Cut', entries, entries.slice(0, 1204));
    const verification = await verifyArchive(summary.path, VERIFY_LIMITS);
    expect(verification.valid).toBe(false);
    expect(verification.problems).toEqual([
      { code: 'audit_truncated', path: 'data/audit-log.json', deviceId: 'dev1', seq: 1204, until: 1300 },
    ]);
    const result = await capture(['--fingerprint', summary.fingerprint, summary.path]);
    expect(result.code).toBe(EXIT.invalid);
    expect(result.out).toContain('entries after no. 1,204 are missing (a signed checkpoint saw no. 1,300)');
  });

  it('a log rewritten and rehashed: the chain holds, the checkpoints do not', async () => {
    const entries = chain(1300);
    const rewritten = rewrite(entries, 10);
    const summary = await archiveOf('Rewritten', entries, rewritten);
    const verification = await verifyArchive(summary.path);
    expect(verification.problems).toEqual([
      { code: 'audit_rewritten', path: 'data/audit-log.json', deviceId: 'dev1', seq: 600 },
      { code: 'audit_rewritten', path: 'data/audit-log.json', deviceId: 'dev1', seq: 1300 },
    ]);
  });

  it('an entry edited without rehashing, and one removed from the middle, are named', async () => {
    const entries = chain(700);
    const edited = entries.map((entry) => (entry.seq === 20 ? { ...entry, fields: ['name'] } : entry));
    const withoutOne = edited.filter((entry) => entry.seq !== 30);
    const summary = await archiveOf('Edited', entries, withoutOne);
    expect((await verifyArchive(summary.path)).problems).toEqual([
      { code: 'audit_broken', path: 'data/audit-log.json', deviceId: 'dev1', seq: 20 },
      { code: 'audit_gap', path: 'data/audit-log.json', deviceId: 'dev1', seq: 29, until: 31 },
    ]);
  });

  it('a checkpoint file whose signatures do not verify is itself a problem', async () => {
    const entries = chain(700);
    const store = createCheckpointStore(join(dir, 'data'));
    const last = entries.at(-1)!;
    await store.sign({ deviceId: 'dev1', seq: last.seq, hash: last.hash, entryAt: last.at });
    const carried = await store.forArchive(RANGE);
    // Someone moves the signed head back to hide a cut.
    const forged = {
      ...carried,
      devices: carried.devices.map((device) => ({
        ...device,
        checkpoints: device.checkpoints.map((checkpoint) => ({
          ...checkpoint,
          seq: 650,
          hash: entries[649]!.hash,
        })),
      })),
    };
    const summary = await writeBag(
      join(dir, 'Forged.zip'),
      [...SAMPLE_PAYLOAD, auditLogFile(entries.slice(0, 650))],
      METADATA,
      4096,
      undefined,
      [[CHECKPOINTS_FILE, JSON.stringify(forged)]],
    );
    expect((await verifyArchive(summary.path)).problems).toEqual([
      { code: 'bad_checkpoints', path: CHECKPOINTS_FILE, deviceId: 'dev1' },
    ]);
  });
});
