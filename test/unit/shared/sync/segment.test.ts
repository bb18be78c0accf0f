import { describe, expect, it, vi } from 'vitest';
import { newWorkspaceKey, openSpaceKeys, type CryptoKey } from '../../../../shared/sync/crypto';
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
  encodeFrame,
  encodeSnapshot,
  FrameError,
  openFrame,
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

  describe('a snapshot body is written and read one op per line', () => {
    const snapshotMeta = {
      spaceId: 's',
      deviceId: 'dev1',
      installNonce: 'n',
      epoch: '1-dev1',
      keyId: meta.keyId,
      cover: { dev1: [[1, 12]] as [number, number][] },
    };
    const many = (count: number): SyncOp[] =>
      Array.from({ length: count }, (_, counter) => ({
        hlc: encodeHlc({ wall: 1_700_000_000_000, counter, device: 'dev1' }),
        deviceId: 'dev1',
        entity: 'subject',
        entityId: `s${counter}`,
        op: 'update',
        // A newline and a comma inside a value stay escaped within the op's line.
        fields: { name: `Élodie\n, Martin ${counter}` },
      }));
    /** A snapshot frame around any body, as a damaged or older file would carry it. */
    const framed = async (content: CryptoKey, body: string, count: number) =>
      encodeFrame(
        content,
        { kind: 'snapshot', ...snapshotMeta, count, compression: 'deflate-raw' },
        new TextEncoder().encode(body),
        sign,
      );

    it('so that no string holds the whole of it, and it reads back the same', async () => {
      const { content } = await openSpaceKeys(newWorkspaceKey());
      for (const count of [0, 1, 25_001]) {
        const written = many(count);
        const bytes = await encodeSnapshot(content, snapshotMeta, written, sign);
        const body = new TextDecoder().decode(await openFrame(content, readFrame(bytes)));
        const lines = body.split('\n');
        expect(lines).toHaveLength(count + 2);
        expect(lines[0]).toBe('{"ops":[');
        expect(lines.at(-1)).toBe(']}');
        // Still one JSON document.
        expect((JSON.parse(body) as { ops: unknown[] }).ops).toHaveLength(count);
        expect((await decodeSnapshot(content, bytes)).ops).toEqual(written);
      }
    });

    it('no single string of the whole body is made, writing or reading', async () => {
      const { content } = await openSpaceKeys(newWorkspaceKey());
      const written = many(25_001);
      const longest = { stringified: 0, parsed: 0 };
      const stringify = JSON.stringify;
      const parse = JSON.parse;
      const spies = [
        vi.spyOn(JSON, 'stringify').mockImplementation((...args: Parameters<typeof stringify>) => {
          const out = stringify(...args);
          longest.stringified = Math.max(longest.stringified, out?.length ?? 0);
          return out;
        }),
        vi.spyOn(JSON, 'parse').mockImplementation((...args: Parameters<typeof parse>) => {
          longest.parsed = Math.max(longest.parsed, args[0].length);
          return parse(...args) as unknown;
        }),
      ];
      try {
        const bytes = await encodeSnapshot(content, snapshotMeta, written, sign);
        expect((await decodeSnapshot(content, bytes)).ops).toHaveLength(written.length);
        const body = (await openFrame(content, readFrame(bytes))).length;
        // The body is about 3 MB; its longest string a header or a single op.
        expect(body).toBeGreaterThan(2_000_000);
        expect(longest.stringified).toBeLessThan(2_000);
        expect(longest.parsed).toBeLessThan(2_000);
      } finally {
        for (const spy of spies) spy.mockRestore();
      }
    });

    it('a body on one line, as written before, reads too', async () => {
      const { content } = await openSpaceKeys(newWorkspaceKey());
      const bytes = await framed(content, JSON.stringify({ ops }), ops.length);
      expect((await decodeSnapshot(content, bytes)).ops).toEqual(ops);
    });

    it('a damaged body is refused whole', async () => {
      const { content } = await openSpaceKeys(newWorkspaceKey());
      const [a, b] = ops.map((op) => JSON.stringify(op)) as [string, string];
      const damaged = [
        `{"ops":[\n${a}\n${b}\n]}`, // a comma missing
        `{"ops":[\n${a},\n${b}\n`, // cut short
        `{"ops":[\n${a},\n${b}\n]}\n`, // something after the end
        `{"ops":[\n${a},\n${b.slice(0, -3)}\n]}`, // a line that is not JSON
        `{"ops":[\n${a},\n{"hlc":"x"}\n]}`, // an op that does not validate
      ];
      for (const body of damaged) {
        const error = await frameError(decodeSnapshot(content, await framed(content, body, 2)));
        expect(error.code).toBe('segment_corrupt');
      }
    });
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
