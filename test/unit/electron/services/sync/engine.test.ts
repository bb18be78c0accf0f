import * as nodeFs from 'node:fs/promises';
import {
  cp,
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  rename,
  rm,
  symlink,
  truncate,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createSpace,
  joinSpace,
  openEngine,
  type SyncEngine,
  type SyncOptions,
} from '../../../../../electron/services/sync/engine';
import type { SyncFs } from '../../../../../electron/services/sync/files';
import { fromBase64, newKdfParams, openSpaceKeys } from '../../../../../shared/sync/crypto';
import { SyncError } from '../../../../../shared/sync/errors';
import { openDeviceKeys, signBytes, type DeviceSecret } from '../../../../../shared/sync/identity';
import { encodeSegment, openFrame, readFrame } from '../../../../../shared/sync/segment';
import { encodeHlc } from '../../../../../shared/sync/hlc';
import { applyOps, stateToOps, type RecordState, type SyncOp } from '../../../../../shared/sync/merge';

const PASS = 'Trois petits chats 2026!';
const NOW = Date.UTC(2026, 10, 29, 10, 0, 0);
/** Cheap but valid Argon2id parameters, so each test derives in ~0.1 s. */
const kdf = async () => newKdfParams('argon2id', { memoryKiB: 19_456, iterations: 1 });

let root: string;
let folder: string;
let counter = 0;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'rgpd-sync-'));
  folder = join(root, 'shared');
  await mkdir(folder);
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

function options(deviceId: string, extra: Partial<SyncOptions> = {}): SyncOptions {
  return {
    folder,
    localDir: join(root, `local-${deviceId}-${counter++}`),
    deviceId,
    label: `PC ${deviceId}`,
    kdf,
    now: () => NOW,
    ...extra,
  };
}

function ops(deviceId: string, count: number, start = 0, wall = NOW): SyncOp[] {
  return Array.from({ length: count }, (_, index) => ({
    hlc: encodeHlc({ wall, counter: start + index, device: deviceId }),
    deviceId,
    entity: 'subject',
    entityId: `s${start + index}`,
    op: 'create' as const,
    fields: { name: `Dupont ${start + index}`, email: `dupont${start + index}@exemple.fr` },
  }));
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(dir.length + 1))
    .sort();
}

