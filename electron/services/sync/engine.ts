/**
 * The sync engine: this device's side of a sync space in a shared folder (NAS, Syncthing,
 * Nextcloud, Dropbox, OneDrive). The folder's own sync client is the transport; it is never asked
 * to merge a file, because each device writes only its own files and never rewrites a segment.
 *
 * Local state lives in `localDir` (in the app's data folder, never shared, 0700, files 0600): this
 * device's keys and the space keys it holds (sealed by the KeyProtector), this install's nonce,
 * the last sequence number used and the hash of its last segment, what it has seen of each other
 * device (highest number and hash), and `outbox/`, where every segment is made before it is copied
 * to the folder. A segment is kept there until compaction, so a folder that is unreachable, or a
 * segment a user deleted, is (re)sent by the next flush.
 *
 * Trust (see shared/sync/identity.ts and chain.ts):
 * - space.json names the creator's signing key, the root. Key epochs (keys/epoch-<n>-<device>.json)
 *   each carry a space key — wrapped under the passphrase (Argon2id) and for each member device's
 *   X25519 key — the list of members, and the devices removed; epoch 1 is signed by the root, epoch
 *   n by a member of epoch n − 1. Changing the passphrase or removing a device makes epoch n + 1:
 *   later files use its key, which the removed device never receives.
 * - A joining device holds the passphrase, so it can read, but it writes a join request encrypted
 *   under the current key and signed by its own key; a member registers it (registry/*.json, signed)
 *   and from then on its files are accepted.
 * - Every segment, device file and snapshot is signed by its device; a file whose signer is not a
 *   registered key of the device it names is refused and reported. Segments are hash-chained per
 *   device; the device file states the head; a device that later shows less than what was seen
 *   from it (older device file restored, newest segments deleted) is reported as rolled back.
 * - Nothing in the folder is trusted to be a regular file of sane size (readBounded).
 *
 * The engine only moves ops. The app hands it its new oplog entries (pushSegment), merges what
 * pullSince returns (shared/sync/merge.ts), stores the returned cursor with the merged records in
 * one transaction, then calls acknowledge(cursor), which tells the other devices what it has.
 *
 * Compaction rule: a device deletes one of its own segments only when (1) every other device
 * with a device file in the space has acknowledged every op in it, and (2) a snapshot in the
 * folder, checked by its signature and by decrypting it, includes those ops, for devices that join
 * later. A device that never acknowledges (a lost laptop) holds compaction back until it leaves the
 * space or is removed.
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { z } from 'zod';
import { MAX_ATTACHMENT_BYTES } from '../../../shared/ipc/contract';
import { ChainCheck } from '../../../shared/sync/chain';
import {
  attachmentName,
  defaultKdfParams,
  fromBase64,
  newWorkspaceKey,
  openSpaceKeys,
  sha256,
  toBase64,
  unwrapWorkspaceKey,
  type KdfParams,
  type SpaceKeys,
} from '../../../shared/sync/crypto';
import {
  addRange,
  coversRange,
  cursorSchema,
  highestSeq,
  mergeCursors,
  missingRanges,
  type Cursor,
  type Range,
} from '../../../shared/sync/cursor';
import { SyncError, syncProblem, type SyncProblem } from '../../../shared/sync/errors';
import { decodeHlc } from '../../../shared/sync/hlc';
import {
  deviceSecretSchema,
  keyIdOf,
  newDeviceSecret,
  openDeviceKeys,
  signBytes,
  signDocument,
  unwrapForDevice,
  verifyBytes,
  type DeviceKeys,
} from '../../../shared/sync/identity';
import { syncOpSchema, type SyncOp } from '../../../shared/sync/merge';
import { estimatePassphrase } from '../../../shared/sync/passphrase';
import {
  decodeDocument,
  decodeSegment,
  decodeSnapshot,
  encodeDocument,
  encodeFrame,
  encodeSegment,
  encodeSnapshot,
  epochIdSchema,
  frameLength,
  FrameError,
  openFrame,
  readFrame,
  type Frame,
  type SnapshotHeader,
} from '../../../shared/sync/segment';
import {
  defaultFs,
  errnoOf,
  exists,
  isFolder,
  listNames,
  readBounded,
  readIfPresent,
  RefusedFile,
  toSyncError,
  writeAtomic,
  type SyncFs,
} from './files';
import {
  activeMembers,
  base64,
  epochOrder,
  findMember,
  loadTrust,
  makeEpoch,
  MAX_SMALL_FILE_BYTES,
  member,
  memberKey,
  memberSchema,
  parseJson,
  passphraseScope,
  previousKeys,
  SPACE_FORMAT,
  spaceFileSchema,
  wrapContext,
  type SpaceFile,
  type Trust,
} from './trust';
import {
  attachmentFileName,
  classifyName,
  DEVICE_ID,
  DEVICE_INFO_FILE,
  SPACE_DIR,
  SPACE_FILE,
  segmentFileName,
  snapshotFileName,
} from './names';

/** Ops per segment file: large enough that a bulk import is a few files, small enough to retry. */
export const MAX_OPS_PER_SEGMENT = 5_000;
/** Skew between device clocks worth telling the user about. */
export const SKEW_REPORT_MS = 5 * 60_000;
/** A device this far behind reads a snapshot before segments, even with every segment there. */
export const SNAPSHOT_FIRST_OPS = 20_000;
/**
 * Hard size limits of files in the folder, checked (lstat) before anything is read: a segment holds
 * at most one push batch (32 MiB of JSON before compression), a snapshot a whole workspace.
 */
export const MAX_SEGMENT_BYTES = 48 * 1024 * 1024;
export const MAX_SNAPSHOT_BYTES = 512 * 1024 * 1024;
const MAX_ATTACHMENT_FILE_BYTES = MAX_ATTACHMENT_BYTES + 64 * 1024;
const EPOCH_WAIT_MS = 15_000;
const LOCAL_FORMAT = 2;

function countSeqs(cursor: Cursor): number {
  return Object.values(cursor).reduce(
    (sum, ranges) => sum + ranges.reduce((n, [a, b]) => n + b - a + 1, 0),
    0,
  );
}

/** How many sequence numbers two range lists share. */
function overlap(a: readonly Range[], b: readonly Range[]): number {
  let shared = 0;
  for (const [a1, a2] of a)
    for (const [b1, b2] of b) shared += Math.max(0, Math.min(a2, b2) - Math.max(a1, b1) + 1);
  return shared;
}

/** Protects this device's sync secrets at rest in the data folder (Electron's safeStorage in the app). */
export type KeyProtector = {
  seal(raw: Uint8Array): Promise<string>;
  open(sealed: string): Promise<Uint8Array>;
};

/** Tests only: the secrets in the clear. The app always passes a protector that seals them. */
const plainKeyProtector: KeyProtector = {
  seal: async (raw) => toBase64(raw),
  open: async (sealed) => fromBase64(sealed),
};

export type SyncOptions = {
  /** The folder the user chose; the engine works in its RGPD-Desk subfolder only. */
  folder: string;
  /** This device's own sync state, inside the app's data folder. */
  localDir: string;
  /** The device id of the local database (renderer/src/db/write.ts deviceIdOf). */
  deviceId: string;
  /** Shown to the other devices ("Comptoir", "Portable de Marie"); stored encrypted. */
  label?: string;
  fs?: SyncFs;
  now?: () => number;
  keyProtector?: KeyProtector;
  /** KDF parameters for createSpace / changePassphrase (tests use cheaper ones). */
  kdf?: () => Promise<KdfParams>;
};

const hex64 = z.string().regex(/^[0-9a-f]{64}$/);

/** What the KeyProtector seals: this device's private keys and every space key it holds. */
const secretsSchema = z.object({ device: deviceSecretSchema, epochs: z.record(epochIdSchema, base64) });
type Secrets = z.infer<typeof secretsSchema>;

const localStateSchema = z.object({
  format: z.literal(LOCAL_FORMAT),
  spaceId: z.string(),
  deviceId: z.string(),
  installNonce: z.string(),
  secrets: z.string(),
  lastSeq: z.number().int().min(0),
  /** Every segment up to here has been seen in the folder once (a later absence is a deletion). */
  flushedSeq: z.number().int().min(0),
  /** Sequence numbers up to here were used by earlier installs under this device id. */
  joinedAfter: z.number().int().min(0),
  /** The space's root signing key as it was when this device joined: a space.json naming another is refused. */
  rootKeyId: z.string(),
  /** SHA-256 of this device's last segment: the next one names it. */
  head: hex64.nullable(),
  /** The highest number (and its hash) seen, signed, from each other device. */
  peers: z.record(z.string(), z.object({ seq: z.number().int().min(0), hash: hex64.nullable() })),
});
type LocalState = z.infer<typeof localStateSchema>;

