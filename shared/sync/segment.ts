/**
 * The framing of every file this app writes to the shared folder (segments of ops, snapshots,
 * device info, join requests, attachments):
 *
 *   offset 0   magic "RGDS" (4 bytes)
 *          4   format version, u16 big-endian (this code writes and reads 2)
 *          6   header length H, u32 big-endian
 *         10   header, JSON (UTF-8): kind, space id, device id, key epoch, signing key id, sequence
 *              range and previous segment's hash… and bodyLength, sigLength; no personal data,
 *              readable without the key (to pick a snapshot, to report problems, to find the key)
 *     10 + H   body: nonce (12) ‖ AES-256-GCM ciphertext ‖ tag (16), bodyLength bytes; the bytes
 *              before it (magic, version, header) are its associated data, so a header cannot be
 *              edited or moved onto another body
 *     … + B    signature: sigLength bytes (64, Ed25519 of the writing device over everything before
 *              it; 0 for attachments, which are checked by their content hash instead)
 *
 * The file ends exactly there. A shorter file is incomplete (a copy or a sync in progress: retried
 * later, never applied in part); a longer one, or one failing GCM's check, is corrupt; a version
 * other than 2 is refused. frameLength() reads the declared length from the first bytes alone, so
 * a reader checks a file's size before reading it whole.
 */
import { z } from 'zod';
import { concatBytes, seal, unseal, SEAL_OVERHEAD, type CryptoKey } from './crypto';
import { cursorSchema, type Cursor } from './cursor';
import { syncOpSchema, type SyncOp } from './merge';

export const MAGIC = new Uint8Array([0x52, 0x47, 0x44, 0x53]); // "RGDS"
export const FORMAT_VERSION = 2;
const PREFIX_BYTES = 10;
/** A header is a few hundred bytes; anything far larger is not ours. */
export const MAX_HEADER_BYTES = 1 << 20;
export const PREFIX_LENGTH = PREFIX_BYTES;
/** Decompressed bodies stop here: a small file must not inflate into gigabytes. */
const MAX_INFLATED_BYTES = 1 << 30;
export const SIGNATURE_BYTES = 64;

export type FrameErrorCode =
  'segment_incomplete' | 'segment_version' | 'segment_corrupt' | 'segment_mismatch';

export class FrameError extends Error {
  constructor(
    readonly code: FrameErrorCode,
    readonly detail: string,
    /** The version found, for 'segment_version'. */
    readonly version?: number,
  ) {
    super(`${code}: ${detail}`);
  }
}

const deviceId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);
const seq = z.number().int().min(1);
const hex64 = z.string().regex(/^[0-9a-f]{64}$/);
const keyId = z.string().regex(/^[0-9a-f]{16}$/);
/** Which space key encrypted the body: `<n>-<device id>` of the epoch document that made it. */
export const epochIdSchema = z.string().regex(/^[1-9]\d{0,8}-[A-Za-z0-9_-]{1,64}$/);
const common = {
  spaceId: z.string().min(1).max(64),
  compression: z.enum(['deflate-raw', 'none']),
  bodyLength: z.number().int().min(SEAL_OVERHEAD),
  sigLength: z.union([z.literal(0), z.literal(SIGNATURE_BYTES)]),
  epoch: epochIdSchema,
};
/** Who signed: the device's key id (its registration gives the public key). */
const signer = { deviceId, keyId };

export const segmentHeaderSchema = z
  .object({
    kind: z.literal('segment'),
    ...common,
    ...signer,
    installNonce: z.string().min(1).max(64),
    from: seq,
    to: seq,
    count: z.number().int().min(1),
    /** SHA-256 of this device's previous segment file; null for the first its key signs. */
    prev: hex64.nullable(),
  })
  .refine((h) => h.from <= h.to && h.count === h.to - h.from + 1);
export const snapshotHeaderSchema = z.object({
  kind: z.literal('snapshot'),
  ...common,
  ...signer,
  installNonce: z.string().min(1).max(64),
  /** What the snapshot includes: per device, the sequence ranges merged into it. */
  cover: cursorSchema,
  count: z.number().int().min(0),
});
export const deviceHeaderSchema = z.object({ kind: z.literal('device'), ...common, ...signer });
/** A joining device asks to be registered; encrypted under the current key (it knows the passphrase). */
export const requestHeaderSchema = z.object({ kind: z.literal('request'), ...common, ...signer });
export const attachmentHeaderSchema = z.object({
  kind: z.literal('attachment'),
  ...common,
  name: z.string(),
});
const headerSchema = z.union([
  segmentHeaderSchema,
  snapshotHeaderSchema,
  deviceHeaderSchema,
  requestHeaderSchema,
  attachmentHeaderSchema,
]);

