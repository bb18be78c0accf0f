import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCheckpointStore } from '../../../../../electron/services/audit/checkpoints';
import type { KeySealer } from '../../../../../electron/services/archive/keys';

const hash = (n: number) => n.toString(16).padStart(64, '0');
const head = (seq: number, h = hash(seq)) => ({
  deviceId: 'dev1',
  seq,
  hash: h,
  entryAt: new Date(Date.UTC(2026, 4, 1, 0, 0, seq)).toISOString(),
});

/** A keystore that really transforms the bytes, so a raw seed cannot be read in the file. */
const fakeSealer: KeySealer = {
  available: () => true,
  seal: (plain) => Buffer.from(plain.map((byte) => byte ^ 0x5a)),
  unseal: (sealed) => Buffer.from(sealed.map((byte) => byte ^ 0x5a)),
};

describe('the audit checkpoint store', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'rgpd-checkpoints-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('signs only a head that moves forward and says why it refuses the others', async () => {
    const store = createCheckpointStore(dir);
    expect((await store.sign(head(0, '0'.repeat(64)))).status).toBe('unchanged');
    expect((await store.sign(head(5))).status).toBe('signed');
    expect((await store.sign(head(5))).status).toBe('unchanged');
    expect((await store.sign(head(5, hash(99)))).status).toBe('diverged');
    const behind = await store.sign(head(3));
    expect(behind.status).toBe('behind');
    expect(behind.latest?.seq).toBe(5);
    expect((await store.sign(head(9))).status).toBe('signed');
    const { checkpoints, invalid, key } = await store.list('dev1');
    expect(checkpoints.map((checkpoint) => checkpoint.seq)).toEqual([5, 9]);
    expect(invalid).toBe(0);
    expect(key?.protection).toBe('file');
    // Readable by this user only.
    expect((await stat(join(dir, 'audit', 'checkpoint-key.json'))).mode & 0o777).toBe(0o600);
    expect((await stat(join(dir, 'audit', 'checkpoints.jsonl'))).mode & 0o777).toBe(0o600);
    expect((await stat(join(dir, 'audit'))).mode & 0o777).toBe(0o700);
  });

  it('seals its key with the OS keystore when there is one, and reopens it', async () => {
    const store = createCheckpointStore(dir, { sealer: fakeSealer });
    await store.sign(head(1));
    const file = JSON.parse(await readFile(join(dir, 'audit', 'checkpoint-key.json'), 'utf8'));
    expect(file.protection).toBe('os');
    expect(file.seed).toBeUndefined();
    const again = createCheckpointStore(dir, { sealer: fakeSealer });
    expect((await again.sign(head(2))).status).toBe('signed');
    expect((await again.list()).invalid).toBe(0);
  });

  it('counts an edited checkpoint, and the one after a removed one, as invalid', async () => {
    const store = createCheckpointStore(dir);
    for (const seq of [1, 2, 3, 4]) await store.sign(head(seq));
    const file = join(dir, 'audit', 'checkpoints.jsonl');
    const lines = (await readFile(file, 'utf8')).trim().split('\n');
    const edited = lines[0]?.replace(hash(1), hash(7)) ?? '';
    await writeFile(file, `${[edited, lines[1], lines[3]].join('\n')}\n`);
    const listed = await createCheckpointStore(dir).list();
    // The edited one fails its signature; the second no longer follows a valid one; the fourth
    // follows the third, which is gone.
    expect(listed.checkpoints.map((checkpoint) => checkpoint.seq)).toEqual([]);
    expect(listed.invalid).toBe(3);
  });

  it('gives an archive every valid checkpoint, with the public key that checks them', async () => {
    const store = createCheckpointStore(dir);
    await store.sign(head(1));
    await store.sign({ ...head(1), deviceId: 'dev2' });
    const range = { start: '2026-01-01T00:00:00.000Z', end: '2026-12-31T23:59:59.999Z' };
    const carried = await store.forArchive(range);
    expect(carried.range).toEqual(range);
    expect(carried.devices.map((device) => [device.deviceId, device.checkpoints.length])).toEqual([
      ['dev1', 1],
      ['dev2', 1],
    ]);
    expect(carried.devices[0]?.fingerprint).toBe((await store.key()).fingerprint);
  });
});