const deviceInfoSchema = z.object({
  deviceId: z.string(),
  installNonce: z.string(),
  label: z.string().max(200),
  lastActivity: z.string(),
  lastSeq: z.number().int().min(0),
  /** Hash of the segment ending at lastSeq (null before the first). */
  head: hex64.nullable(),
  applied: cursorSchema,
  /** This device's wall clock and HLC when it wrote the file: an HLC far ahead means a slow clock. */
  wallMs: z.number(),
  hlc: z.string().nullable(),
  /** Set when the device left the space: it no longer holds compaction back. */
  left: z.boolean().optional(),
});
export type DeviceInfo = z.infer<typeof deviceInfoSchema>;

export type PushResult = {
  /** The sequence range given to the ops, now safe in the local outbox (null when there were none). */
  queued: Range | null;
  /** Segments copied to the folder by this call. */
  sent: number;
  /** Why the folder copy failed; the ops stay queued and go out with the next flush. */
  error: { code: string; message: string } | null;
  problems: SyncProblem[];
};

export type PullResult = {
  /** Ops to merge; duplicates possible (merging is idempotent). */
  ops: SyncOp[];
  /** Store with the merged records, then acknowledge. */
  cursor: Cursor;
  problems: SyncProblem[];
};

export type DeviceStatus = {
  deviceId: string;
  label: string;
  lastActivity: string | null;
  lastSeq: number;
  self: boolean;
  left: boolean;
  /** Removed from the space by a member: it receives no later key. */
  removed: boolean;
};

export type SyncStatus = {
  spaceId: string;
  deviceId: string;
  devices: DeviceStatus[];
  /** Local ops not yet in the folder. */
  pendingOps: number;
  lastPush: string | null;
  lastPull: string | null;
  problems: SyncProblem[];
  error: { code: string; message: string } | null;
};

type Paths = {
  root: string;
  space: string;
  devices: string;
  snapshots: string;
  attachments: string;
  keys: string;
  registry: string;
};

function pathsOf(folder: string): Paths {
  const root = join(folder, SPACE_DIR);
  return {
    root,
    space: join(root, SPACE_FILE),
    devices: join(root, 'devices'),
    snapshots: join(root, 'snapshots'),
    attachments: join(root, 'attachments'),
    keys: join(root, 'keys'),
    registry: join(root, 'registry'),
  };
}

const encodeJson = (value: unknown) => new TextEncoder().encode(JSON.stringify(value, null, 2));

async function readSpaceFile(fs: SyncFs, folder: string): Promise<SpaceFile> {
  const paths = pathsOf(folder);
  if (!(await exists(fs, folder))) throw new SyncError('folder_missing');
  let bytes: Uint8Array | null;
  try {
    bytes = await readBounded(fs, paths.space, MAX_SMALL_FILE_BYTES, false);
  } catch (error) {
    if (error instanceof RefusedFile) throw new SyncError('corrupt', `space.json ${error.reason}`);
    throw error;
  }
  if (bytes === null) throw new SyncError('space_missing');
  const json = parseJson(bytes);
  if (json === undefined) throw new SyncError('corrupt', 'space.json is not JSON');
  const format = (json as { format?: unknown } | null)?.format;
  if (typeof format === 'number' && format !== SPACE_FORMAT)
    throw new SyncError('space_version', `format ${format}`);
  const parsed = spaceFileSchema.safeParse(json);
  if (!parsed.success) throw new SyncError('corrupt', 'space.json does not validate');
  return parsed.data;
}

/** The local state folder and files are this user's alone (0700 / 0600). */
async function ensureLocalDir(fs: SyncFs, localDir: string): Promise<void> {
  await fs.mkdir(localDir, { recursive: true, mode: 0o700 }).catch((error: unknown) => {
    throw toSyncError(error);
  });
}

async function saveLocalState(fs: SyncFs, localDir: string, state: LocalState): Promise<void> {
  await ensureLocalDir(fs, localDir);
  await writeAtomic(fs, join(localDir, 'state.json'), encodeJson(state));
}

function checkPassphrase(passphrase: string): void {
  if (!estimatePassphrase(passphrase).acceptable) throw new SyncError('weak_passphrase');
}

async function sealSecrets(protector: KeyProtector, secrets: Secrets): Promise<string> {
  return protector.seal(new TextEncoder().encode(JSON.stringify(secrets)));
}

async function openSecrets(protector: KeyProtector, sealed: string): Promise<Secrets> {
  const parsed = secretsSchema.safeParse(parseJson(await protector.open(sealed)));
  if (!parsed.success) throw new SyncError('not_joined', 'local secrets unreadable');
  return parsed.data;
}

/** Make a new space in `folder` and join it as its first device. */
export async function createSpace(options: SyncOptions, passphrase: string): Promise<SyncEngine> {
  checkPassphrase(passphrase);
  if (!DEVICE_ID.test(options.deviceId)) throw new TypeError('bad device id');
  const fs = options.fs ?? defaultFs;
  const paths = pathsOf(options.folder);
  if (!(await exists(fs, options.folder))) throw new SyncError('folder_missing');
  if (await exists(fs, paths.space)) throw new SyncError('space_exists');
  const spaceId = randomUUID();
  const secret = await newDeviceSecret();
  const keys = await openDeviceKeys(secret);
  const raw = newWorkspaceKey();
  const now = (options.now ?? Date.now)();
  const space: SpaceFile = {
    format: SPACE_FORMAT,
    spaceId,
    createdAt: new Date(now).toISOString(),
    root: { deviceId: options.deviceId, keyId: keys.keyId, signPublic: secret.signPublic },
  };
  // The creator registers itself: it is the root, and the only member of epoch 1.
  const epoch = await makeEpoch({
    spaceId,
    n: 1,
    by: { ...keys, deviceId: options.deviceId },
    raw,
    passphrase,
    kdf: await (options.kdf ?? defaultKdfParams)(),
    members: [member(options.deviceId, secret, keys.keyId, 1)],
    removed: {},
    previous: {},
    now,
  });
  try {
    for (const dir of [
      paths.root,
      paths.devices,
      paths.snapshots,
      paths.attachments,
      paths.keys,
      paths.registry,
    ]) {
      await fs.mkdir(dir, { recursive: true });
    }
  } catch (error) {
    throw toSyncError(error);
  }
  await writeAtomic(fs, join(paths.keys, `epoch-${epoch.id}.json`), encodeJson(epoch));
  await writeAtomic(fs, paths.space, encodeJson(space));
  return SyncEngine.start(
    options,
    { spaceId, rootKeyId: keys.keyId },
    { device: secret, epochs: { [epoch.id]: toBase64(raw) } },
    0,
  );
}

/**
 * Join the space in `folder`. A wrong passphrase throws SyncError('wrong_passphrase') and changes
 * nothing. The device reads at once; what it writes is accepted once a member has registered it.
 */
export async function joinSpace(options: SyncOptions, passphrase: string): Promise<SyncEngine> {
  if (!DEVICE_ID.test(options.deviceId)) throw new TypeError('bad device id');
  const fs = options.fs ?? defaultFs;
  const space = await readSpaceFile(fs, options.folder);
  // A sync client may deliver space.json before the key epoch files: wait a little for them.
  let trust = await loadTrust(fs, pathsOf(options.folder), space);
  for (let waited = 0; !trust.latest && waited < EPOCH_WAIT_MS; waited += 500) {
    await new Promise((done) => setTimeout(done, 500));
    trust = await loadTrust(fs, pathsOf(options.folder), space);
  }
  if (!trust.latest) throw new SyncError('space_missing', 'no valid key epoch');
  const latest = trust.latest;
  const raw = await unwrapWorkspaceKey(
    latest.passphrase,
    passphrase,
    passphraseScope(space.spaceId, latest.id),
  );
  const epochs: Record<string, string> = {
    ...(await previousKeys(space.spaceId, latest, raw)),
    [latest.id]: toBase64(raw),
  };
  // Sequence numbers are never reused: a device rejoining under its old id continues after the
  // highest number any file in the space knows for it.
  const lastSeq = await highestKnownSeq(fs, options.folder, epochs, options.deviceId);
  const secret = await newDeviceSecret();
  return SyncEngine.start(
    options,
    { spaceId: space.spaceId, rootKeyId: space.root.keyId },
    { device: secret, epochs },
    lastSeq,
  );
}