export type SegmentHeader = z.infer<typeof segmentHeaderSchema>;
export type SnapshotHeader = z.infer<typeof snapshotHeaderSchema>;
export type DeviceHeader = z.infer<typeof deviceHeaderSchema>;
export type RequestHeader = z.infer<typeof requestHeaderSchema>;
export type AttachmentHeader = z.infer<typeof attachmentHeaderSchema>;
export type FrameHeader = z.infer<typeof headerSchema>;

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
export type HeaderInput = DistributiveOmit<FrameHeader, 'bodyLength' | 'sigLength'>;
/** Signs the bytes before the signature (the device's Ed25519 key). */
export type Signer = (bytes: Uint8Array) => Promise<Uint8Array>;

async function transform(
  bytes: Uint8Array,
  stream: CompressionStream | DecompressionStream,
): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  const reader = new Blob([new Uint8Array(bytes)]).stream().pipeThrough(stream).getReader();
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > MAX_INFLATED_BYTES) {
      await reader.cancel();
      throw new RangeError('inflated body too large');
    }
    chunks.push(value);
  }
  return concatBytes(...chunks);
}

/** Frame and encrypt a payload. */
export async function encodeFrame(
  key: CryptoKey,
  header: HeaderInput,
  payload: Uint8Array,
  sign?: Signer,
): Promise<Uint8Array> {
  const body =
    header.compression === 'deflate-raw'
      ? await transform(payload, new CompressionStream('deflate-raw'))
      : payload;
  const fullHeader = {
    ...header,
    bodyLength: body.length + SEAL_OVERHEAD,
    sigLength: sign ? SIGNATURE_BYTES : 0,
  };
  const headerBytes = new TextEncoder().encode(JSON.stringify(fullHeader));
  const prefix = new Uint8Array(PREFIX_BYTES);
  prefix.set(MAGIC, 0);
  const view = new DataView(prefix.buffer);
  view.setUint16(4, FORMAT_VERSION);
  view.setUint32(6, headerBytes.length);
  const aad = concatBytes(prefix, headerBytes);
  const signed = concatBytes(aad, await seal(key, body, aad));
  if (!sign) return signed;
  const signature = await sign(signed);
  if (signature.length !== SIGNATURE_BYTES) throw new RangeError('signature length');
  return concatBytes(signed, signature);
}

export type Frame = {
  header: FrameHeader;
  aad: Uint8Array;
  body: Uint8Array;
  /** Everything the signature covers (aad ‖ body). */
  signed: Uint8Array;
  signature: Uint8Array;
};

/**
 * The header and the whole file's declared length, from its first bytes (at least the prefix and
 * header). Throws FrameError like readFrame.
 */
export function frameLength(bytes: Uint8Array): { header: FrameHeader; length: number } {
  const header = readHeader(bytes);
  const headerLength = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(6);
  return { header, length: PREFIX_BYTES + headerLength + header.bodyLength + header.sigLength };
}

/** How many leading bytes frameLength needs, from the first PREFIX_LENGTH (0 when not a frame). */
export function headerEnd(prefix: Uint8Array): number {
  if (prefix.length < PREFIX_BYTES || !startsWith(prefix, MAGIC)) return 0;
  const length = new DataView(prefix.buffer, prefix.byteOffset, prefix.byteLength).getUint32(6);
  return PREFIX_BYTES + Math.min(length, MAX_HEADER_BYTES + 1);
}

function readHeader(bytes: Uint8Array): FrameHeader {
  const magicSeen = bytes.subarray(0, Math.min(bytes.length, MAGIC.length));
  if (!magicSeen.every((byte, index) => byte === MAGIC[index])) {
    throw new FrameError('segment_corrupt', 'not a sync file');
  }
  if (bytes.length < PREFIX_BYTES) throw new FrameError('segment_incomplete', 'shorter than its prefix');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint16(4);
  if (version !== FORMAT_VERSION)
    throw new FrameError('segment_version', `format version ${version}`, version);
  const headerLength = view.getUint32(6);
  if (headerLength > MAX_HEADER_BYTES) throw new FrameError('segment_corrupt', 'header too long');
  if (bytes.length < PREFIX_BYTES + headerLength)
    throw new FrameError('segment_incomplete', 'header cut short');
  const headerBytes = bytes.subarray(PREFIX_BYTES, PREFIX_BYTES + headerLength);
  try {
    const parsed = headerSchema.safeParse(
      JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(headerBytes)),
    );
    if (!parsed.success) throw new Error(parsed.error.message);
    return parsed.data;
  } catch (error) {
    throw new FrameError('segment_corrupt', `bad header: ${(error as Error).message.slice(0, 200)}`);
  }
}

