import { describe, expect, it } from 'vitest';
import { newWorkspaceKey, openSpaceKeys } from '../../../../shared/sync/crypto';
import {
  addRange,
  coversRange,
  mergeCursors,
  missingRanges,
  normaliseRanges,
} from '../../../../shared/sync/cursor';
import { encodeHlc } from '../../../../shared/sync/hlc';
import { newDeviceSecret, openDeviceKeys, signBytes, verifyBytes } from '../../../../shared/sync/identity';
import type { SyncOp } from '../../../../shared/sync/merge';
import {
  decodeSegment,
  decodeSnapshot,
  encodeSegment,
  encodeSnapshot,
  FrameError,
  readFrame,
} from '../../../../shared/sync/segment';

const meta = {
  spaceId: 'space-1',
  deviceId: 'dev1',
  installNonce: 'n1',
  epoch: '1-dev1',
  keyId: '0123456789abcdef',
  from: 11,
  to: 12,
  prev: 'a'.repeat(64),
};
const secret = await newDeviceSecret();
const device = await openDeviceKeys(secret);
const sign = (bytes: Uint8Array) => signBytes(device, bytes);
const ops: SyncOp[] = [0, 1].map((counter) => ({
  hlc: encodeHlc({ wall: 1_700_000_000_000, counter, device: 'dev1' }),
  deviceId: 'dev1',
  entity: 'subject',
  entityId: `s${counter}`,
  op: 'update',
  fields: { name: 'Élodie Martin' },
}));

async function frameError(promise: Promise<unknown>): Promise<FrameError> {
  const error = await promise.then(
    () => new Error('expected a failure'),
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(FrameError);
  return error as FrameError;
}

describe('segment format', () => {
  it('round-trips ops with a readable, personal-data-free header', async () => {
    const { content } = await openSpaceKeys(newWorkspaceKey());
    const bytes = await encodeSegment(content, meta, ops, sign);
    expect(new TextDecoder().decode(bytes.subarray(0, 4))).toBe('RGDS');
    expect(readFrame(bytes).header).toMatchObject({
      kind: 'segment',
      deviceId: 'dev1',
      from: 11,
      to: 12,
      count: 2,
    });
    expect(Buffer.from(bytes).toString('latin1')).not.toContain('Martin');
    expect(await decodeSegment(content, bytes)).toMatchObject({ ops });
  });

  it('ends with the device’s Ed25519 signature over everything before it', async () => {
    const { content } = await openSpaceKeys(newWorkspaceKey());
    const bytes = await encodeSegment(content, meta, ops, sign);
    const frame = readFrame(bytes);
    expect(frame.header.sigLength).toBe(64);
    expect(frame.signature).toHaveLength(64);
    expect(await verifyBytes(secret.signPublic, frame.signed, frame.signature)).toBe(true);
    const other = await newDeviceSecret();
    expect(await verifyBytes(other.signPublic, frame.signed, frame.signature)).toBe(false);
    const altered = new Uint8Array(frame.signed);
    altered[altered.length - 1]! ^= 1;
    expect(await verifyBytes(secret.signPublic, altered, frame.signature)).toBe(false);
  });

  it('tells an incomplete file from a corrupt one, at every cut', async () => {
    const { content } = await openSpaceKeys(newWorkspaceKey());
    const bytes = await encodeSegment(content, meta, ops, sign);
    for (let cut = 0; cut < bytes.length; cut += 1) {
      expect((await frameError(decodeSegment(content, bytes.subarray(0, cut)))).code).toBe(
        'segment_incomplete',
      );
    }
    const longer = new Uint8Array([...bytes, 0]);
    expect((await frameError(decodeSegment(content, longer))).code).toBe('segment_corrupt');
    const zeros = new Uint8Array(bytes.length);
    expect((await frameError(decodeSegment(content, zeros))).code).toBe('segment_corrupt');
  });

  it('refuses another format version, and a header edited to claim other sequence numbers', async () => {
    const { content } = await openSpaceKeys(newWorkspaceKey());
    const bytes = await encodeSegment(content, meta, ops, sign);
    const v3 = new Uint8Array(bytes);
    v3[5] = 3;
    const error = await frameError(decodeSegment(content, v3));
    expect([error.code, error.version]).toEqual(['segment_version', 3]);
    const text = Buffer.from(bytes).toString('latin1').replace('"from":11,"to":12', '"from":21,"to":22');
    expect((await frameError(decodeSegment(content, Buffer.from(text, 'latin1')))).code).toBe(
      'segment_corrupt',
    );
  });

  it('refuses ops of another device and a range that does not match', async () => {
    const { content } = await openSpaceKeys(newWorkspaceKey());
    await expect(encodeSegment(content, { ...meta, deviceId: 'dev2' }, ops, sign)).rejects.toThrow(
      RangeError,
    );
    await expect(encodeSegment(content, { ...meta, to: 13 }, ops, sign)).rejects.toThrow(RangeError);
  });

  it('snapshots carry their cover in the header and are not segments', async () => {
    const { content } = await openSpaceKeys(newWorkspaceKey());
    const cover = { dev1: [[1, 12]] as [number, number][] };
    const bytes = await encodeSnapshot(
      content,
      { spaceId: 's', deviceId: 'dev1', installNonce: 'n', epoch: '1-dev1', keyId: meta.keyId, cover },
      ops,
      sign,
    );
    expect(readFrame(bytes).header).toMatchObject({ kind: 'snapshot', cover, count: 2 });
    expect((await decodeSnapshot(content, bytes)).ops).toEqual(ops);
    expect((await frameError(decodeSegment(content, bytes))).code).toBe('segment_mismatch');
  });
});

describe('cursor ranges', () => {
  it('joins adjacent and overlapping ranges and finds what is missing', () => {
    expect(
      normaliseRanges([
        [5, 6],
        [1, 2],
        [3, 4],
        [10, 12],
        [11, 15],
      ]),
    ).toEqual([
      [1, 6],
      [10, 15],
    ]);
    expect(addRange([[1, 2]], 5, 6)).toEqual([
      [1, 2],
      [5, 6],
    ]);
    expect(
      missingRanges(
        [
          [1, 2],
          [5, 6],
        ],
        9,
      ),
    ).toEqual([
      [3, 4],
      [7, 9],
    ]);
    expect(missingRanges(undefined, 3)).toEqual([[1, 3]]);
    expect(missingRanges([[1, 9]], 3)).toEqual([]);
    expect(coversRange([[1, 6]], 3, 6)).toBe(true);
    expect(
      coversRange(
        [
          [1, 2],
          [4, 6],
        ],
        2,
        4,
      ),
    ).toBe(false);
    expect(mergeCursors({ a: [[1, 2]] }, { a: [[3, 4]], b: [[1, 1]] })).toEqual({ a: [[1, 4]], b: [[1, 1]] });
  });
});