/** Resume after a restart, from the local state (no passphrase needed). */
export async function openEngine(options: SyncOptions): Promise<SyncEngine> {
  const fs = options.fs ?? defaultFs;
  const bytes = await readIfPresent(fs, join(options.localDir, 'state.json'));
  if (bytes === null) throw new SyncError('not_joined');
  const parsed = localStateSchema.safeParse(parseJson(bytes));
  if (!parsed.success || parsed.data.deviceId !== options.deviceId) throw new SyncError('not_joined');
  const secrets = await openSecrets(options.keyProtector ?? plainKeyProtector, parsed.data.secrets);
  const engine = await SyncEngine.open(options, parsed.data, secrets);
  await engine.recoverLastSeq();
  return engine;
}

async function highestKnownSeq(
  fs: SyncFs,
  folder: string,
  epochs: Record<string, string>,
  deviceId: string,
): Promise<number> {
  const paths = pathsOf(folder);
  const keys = new Map<string, SpaceKeys>();
  for (const [id, raw] of Object.entries(epochs)) keys.set(id, await openSpaceKeys(fromBase64(raw)));
  let highest = 0;
  const read = async (path: string, max: number) => {
    try {
      return await readBounded(fs, path, max);
    } catch {
      return null; // refused or damaged: reported by pulls, cannot raise the number
    }
  };
  for (const name of await listNames(fs, join(paths.devices, deviceId))) {
    const kind = classifyName(name);
    if (kind.kind === 'segment') highest = Math.max(highest, kind.to);
  }
  for (const device of await listNames(fs, paths.devices)) {
    if (!DEVICE_ID.test(device)) continue;
    const bytes = await read(join(paths.devices, device, DEVICE_INFO_FILE), MAX_SMALL_FILE_BYTES);
    if (!bytes) continue;
    try {
      const frame = readFrame(bytes);
      const key = keys.get(frame.header.epoch);
      if (!key) continue;
      const { value } = await decodeDocument(key.content, frame, deviceInfoSchema);
      highest = Math.max(
        highest,
        highestSeq(value.applied[deviceId]),
        device === deviceId ? value.lastSeq : 0,
      );
    } catch {
      // An unreadable device file is reported by pulls; it cannot raise the number.
    }
  }
  for (const name of await listNames(fs, paths.snapshots)) {
    const head = await readBounded(fs, join(paths.snapshots, name), MAX_SNAPSHOT_BYTES, true, true).catch(
      () => null,
    );
    if (!head) continue;
    try {
      const { header } = frameLength(head);
      if (header.kind === 'snapshot') highest = Math.max(highest, highestSeq(header.cover[deviceId]));
    } catch {
      // Same: skipped here, reported by pulls.
    }
  }
  return highest;
}

type SegmentFile = { name: string; from: number; to: number };

export class SyncEngine {
  private readonly fs: SyncFs;
  private readonly now: () => number;
  private readonly paths: Paths;
  private readonly protector: KeyProtector;
  private queue: Promise<unknown> = Promise.resolve();
  private lastPush: string | null = null;
  private lastPull: string | null = null;
  private lastProblems: SyncProblem[] = [];
  private lastError: { code: string; message: string } | null = null;
  /** The cursor last acknowledged, repeated in every device file this engine writes. */
  private applied: Cursor = {};
  private lastHlc: string | null = null;
  /** Space keys by epoch id. */
  private readonly epochKeys = new Map<string, SpaceKeys>();

  private constructor(
    private readonly options: SyncOptions,
    private state: LocalState,
    private secrets: Secrets,
    private readonly device: DeviceKeys,
  ) {
    this.fs = options.fs ?? defaultFs;
    this.now = options.now ?? Date.now;
    this.paths = pathsOf(options.folder);
    this.protector = options.keyProtector ?? plainKeyProtector;
  }

  static async open(options: SyncOptions, state: LocalState, secrets: Secrets): Promise<SyncEngine> {
    const engine = new SyncEngine(options, state, secrets, await openDeviceKeys(secrets.device));
    for (const [id, raw] of Object.entries(secrets.epochs))
      engine.epochKeys.set(id, await openSpaceKeys(fromBase64(raw)));
    return engine;
  }

  static async start(
    options: SyncOptions,
    space: { spaceId: string; rootKeyId: string },
    secrets: Secrets,
    lastSeq: number,
  ): Promise<SyncEngine> {
    if (!DEVICE_ID.test(options.deviceId)) throw new TypeError('bad device id');
    const fs = options.fs ?? defaultFs;
    const state: LocalState = {
      format: LOCAL_FORMAT,
      spaceId: space.spaceId,
      deviceId: options.deviceId,
      installNonce: randomUUID(),
      secrets: await sealSecrets(options.keyProtector ?? plainKeyProtector, secrets),
      lastSeq,
      flushedSeq: lastSeq,
      joinedAfter: lastSeq,
      rootKeyId: space.rootKeyId,
      head: null,
      peers: {},
    };
    await saveLocalState(fs, options.localDir, state);
    const engine = await SyncEngine.open(options, state, secrets);
    await engine.serial(async () => {
      const trust = await engine.trust();
      await engine.ensureRegistered(trust);
      // Whatever install wrote this device's file before is replaced without a clone warning.
      await engine.writeDeviceInfo(trust, false);
    });
    return engine;
  }

  get spaceId(): string {
    return this.state.spaceId;
  }

  get deviceId(): string {
    return this.state.deviceId;
  }

  /** This device's signing key id (its registration names it). */
  get keyId(): string {
    return this.device.keyId;
  }

  private get myDir(): string {
    return join(this.paths.devices, this.deviceId);
  }

  private get outbox(): string {
    return join(this.options.localDir, 'outbox');
  }

  private get myKey(): string {
    return memberKey(this.deviceId, this.device.keyId);
  }

  private readonly sign = (bytes: Uint8Array) => signBytes(this.device, bytes);