/** Check the framing and read the header, without the key. Throws FrameError. */
export function readFrame(bytes: Uint8Array): Frame {
  const { header, length: end } = frameLength(bytes);
  if (bytes.length < end) throw new FrameError('segment_incomplete', `${bytes.length} of ${end} bytes`);
  if (bytes.length > end)
    throw new FrameError('segment_corrupt', `${bytes.length - end} bytes after the end`);
  const bodyStart = end - header.sigLength - header.bodyLength;
  const signedEnd = end - header.sigLength;
  return {
    header,
    aad: bytes.subarray(0, bodyStart),
    body: bytes.subarray(bodyStart, signedEnd),
    signed: bytes.subarray(0, signedEnd),
    signature: bytes.subarray(signedEnd),
  };
}

/** Decrypt (and decompress) a frame's body. Throws FrameError('segment_corrupt') on any mismatch. */
export async function openFrame(key: CryptoKey, frame: Frame): Promise<Uint8Array> {
  let plain: Uint8Array;
  try {
    plain = await unseal(key, frame.body, frame.aad);
  } catch {
    throw new FrameError('segment_corrupt', 'authentication failed (wrong space key or altered file)');
  }
  if (frame.header.compression === 'none') return plain;
  try {
    return await transform(plain, new DecompressionStream('deflate-raw'));
  } catch {
    throw new FrameError('segment_corrupt', 'bad compressed body');
  }
}

const encodeJson = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));

function decodeJson(bytes: Uint8Array): unknown {
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    throw new FrameError('segment_corrupt', 'body is not JSON');
  }
}

/** The ops of a body, each validated on its own (one schema over a 500,000-item array is far slower). */
function parseOps(bytes: Uint8Array): SyncOp[] | null {
  if (startsWith(bytes, OPS_OPEN)) return parseOpLines(bytes);
  const body = decodeJson(bytes) as { ops?: unknown } | null;
  if (!body || !Array.isArray(body.ops)) return null;
  return validOps(body.ops);
}

function validOps(items: Iterable<unknown>): SyncOp[] | null {
  const ops: SyncOp[] = [];
  for (const item of items) {
    const parsed = syncOpSchema.safeParse(item);
    if (!parsed.success) return null;
    ops.push(parsed.data);
  }
  return ops;
}

/*
 * A large body, `{"ops":[…]}` with one op per line: the same JSON, written and read a line at a
 * time. As one string it would pass V8's limit on a string's length (2^29 characters, about
 * 512 MB): a snapshot of a shop with 50,000 people and 500,000 decisions did, and could not be
 * written at all.
 */
const OPS_OPEN = new TextEncoder().encode('{"ops":[\n');
const OPS_CLOSE = ']}';
/** Ops encoded per string while writing a body line by line. */
const LINES_PER_PART = 10_000;

function startsWith(bytes: Uint8Array, prefix: Uint8Array): boolean {
  return bytes.length >= prefix.length && prefix.every((byte, index) => bytes[index] === byte);
}

/** `{"ops":[` and a newline, then each op on its own line (a comma after all but the last), then `]}`. */
function encodeOpLines(ops: readonly SyncOp[]): Uint8Array {
  const encoder = new TextEncoder();
  const parts: Uint8Array[] = [OPS_OPEN];
  for (let start = 0; start < ops.length; start += LINES_PER_PART) {
    const lines = ops.slice(start, start + LINES_PER_PART).map((op) => JSON.stringify(op));
    parts.push(encoder.encode(`${lines.join(',\n')}${start + LINES_PER_PART < ops.length ? ',' : ''}\n`));
  }
  parts.push(encoder.encode(OPS_CLOSE));
  return concatBytes(...parts);
}

/**
 * The ops of a body written by encodeOpLines, each line parsed on its own; null if it is not one.
 * One pass over the bytes: a line is parsed once the next one shows whether it was the last.
 */