async function failure(promise: Promise<unknown>): Promise<SyncError> {
  const error = await promise.then(
    () => new Error('expected a failure'),
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(SyncError);
  return error as SyncError;
}

const readFrameHeader = (bytes: Uint8Array) => readFrame(bytes).header as { epoch: string };
const codes = (problems: { code: string }[]) => problems.map((p) => p.code).sort();
const devDir = (deviceId: string) => join(folder, 'RGPD-Desk', 'devices', deviceId);

/** Join, then let a member register the new device (its files are accepted from then on). */
async function joinBy(deviceId: string, by: SyncEngine, extra: Partial<SyncOptions> = {}, pass = PASS) {
  const joined = await joinSpace(options(deviceId, extra), pass);
  await by.pullSince({});
  return joined;
}

async function pair(): Promise<{ a: SyncEngine; b: SyncEngine }> {
  const a = await createSpace(options('devA'), PASS);
  const b = await joinBy('devB', a);
  return { a, b };
}

describe('sync space: create, join, push, pull', () => {
  it('moves ops from one device to another; the folder holds only ciphertext and neutral names', async () => {
    const { a, b } = await pair();
    const pushed = await a.pushSegment(ops('devA', 3));
    expect(pushed).toMatchObject({ queued: [1, 3], sent: 1, error: null });

    const pulled = await b.pullSince({});
    expect(pulled.ops).toEqual(ops('devA', 3));
    expect(pulled.cursor).toEqual({ devA: [[1, 3]] });
    expect(pulled.problems).toEqual([]);
    expect((await b.pullSince(pulled.cursor)).ops).toEqual([]);

    const files = await filesUnder(join(folder, 'RGPD-Desk'));
    expect(files.map((file) => file.replace(/[0-9a-f]{16}/g, 'KEYID'))).toEqual([
      'devices/devA/device.rgd',
      'devices/devA/seg-1-3.rgs',
      'devices/devB/device.rgd',
      'keys/epoch-1-devA.json',
      'registry/devB-KEYID-by-devA.json',
      'registry/devB-KEYID.req',
      'space.json',
    ]);
    for (const file of files) {
      const text = (await readFile(join(folder, 'RGPD-Desk', file))).toString('latin1');
      expect(text).not.toContain('Dupont');
      expect(text).not.toContain('exemple.fr');
      expect(text).not.toContain('PC devA');
    }
  });

  it('a wrong passphrase is a clear error and joins nothing', async () => {
    await createSpace(options('devA'), PASS);
    const joining = options('devB');
    const error = await failure(joinSpace(joining, 'trois petits chats 2026!'));
    expect(error.code).toBe('wrong_passphrase');
    expect(error.message).toBe('sync.errors.wrongPassphrase');
    await expect(readdir(joining.localDir)).rejects.toThrow();
    expect(await readdir(join(folder, 'RGPD-Desk', 'devices'))).toEqual(['devA']);
  });

  it('refuses a weak passphrase, a second space in one folder, and a folder that does not exist', async () => {
    expect((await failure(createSpace(options('devA'), 'azerty123'))).code).toBe('weak_passphrase');
    await createSpace(options('devA'), PASS);
    expect((await failure(createSpace(options('devC'), PASS))).code).toBe('space_exists');
    expect((await failure(createSpace(options('devD', { folder: join(root, 'nope') }), PASS))).code).toBe(
      'folder_missing',
    );
    expect((await failure(joinSpace(options('devD', { folder: join(root, 'nope') }), PASS))).code).toBe(
      'folder_missing',
    );
  });

  it('changing the passphrase starts a new key epoch; earlier files stay as they are and readable', async () => {
    const { a, b } = await pair();
    await a.pushSegment(ops('devA', 2));
    const segment = join(devDir('devA'), 'seg-1-2.rgs');
    const before = await readFile(segment);
    const NEXT = 'Un nouveau mot de passe, bien long';
    await a.changePassphrase(PASS, NEXT);
    expect(await readFile(segment)).toEqual(before);
    expect(await readdir(join(folder, 'RGPD-Desk', 'keys'))).toEqual([
      'epoch-1-devA.json',
      'epoch-2-devA.json',
    ]);
    expect((await failure(joinSpace(options('devC'), PASS))).code).toBe('wrong_passphrase');
    await a.pushSegment(ops('devA', 1, 2));
    const third = readFrameHeader(await readFile(join(devDir('devA'), 'seg-3-3.rgs')));
    expect(third.epoch).toBe('2-devA');
    const c = await joinBy('devC', a, {}, NEXT);
    expect((await c.pullSince({})).ops).toHaveLength(3);
    // B was a member when the key changed: the new key was wrapped for it.
    expect((await b.pullSince({})).ops).toHaveLength(3);
    expect((await failure(a.changePassphrase(PASS, 'whatever it is now, long'))).code).toBe(
      'wrong_passphrase',
    );
  });

  it('resumes after a restart with the same numbering and no passphrase', async () => {
    const first = options('devA');
    const a = await createSpace(first, PASS);
    await a.pushSegment(ops('devA', 2));
    const again = await openEngine(first);
    expect((await again.pushSegment(ops('devA', 1, 2))).queued).toEqual([3, 3]);
    const b = await joinSpace(options('devB'), PASS);
    expect((await b.pullSince({})).cursor).toEqual({ devA: [[1, 3]] });
    expect((await failure(openEngine(options('devZ')))).code).toBe('not_joined');
  });

  it('a device rejoining under its old id continues its numbering', async () => {
    const { a, b } = await pair();
    await a.pushSegment(ops('devA', 4));
    await b.acknowledge((await b.pullSince({})).cursor);
    await a.leave();
    const rejoined = await joinSpace(options('devA'), PASS);
    expect((await rejoined.pushSegment(ops('devA', 1, 10))).queued).toEqual([5, 5]);
    const pulled = await b.pullSince({ devA: [[1, 4]] });
    expect(pulled.ops.map((op) => op.entityId)).toEqual(['s10']);
    expect(codes(pulled.problems)).toEqual([]);
  });
});

describe('sync faults', () => {
  it('a truncated segment is not applied until it is complete', async () => {
    const { a, b } = await pair();
    await a.pushSegment(ops('devA', 2));
    await a.pushSegment(ops('devA', 2, 2));
    const second = join(devDir('devA'), 'seg-3-4.rgs');
    const whole = await readFile(second);
    for (const cut of [3, 12, 60, whole.length - 1]) {
      await writeFile(second, whole.subarray(0, cut));
      const pulled = await b.pullSince({});
      expect(pulled.ops.map((op) => op.entityId)).toEqual(['s0', 's1']);
      expect(pulled.cursor).toEqual({ devA: [[1, 2]] });
      expect(pulled.problems).toEqual([
        expect.objectContaining({ code: 'segment_incomplete', deviceId: 'devA', from: 3, to: 4 }),
      ]);
    }
    await writeFile(second, whole);
    const pulled = await b.pullSince({ devA: [[1, 2]] });
    expect(pulled.ops.map((op) => op.entityId)).toEqual(['s2', 's3']);
    expect(pulled.problems).toEqual([]);
  });

  it('a damaged segment (same length, altered byte) is refused as corrupt', async () => {
    const { a, b } = await pair();
    await a.pushSegment(ops('devA', 2));
    const file = join(devDir('devA'), 'seg-1-2.rgs');
    const bytes = await readFile(file);
    // In the encrypted body (the last 64 bytes are the signature).
    bytes.writeUInt8(bytes.readUInt8(bytes.length - 70) ^ 0xff, bytes.length - 70);
    await writeFile(file, bytes);
    const pulled = await b.pullSince({});
    expect(pulled.ops).toEqual([]);
    expect(codes(pulled.problems)).toEqual(['segment_corrupt']);
  });

  it('ignores and reports conflicted copies made by sync clients', async () => {
    const { a, b } = await pair();
    await a.pushSegment(ops('devA', 2));
    const original = join(devDir('devA'), 'seg-1-2.rgs');
    const copies = [
      'seg-1-2 (conflicted copy 2026-11-29).rgs',
      "seg-1-2 (Marie's conflicted copy 2026-11-29).rgs",
      'seg-1-2.sync-conflict-20261129-101010-ABCDEFG.rgs',
      'seg-1-2-LAPTOP-MARIE.rgs',
      'seg-1-2 (1).rgs',
      'device (conflicted copy 2026-11-29 101010).rgd',
    ];
    for (const name of copies) await cp(original, join(devDir('devA'), name));
    // Work in progress and OS clutter are skipped silently.
    await writeFile(join(devDir('devA'), '.seg-3-4.rgs.1234.tmp'), 'partial');
    await writeFile(join(devDir('devA'), '.syncthing.seg-3-4.rgs.tmp'), 'partial');
    await writeFile(join(devDir('devA'), 'desktop.ini'), '');
    const pulled = await b.pullSince({});
    expect(pulled.ops).toHaveLength(2);
    expect(
      pulled.problems.filter((p) => p.code === 'conflicted_copy').map((p) => p.file?.split('/')[2]),
    ).toEqual([...copies].sort());
    expect(codes(pulled.problems)).toEqual(copies.map(() => 'conflicted_copy'));
  });

  it('a segment deleted by a user is reported, the rest continues, and its device puts it back', async () => {
    const { a, b } = await pair();
    for (let i = 0; i < 3; i += 1) await a.pushSegment(ops('devA', 2, i * 2));
    await rm(join(devDir('devA'), 'seg-3-4.rgs'));
    const pulled = await b.pullSince({});
    expect(pulled.ops.map((op) => op.entityId)).toEqual(['s0', 's1', 's4', 's5']);
    expect(pulled.cursor).toEqual({
      devA: [
        [1, 2],
        [5, 6],
      ],
    });
    expect(pulled.problems).toEqual([
      expect.objectContaining({ code: 'segment_missing', deviceId: 'devA', from: 3, to: 4 }),
    ]);

    const flushed = await a.flush();
    expect(flushed.sent).toBe(1);
    expect(flushed.problems).toEqual([expect.objectContaining({ code: 'segment_restored', from: 3, to: 4 })]);
    const healed = await b.pullSince(pulled.cursor);
    expect(healed.ops.map((op) => op.entityId)).toEqual(['s2', 's3']);
    expect(healed.cursor).toEqual({ devA: [[1, 6]] });
    expect(healed.problems).toEqual([]);
  });

  it('refuses a segment of an unknown format version and carries on with the others', async () => {
    const { a, b } = await pair();
    await a.pushSegment(ops('devA', 2));
    await a.pushSegment(ops('devA', 2, 2));
    const file = join(devDir('devA'), 'seg-1-2.rgs');
    const bytes = await readFile(file);
    bytes.writeUInt16BE(3, 4);
    await writeFile(file, bytes);
    const pulled = await b.pullSince({});
    expect(pulled.ops.map((op) => op.entityId)).toEqual(['s2', 's3']);
    expect(pulled.problems).toEqual([
      expect.objectContaining({
        code: 'segment_version',
        version: 3,
        from: 1,
        to: 2,
        message: 'sync.problems.segmentVersion',
      }),
    ]);
    expect(pulled.cursor).toEqual({ devA: [[3, 4]] });
  });

  it('detects two installs using the same device id (a cloned disk)', async () => {
    const { a } = await pair();
    await a.pushSegment(ops('devA', 2));
    // The clone has the same device id and database, but its own install.
    const clone = await joinSpace(options('devA'), PASS);
    await clone.pushSegment(ops('devA', 1, 2));
    const pushed = await a.pushSegment(ops('devA', 1, 3));
    expect(codes(pushed.problems)).toContain('duplicate_device');
    const seenByClone = await clone.pullSince({});
    expect(codes(seenByClone.problems)).toContain('duplicate_device');
  });

  it('reports clock skew over five minutes, not under', async () => {
    const hour = 3600_000;
    const ahead = await createSpace(options('devA', { now: () => NOW + hour }), PASS);
    const b = await joinBy('devB', ahead);
    const slightly = await joinBy('devD', ahead, { now: () => NOW + 60_000 });
    await ahead.pushSegment(ops('devA', 1, 0, NOW + hour));
    await slightly.pushSegment(ops('devD', 1, 0, NOW + 60_000));
    const pulled = await b.pullSince({});
    expect(pulled.ops).toHaveLength(2);
    expect(pulled.problems).toEqual([
      expect.objectContaining({ code: 'clock_skew', deviceId: 'devA', skewMs: hour }),
    ]);

    // A device a day behind whose HLC was pulled forward by the others: its file shows the gap.
    const behind = await joinSpace(options('devC', { now: () => NOW - 24 * hour }), PASS);
    await behind.acknowledge({}, encodeHlc({ wall: NOW, counter: 0, device: 'devA' }));
    const seen = await b.pullSince(pulled.cursor);
    expect(seen.problems.map((p) => [p.code, p.deviceId, p.skewMs])).toEqual([
      ['clock_skew', 'devA', hour],
      ['clock_skew', 'devC', -24 * hour],
    ]);
  });

  it('queues changes while the folder is gone and sends them when it is back', async () => {
    const { a, b } = await pair();
    await a.pushSegment(ops('devA', 1));
    await rename(folder, `${folder}-away`);
    const pushed = await a.pushSegment(ops('devA', 2, 1));
    expect(pushed).toMatchObject({
      queued: [2, 3],
      sent: 0,
      error: { code: 'folder_missing', message: 'sync.errors.folderMissing' },
    });
    const second = await a.pushSegment(ops('devA', 1, 3));
    expect(second.queued).toEqual([4, 4]);
    expect((await a.status()).pendingOps).toBe(3);
    expect((await a.status()).error?.code).toBe('folder_missing');
    expect((await failure(b.pullSince({}))).code).toBe('folder_missing');
    // A folder that comes back empty (unmounted share) is not written to: the space file is missing.
    await mkdir(folder);
    expect((await failure(a.flush())).code).toBe('space_missing');
    await rm(folder, { recursive: true });

    await rename(`${folder}-away`, folder);
    expect((await a.flush()).sent).toBe(2);
    expect((await a.status()).pendingOps).toBe(0);
    const pulled = await b.pullSince({});
    expect(pulled.ops.map((op) => op.entityId)).toEqual(['s0', 's1', 's2', 's3']);
  });

  it('a full disk is a clear error, leaves no partial file, and nothing is lost', async () => {
    let full = true;
    const fullDisk: SyncFs = {
      ...nodeFs,
      open: (async (path: string, flags?: string, mode?: number) => {
        const handle = await nodeFs.open(path, flags, mode);
        if (!full || !String(path).startsWith(folder) || flags !== 'wx') return handle;
        return new Proxy(handle, {
          get(target, key) {
            if (key === 'writeFile') {
              return async (data: Uint8Array) => {
                await target.writeFile(data.subarray(0, 10));
                throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
              };
            }
            const value = Reflect.get(target, key) as unknown;
            return typeof value === 'function'
              ? (value as (...args: unknown[]) => unknown).bind(target)
              : value;
          },
        });
      }) as SyncFs['open'],
    };
    full = false;
    const a = await createSpace(options('devA', { fs: fullDisk }), PASS);
    const b = await joinSpace(options('devB'), PASS);
    full = true;
    const pushed = await a.pushSegment(ops('devA', 2));
    expect(pushed).toMatchObject({
      queued: [1, 2],
      error: { code: 'disk_full', message: 'sync.errors.diskFull' },
    });
    expect(await readdir(devDir('devA'))).toEqual(['device.rgd']);
    expect((await b.pullSince({})).ops).toEqual([]);

    full = false;
    expect((await a.flush()).sent).toBe(1);
    expect((await b.pullSince({})).ops).toHaveLength(2);
  });

  it('a full local disk refuses the ops outright (nothing queued, numbering unchanged)', async () => {
    const localFull: SyncFs = {
      ...nodeFs,
      open: (async (path: string, flags?: string, mode?: number) => {
        if (String(path).includes('outbox') && flags === 'wx') {
          throw Object.assign(new Error('ENOSPC'), { code: 'ENOSPC' });
        }
        return nodeFs.open(path, flags, mode);
      }) as SyncFs['open'],
    };
    const a = await createSpace(options('devA', { fs: localFull }), PASS);
    expect((await failure(a.pushSegment(ops('devA', 2)))).code).toBe('disk_full');
    const b = await joinSpace(options('devB'), PASS);
    expect((await b.pullSince({})).ops).toEqual([]);
  });
});

describe('snapshots and compaction', () => {
  it('compacts only what every device has acknowledged and a snapshot holds; a new device joins from it', async () => {
    const { a, b } = await pair();
    await a.pushSegment(ops('devA', 3));
    await a.pushSegment([
      { ...ops('devA', 1, 3)[0]!, op: 'update', entityId: 's0', fields: { name: 'Durand' } },
    ]);
    await b.pushSegment(ops('devB', 2));

    // A's state: its own ops and what it pulled from B.
    const stateA = new Map<string, RecordState>();
    applyOps(stateA, [
      ...ops('devA', 3),
      { ...ops('devA', 1, 3)[0]!, op: 'update', entityId: 's0', fields: { name: 'Durand' } },
    ]);
    const pulledByA = await a.pullSince({});
    applyOps(stateA, pulledByA.ops);
    await a.acknowledge(pulledByA.cursor);

    // Nothing acknowledged by B yet, and no snapshot: nothing goes.
    expect(await a.compact()).toEqual({ removed: [], waitingFor: ['devB'] });
    const pulledByB = await b.pullSince({});
    await b.acknowledge(pulledByB.cursor);
    expect((await a.compact()).removed).toEqual([]);

    const snapshotOps = [...stateA.entries()].flatMap(([key, state]) => {
      const [entity, entityId] = key.split('/') as [string, string];
      return stateToOps(entity, entityId, state);
    });
    await a.writeSnapshot(snapshotOps, pulledByA.cursor);
    expect(await a.compact()).toEqual({
      removed: [
        [1, 3],
        [4, 4],
      ],
      waitingFor: [],
    });
    expect(await readdir(devDir('devA'))).toEqual(['device.rgd']);

    // A device joining later gets A's compacted ops from the snapshot, B's from its segments.
    const c = await joinBy('devC', a);
    const pulledByC = await c.pullSince({});
    expect(pulledByC.problems).toEqual([]);
    expect(pulledByC.cursor).toEqual({ devA: [[1, 4]], devB: [[1, 2]] });
    const stateC = new Map<string, RecordState>();
    applyOps(stateC, pulledByC.ops);
    expect([...stateC.entries()].sort()).toEqual([...stateA.entries()].sort());
    // B, already up to date, is not sent anything again.
    expect((await b.pullSince(pulledByB.cursor)).ops).toEqual([]);
  });

  it('a device that has not acknowledged holds compaction back', async () => {
    const { a } = await pair();
    await a.pushSegment(ops('devA', 2));
    await a.writeSnapshot(ops('devA', 2), {});
    expect(await a.compact()).toEqual({ removed: [], waitingFor: ['devB'] });
    expect(await readdir(devDir('devA'))).toContain('seg-1-2.rgs');
  });

  it('a device that left no longer holds it back, and its segments stay for the others', async () => {
    const { a, b } = await pair();
    await b.pushSegment(ops('devB', 2));
    await a.pushSegment(ops('devA', 2));
    await a.writeSnapshot(ops('devA', 2), {});
    await b.leave();
    expect((await a.status()).devices.find((d) => d.deviceId === 'devB')?.left).toBe(true);
    expect(await a.compact()).toEqual({ removed: [[1, 2]], waitingFor: [] });
    expect((await a.pullSince({})).ops).toHaveLength(2);
    expect((await failure(openEngine(options('devB')))).code).toBe('not_joined');
  });
});

describe('attachments and status', () => {
  it('stores attachments encrypted under an opaque name and reads them back on another device', async () => {
    const { a, b } = await pair();
    const scan = new TextEncoder().encode('%PDF-1.4 formulaire signé par Mme Dupont');
    const name = await a.putAttachment(scan);
    expect(await a.putAttachment(scan)).toBe(name);
    const { createHash } = await import('node:crypto');
    const hash = createHash('sha256').update(scan).digest('hex');
    expect(name).toMatch(/^[0-9a-f]{64}$/);
    expect(name).not.toBe(hash);
    const stored = await readFile(join(folder, 'RGPD-Desk', 'attachments', `${name}.bin`));
    expect(stored.toString('latin1')).not.toContain('Dupont');
    expect(await b.getAttachment(hash)).toEqual(scan);
    expect((await failure(b.getAttachment('0'.repeat(64)))).code).toBe('attachment_missing');
  });

  it('lists the devices seen with their last activity', async () => {
    const { a } = await pair();
    const status = await a.status();
    expect(status.devices).toEqual([
      {
        deviceId: 'devA',
        label: 'PC devA',
        lastActivity: new Date(NOW).toISOString(),
        lastSeq: 0,
        self: true,
        left: false,
        removed: false,
      },
      {
        deviceId: 'devB',
        label: 'PC devB',
        lastActivity: new Date(NOW).toISOString(),
        lastSeq: 0,
        self: false,
        left: false,
        removed: false,
      },
    ]);
    expect(status.pendingOps).toBe(0);
    expect(status.error).toBeNull();
  });
});

/** A device's own keys, read from its local state (the tests' protector keeps them in the clear). */
async function secretsOf(
  localDir: string,
): Promise<{ device: DeviceSecret; epochs: Record<string, string> }> {
  const state = JSON.parse(await readFile(join(localDir, 'state.json'), 'utf8')) as { secrets: string };
  return JSON.parse(Buffer.from(state.secrets, 'base64').toString('utf8')) as {
    device: DeviceSecret;
    epochs: Record<string, string>;
  };
}

/** Peak resident memory of this process since the last reset (Linux), in bytes. */
async function peakRss(): Promise<number> {
  const status = await readFile('/proc/self/status', 'utf8');
  return Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1]) * 1024;
}

