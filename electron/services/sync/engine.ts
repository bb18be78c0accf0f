/**
 * The sync engine: this device's side of a sync space in a shared folder (NAS, Syncthing,
 * Nextcloud, Dropbox, OneDrive). The folder's own sync client is the transport; it is never asked
 * to merge a file, because each device writes only its own files and never rewrites a segment.
 *
 * Local state lives in `localDir` (in the app's data folder, never shared): the workspace key,
 * this install's nonce, the last sequence number used, and `outbox/`, where every segment is made
 * before it is copied to the folder. A segment is kept there until compaction, so a folder that
 * is unreachable, or a segment a user deleted, is (re)sent by the next flush.
 *
 * The engine only moves ops. The app hands it its new oplog entries (pushSegment), merges what
 * pullSince returns (shared/sync/merge.ts), stores the returned cursor with the merged records in
 * one transaction, then calls acknowledge(cursor), which tells the other devices what it has.
 *
 * Compaction rule: a device deletes one of its own segments only when (1) every other device
 * with a device file in the space has acknowledged every op in it, and (2) a snapshot in the
 * folder, checked by decrypting it, includes those ops, for devices that join later. A device that
 * never acknowledges (a lost laptop) therefore holds compaction back until it leaves the space.
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { z } from 'zod';
import {
  attachmentName,
  defaultKdfParams,
  fromBase64,
  newWorkspaceKey,
  openSpaceKeys,
  sha256,
  toBase64,
  unwrapWorkspaceKey,
  wrapWorkspaceKey,
  wrappedKeySchema,
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
  FrameError,
  openFrame,
  readFrame,
  type SnapshotHeader,
} from '../../../shared/sync/segment';
import {
  defaultFs,
  errnoOf,
  exists,
  listNames,
  readIfPresent,
  toSyncError,
  writeAtomic,
  type SyncFs,
} from './files';
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
const SPACE_FORMAT = 1;

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
const LOCAL_FORMAT = 1;

/** Protects the workspace key at rest in the data folder (Electron's safeStorage in the app). */
export type KeyProtector = {
  seal(raw: Uint8Array): Promise<string>;
  open(sealed: string): Promise<Uint8Array>;
};

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

const spaceFileSchema = z.object({
  format: z.number().int(),
  spaceId: z.string().uuid(),
  createdAt: z.string(),
  key: wrappedKeySchema,
});
type SpaceFile = z.infer<typeof spaceFileSchema>;

const localStateSchema = z.object({
  format: z.literal(LOCAL_FORMAT),
  spaceId: z.string(),
  deviceId: z.string(),
  installNonce: z.string(),
  key: z.string(),
  lastSeq: z.number().int().min(0),
  /** Every segment up to here has been seen in the folder once (a later absence is a deletion). */
  flushedSeq: z.number().int().min(0),
  /** Sequence numbers up to here were used by earlier installs under this device id. */
  joinedAfter: z.number().int().min(0),
});
type LocalState = z.infer<typeof localStateSchema>;