function parseOpLines(bytes: Uint8Array): SyncOp[] | null {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const items: unknown[] = [];
  // The op line read last, parsed once the next line is known.
  let pending: string | null = null;
  let start = OPS_OPEN.length;
  try {
    for (;;) {
      const newline = bytes.indexOf(0x0a, start);
      const line = decoder.decode(bytes.subarray(start, newline === -1 ? bytes.length : newline));
      if (newline === -1) {
        // The last line closes the body, and nothing follows it; the op before it has no comma.
        if (line !== OPS_CLOSE) return null;
        if (pending !== null) items.push(JSON.parse(pending));
        return validOps(items);
      }
      // Every op line but the last ends with a comma.
      if (pending !== null) {
        if (!pending.endsWith(',')) return null;
        items.push(JSON.parse(pending.slice(0, -1)));
      }
      pending = line;
      start = newline + 1;
    }
  } catch {
    return null;
  }
}

export type SegmentMeta = {
  spaceId: string;
  deviceId: string;
  installNonce: string;
  epoch: string;
  keyId: string;
  from: number;
  to: number;
  prev: string | null;
};

/** A segment holds ops `from`…`to` of one device (one sequence number per op), signed by it. */
export async function encodeSegment(
  key: CryptoKey,
  meta: SegmentMeta,
  ops: readonly SyncOp[],
  sign: Signer,
): Promise<Uint8Array> {
  if (ops.length !== meta.to - meta.from + 1) throw new RangeError('segment range does not match its ops');
  if (ops.some((op) => op.deviceId !== meta.deviceId))
    throw new RangeError('a segment holds one device’s ops');
  return encodeFrame(
    key,
    { kind: 'segment', ...meta, count: ops.length, compression: 'deflate-raw' },
    encodeJson({ ops }),
    sign,
  );
}

/**
 * The ops of a segment, validated; every op must come from the device the header names. The
 * signature is the caller's to check (it needs the space's registry), before this decrypts.
 */
export async function decodeSegment(
  key: CryptoKey,
  input: Uint8Array | Frame,
): Promise<{ header: SegmentHeader; ops: SyncOp[] }> {
  const frame = input instanceof Uint8Array ? readFrame(input) : input;
  if (frame.header.kind !== 'segment')
    throw new FrameError('segment_mismatch', `a ${frame.header.kind} file`);
  const header = frame.header;
  const ops = parseOps(await openFrame(key, frame));
  if (!ops) throw new FrameError('segment_corrupt', 'ops do not validate');
  if (ops.length !== header.count || ops.some((op) => op.deviceId !== header.deviceId)) {
    throw new FrameError('segment_mismatch', 'ops do not match the header');
  }
  return { header, ops };
}

export type SnapshotMeta = {
  spaceId: string;
  deviceId: string;
  installNonce: string;
  epoch: string;
  keyId: string;
  cover: Cursor;
};

export async function encodeSnapshot(
  key: CryptoKey,
  meta: SnapshotMeta,
  ops: readonly SyncOp[],
  sign: Signer,
): Promise<Uint8Array> {
  return encodeFrame(
    key,
    { kind: 'snapshot', ...meta, count: ops.length, compression: 'deflate-raw' },
    encodeOpLines(ops),
    sign,
  );
}

export async function decodeSnapshot(
  key: CryptoKey,
  input: Uint8Array | Frame,
): Promise<{ header: SnapshotHeader; ops: SyncOp[] }> {
  const frame = input instanceof Uint8Array ? readFrame(input) : input;
  if (frame.header.kind !== 'snapshot')
    throw new FrameError('segment_mismatch', `a ${frame.header.kind} file`);
  const header = frame.header;
  const ops = parseOps(await openFrame(key, frame));
  if (!ops || ops.length !== header.count)
    throw new FrameError('segment_corrupt', 'snapshot ops do not validate');
  return { header, ops };
}

/** A small encrypted, signed JSON document (device info, join request). */
export async function encodeDocument(
  key: CryptoKey,
  header:
    | Omit<DeviceHeader, 'bodyLength' | 'sigLength' | 'compression'>
    | Omit<RequestHeader, 'bodyLength' | 'sigLength' | 'compression'>,
  value: unknown,
  sign: Signer,
): Promise<Uint8Array> {
  return encodeFrame(key, { ...header, compression: 'none' }, encodeJson(value), sign);
}

export async function decodeDocument<T>(
  key: CryptoKey,
  input: Uint8Array | Frame,
  schema: z.ZodType<T>,
): Promise<{ header: DeviceHeader | RequestHeader; value: T }> {
  const frame = input instanceof Uint8Array ? readFrame(input) : input;
  if (frame.header.kind !== 'device' && frame.header.kind !== 'request')
    throw new FrameError('segment_mismatch', `a ${frame.header.kind} file`);
  const parsed = schema.safeParse(decodeJson(await openFrame(key, frame)));
  if (!parsed.success) throw new FrameError('segment_corrupt', 'document does not validate');
  return { header: frame.header, value: parsed.data };
}