describe('a hostile folder', () => {
  it('a deleted newest segment with an older device file restored is reported as a rollback', async () => {
    const { a, b } = await pair();
    await a.pushSegment(ops('devA', 2));
    const info = join(devDir('devA'), 'device.rgd');
    const older = await readFile(info);
    await a.pushSegment(ops('devA', 2, 2));
    // Someone deletes the newest segment before B sees it: B sees only A's word that it exists.
    await rm(join(devDir('devA'), 'seg-3-4.rgs'));
    const first = await b.pullSince({});
    expect(first.ops.map((op) => op.entityId)).toEqual(['s0', 's1']);
    // …then puts back A's older device file, as if A had never gone past no. 2.
    await writeFile(info, older);
    const pulled = await b.pullSince(first.cursor);
    expect(pulled.problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ code: 'rollback', deviceId: 'devA', from: 2, to: 4 }),
        expect.objectContaining({ code: 'segment_missing', deviceId: 'devA', from: 3, to: 4 }),
      ]),
    );
    // A notices its segment is gone and sends it again; B gets the change.
    expect((await a.flush()).problems).toEqual([expect.objectContaining({ code: 'segment_restored' })]);
    const healed = await b.pullSince(pulled.cursor);
    expect(healed.ops.map((op) => op.entityId)).toEqual(['s2', 's3']);
    expect(healed.problems).toEqual([]);
  });

  it('a newest segment announced by its device and then deleted is reported missing at the next pass', async () => {
    const { a, b } = await pair();
    await a.pushSegment(ops('devA', 2));
    await a.pushSegment(ops('devA', 2, 2));
    await rm(join(devDir('devA'), 'seg-3-4.rgs'));
    // First seen: maybe still on its way.
    const first = await b.pullSince({});
    expect(first.problems).toEqual([]);
    const again = await b.pullSince(first.cursor);
    expect(again.problems).toEqual([
      expect.objectContaining({ code: 'segment_missing', deviceId: 'devA', from: 3, to: 4 }),
    ]);
  });

  it('a folder, a link to /dev/zero and an 800 MB file named like segments: one problem each, the rest applied, memory bounded', async () => {
    const { a, b } = await pair();
    await a.pushSegment(ops('devA', 2));
    await a.pushSegment(ops('devA', 2, 2));
    await mkdir(join(devDir('devA'), 'seg-10-10.rgs'));
    await symlink('/dev/zero', join(devDir('devA'), 'seg-11-11.rgs'));
    const big = join(devDir('devA'), 'seg-12-12.rgs');
    await writeFile(big, '');
    await truncate(big, 800 * 1024 * 1024);
    await symlink('/dev/zero', join(devDir('devB'), 'device.rgd.link'));
    // The peak resident memory restarts from here (Linux: 5 → clear_refs resets VmHWM).
    await writeFile('/proc/self/clear_refs', '5');
    for (let pass = 0; pass < 3; pass += 1) {
      const pulled = await b.pullSince({});
      expect(pulled.ops.map((op) => op.entityId)).toEqual(['s0', 's1', 's2', 's3']);
      expect(pulled.cursor).toEqual({ devA: [[1, 4]] });
      expect(
        pulled.problems
          .filter((p) => p.deviceId === 'devA')
          .map((p) => [p.code, p.file])
          .sort(),
      ).toEqual([
        ['file_refused', 'devices/devA/seg-10-10.rgs'],
        ['file_refused', 'devices/devA/seg-11-11.rgs'],
        ['file_too_large', 'devices/devA/seg-12-12.rgs'],
      ]);
    }
    expect(await peakRss()).toBeLessThan(300 * 1024 * 1024);
  });

  it('a device file or a device folder that is a link is refused, not followed', async () => {
    const { a, b } = await pair();
    await a.pushSegment(ops('devA', 1));
    await rm(join(devDir('devB'), 'device.rgd'));
    await symlink('/dev/zero', join(devDir('devB'), 'device.rgd'));
    await symlink('/etc', join(folder, 'RGPD-Desk', 'devices', 'devZ'));
    const pulled = await a.pullSince({});
    expect(codes(pulled.problems)).toEqual(['file_refused', 'file_refused']);
    expect((await b.pullSince({})).ops).toHaveLength(1);
  });

  it('a segment forged by another member under this device’s id is refused and reported', async () => {
    const first = options('devA');
    const a = await createSpace(first, PASS);
    const bOptions = options('devB');
    await joinSpace(bOptions, PASS);
    await a.pullSince({});
    const c = await joinBy('devC', a);
    await a.pushSegment(ops('devA', 2));

    // B holds the space key and its own signing key, and writes "A's" segment no. 3.
    const stolen = await secretsOf(bOptions.localDir);
    const keysOfB = await openDeviceKeys(stolen.device);
    const keysOfA = await openDeviceKeys((await secretsOf(first.localDir)).device);
    const [epoch, raw] = Object.entries(stolen.epochs)[0]!;
    const content = (await openSpaceKeys(fromBase64(raw))).content;
    const forged = { ...ops('devA', 1, 2)[0]!, fields: { name: 'Faux', email: 'faux@exemple.fr' } };
    const spaceId = a.spaceId;
    for (const [name, keyId] of [
      ['seg-3-3.rgs', keysOfB.keyId], // names its real signer, not registered for devA
      ['seg-4-4.rgs', keysOfA.keyId], // names A's key, but B signed it
    ] as const) {
      const seq = name === 'seg-3-3.rgs' ? 3 : 4;
      const bytes = await encodeSegment(
        content,
        { spaceId, deviceId: 'devA', installNonce: 'x', epoch, keyId, from: seq, to: seq, prev: null },
        [forged],
        (data) => signBytes(keysOfB, data),
      );
      await writeFile(join(devDir('devA'), name), bytes);
    }
    const pulled = await c.pullSince({});
    expect(pulled.ops.map((op) => op.entityId)).toEqual(['s0', 's1']);
    expect(pulled.problems.map((p) => [p.code, p.file])).toEqual([
      ['signature_invalid', 'devices/devA/seg-3-3.rgs'],
      ['signature_invalid', 'devices/devA/seg-4-4.rgs'],
    ]);
    expect(pulled.cursor).toEqual({ devA: [[1, 2]] });
  });

  it('a segment whose chain does not follow the one before it is refused', async () => {
    const first = options('devA');
    const a = await createSpace(first, PASS);
    const b = await joinBy('devB', a);
    await a.pushSegment(ops('devA', 2));
    await a.pushSegment(ops('devA', 1, 2));
    // A copy of A's own keys (a cloned disk) signs another no. 3 that does not follow no. 2.
    const secrets = await secretsOf(first.localDir);
    const keysOfA = await openDeviceKeys(secrets.device);
    const [epoch, raw] = Object.entries(secrets.epochs)[0]!;
    const content = (await openSpaceKeys(fromBase64(raw))).content;
    const third = join(devDir('devA'), 'seg-3-3.rgs');
    const genuine = await readFile(third);
    const spliced = await encodeSegment(
      content,
      {
        spaceId: a.spaceId,
        deviceId: 'devA',
        installNonce: 'x',
        epoch,
        keyId: keysOfA.keyId,
        from: 3,
        to: 3,
        prev: 'f'.repeat(64),
      },
      ops('devA', 1, 7),
      (data) => signBytes(keysOfA, data),
    );
    await writeFile(third, spliced);
    const pulled = await b.pullSince({});
    expect(pulled.ops.map((op) => op.entityId)).toEqual(['s0', 's1']);
    expect(codes(pulled.problems)).toEqual(['chain_broken']);
    await writeFile(third, genuine);
    expect((await b.pullSince(pulled.cursor)).ops.map((op) => op.entityId)).toEqual(['s2']);
  });
});