  /** One operation at a time: two pushes must never take the same sequence numbers. */
  private serial<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task, task);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async saveState(): Promise<void> {
    await saveLocalState(this.fs, this.options.localDir, this.state);
  }

  /** After a crash between writing a segment and saving the state, the outbox knows better. */
  async recoverLastSeq(): Promise<void> {
    const segments = await this.outboxSegments();
    const last = segments[segments.length - 1];
    if (last && last.to > this.state.lastSeq) {
      const bytes = await readIfPresent(this.fs, join(this.outbox, last.name));
      this.state = {
        ...this.state,
        lastSeq: last.to,
        head: bytes ? await sha256(bytes) : this.state.head,
      };
      await this.saveState();
    }
  }

  private async outboxSegments(): Promise<SegmentFile[]> {
    const out: SegmentFile[] = [];
    for (const name of await listNames(this.fs, this.outbox)) {
      const kind = classifyName(name);
      if (kind.kind === 'segment') out.push({ name, from: kind.from, to: kind.to });
    }
    return out.sort((a, b) => a.from - b.from);
  }

  /** The space file must be there and be ours; otherwise nothing is written to the folder. */
  private async checkSpace(): Promise<SpaceFile> {
    const space = await readSpaceFile(this.fs, this.options.folder);
    // A space.json rewritten with another root key (by someone with write access to the folder)
    // would make a new chain of trust: refused, it is not the space this device joined.
    if (space.spaceId !== this.spaceId || space.root.keyId !== this.state.rootKeyId)
      throw new SyncError('space_mismatch');
    return space;
  }

  /** The space's signed documents, and any key newly wrapped for this device taken in. */
  private async trust(): Promise<Trust> {
    const trust = await loadTrust(this.fs, this.paths, await this.checkSpace());
    let learned = false;
    for (const doc of [...trust.epochs.values()].sort((a, b) => a.n - b.n)) {
      let raw: Uint8Array | null = null;
      if (!this.epochKeys.has(doc.id)) {
        const wrap = doc.wraps[this.myKey];
        if (!wrap) continue;
        try {
          raw = await unwrapForDevice(wrap, this.device, wrapContext(this.spaceId, doc.id, this.myKey));
        } catch {
          trust.problems.push(syncProblem('signature_invalid', { file: `keys/epoch-${doc.id}.json` }));
          continue;
        }
        this.secrets.epochs[doc.id] = toBase64(raw);
        this.epochKeys.set(doc.id, await openSpaceKeys(raw));
        learned = true;
      }
      raw ??= fromBase64(this.secrets.epochs[doc.id]!);
      for (const [id, older] of Object.entries(await previousKeys(this.spaceId, doc, raw))) {
        if (this.epochKeys.has(id)) continue;
        this.secrets.epochs[id] = older;
        this.epochKeys.set(id, await openSpaceKeys(fromBase64(older)));
        learned = true;
      }
    }
    if (learned) {
      this.state = { ...this.state, secrets: await sealSecrets(this.protector, this.secrets) };
      await this.saveState();
    }
    return trust;
  }

  /** The epoch this device writes with: the newest whose key it holds. */
  private writingEpoch(trust: Trust): { id: string; keys: SpaceKeys } {
    const held = [...trust.epochs.values()].filter((doc) => this.epochKeys.has(doc.id)).sort(epochOrder)[0];
    const id = held?.id ?? [...this.epochKeys.keys()].sort().pop();
    if (!id) throw new SyncError('not_joined', 'no space key');
    return { id, keys: this.epochKeys.get(id)! };
  }

  /** Problems of this device's own standing: removed, or still waiting to be registered. */
  private standing(trust: Trust): SyncProblem[] {
    const latest = trust.latest;
    if (!latest) return [];
    if (!this.epochKeys.has(latest.id) || this.myKey in trust.removed)
      return [syncProblem('removed_from_space', { deviceId: this.deviceId })];
    if (!trust.members.get(latest.id)?.has(this.myKey))
      return [syncProblem('awaiting_registration', { deviceId: this.deviceId })];
    return [];
  }

  /** Not a member of the newest epoch but holding its key: ask (again) to be registered under it. */
  private async ensureRegistered(trust: Trust): Promise<void> {
    const latest = trust.latest;
    if (!latest || !this.epochKeys.has(latest.id) || trust.members.get(latest.id)?.has(this.myKey)) return;
    const path = join(this.paths.registry, `${this.deviceId}-${this.device.keyId}.req`);
    const existing = await readBounded(this.fs, path, MAX_SMALL_FILE_BYTES, true, true).catch(() => null);
    if (existing) {
      try {
        if (frameLength(existing).header.epoch === latest.id) return;
      } catch {
        // rewritten below
      }
    }
    const me = member(this.deviceId, this.secrets.device, this.device.keyId, this.state.joinedAfter + 1);
    const bytes = await encodeDocument(
      this.epochKeys.get(latest.id)!.content,
      {
        kind: 'request',
        spaceId: this.spaceId,
        epoch: latest.id,
        deviceId: this.deviceId,
        keyId: this.device.keyId,
      },
      me,
      this.sign,
    );
    try {
      await this.fs.mkdir(this.paths.registry, { recursive: true });
    } catch (error) {
      throw toSyncError(error);
    }
    await writeAtomic(this.fs, path, bytes);
  }

  /**
   * Register the devices that asked to join under the newest epoch (their request opens with its
   * key, so they hold the current passphrase, and carries their own signature). A second key for a
   * device id still active under another key is refused: that is a clone, not a join.
   */
  private async approveRequests(
    trust: Trust,
    infos: Map<string, DeviceInfo>,
    problems: SyncProblem[],
  ): Promise<boolean> {
    const latest = trust.latest;
    const set = latest ? trust.members.get(latest.id) : undefined;
    const key = latest ? this.epochKeys.get(latest.id) : undefined;
    if (!latest || !set?.has(this.myKey) || !key || trust.requested.size === 0) return false;
    let approved = false;
    for (const pending of trust.requested) {
      const [deviceId, keyId] = pending.split('/') as [string, string];
      const file = `registry/${deviceId}-${keyId}.req`;
      try {
        const bytes = await readBounded(
          this.fs,
          join(this.paths.registry, `${deviceId}-${keyId}.req`),
          MAX_SMALL_FILE_BYTES,
        );
        if (!bytes) continue;
        const frame = readFrame(bytes);
        if (frame.header.kind !== 'request' || frame.header.epoch !== latest.id) continue;
        const { value } = await decodeDocument(key.content, frame, memberSchema);
        if (
          value.deviceId !== deviceId ||
          value.keyId !== keyId ||
          frame.header.deviceId !== deviceId ||
          frame.header.keyId !== keyId ||
          (await keyIdOf(value.signPublic)) !== keyId ||
          !(await verifyBytes(value.signPublic, frame.signed, frame.signature))
        ) {
          problems.push(syncProblem('signature_invalid', { deviceId, file }));
          continue;
        }
        const other = [...set.values()].find((m) => m.deviceId === deviceId && m.keyId !== keyId);
        const otherKey = other ? memberKey(deviceId, other.keyId) : '';
        if (
          other &&
          !infos.get(deviceId)?.left &&
          !trust.left.has(otherKey) &&
          !(otherKey in trust.removed)
        ) {
          problems.push(syncProblem('duplicate_device', { deviceId, file }));
          continue;
        }
        const registration = await signDocument(this.device, {
          kind: 'registration' as const,
          format: 1 as const,
          spaceId: this.spaceId,
          epoch: latest.id,
          member: value,
          by: this.deviceId,
          byKeyId: this.device.keyId,
          at: new Date(this.now()).toISOString(),
        });
        await writeAtomic(
          this.fs,
          join(this.paths.registry, `${deviceId}-${keyId}-by-${this.deviceId}.json`),
          encodeJson(registration),
        );
        approved = true;
      } catch (error) {
        if (error instanceof RefusedFile) {
          problems.push(
            syncProblem(error.reason === 'too_large' ? 'file_too_large' : 'file_refused', { file }),
          );
        } else if (error instanceof FrameError) {
          if (error.code !== 'segment_incomplete') problems.push(syncProblem(error.code, { deviceId, file }));
        } else throw error;
      }
    }
    return approved;
  }

  /**
   * A file's signer: a registered key of the device it names (in the epoch it was written under,
   * for segments), not removed for that range. Returns the problem to report, 'wait' for a device
   * whose registration is on its way, or null when the signature is good.
   */
  private async checkSigner(
    trust: Trust,
    frame: Frame,
    deviceId: string,
    range?: { from: number; to: number },
  ): Promise<'wait' | 'signature_invalid' | 'device_removed' | null> {
    const header = frame.header;
    if (header.kind === 'attachment') return 'signature_invalid';
    const key = memberKey(deviceId, header.keyId);
    const found = range
      ? findMember(trust, deviceId, header.keyId, header.epoch)
      : findMember(trust, deviceId, header.keyId);
    if (!found || (range && found.fromSeq > range.from)) {
      return trust.requested.has(key) ? 'wait' : 'signature_invalid';
    }
    if (!(await verifyBytes(found.signPublic, frame.signed, frame.signature))) return 'signature_invalid';
    const removedAfter = trust.removed[key];
    if (removedAfter !== undefined && (!range || range.to > removedAfter)) return 'device_removed';
    return null;
  }

  /**
   * Queue this device's new ops (made durable in the local outbox, numbered, signed, chained), then
   * copy what is pending to the folder. Throws only when the ops could not be queued (local disk
   * full); a folder problem is returned in `error` and the ops go out with a later flush.
   */
  pushSegment(ops: readonly SyncOp[]): Promise<PushResult> {
    return this.serial(async () => {
      let queued: Range | null = null;
      // The space's documents, read and checked once for the whole push (flushNow needs them too).
      let known: Trust | undefined;
      if (ops.length > 0) {
        for (const op of ops) {
          const parsed = syncOpSchema.safeParse(op);
          if (!parsed.success || op.deviceId !== this.deviceId)
            throw new TypeError('not an op of this device');
        }
        // The newest key this device holds; with the folder away, the one it used last.
        let epoch: { id: string; keys: SpaceKeys };
        try {
          known = await this.trust();
          epoch = this.writingEpoch(known);
        } catch (error) {
          if (!(error instanceof SyncError) && !errnoOf(error)) throw error;
          const id = [...this.epochKeys.keys()].sort(epochIdOrder)[0]!;
          epoch = { id, keys: this.epochKeys.get(id)! };
        }
        await this.fs.mkdir(this.outbox, { recursive: true, mode: 0o700 }).catch((error: unknown) => {
          throw toSyncError(error);
        });
        const first = this.state.lastSeq + 1;
        let head = this.state.head;
        for (let start = 0; start < ops.length; start += MAX_OPS_PER_SEGMENT) {
          const chunk = ops.slice(start, start + MAX_OPS_PER_SEGMENT);
          const from = first + start;
          const to = from + chunk.length - 1;
          const bytes = await encodeSegment(
            epoch.keys.content,
            {
              spaceId: this.spaceId,
              deviceId: this.deviceId,
              installNonce: this.state.installNonce,
              epoch: epoch.id,
              keyId: this.device.keyId,
              from,
              to,
              // A key's first segment starts its chain (its registration says from which number).
              prev: from > this.state.joinedAfter + 1 ? head : null,
            },
            chunk,
            this.sign,
          );
          await writeAtomic(this.fs, join(this.outbox, segmentFileName(from, to)), bytes);
          head = await sha256(bytes);
        }
        queued = [first, first + ops.length - 1];
        this.state = { ...this.state, lastSeq: queued[1], head };
        await this.saveState();
        this.lastHlc = ops.reduce((max, op) => (op.hlc > max ? op.hlc : max), this.lastHlc ?? '');
      }
      try {
        const { sent, problems } = await this.flushNow(known);
        this.lastError = null;
        return { queued, sent, error: null, problems };
      } catch (error) {
        if (!(error instanceof SyncError) && !errnoOf(error)) throw error;
        const failure = toSyncError(error);
        this.lastError = { code: failure.code, message: failure.message };
        return { queued, sent: 0, error: this.lastError, problems: [] };
      }
    });
  }

  /** Copy pending segments to the folder. Throws SyncError (folder_missing, disk_full…). */
  flush(): Promise<{ sent: number; problems: SyncProblem[] }> {
    return this.serial(() => this.flushNow());
  }

  private async flushNow(known?: Trust): Promise<{ sent: number; problems: SyncProblem[] }> {
    const trust = known ?? (await this.trust());
    await this.ensureRegistered(trust);
    try {
      await this.fs.mkdir(this.myDir, { recursive: true });
    } catch (error) {
      throw toSyncError(error);
    }
    const problems: SyncProblem[] = [...this.standing(trust)];
    const inFolder = new Set(await listNames(this.fs, this.myDir));
    let sent = 0;
    let flushed = this.state.flushedSeq;
    for (const segment of await this.outboxSegments()) {
      if (!inFolder.has(segment.name)) {
        if (segment.to <= this.state.flushedSeq) {
          problems.push(
            syncProblem('segment_restored', {
              deviceId: this.deviceId,
              file: `devices/${this.deviceId}/${segment.name}`,
              from: segment.from,
              to: segment.to,
            }),
          );
        }
        const bytes = await readIfPresent(this.fs, join(this.outbox, segment.name));
        if (!bytes) continue;
        await writeAtomic(this.fs, join(this.myDir, segment.name), bytes);
        sent += 1;
      }
      flushed = Math.max(flushed, segment.to);
    }
    if (flushed !== this.state.flushedSeq) {
      this.state = { ...this.state, flushedSeq: flushed };
      await this.saveState();
    }
    problems.push(...(await this.writeDeviceInfo(trust)));
    this.lastPush = new Date(this.now()).toISOString();
    return { sent, problems };
  }

  /** Rewrite this device's info file; reports another install writing under the same device id. */
  private async writeDeviceInfo(trust: Trust, checkClone = true, left = false): Promise<SyncProblem[]> {
    const problems: SyncProblem[] = [];
    const file = join(this.myDir, DEVICE_INFO_FILE);
    const existing = checkClone
      ? await readBounded(this.fs, file, MAX_SMALL_FILE_BYTES).catch(() => null)
      : null;
    if (existing) {
      try {
        const frame = readFrame(existing);
        const key = this.epochKeys.get(frame.header.epoch);
        if (key) {
          const { value } = await decodeDocument(key.content, frame, deviceInfoSchema);
          if (value.installNonce !== this.state.installNonce) {
            problems.push(syncProblem('duplicate_device', { deviceId: this.deviceId }));
          }
        }
      } catch {
        // Unreadable: replaced below by a good one.
      }
    }
    const info: DeviceInfo = {
      deviceId: this.deviceId,
      installNonce: this.state.installNonce,
      label: this.options.label ?? '',
      lastActivity: new Date(this.now()).toISOString(),
      lastSeq: this.state.lastSeq,
      head: this.state.head,
      applied: this.applied,
      wallMs: this.now(),
      hlc: this.lastHlc,
      ...(left ? { left } : {}),
    };
    try {
      await this.fs.mkdir(this.myDir, { recursive: true });
    } catch (error) {
      throw toSyncError(error);
    }
    const epoch = this.writingEpoch(trust);
    const bytes = await encodeDocument(
      epoch.keys.content,
      {
        kind: 'device',
        spaceId: this.spaceId,
        epoch: epoch.id,
        deviceId: this.deviceId,
        keyId: this.device.keyId,
      },
      info,
      this.sign,
    );
    await writeAtomic(this.fs, file, bytes);
    return problems;
  }

  /**
   * Record what the app has merged and stored (the cursor from pullSince, once committed), and the
   * latest HLC it holds; other devices read it for compaction and clock checks.
   */
  acknowledge(applied: Cursor, hlc?: string): Promise<SyncProblem[]> {
    return this.serial(async () => {
      this.applied = mergeCursors(this.applied, applied);
      if (hlc && (!this.lastHlc || hlc > this.lastHlc)) this.lastHlc = hlc;
      return this.writeDeviceInfo(await this.trust());
    });
  }

  /**
   * The ops of other devices not yet in `cursor`. Faulty files are reported in `problems` and
   * skipped; the rest continues. A device's ops no longer in segments (compacted) come from a
   * snapshot that includes them.
   */
  pullSince(cursor: Cursor): Promise<PullResult> {
    return this.serial(async () => {
      try {
        const result = await this.pullNow(cursor);
        this.lastPull = new Date(this.now()).toISOString();
        this.lastProblems = result.problems;
        this.lastError = null;
        return result;
      } catch (error) {
        // A bug is not a folder problem: only I/O failures become sync errors.
        if (!(error instanceof SyncError) && !errnoOf(error)) throw error;
        const failure = toSyncError(error, 'read_failed');
        this.lastError = { code: failure.code, message: failure.message };
        throw failure;
      }
    });
  }

  private refusal(error: unknown, facts: Omit<SyncProblem, 'code' | 'message'>): SyncProblem | null {
    if (error instanceof RefusedFile)
      return syncProblem(error.reason === 'too_large' ? 'file_too_large' : 'file_refused', facts);
    if (error instanceof FrameError) {
      const version = error.version !== undefined ? { version: error.version } : {};
      return syncProblem(error.code, { ...facts, ...version });
    }
    return null;
  }

  private async pullNow(cursor: Cursor): Promise<PullResult> {
    let trust = await this.trust();
    const problems: SyncProblem[] = [...trust.problems];
    const ops: SyncOp[] = [];
    let next: Cursor = structuredClone(cursor);
    delete next[this.deviceId];
    let infos = await this.readDeviceInfos(trust, problems);
    if (await this.approveRequests(trust, infos, problems)) {
      trust = await this.trust();
      infos = await this.readDeviceInfos(trust, []);
    }
    await this.ensureRegistered(trust);
    problems.push(...this.standing(trust));
    const seenBefore = this.state.peers;
    const chain = new ChainCheck(this.state.peers);
    const rolledBack = new Set<string>();
    for (const [device, info] of infos) {
      if (device === this.deviceId) continue;
      if (chain.claim(device, info.lastSeq, info.head) === 'rollback') {
        rolledBack.add(device);
        problems.push(
          syncProblem('rollback', { deviceId: device, from: info.lastSeq, to: chain.seen(device) }),
        );
      }
    }
    const outboxNames = new Set((await this.outboxSegments()).map((segment) => segment.name));

    // 1. What each device's folder holds, by name only (folders that are links are refused).
    const files = new Map<string, SegmentFile[]>();
    for (const device of await listNames(this.fs, this.paths.devices)) {
      if (!DEVICE_ID.test(device)) continue;
      const dir = join(this.paths.devices, device);
      if (!(await isFolder(this.fs, dir))) {
        problems.push(syncProblem('file_refused', { deviceId: device, file: `devices/${device}` }));
        continue;
      }
      const segments: SegmentFile[] = [];
      for (const name of await listNames(this.fs, dir)) {
        const file = `devices/${device}/${name}`;
        const kind = classifyName(name);
        if (kind.kind === 'conflict')
          problems.push(syncProblem('conflicted_copy', { deviceId: device, file }));
        if (kind.kind === 'unexpected')
          problems.push(syncProblem('unexpected_file', { deviceId: device, file }));
        if (kind.kind !== 'segment') continue;
        if (device === this.deviceId) {
          if (!outboxNames.has(name)) await this.checkOwnSegment(trust, join(dir, name), file, problems);
        } else {
          segments.push({ name, from: kind.from, to: kind.to });
        }
      }
      if (device !== this.deviceId)
        files.set(
          device,
          segments.sort((a, b) => a.from - b.from),
        );
    }
    /** Names of things that are not files (or far too large): they prove nothing about a device. */
    const refused = new Set<string>();
    const highestFile = (device: string) =>
      Math.max(
        0,
        ...(files.get(device) ?? []).filter((f) => !refused.has(`${device}/${f.name}`)).map((f) => f.to),
      );
    const owed = (): Cursor => {
      const out: Cursor = {};
      for (const device of new Set([...files.keys(), ...infos.keys()])) {
        if (device === this.deviceId) continue;
        // What was seen from it once counts too: a folder rolled back still owes it.
        const upTo = Math.max(highestFile(device), infos.get(device)?.lastSeq ?? 0, chain.seen(device));
        const gaps = missingRanges(next[device], upTo);
        if (gaps.length > 0) out[device] = gaps;
      }
      return out;
    };

    // 2. Ops that are in no segment file (compacted), or a long way behind: a snapshot first.
    const before = owed();
    const owedCount = countSeqs(before);
    // Owed ops that no segment file holds: compacted (or deleted) segments.
    const holes = Object.entries(before).some(([device, gaps]) => {
      const available = (files.get(device) ?? []).map((f): Range => [f.from, f.to]);
      const upTo = Math.max(...gaps.map(([, to]) => to));
      return missingRanges([...(next[device] ?? []), ...available], upTo).length > 0;
    });
    if (owedCount > 0 && (holes || owedCount >= SNAPSHOT_FIRST_OPS)) {
      const snapshot = await this.bestSnapshot(trust, before, problems);
      if (snapshot) {
        for (const op of snapshot.ops) ops.push(op);
        const cover = { ...snapshot.header.cover };
        delete cover[this.deviceId];
        next = mergeCursors(next, cover);
      }
    }

    // 3. Segments not yet applied. A faulty one is reported and skipped; the rest continues.
    const unreadable = new Map<string, Range[]>();
    const waiting = new Set<string>();
    for (const [device, segments] of files) {
      const nonces = new Set<string>();
      for (const { name, from, to } of segments) {
        if (coversRange(next[device], from, to)) continue;
        const file = `devices/${device}/${name}`;
        const skip = () => unreadable.set(device, [...(unreadable.get(device) ?? []), [from, to]]);
        try {
          const bytes = await readBounded(this.fs, join(this.paths.devices, device, name), MAX_SEGMENT_BYTES);
          if (bytes === null) continue; // deleted meanwhile: reported as missing below
          const frame = readFrame(bytes);
          const header = frame.header;
          if (
            header.kind !== 'segment' ||
            header.deviceId !== device ||
            header.from !== from ||
            header.to !== to ||
            header.spaceId !== this.spaceId
          ) {
            throw new FrameError('segment_mismatch', 'header does not match its name or place');
          }
          const key = this.epochKeys.get(header.epoch);
          if (!key) {
            // A key this device was not given: it was removed, or its registration is on its way.
            skip();
            continue;
          }
          // Decrypted first: a file damaged in transit fails there (corrupt); one that decrypts
          // but is not signed by a registered key of its device was made by someone holding the
          // space key (forged).
          const { ops: segmentOps } = await decodeSegment(key.content, frame);
          const signer = await this.checkSigner(trust, frame, device, { from, to });
          if (signer === 'wait') {
            waiting.add(device);
            skip();
            continue;
          }
          if (signer) {
            skip();
            problems.push(syncProblem(signer, { deviceId: device, file, from, to }));
            continue;
          }
          const verdict = chain.link(device, from, to, header.prev, await sha256(bytes));
          if (verdict === 'broken') {
            skip();
            problems.push(syncProblem('chain_broken', { deviceId: device, file, from, to }));
            continue;
          }
          nonces.add(header.installNonce);
          for (const op of segmentOps) ops.push(op);
          next = { ...next, [device]: addRange(next[device], from, to) };
        } catch (error) {
          const problem = this.refusal(error, { deviceId: device, file, from, to });
          if (!problem) throw error;
          if (error instanceof RefusedFile) refused.add(`${device}/${name}`);
          else skip();
          problems.push(problem);
        }
      }
      if (nonces.size > 1) problems.push(syncProblem('duplicate_device', { deviceId: device }));
    }

    // 4. Holes before a device's last file: deleted, or still on their way. The tail after the
    // last file is normal while the sync client catches up — unless the device was rolled back
    // from further on, or announced it in an earlier pass.
    for (const [device, gaps] of Object.entries(owed())) {
      if (waiting.has(device)) continue;
      const last = Math.max(
        highestFile(device),
        rolledBack.has(device) ? chain.seen(device) : 0,
        // Announced by the device in an earlier pass and still not here: deleted, not late.
        seenBefore[device]?.seq ?? 0,
      );
      // Ranges of files already reported (damaged, forged…) are not also missing.
      const reported = unreadable.get(device) ?? [];
      for (const [from, to] of missingRanges([...(next[device] ?? []), ...reported], last)) {
        if (!gaps.some(([a, b]) => a <= from && to <= b)) continue;
        problems.push(syncProblem('segment_missing', { deviceId: device, from, to }));
      }
    }
    problems.push(...this.skewProblems(ops, infos));
    const peers = chain.snapshot();
    delete peers[this.deviceId];
    if (JSON.stringify(peers) !== JSON.stringify(this.state.peers)) {
      this.state = { ...this.state, peers };
      await this.saveState();
    }
    return { ops, cursor: next, problems };
  }

  /** Another install writing under this device id (a cloned disk) leaves segments we did not make. */
  private async checkOwnSegment(
    trust: Trust,
    path: string,
    file: string,
    problems: SyncProblem[],
  ): Promise<void> {
    try {
      const head = await readBounded(this.fs, path, MAX_SEGMENT_BYTES, true, true);
      if (!head) return;
      const { header } = frameLength(head);
      const foreign =
        header.kind === 'segment' &&
        header.installNonce !== this.state.installNonce &&
        header.to > this.state.joinedAfter;
      if (foreign && !problems.some((p) => p.code === 'duplicate_device' && p.deviceId === this.deviceId)) {
        problems.push(syncProblem('duplicate_device', { deviceId: this.deviceId, file }));
      }
    } catch (error) {
      // A damaged own file is replaced from the outbox by the next flush, or was compacted; a
      // folder or link in its place is reported.
      const problem =
        error instanceof RefusedFile ? this.refusal(error, { deviceId: this.deviceId, file }) : null;
      if (problem) problems.push(problem);
    }
    void trust;
  }

  private async readDeviceInfos(trust: Trust, problems: SyncProblem[]): Promise<Map<string, DeviceInfo>> {
    const infos = new Map<string, DeviceInfo>();
    for (const device of await listNames(this.fs, this.paths.devices)) {
      if (!DEVICE_ID.test(device)) continue;
      const file = `devices/${device}/${DEVICE_INFO_FILE}`;
      try {
        if (!(await isFolder(this.fs, join(this.paths.devices, device)))) continue;
        const bytes = await readBounded(
          this.fs,
          join(this.paths.devices, device, DEVICE_INFO_FILE),
          MAX_SMALL_FILE_BYTES,
        );
        if (!bytes) continue;
        const frame = readFrame(bytes);
        if (frame.header.kind !== 'device' || frame.header.deviceId !== device)
          throw new FrameError('segment_mismatch', 'device');
        const key = this.epochKeys.get(frame.header.epoch);
        if (!key) continue; // written under a key this device was not given
        const signer = await this.checkSigner(trust, frame, device);
        if (signer === 'wait') continue;
        if (signer === 'signature_invalid') {
          problems.push(syncProblem('signature_invalid', { deviceId: device, file }));
          continue;
        }
        const { value } = await decodeDocument(key.content, frame, deviceInfoSchema);
        if (value.deviceId !== device) throw new FrameError('segment_mismatch', 'device');
        infos.set(device, value);
        if (device === this.deviceId && value.installNonce !== this.state.installNonce) {
          problems.push(syncProblem('duplicate_device', { deviceId: device }));
        }
      } catch (error) {
        if (error instanceof RefusedFile) {
          problems.push(this.refusal(error, { deviceId: device, file })!);
          continue;
        }
        if (!(error instanceof FrameError)) throw error;
        // A device file is rewritten often; one caught mid-sync is read next time.
        if (error.code !== 'segment_incomplete') {
          problems.push(syncProblem('device_unreadable', { deviceId: device, file }));
        }
      }
    }
    return infos;
  }

  private skewProblems(ops: readonly SyncOp[], infos: Map<string, DeviceInfo>): SyncProblem[] {
    const now = this.now();
    const skew = new Map<string, number>();
    const note = (device: string, ms: number) => {
      if (Math.abs(ms) > SKEW_REPORT_MS && Math.abs(ms) > Math.abs(skew.get(device) ?? 0))
        skew.set(device, ms);
    };
    // An op stamped in our future: that device's clock is ahead of ours (or ours is behind).
    for (const op of ops) note(op.deviceId, decodeHlc(op.hlc).wall - now);
    for (const [device, info] of infos) {
      if (device === this.deviceId) continue;
      note(device, info.wallMs - now > 0 ? info.wallMs - now : 0);
      // An HLC well ahead of the device's own clock: its clock is behind the others'.
      if (info.hlc) note(device, info.wallMs - decodeHlc(info.hlc).wall);
    }
    return [...skew].map(([deviceId, skewMs]) => syncProblem('clock_skew', { deviceId, skewMs }));
  }

  /** Snapshots whose signer is a registered, not removed key, by name with their header. */
  private async trustedSnapshots(
    trust: Trust,
    problems: SyncProblem[],
  ): Promise<{ name: string; header: SnapshotHeader }[]> {
    const out: { name: string; header: SnapshotHeader }[] = [];
    for (const name of await listNames(this.fs, this.paths.snapshots)) {
      if (!name.endsWith('.rgsnap') || name.startsWith('.')) continue;
      const file = `snapshots/${name}`;
      try {
        const head = await readBounded(
          this.fs,
          join(this.paths.snapshots, name),
          MAX_SNAPSHOT_BYTES,
          true,
          true,
        );
        if (!head) continue;
        const { header } = frameLength(head);
        if (header.kind !== 'snapshot' || header.spaceId !== this.spaceId) continue;
        if (!this.epochKeys.has(header.epoch)) continue;
        if (name !== snapshotFileName(header.deviceId)) continue;
        out.push({ name, header });
      } catch (error) {
        if (error instanceof RefusedFile) problems.push(this.refusal(error, { file })!);
        else if (error instanceof FrameError && error.code !== 'segment_incomplete')
          problems.push(syncProblem('snapshot_unreadable', { file }));
        else if (!(error instanceof FrameError)) throw error;
      }
    }
    return out;
  }

  /** A snapshot read whole, its signature and content checked; null (and a problem) otherwise. */
  private async openSnapshot(
    trust: Trust,
    name: string,
    problems: SyncProblem[],
  ): Promise<{ header: SnapshotHeader; ops: SyncOp[] } | null> {
    const file = `snapshots/${name}`;
    try {
      const bytes = await readBounded(this.fs, join(this.paths.snapshots, name), MAX_SNAPSHOT_BYTES);
      if (!bytes) return null;
      const frame = readFrame(bytes);
      if (frame.header.kind !== 'snapshot') return null;
      const signer = await this.checkSigner(trust, frame, frame.header.deviceId);
      if (signer === 'wait') return null;
      if (signer) {
        problems.push(syncProblem(signer, { deviceId: frame.header.deviceId, file }));
        return null;
      }
      return await decodeSnapshot(this.epochKeys.get(frame.header.epoch)!.content, frame);
    } catch (error) {
      if (error instanceof RefusedFile) problems.push(this.refusal(error, { file })!);
      else if (error instanceof FrameError || error instanceof RangeError)
        problems.push(syncProblem('snapshot_unreadable', { file }));
      else throw error;
      return null;
    }
  }

  /** The readable snapshot covering most of what is owed, decrypted and checked. */
  private async bestSnapshot(
    trust: Trust,
    owed: Cursor,
    problems: SyncProblem[],
  ): Promise<{ header: SnapshotHeader; ops: SyncOp[] } | null> {
    const candidates: { name: string; score: number }[] = [];
    for (const { name, header } of await this.trustedSnapshots(trust, problems)) {
      let score = 0;
      for (const [device, gaps] of Object.entries(owed)) score += overlap(header.cover[device] ?? [], gaps);
      if (score > 0) candidates.push({ name, score });
    }
    candidates.sort((a, b) => b.score - a.score || (a.name < b.name ? -1 : 1));
    for (const candidate of candidates) {
      const snapshot = await this.openSnapshot(trust, candidate.name, problems);
      if (snapshot) return snapshot;
    }
    return null;
  }

  /**
   * Write this device's snapshot: the app's whole merged state as ops (stateToOps), with the
   * cursor it has stored. The snapshot also includes this device's own ops up to its last number.
   */
  writeSnapshot(ops: readonly SyncOp[], applied: Cursor): Promise<void> {
    return this.serial(async () => {
      const epoch = this.writingEpoch(await this.trust());
      const cover: Cursor = { ...applied };
      delete cover[this.deviceId];
      if (this.state.lastSeq > 0) cover[this.deviceId] = [[1, this.state.lastSeq]];
      const bytes = await encodeSnapshot(
        epoch.keys.content,
        {
          spaceId: this.spaceId,
          deviceId: this.deviceId,
          installNonce: this.state.installNonce,
          epoch: epoch.id,
          keyId: this.device.keyId,
          cover,
        },
        ops,
        this.sign,
      );
      try {
        await this.fs.mkdir(this.paths.snapshots, { recursive: true });
      } catch (error) {
        throw toSyncError(error);
      }
      await writeAtomic(this.fs, join(this.paths.snapshots, snapshotFileName(this.deviceId)), bytes);
    });
  }

  /**
   * Delete this device's segments that every other device has acknowledged and a snapshot includes
   * (see the rule at the top). Returns the ranges removed and the devices holding the rest back.
   */
  compact(): Promise<{ removed: Range[]; waitingFor: string[] }> {
    return this.serial(async () => {
      const trust = await this.trust();
      const problems: SyncProblem[] = [];
      const infos = await this.readDeviceInfos(trust, problems);
      const removedDevices = new Set(Object.keys(trust.removed).map((key) => key.split('/')[0]));
      // A device folder without a readable device file holds compaction back too: its file may
      // still be on its way. Only a device that has said it left, or was removed, does not.
      const others = (await listNames(this.fs, this.paths.devices)).filter(
        (device) =>
          DEVICE_ID.test(device) &&
          device !== this.deviceId &&
          !infos.get(device)?.left &&
          !removedDevices.has(device),
      );
      const covers: Cursor[] = [];
      for (const { name } of await this.trustedSnapshots(trust, problems)) {
        // Signed and decrypted, not just framed: a snapshot's cover is trusted only once authenticated.
        const snapshot = await this.openSnapshot(trust, name, problems);
        if (snapshot) covers.push(snapshot.header.cover);
      }
      const removed: Range[] = [];
      const waitingFor = new Set<string>();
      const folderNames = new Set(await listNames(this.fs, this.myDir));
      for (const segment of await this.outboxSegments()) {
        const { from, to } = segment;
        const blockers = others.filter(
          (device) => !coversRange(infos.get(device)?.applied[this.deviceId], from, to),
        );
        blockers.forEach((device) => waitingFor.add(device));
        const inSnapshot = covers.some((cover) => coversRange(cover[this.deviceId], from, to));
        if (blockers.length > 0 || !inSnapshot) continue;
        if (folderNames.has(segment.name)) await this.removeFile(join(this.myDir, segment.name));
        await this.removeFile(join(this.outbox, segment.name));
        removed.push([from, to]);
      }
      return { removed, waitingFor: [...waitingFor].sort() };
    });
  }

  private async removeFile(path: string): Promise<void> {
    try {
      await this.fs.unlink(path);
    } catch (error) {
      if (errnoOf(error) !== 'ENOENT') throw toSyncError(error);
    }
  }

  /** Store an attachment in the folder (encrypted), once per content. Returns its file name. */
  putAttachment(bytes: Uint8Array): Promise<string> {
    return this.serial(async () => {
      const epoch = this.writingEpoch(await this.trust());
      const hash = await sha256(bytes);
      const name = await attachmentName(epoch.keys, hash);
      const path = join(this.paths.attachments, attachmentFileName(name));
      if (await exists(this.fs, path)) return name;
      const framed = await encodeFrame(
        epoch.keys.content,
        { kind: 'attachment', spaceId: this.spaceId, epoch: epoch.id, name, compression: 'none' },
        bytes,
      );
      try {
        await this.fs.mkdir(this.paths.attachments, { recursive: true });
      } catch (error) {
        throw toSyncError(error);
      }
      await writeAtomic(this.fs, path, framed);
      return name;
    });
  }

  /** An attachment by the SHA-256 of its content, checked after decryption (any epoch's name). */
  async getAttachment(sha256Hex: string): Promise<Uint8Array> {
    await this.checkSpace();
    for (const [epochId, keys] of this.epochKeys) {
      const name = await attachmentName(keys, sha256Hex);
      let bytes: Uint8Array | null;
      try {
        bytes = await readBounded(
          this.fs,
          join(this.paths.attachments, attachmentFileName(name)),
          MAX_ATTACHMENT_FILE_BYTES,
        );
      } catch (error) {
        if (error instanceof FrameError && error.code === 'segment_incomplete') continue;
        if (error instanceof RefusedFile || error instanceof FrameError)
          throw new SyncError('corrupt', 'attachment');
        throw error;
      }
      if (!bytes) continue;
      let plain: Uint8Array;
      try {
        const frame = readFrame(bytes);
        if (
          frame.header.kind !== 'attachment' ||
          frame.header.name !== name ||
          frame.header.epoch !== epochId
        )
          throw new SyncError('corrupt');
        plain = await openFrame(keys.content, frame);
      } catch {
        throw new SyncError('corrupt', 'attachment');
      }
      if ((await sha256(plain)) !== sha256Hex) throw new SyncError('corrupt', 'attachment hash');
      return plain;
    }
    throw new SyncError('attachment_missing');
  }

  /** Devices seen, pending ops, the last problems and error. Works with the folder gone. */
  status(): Promise<SyncStatus> {
    return this.serial(async () => {
      const devices: DeviceStatus[] = [];
      const problems: SyncProblem[] = [];
      try {
        const trust = await this.trust();
        problems.push(...this.standing(trust));
        const removedDevices = new Set(Object.keys(trust.removed).map((key) => key.split('/')[0]));
        const infos = await this.readDeviceInfos(trust, problems);
        for (const [deviceId, info] of infos) {
          devices.push({
            deviceId,
            label: info.label,
            lastActivity: info.lastActivity,
            lastSeq: info.lastSeq,
            self: deviceId === this.deviceId,
            left: info.left === true,
            removed: removedDevices.has(deviceId) && deviceId !== this.deviceId,
          });
        }
      } catch (error) {
        // Folder unreachable: the status still tells what is pending locally.
        if (!(error instanceof SyncError) && !errnoOf(error)) throw error;
      }
      let pendingOps = 0;
      for (const segment of await this.outboxSegments()) {
        if (segment.to > this.state.flushedSeq)
          pendingOps += segment.to - Math.max(segment.from, this.state.flushedSeq + 1) + 1;
      }
      return {
        spaceId: this.spaceId,
        deviceId: this.deviceId,
        devices: devices.sort((a, b) => (a.deviceId < b.deviceId ? -1 : 1)),
        pendingOps,
        lastPush: this.lastPush,
        lastPull: this.lastPull,
        problems: [
          ...this.lastProblems,
          ...problems.filter(
            (p) => !this.lastProblems.some((q) => q.code === p.code && q.deviceId === p.deviceId),
          ),
        ],
        error: this.lastError,
      };
    });
  }

  /**
   * A new key epoch: a new space key wrapped under `passphrase` and for every member key still
   * active (less those in `remove`), the earlier keys sealed inside it. Later files use it.
   */
  private async rotate(trust: Trust, passphrase: string, remove: Record<string, number>): Promise<void> {
    const latest = trust.latest;
    if (!latest) throw new SyncError('corrupt', 'no valid key epoch');
    const removed = { ...trust.removed, ...remove };
    const members = activeMembers(trust, latest.id).filter(
      (m) => !(memberKey(m.deviceId, m.keyId) in removed),
    );
    const raw = newWorkspaceKey();
    const n = Math.max(...[...trust.epochs.values()].map((doc) => doc.n)) + 1;
    const doc = await makeEpoch({
      spaceId: this.spaceId,
      n,
      by: { ...this.device, deviceId: this.deviceId },
      raw,
      passphrase,
      kdf: await (this.options.kdf ?? defaultKdfParams)(),
      members,
      removed,
      previous: { ...this.secrets.epochs },
      now: this.now(),
    });
    try {
      await this.fs.mkdir(this.paths.keys, { recursive: true });
    } catch (error) {
      throw toSyncError(error);
    }
    await writeAtomic(this.fs, join(this.paths.keys, `epoch-${doc.id}.json`), encodeJson(doc));
    this.secrets.epochs[doc.id] = toBase64(raw);
    this.epochKeys.set(doc.id, await openSpaceKeys(raw));
    this.state = { ...this.state, secrets: await sealSecrets(this.protector, this.secrets) };
    await this.saveState();
  }

  /**
   * A new passphrase: a new key epoch (the old passphrase and key open nothing written after). The
   * current passphrase is checked against the newest epoch this device holds.
   */
  changePassphrase(current: string, next: string): Promise<void> {
    return this.serial(async () => {
      checkPassphrase(next);
      const trust = await this.trust();
      const held = [...trust.epochs.values()].filter((doc) => this.epochKeys.has(doc.id)).sort(epochOrder)[0];
      if (!held) throw new SyncError('not_joined', 'no space key');
      await unwrapWorkspaceKey(held.passphrase, current, passphraseScope(this.spaceId, held.id));
      await this.rotate(trust, next, {});
      await this.writeDeviceInfo(await this.trust());
    });
  }

  /**
   * Remove another device: a new key epoch without it, under a new passphrase (it knows the old
   * one). Its files up to the last number seen here stay valid; anything it writes later is refused.
   */
  removeDevice(target: string, passphrase: string): Promise<void> {
    return this.serial(async () => {
      checkPassphrase(passphrase);
      if (target === this.deviceId) throw new SyncError('device_unknown');
      const trust = await this.trust();
      const keys = new Set<string>();
      for (const set of trust.members.values())
        for (const m of set.values()) if (m.deviceId === target) keys.add(memberKey(m.deviceId, m.keyId));
      for (const key of trust.requested) if (key.startsWith(`${target}/`)) keys.add(key);
      if (keys.size === 0) throw new SyncError('device_unknown');
      const infos = await this.readDeviceInfos(trust, []);
      const seen = Math.max(
        this.state.peers[target]?.seq ?? 0,
        highestSeq(this.applied[target]),
        infos.get(target)?.lastSeq ?? 0,
      );
      const remove: Record<string, number> = {};
      for (const key of keys) remove[key] = Math.min(trust.removed[key] ?? seen, seen);
      await this.rotate(trust, passphrase, remove);
      await this.writeDeviceInfo(await this.trust());
    });
  }

  /** Seal this device's secrets again (the protector changed, e.g. a new local passphrase). */
  reseal(): Promise<void> {
    return this.serial(async () => {
      this.state = { ...this.state, secrets: await sealSecrets(this.protector, this.secrets) };
      await this.saveState();
    });
  }

  /**
   * Leave the space on this device: its device file says so (nobody waits for its
   * acknowledgements any more), its segments stay (others may still need them), and the local
   * state, keys included, is removed. Pending ops that never reached the folder are lost with it,
   * so the app should flush first.
   */
  leave(): Promise<void> {
    return this.serial(async () => {
      const statement = await signDocument(this.device, {
        kind: 'left' as const,
        format: 1 as const,
        spaceId: this.spaceId,
        deviceId: this.deviceId,
        keyId: this.device.keyId,
        at: new Date(this.now()).toISOString(),
      });
      await writeAtomic(
        this.fs,
        join(this.paths.registry, `${this.deviceId}-${this.device.keyId}-left.json`),
        encodeJson(statement),
      );
      await this.writeDeviceInfo(await this.trust(), false, true);
      await this.fs.rm(this.options.localDir, { recursive: true, force: true });
    });
  }
}

/** Epoch ids by number, highest first. */
function epochIdOrder(a: string, b: string): number {
  const n = (id: string) => Number(id.split('-')[0]);
  return n(b) - n(a) || (a < b ? -1 : a > b ? 1 : 0);
}