const deviceInfoSchema = z.object({
  deviceId: z.string(),
  installNonce: z.string(),
  label: z.string().max(200),
  lastActivity: z.string(),
  lastSeq: z.number().int().min(0),
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

type Paths = { root: string; space: string; devices: string; snapshots: string; attachments: string };

function pathsOf(folder: string): Paths {
  const root = join(folder, SPACE_DIR);
  return {
    root,
    space: join(root, SPACE_FILE),
    devices: join(root, 'devices'),
    snapshots: join(root, 'snapshots'),
    attachments: join(root, 'attachments'),
  };
}

const encodeJson = (value: unknown) => new TextEncoder().encode(JSON.stringify(value, null, 2));

async function readSpaceFile(fs: SyncFs, folder: string): Promise<SpaceFile> {
  const paths = pathsOf(folder);
  if (!(await exists(fs, folder))) throw new SyncError('folder_missing');
  const bytes = await readIfPresent(fs, paths.space);
  if (bytes === null) throw new SyncError('space_missing');
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    throw new SyncError('corrupt', 'space.json is not JSON');
  }
  const format = (json as { format?: unknown } | null)?.format;
  if (typeof format === 'number' && format !== SPACE_FORMAT)
    throw new SyncError('space_version', `format ${format}`);
  const parsed = spaceFileSchema.safeParse(json);
  if (!parsed.success) throw new SyncError('corrupt', 'space.json does not validate');
  return parsed.data;
}

async function saveLocalState(fs: SyncFs, localDir: string, state: LocalState): Promise<void> {
  await fs.mkdir(localDir, { recursive: true }).catch((error: unknown) => {
    throw toSyncError(error);
  });
  await writeAtomic(fs, join(localDir, 'state.json'), encodeJson(state));
}

function checkPassphrase(passphrase: string): void {
  if (!estimatePassphrase(passphrase).acceptable) throw new SyncError('weak_passphrase');
}

/** Make a new space in `folder` and join it as its first device. */
export async function createSpace(options: SyncOptions, passphrase: string): Promise<SyncEngine> {
  checkPassphrase(passphrase);
  const fs = options.fs ?? defaultFs;
  const paths = pathsOf(options.folder);
  if (!(await exists(fs, options.folder))) throw new SyncError('folder_missing');
  if (await exists(fs, paths.space)) throw new SyncError('space_exists');
  const spaceId = randomUUID();
  const raw = newWorkspaceKey();
  const kdf = await (options.kdf ?? defaultKdfParams)();
  const space: SpaceFile = {
    format: SPACE_FORMAT,
    spaceId,
    createdAt: new Date((options.now ?? Date.now)()).toISOString(),
    key: await wrapWorkspaceKey(raw, passphrase, spaceId, kdf),
  };
  try {
    for (const dir of [paths.root, paths.devices, paths.snapshots, paths.attachments]) {
      await fs.mkdir(dir, { recursive: true });
    }
  } catch (error) {
    throw toSyncError(error);
  }
  await writeAtomic(fs, paths.space, encodeJson(space));
  return SyncEngine.start(options, spaceId, raw, 0);
}

/** Join the space in `folder`. A wrong passphrase throws SyncError('wrong_passphrase') and changes nothing. */
export async function joinSpace(options: SyncOptions, passphrase: string): Promise<SyncEngine> {
  const fs = options.fs ?? defaultFs;
  const space = await readSpaceFile(fs, options.folder);
  const raw = await unwrapWorkspaceKey(space.key, passphrase, space.spaceId);
  const keys = await openSpaceKeys(raw);
  // Sequence numbers are never reused: a device rejoining under its old id continues after the
  // highest number any file in the space knows for it.
  const lastSeq = await highestKnownSeq(fs, options.folder, keys, options.deviceId);
  return SyncEngine.start(options, space.spaceId, raw, lastSeq);
}

/** Re-wrap the workspace key under a new passphrase; no data file changes. */
export async function changePassphrase(options: SyncOptions, current: string, next: string): Promise<void> {
  checkPassphrase(next);
  const fs = options.fs ?? defaultFs;
  const space = await readSpaceFile(fs, options.folder);
  const raw = await unwrapWorkspaceKey(space.key, current, space.spaceId);
  const kdf = await (options.kdf ?? defaultKdfParams)();
  const updated: SpaceFile = { ...space, key: await wrapWorkspaceKey(raw, next, space.spaceId, kdf) };
  await writeAtomic(fs, pathsOf(options.folder).space, encodeJson(updated));
}

/** Resume after a restart, from the local state (no passphrase needed). */
export async function openEngine(options: SyncOptions): Promise<SyncEngine> {
  const fs = options.fs ?? defaultFs;
  const bytes = await readIfPresent(fs, join(options.localDir, 'state.json'));
  if (bytes === null) throw new SyncError('not_joined');
  const parsed = localStateSchema.safeParse(JSON.parse(new TextDecoder().decode(bytes)));
  if (!parsed.success || parsed.data.deviceId !== options.deviceId) throw new SyncError('not_joined');
  const raw = await (options.keyProtector ?? plainKeyProtector).open(parsed.data.key);
  const engine = new SyncEngine(options, parsed.data, await openSpaceKeys(raw));
  await engine.recoverLastSeq();
  return engine;
}

async function highestKnownSeq(
  fs: SyncFs,
  folder: string,
  keys: SpaceKeys,
  deviceId: string,
): Promise<number> {
  const paths = pathsOf(folder);
  let highest = 0;
  for (const name of await listNames(fs, join(paths.devices, deviceId))) {
    const kind = classifyName(name);
    if (kind.kind === 'segment') highest = Math.max(highest, kind.to);
  }
  for (const device of await listNames(fs, paths.devices)) {
    const bytes = await readIfPresent(fs, join(paths.devices, device, DEVICE_INFO_FILE));
    if (!bytes) continue;
    try {
      const { value } = await decodeDocument(keys.content, bytes, deviceInfoSchema);
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
    const bytes = await readIfPresent(fs, join(paths.snapshots, name));
    if (!bytes) continue;
    try {
      const frame = readFrame(bytes);
      if (frame.header.kind === 'snapshot')
        highest = Math.max(highest, highestSeq(frame.header.cover[deviceId]));
    } catch {
      // Same: skipped here, reported by pulls.
    }
  }
  return highest;
}

export class SyncEngine {
  private readonly fs: SyncFs;
  private readonly now: () => number;
  private readonly paths: Paths;
  private queue: Promise<unknown> = Promise.resolve();
  private lastPush: string | null = null;
  private lastPull: string | null = null;
  private lastProblems: SyncProblem[] = [];
  private lastError: { code: string; message: string } | null = null;
  /** The cursor last acknowledged, repeated in every device file this engine writes. */
  private applied: Cursor = {};
  private lastHlc: string | null = null;

  constructor(
    private readonly options: SyncOptions,
    private state: LocalState,
    private readonly keys: SpaceKeys,
  ) {
    this.fs = options.fs ?? defaultFs;
    this.now = options.now ?? Date.now;
    this.paths = pathsOf(options.folder);
  }

  static async start(
    options: SyncOptions,
    spaceId: string,
    raw: Uint8Array,
    lastSeq: number,
  ): Promise<SyncEngine> {
    if (!DEVICE_ID.test(options.deviceId)) throw new TypeError('bad device id');
    const fs = options.fs ?? defaultFs;
    const state: LocalState = {
      format: LOCAL_FORMAT,
      spaceId,
      deviceId: options.deviceId,
      installNonce: randomUUID(),
      key: await (options.keyProtector ?? plainKeyProtector).seal(raw),
      lastSeq,
      flushedSeq: lastSeq,
      joinedAfter: lastSeq,
    };
    await saveLocalState(fs, options.localDir, state);
    const engine = new SyncEngine(options, state, await openSpaceKeys(raw));
    // Whatever install wrote this device's file before is replaced without a clone warning.
    await engine.serial(() => engine.writeDeviceInfo(false));
    return engine;
  }

  get spaceId(): string {
    return this.state.spaceId;
  }

  get deviceId(): string {
    return this.state.deviceId;
  }

  private get myDir(): string {
    return join(this.paths.devices, this.deviceId);
  }

  private get outbox(): string {
    return join(this.options.localDir, 'outbox');
  }

  /** One operation at a time: two pushes must never take the same sequence numbers. */
  private serial<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task, task);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** After a crash between writing a segment and saving the state, the outbox knows better. */
  async recoverLastSeq(): Promise<void> {
    const highest = Math.max(this.state.lastSeq, ...(await this.outboxSegments()).map((s) => s.to));
    if (highest !== this.state.lastSeq) {
      this.state = { ...this.state, lastSeq: highest };
      await saveLocalState(this.fs, this.options.localDir, this.state);
    }
  }

  private async outboxSegments(): Promise<{ name: string; from: number; to: number }[]> {
    const out: { name: string; from: number; to: number }[] = [];
    for (const name of await listNames(this.fs, this.outbox)) {
      const kind = classifyName(name);
      if (kind.kind === 'segment') out.push({ name, from: kind.from, to: kind.to });
    }
    return out.sort((a, b) => a.from - b.from);
  }

  /** The space file must be there and be ours; otherwise nothing is written to the folder. */
  private async checkSpace(): Promise<void> {
    const space = await readSpaceFile(this.fs, this.options.folder);
    if (space.spaceId !== this.spaceId) throw new SyncError('space_mismatch');
  }

  /**
   * Queue this device's new ops (made durable in the local outbox, numbered), then copy what is
   * pending to the folder. Throws only when the ops could not be queued (local disk full);
   * a folder problem is returned in `error` and the ops go out with a later flush.
   */
  pushSegment(ops: readonly SyncOp[]): Promise<PushResult> {
    return this.serial(async () => {
      let queued: Range | null = null;
      if (ops.length > 0) {
        for (const op of ops) {
          const parsed = syncOpSchema.safeParse(op);
          if (!parsed.success || op.deviceId !== this.deviceId)
            throw new TypeError('not an op of this device');
        }
        await this.fs.mkdir(this.outbox, { recursive: true }).catch((error: unknown) => {
          throw toSyncError(error);
        });
        const first = this.state.lastSeq + 1;
        for (let start = 0; start < ops.length; start += MAX_OPS_PER_SEGMENT) {
          const chunk = ops.slice(start, start + MAX_OPS_PER_SEGMENT);
          const from = first + start;
          const to = from + chunk.length - 1;
          const bytes = await encodeSegment(
            this.keys.content,
            {
              spaceId: this.spaceId,
              deviceId: this.deviceId,
              installNonce: this.state.installNonce,
              from,
              to,
            },
            chunk,
          );
          await writeAtomic(this.fs, join(this.outbox, segmentFileName(from, to)), bytes);
        }
        queued = [first, first + ops.length - 1];
        this.state = { ...this.state, lastSeq: queued[1] };
        await saveLocalState(this.fs, this.options.localDir, this.state);
        this.lastHlc = ops.reduce((max, op) => (op.hlc > max ? op.hlc : max), this.lastHlc ?? '');
      }
      try {
        const { sent, problems } = await this.flushNow();
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

  private async flushNow(): Promise<{ sent: number; problems: SyncProblem[] }> {
    await this.checkSpace();
    try {
      await this.fs.mkdir(this.myDir, { recursive: true });
    } catch (error) {
      throw toSyncError(error);
    }
    const problems: SyncProblem[] = [];
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
      await saveLocalState(this.fs, this.options.localDir, this.state);
    }
    problems.push(...(await this.writeDeviceInfo()));
    this.lastPush = new Date(this.now()).toISOString();
    return { sent, problems };
  }

  /** Rewrite this device's info file; reports another install writing under the same device id. */
  private async writeDeviceInfo(checkClone = true, left = false): Promise<SyncProblem[]> {
    const problems: SyncProblem[] = [];
    const file = join(this.myDir, DEVICE_INFO_FILE);
    const existing = checkClone ? await readIfPresent(this.fs, file) : null;
    if (existing) {
      try {
        const { value } = await decodeDocument(this.keys.content, existing, deviceInfoSchema);
        if (value.installNonce !== this.state.installNonce) {
          problems.push(syncProblem('duplicate_device', { deviceId: this.deviceId }));
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
    const bytes = await encodeDocument(
      this.keys.content,
      { kind: 'device', spaceId: this.spaceId, deviceId: this.deviceId },
      info,
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
      await this.checkSpace();
      return this.writeDeviceInfo();
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

  private async pullNow(cursor: Cursor): Promise<PullResult> {
    await this.checkSpace();
    const problems: SyncProblem[] = [];
    const ops: SyncOp[] = [];
    let next: Cursor = structuredClone(cursor);
    delete next[this.deviceId];
    const infos = await this.readDeviceInfos(problems);
    const outboxNames = new Set((await this.outboxSegments()).map((segment) => segment.name));

    // 1. What each device's folder holds, by name only.
    const files = new Map<string, { name: string; from: number; to: number }[]>();
    for (const device of await listNames(this.fs, this.paths.devices)) {
      if (!DEVICE_ID.test(device)) continue;
      const dir = join(this.paths.devices, device);
      const segments: { name: string; from: number; to: number }[] = [];
      for (const name of await listNames(this.fs, dir)) {
        const file = `devices/${device}/${name}`;
        const kind = classifyName(name);
        if (kind.kind === 'conflict')
          problems.push(syncProblem('conflicted_copy', { deviceId: device, file }));
        if (kind.kind === 'unexpected')
          problems.push(syncProblem('unexpected_file', { deviceId: device, file }));
        if (kind.kind !== 'segment') continue;
        if (device === this.deviceId) {
          if (!outboxNames.has(name)) await this.checkOwnSegment(join(dir, name), file, problems);
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
    const highestFile = (device: string) => Math.max(0, ...(files.get(device) ?? []).map((f) => f.to));
    const owed = (): Cursor => {
      const out: Cursor = {};
      for (const device of new Set([...files.keys(), ...infos.keys()])) {
        if (device === this.deviceId) continue;
        const upTo = Math.max(highestFile(device), infos.get(device)?.lastSeq ?? 0);
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
      const snapshot = await this.bestSnapshot(before, problems);
      if (snapshot) {
        for (const op of snapshot.ops) ops.push(op);
        const cover = { ...snapshot.header.cover };
        delete cover[this.deviceId];
        next = mergeCursors(next, cover);
      }
    }

    // 3. Segments not yet applied. A faulty one is reported and skipped; the rest continues.
    const unreadable = new Map<string, Range[]>();
    for (const [device, segments] of files) {
      const nonces = new Set<string>();
      for (const { name, from, to } of segments) {
        if (coversRange(next[device], from, to)) continue;
        const file = `devices/${device}/${name}`;
        const bytes = await readIfPresent(this.fs, join(this.paths.devices, device, name));
        if (bytes === null) continue; // deleted meanwhile: reported as missing below
        try {
          const { header, ops: segmentOps } = await decodeSegment(this.keys.content, bytes);
          if (
            header.deviceId !== device ||
            header.from !== from ||
            header.to !== to ||
            header.spaceId !== this.spaceId
          ) {
            throw new FrameError('segment_mismatch', 'header does not match its name or place');
          }
          nonces.add(header.installNonce);
          for (const op of segmentOps) ops.push(op);
          next = { ...next, [device]: addRange(next[device], from, to) };
        } catch (error) {
          if (!(error instanceof FrameError)) throw error;
          unreadable.set(device, [...(unreadable.get(device) ?? []), [from, to]]);
          const version = error.version !== undefined ? { version: error.version } : {};
          problems.push(syncProblem(error.code, { deviceId: device, file, from, to, ...version }));
        }
      }
      if (nonces.size > 1) problems.push(syncProblem('duplicate_device', { deviceId: device }));
    }

    // 4. Holes before a device's last file: deleted, or still on their way. The tail after the
    // last file is normal while the sync client catches up.
    for (const [device, gaps] of Object.entries(owed())) {
      const last = highestFile(device);
      const skip = unreadable.get(device) ?? [];
      for (const [from, to] of gaps) {
        if (from > last || skip.some(([a, b]) => a <= from && to <= b)) continue;
        problems.push(syncProblem('segment_missing', { deviceId: device, from, to: Math.min(to, last) }));
      }
    }
    problems.push(...this.skewProblems(ops, infos));
    return { ops, cursor: next, problems };
  }

  /** Another install writing under this device id (a cloned disk) leaves segments we did not make. */
  private async checkOwnSegment(path: string, file: string, problems: SyncProblem[]): Promise<void> {
    const bytes = await readIfPresent(this.fs, path);
    if (!bytes) return;
    try {
      const { header } = readFrame(bytes);
      const foreign =
        header.kind === 'segment' &&
        header.installNonce !== this.state.installNonce &&
        header.to > this.state.joinedAfter;
      if (foreign && !problems.some((p) => p.code === 'duplicate_device' && p.deviceId === this.deviceId)) {
        problems.push(syncProblem('duplicate_device', { deviceId: this.deviceId, file }));
      }
    } catch {
      // A damaged own file is replaced from the outbox by the next flush, or was compacted.
    }
  }

  private async readDeviceInfos(problems: SyncProblem[]): Promise<Map<string, DeviceInfo>> {
    const infos = new Map<string, DeviceInfo>();
    for (const device of await listNames(this.fs, this.paths.devices)) {
      if (!DEVICE_ID.test(device)) continue;
      const bytes = await readIfPresent(this.fs, join(this.paths.devices, device, DEVICE_INFO_FILE));
      if (!bytes) continue;
      try {
        const { header, value } = await decodeDocument(this.keys.content, bytes, deviceInfoSchema);
        if (header.deviceId !== device || value.deviceId !== device)
          throw new FrameError('segment_mismatch', 'device');
        infos.set(device, value);
        if (device === this.deviceId && value.installNonce !== this.state.installNonce) {
          problems.push(syncProblem('duplicate_device', { deviceId: device }));
        }
      } catch (error) {
        if (!(error instanceof FrameError)) throw error;
        // A device file is rewritten often; one caught mid-sync is read next time.
        if (error.code !== 'segment_incomplete') {
          problems.push(
            syncProblem('device_unreadable', {
              deviceId: device,
              file: `devices/${device}/${DEVICE_INFO_FILE}`,
            }),
          );
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

  /** The readable snapshot covering most of what is owed, decrypted and checked. */
  private async bestSnapshot(
    owed: Cursor,
    problems: SyncProblem[],
  ): Promise<{ header: SnapshotHeader; ops: SyncOp[] } | null> {
    const candidates: { name: string; bytes: Uint8Array; score: number }[] = [];
    for (const name of await listNames(this.fs, this.paths.snapshots)) {
      if (!name.endsWith('.rgsnap') || name.startsWith('.')) continue;
      const bytes = await readIfPresent(this.fs, join(this.paths.snapshots, name));
      if (!bytes) continue;
      try {
        const { header } = readFrame(bytes);
        if (header.kind !== 'snapshot' || header.spaceId !== this.spaceId) continue;
        let score = 0;
        for (const [device, gaps] of Object.entries(owed)) score += overlap(header.cover[device] ?? [], gaps);
        if (score > 0) candidates.push({ name, bytes, score });
      } catch (error) {
        if (error instanceof FrameError && error.code !== 'segment_incomplete') {
          problems.push(syncProblem('snapshot_unreadable', { file: `snapshots/${name}` }));
        }
      }
    }
    candidates.sort((a, b) => b.score - a.score || (a.name < b.name ? -1 : 1));
    for (const candidate of candidates) {
      try {
        return await decodeSnapshot(this.keys.content, candidate.bytes);
      } catch {
        problems.push(syncProblem('snapshot_unreadable', { file: `snapshots/${candidate.name}` }));
      }
    }
    return null;
  }

  /**
   * Write this device's snapshot: the app's whole merged state as ops (stateToOps), with the
   * cursor it has stored. The snapshot also includes this device's own ops up to its last number.
   */
  writeSnapshot(ops: readonly SyncOp[], applied: Cursor): Promise<void> {
    return this.serial(async () => {
      await this.checkSpace();
      const cover: Cursor = { ...applied };
      delete cover[this.deviceId];
      if (this.state.lastSeq > 0) cover[this.deviceId] = [[1, this.state.lastSeq]];
      const bytes = await encodeSnapshot(
        this.keys.content,
        { spaceId: this.spaceId, deviceId: this.deviceId, installNonce: this.state.installNonce, cover },
        ops,
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
      await this.checkSpace();
      const problems: SyncProblem[] = [];
      const infos = await this.readDeviceInfos(problems);
      // A device folder without a readable device file holds compaction back too: its file may
      // still be on its way. Only a device that has said it left does not.
      const others = (await listNames(this.fs, this.paths.devices)).filter(
        (device) => DEVICE_ID.test(device) && device !== this.deviceId && !infos.get(device)?.left,
      );
      const covers: Cursor[] = [];
      for (const name of await listNames(this.fs, this.paths.snapshots)) {
        if (!name.endsWith('.rgsnap') || name.startsWith('.')) continue;
        const bytes = await readIfPresent(this.fs, join(this.paths.snapshots, name));
        if (!bytes) continue;
        try {
          // Decrypted, not just framed: a snapshot's cover is trusted only once authenticated.
          const frame = readFrame(bytes);
          await openFrame(this.keys.content, frame);
          if (frame.header.kind === 'snapshot' && frame.header.spaceId === this.spaceId)
            covers.push(frame.header.cover);
        } catch {
          // Not a usable snapshot: it protects nothing.
        }
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
      await this.checkSpace();
      const hash = await sha256(bytes);
      const name = await attachmentName(this.keys, hash);
      const path = join(this.paths.attachments, attachmentFileName(name));
      if (await exists(this.fs, path)) return name;
      const framed = await encodeFrame(
        this.keys.content,
        { kind: 'attachment', spaceId: this.spaceId, name, compression: 'none' },
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

  /** An attachment by the SHA-256 of its content, checked after decryption. */
  async getAttachment(sha256Hex: string): Promise<Uint8Array> {
    await this.checkSpace();
    const name = await attachmentName(this.keys, sha256Hex);
    const bytes = await readIfPresent(this.fs, join(this.paths.attachments, attachmentFileName(name)));
    if (!bytes) throw new SyncError('attachment_missing');
    let plain: Uint8Array;
    try {
      const frame = readFrame(bytes);
      if (frame.header.kind !== 'attachment' || frame.header.name !== name) throw new SyncError('corrupt');
      plain = await openFrame(this.keys.content, frame);
    } catch (error) {
      if (error instanceof FrameError && error.code === 'segment_incomplete')
        throw new SyncError('attachment_missing');
      throw new SyncError('corrupt', 'attachment');
    }
    if ((await sha256(plain)) !== sha256Hex) throw new SyncError('corrupt', 'attachment hash');
    return plain;
  }

  /** Devices seen, pending ops, the last problems and error. Works with the folder gone. */
  status(): Promise<SyncStatus> {
    return this.serial(async () => {
      const devices: DeviceStatus[] = [];
      const problems: SyncProblem[] = [];
      try {
        const infos = await this.readDeviceInfos(problems);
        for (const [deviceId, info] of infos) {
          devices.push({
            deviceId,
            label: info.label,
            lastActivity: info.lastActivity,
            lastSeq: info.lastSeq,
            self: deviceId === this.deviceId,
            left: info.left === true,
          });
        }
      } catch {
        // Folder unreachable: the status still tells what is pending locally.
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
   * Leave the space on this device: its device file says so (nobody waits for its
   * acknowledgements any more), its segments stay (others may still need them), and the local
   * state, key included, is removed. Pending ops that never reached the folder are lost with it,
   * so the app should flush first.
   */
  leave(): Promise<void> {
    return this.serial(async () => {
      await this.checkSpace();
      await this.writeDeviceInfo(false, true);
      await this.fs.rm(this.options.localDir, { recursive: true, force: true });
    });
  }
}