describe('the space file', () => {
  it('a space.json rewritten with another root key is refused by the devices that joined it', async () => {
    const { a, b } = await pair();
    await a.pushSegment(ops('devA', 1));
    const path = join(folder, 'RGPD-Desk', 'space.json');
    const space = JSON.parse(await readFile(path, 'utf8')) as { root: { keyId: string } };
    await writeFile(path, JSON.stringify({ ...space, root: { ...space.root, keyId: 'f'.repeat(16) } }));
    expect((await failure(b.pullSince({}))).code).toBe('space_mismatch');
    expect((await a.pushSegment(ops('devA', 1, 1))).error?.code).toBe('space_mismatch');
  });
});

describe('removing a device', () => {
  it('a removed device reads nothing written after, cannot rejoin with the old passphrase, and the others converge', async () => {
    const { a, b } = await pair();
    const cOptions = options('devC');
    const c = await joinSpace(cOptions, PASS);
    await a.pullSince({});
    await a.pushSegment(ops('devA', 2));
    expect((await c.pullSince({})).ops).toHaveLength(2);

    const NEXT = 'Une autre phrase pour ceux qui restent';
    await b.removeDevice('devC', NEXT);
    expect((await a.status()).devices.find((d) => d.deviceId === 'devC')?.removed).toBe(true);
    // A learns the new key from B's epoch document at its next pass, then writes with it.
    await a.pullSince({});
    await a.pushSegment(ops('devA', 2, 2));
    const later = await readFile(join(devDir('devA'), 'seg-3-4.rgs'));
    expect(readFrameHeader(later).epoch).toBe('2-devB');

    // C, with every key it ever held, cannot open it.
    const held = await secretsOf(cOptions.localDir);
    expect(Object.keys(held.epochs)).toEqual(['1-devA']);
    for (const raw of Object.values(held.epochs)) {
      const content = (await openSpaceKeys(fromBase64(raw))).content;
      await expect(openFrame(content, readFrame(later))).rejects.toThrow();
    }
    const seenByC = await c.pullSince({ devA: [[1, 2]] });
    expect(seenByC.ops).toEqual([]);
    expect(codes(seenByC.problems)).toContain('removed_from_space');
    expect((await failure(joinSpace(options('devC'), PASS))).code).toBe('wrong_passphrase');

    // What C writes from now on is refused by the others; B and A still converge.
    await c.pushSegment(ops('devC', 1));
    const pulledByB = await b.pullSince({});
    expect(pulledByB.ops.map((op) => [op.deviceId, op.entityId])).toEqual([
      ['devA', 's0'],
      ['devA', 's1'],
      ['devA', 's2'],
      ['devA', 's3'],
    ]);
    expect(codes(pulledByB.problems)).toContain('device_removed');
    await b.pushSegment(ops('devB', 1, 9));
    expect((await a.pullSince({})).ops.map((op) => op.entityId)).toEqual(['s9']);
    // A new device joins with the new passphrase and reads everything, old key and new.
    const d = await joinBy('devD', a, {}, NEXT);
    expect((await d.pullSince({})).ops.map((op) => op.entityId).sort()).toEqual([
      's0',
      's1',
      's2',
      's3',
      's9',
    ]);
  });
});
