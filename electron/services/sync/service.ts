/**
 * The sync service behind the sync:* channels: one SyncEngine for the data folder, the folder the
 * user chose, pause, attachments, and the background signals. The renderer owns the database, so
 * it runs each pass (push, pull, apply, ack); this side tells it when to, with `onChange`: a file
 * watcher on the space's devices/ folder (other devices' files only: our own writes must not wake
 * us, or two devices would wake each other for ever) and a periodic timer.
 *
 *   <dataDir>/sync.json     the folder, the device id and label, paused (no secret; 0600)
 *   <dataDir>/sync/         the engine's local state (device and space keys, sealed), outbox,
 *                           attachments.json (0700, files 0600)
 */
import { watch, type FSWatcher } from 'node:fs';
import { mkdir, readFile, rm } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import { join, resolve, sep } from 'node:path';
import { z } from 'zod';
import type { SyncStatusView } from '../../../shared/ipc/contract';
import { attachmentsOf } from '../../../shared/erasure/redact';
import {
  defaultKdfParams,
  openUnderPassphraseKey,
  passphraseSealedSchema,
  passphraseSealingKey,
  sealUnderPassphraseKey,
  type CryptoKey,
  type KdfParams,
} from '../../../shared/sync/crypto';
import type { Cursor } from '../../../shared/sync/cursor';
import { SyncError } from '../../../shared/sync/errors';
import type { SyncOp } from '../../../shared/sync/merge';
import type { AttachmentStore } from '../attachments';
import { sniffMediaType } from '../attachments';
import { HandlerError } from '../dispatch';
import { defaultFs, writeAtomic } from './files';
import {
  createSpace,
  joinSpace,
  openEngine,
  type KeyProtector,
  type PushResult,
  type SyncEngine,
  type SyncOptions,
} from './engine';
import { SPACE_DIR, SPACE_FILE } from './names';

/** Ops per page of a pull answer: a page's JSON stays a few megabytes. */
export const PULL_PAGE_OPS = 5_000;
/** A periodic pass catches what a watcher misses (network drives, sync clients that skip events). */
export const DEFAULT_INTERVAL_MS = 30_000;
const WATCH_DEBOUNCE_MS = 300;

const configSchema = z.object({
  format: z.literal(1),
  folder: z.string(),
  deviceId: z.string(),
  label: z.string(),
  spaceId: z.string(),
  paused: z.boolean(),
});
type SyncConfig = z.infer<typeof configSchema>;

const attachmentQueueSchema = z.object({
  /** Local attachments to copy to the folder. */
  outgoing: z.array(z.string()),
  /** Attachments other devices' records refer to, not yet here. */
  wanted: z.array(z.string()),
});

/** The OS keystore (Electron safeStorage) as the archive key store adapts it. */
export type Sealer = { available(): boolean; seal(plain: Buffer): Buffer; unseal(sealed: Buffer): Buffer };

const LOCAL_SCOPE = 'rgpd-desk-sync-local';

/**
 * This device's sync secrets (its own keys and the space keys) at rest, never in the clear: sealed
 * by the OS keystore when it really encrypts ('os:'); otherwise — the browser host, Linux without
 * a keyring — under the sync passphrase ('pass:', Argon2id). In that case the key derived from the
 * passphrase stays in memory only, and after a restart sync is locked until the passphrase this
 * computer last used is typed again (sync:unlock). The prefix says which, so a secret sealed one
 * way is never read the other.
 */
export function createSecretKeeper(
  sealer: Sealer | undefined,
  kdf: () => Promise<KdfParams> = defaultKdfParams,
) {
  let unlocked: { kdf: KdfParams; key: CryptoKey } | null = null;
  const keystore = () => sealer?.available() === true;
  const protector: KeyProtector = {
    seal: async (raw) => {
      if (keystore()) return `os:${sealer!.seal(Buffer.from(raw)).toString('base64')}`;
      if (!unlocked) throw new SyncError('locked');
      return `pass:${JSON.stringify(await sealUnderPassphraseKey(unlocked.key, unlocked.kdf, LOCAL_SCOPE, raw))}`;
    },
    open: async (sealed) => {
      if (sealed.startsWith('os:')) {
        if (!keystore()) throw new SyncError('not_joined', 'the OS keystore is unavailable');
        return new Uint8Array(sealer!.unseal(Buffer.from(sealed.slice(3), 'base64')));
      }
      if (sealed.startsWith('pass:')) {
        if (!unlocked) throw new SyncError('locked');
        return openUnderPassphraseKey(unlocked.key, LOCAL_SCOPE, envelopeOf(sealed));
      }
      throw new SyncError('not_joined', 'unknown sealing');
    },
  };
  function envelopeOf(sealed: string) {
    try {
      return passphraseSealedSchema.parse(JSON.parse(sealed.slice(5)));
    } catch {
      throw new SyncError('not_joined', 'sealed secrets unreadable');
    }
  }
  return {
    protector,
    /** Secrets sealed from now on use this passphrase (no-op with a keystore). */
    async usePassphrase(passphrase: string): Promise<void> {
      if (keystore()) return;
      const params = await kdf();
      unlocked = { kdf: params, key: await passphraseSealingKey(passphrase, params) };
    },
    /** Open what is sealed with the passphrase typed; throws SyncError('wrong_passphrase'). */
    async unlock(sealed: string, passphrase: string): Promise<void> {
      if (!sealed.startsWith('pass:')) return;
      const envelope = envelopeOf(sealed);
      const key = await passphraseSealingKey(passphrase, envelope.kdf);
      await openUnderPassphraseKey(key, LOCAL_SCOPE, envelope);
      unlocked = { kdf: envelope.kdf, key };
    },
    /** Sealed with a passphrase not typed since this process started. */
    locked(sealed: string | null): boolean {
      return sealed !== null && sealed.startsWith('pass:') && unlocked === null;
    },
  };
}

export type SyncServiceOptions = {
  dataDir: string;
  attachments: AttachmentStore;
  /** The OS keystore, when the host has one (Electron's safeStorage). */
  sealer?: Sealer;
  /** Tell the renderer to run a pass. */
  onChange?: (reason: 'folder' | 'timer') => void;
  intervalMs?: number;
  kdf?: () => Promise<KdfParams>;
  now?: () => number;
  log?: (message: string) => void;
};

type Pull = { id: string; ops: SyncOp[] };

const toHandlerError = (error: unknown): unknown =>
  error instanceof SyncError ? new HandlerError(error.code, error.message) : error;

export type SyncService = ReturnType<typeof createSyncService>;

export function createSyncService(options: SyncServiceOptions) {
  const configPath = join(options.dataDir, 'sync.json');
  const localDir = join(options.dataDir, 'sync');
  const queuePath = join(localDir, 'attachments.json');
  const log = options.log ?? (() => {});
  let config: SyncConfig | null | undefined;
  let engine: SyncEngine | null = null;
  let watcher: FSWatcher | null = null;
  let timer: ReturnType<typeof setInterval> | null = null;
  let debounce: ReturnType<typeof setTimeout> | null = null;
  /** A push failed to reach the folder (or the app restarted): the next push flushes. */
  let needsFlush = true;
  let pull: Pull | null = null;
  let snapshotOps: SyncOp[] = [];
  const keeper = createSecretKeeper(options.sealer, options.kdf);

  /** The sealed secrets in the local state, to tell whether sync waits for its passphrase. */
  async function sealedSecrets(): Promise<string | null> {
    try {
      const state = JSON.parse(await readFile(join(localDir, 'state.json'), 'utf8')) as { secrets?: unknown };
      return typeof state.secrets === 'string' ? state.secrets : null;
    } catch {
      return null;
    }
  }

  async function loadConfig(): Promise<SyncConfig | null> {
    if (config !== undefined) return config;
    try {
      const parsed = configSchema.safeParse(JSON.parse(await readFile(configPath, 'utf8')));
      config = parsed.success ? parsed.data : null;
    } catch {
      config = null;
    }
    return config;
  }

  async function saveConfig(next: SyncConfig | null): Promise<void> {
    if (next)
      await writeAtomic(
        defaultFs,
        configPath,
        new TextEncoder().encode(`${JSON.stringify(next, null, 2)}\n`),
      );
    else await rm(configPath, { force: true });
    config = next;
  }

  function engineOptions(folder: string, deviceId: string, label: string): SyncOptions {
    return {
      folder,
      localDir,
      deviceId,
      label,
      keyProtector: keeper.protector,
      ...(options.kdf ? { kdf: options.kdf } : {}),
      ...(options.now ? { now: options.now } : {}),
    };
  }

  function stopWatching(): void {
    watcher?.close();
    watcher = null;
    if (timer) clearInterval(timer);
    timer = null;
    if (debounce) clearTimeout(debounce);
    debounce = null;
  }

  function signal(reason: 'folder' | 'timer'): void {
    if (config?.paused) return;
    options.onChange?.(reason);
  }

  /** Watch other devices' folders; retried by the timer while the folder is unreachable. */
  function ensureWatching(current: SyncConfig): void {
    if (!options.onChange) return;
    if (!timer) {
      timer = setInterval(() => {
        if (!watcher) ensureWatching(current);
        signal('timer');
      }, options.intervalMs ?? DEFAULT_INTERVAL_MS);
      timer.unref?.();
    }
    if (watcher) return;
    try {
      const devices = join(current.folder, SPACE_DIR, 'devices');
      const own = `${current.deviceId}${sep}`;
      watcher = watch(devices, { recursive: true, persistent: false }, (_event, name) => {
        const file = name ? String(name) : '';
        if (file === current.deviceId || file.startsWith(own) || file.startsWith(`${current.deviceId}/`))
          return;
        if (debounce) clearTimeout(debounce);
        debounce = setTimeout(() => signal('folder'), WATCH_DEBOUNCE_MS);
      });
      watcher.on('error', () => {
        watcher?.close();
        watcher = null;
      });
    } catch {
      watcher = null; // folder gone: the timer retries
    }
  }

  async function engineFor(deviceId: string): Promise<{ engine: SyncEngine; config: SyncConfig }> {
    const current = await loadConfig();
    if (!current || current.deviceId !== deviceId) throw new SyncError('not_joined');
    if (!engine) {
      engine = await openEngine(engineOptions(current.folder, current.deviceId, current.label));
      ensureWatching(current);
    }
    return { engine, config: current };
  }

  function checkNotPaused(current: SyncConfig): void {
    if (current.paused) throw new HandlerError('paused', 'sync.errors.paused');
  }

  async function loadQueue(): Promise<z.infer<typeof attachmentQueueSchema>> {
    try {
      const parsed = attachmentQueueSchema.safeParse(JSON.parse(await readFile(queuePath, 'utf8')));
      if (parsed.success) return parsed.data;
    } catch {
      // none yet
    }
    return { outgoing: [], wanted: [] };
  }

  async function saveQueue(queue: z.infer<typeof attachmentQueueSchema>): Promise<void> {
    await mkdir(localDir, { recursive: true, mode: 0o700 });
    await writeAtomic(defaultFs, queuePath, new TextEncoder().encode(JSON.stringify(queue)));
  }

  const hashesOf = (ops: readonly SyncOp[]): string[] => [
    ...new Set(
      ops.flatMap((op) => (op.op === 'delete' ? [] : attachmentsOf(op.entity, op.fields).map((r) => r.hash))),
    ),
  ];

  /**
   * Copy attachments both ways: ours that records going out refer to, theirs that arrived records
   * refer to. What cannot move now (folder gone, file not arrived yet) stays queued.
   */
  async function moveAttachments(
    active: SyncEngine,
    add: { outgoing?: string[]; wanted?: string[] } = {},
  ): Promise<void> {
    const queue = await loadQueue();
    const outgoing = new Set([...queue.outgoing, ...(add.outgoing ?? [])]);
    const wanted = new Set([...queue.wanted, ...(add.wanted ?? [])]);
    for (const hash of [...outgoing]) {
      try {
        if (await options.attachments.has(hash)) {
          const { bytes } = await options.attachments.get(hash);
          await active.putAttachment(bytes);
        }
        outgoing.delete(hash);
      } catch (error) {
        if (!(error instanceof SyncError || error instanceof HandlerError)) throw error;
        break; // the folder is unreachable: try again at the next push
      }
    }
    for (const hash of [...wanted]) {
      if (await options.attachments.has(hash)) {
        wanted.delete(hash);
        continue;
      }
      try {
        const bytes = await active.getAttachment(hash);
        const mediaType = sniffMediaType(bytes);
        if (mediaType) await options.attachments.put(bytes, mediaType);
        wanted.delete(hash);
      } catch (error) {
        if (error instanceof SyncError && error.code === 'attachment_missing') continue;
        if (error instanceof SyncError || error instanceof HandlerError) {
          log(`attachment not fetched: ${error.message}`);
          continue;
        }
        throw error;
      }
    }
    if (
      outgoing.size !== queue.outgoing.length ||
      wanted.size !== queue.wanted.length ||
      add.outgoing?.length ||
      add.wanted?.length
    ) {
      await saveQueue({ outgoing: [...outgoing], wanted: [...wanted] });
    }
  }

  async function mapped<T>(task: () => Promise<T>): Promise<T> {
    try {
      return await task();
    } catch (error) {
      throw toHandlerError(error);
    }
  }

  async function startSpace(
    input: { deviceId: string; folder: string; label: string; passphrase: string },
    open: (opts: SyncOptions) => Promise<SyncEngine>,
  ): Promise<{ spaceId: string }> {
    const current = await loadConfig();
    if (current && current.deviceId === input.deviceId) throw new SyncError('space_exists');
    await keeper.usePassphrase(input.passphrase);
    const folder = resolve(input.folder);
    stopWatching();
    engine = null;
    // Another database's leftover state (another browser profile) is replaced, never reused.
    await rm(localDir, { recursive: true, force: true });
    const started = await open(engineOptions(folder, input.deviceId, input.label));
    engine = started;
    needsFlush = true;
    const next: SyncConfig = {
      format: 1,
      folder,
      deviceId: input.deviceId,
      label: input.label,
      spaceId: started.spaceId,
      paused: false,
    };
    await saveConfig(next);
    ensureWatching(next);
    return { spaceId: started.spaceId };
  }

  return {
    async status(deviceId: string): Promise<SyncStatusView> {
      const current = await loadConfig();
      const off: SyncStatusView = {
        joined: false,
        locked: false,
        otherDevice: current !== null && current.deviceId !== deviceId,
        paused: false,
        folder: null,
        spaceId: null,
        label: '',
        devices: [],
        pendingOps: 0,
        lastPush: null,
        lastPull: null,
        problems: [],
        error: null,
      };
      if (!current || current.deviceId !== deviceId) return off;
      if (!engine && keeper.locked(await sealedSecrets())) {
        return {
          ...off,
          joined: true,
          locked: true,
          paused: current.paused,
          folder: current.folder,
          spaceId: current.spaceId,
          label: current.label,
        };
      }
      return mapped(async () => {
        const { engine: active } = await engineFor(deviceId);
        const status = await active.status();
        return {
          ...off,
          joined: true,
          paused: current.paused,
          folder: current.folder,
          spaceId: current.spaceId,
          label: current.label,
          devices: status.devices,
          pendingOps: status.pendingOps,
          lastPush: status.lastPush,
          lastPull: status.lastPull,
          problems: status.problems,
          error: status.error,
        };
      });
    },

    create(input: { deviceId: string; folder: string; passphrase: string; label: string }) {
      return mapped(() => startSpace(input, (opts) => createSpace(opts, input.passphrase)));
    },

    join(input: {
      deviceId: string;
      folder: string;
      passphrase: string;
      label: string;
      expectedSpaceId?: string | undefined;
    }) {
      return mapped(async () => {
        if (input.expectedSpaceId) {
          // space.json is plain JSON (the key inside is wrapped): its id can be checked first.
          const text = await readFile(join(resolve(input.folder), SPACE_DIR, SPACE_FILE), 'utf8').catch(
            () => null,
          );
          const spaceId = text ? (JSON.parse(text) as { spaceId?: unknown }).spaceId : undefined;
          if (typeof spaceId === 'string' && spaceId !== input.expectedSpaceId)
            throw new SyncError('space_mismatch');
        }
        return startSpace(input, (opts) => joinSpace(opts, input.passphrase));
      });
    },

    /** After a restart without a keystore: the passphrase this computer last used opens its secrets. */
    unlock(input: { deviceId: string; passphrase: string }) {
      return mapped(async () => {
        const current = await loadConfig();
        if (!current || current.deviceId !== input.deviceId) throw new SyncError('not_joined');
        const sealed = await sealedSecrets();
        if (!sealed) throw new SyncError('not_joined');
        await keeper.unlock(sealed, input.passphrase);
        await engineFor(input.deviceId);
        signal('timer');
        return { unlocked: true as const };
      });
    },

    changePassphrase(input: { deviceId: string; current: string; next: string }) {
      return mapped(async () => {
        const { engine: active } = await engineFor(input.deviceId);
        await active.changePassphrase(input.current, input.next);
        await keeper.usePassphrase(input.next);
        await active.reseal();
        return { changed: true as const };
      });
    },

    /** Remove another device: a new space key, under a new passphrase, that it never receives. */
    removeDevice(input: { deviceId: string; target: string; passphrase: string }) {
      return mapped(async () => {
        const { engine: active } = await engineFor(input.deviceId);
        await active.removeDevice(input.target, input.passphrase);
        await keeper.usePassphrase(input.passphrase);
        await active.reseal();
        return { removed: true as const };
      });
    },

    push(input: { deviceId: string; ops: SyncOp[] }): Promise<PushResult> {
      return mapped(async () => {
        const { engine: active, config: current } = await engineFor(input.deviceId);
        checkNotPaused(current);
        if (input.ops.length === 0 && !needsFlush)
          return { queued: null, sent: 0, error: null, problems: [] };
        const result = await active.pushSegment(input.ops);
        needsFlush = result.error !== null;
        const outgoing = hashesOf(input.ops);
        if (outgoing.length > 0 || !needsFlush) await moveAttachments(active, { outgoing });
        return result;
      });
    },

    pull(input: { deviceId: string; cursor: Cursor }) {
      return mapped(async () => {
        const { engine: active, config: current } = await engineFor(input.deviceId);
        checkNotPaused(current);
        const result = await active.pullSince(input.cursor);
        const wanted = hashesOf(result.ops);
        if (wanted.length > 0) await saveQueue(mergeQueue(await loadQueue(), wanted));
        const first = result.ops.slice(0, PULL_PAGE_OPS);
        pull = result.ops.length > PULL_PAGE_OPS ? { id: randomUUID(), ops: result.ops } : null;
        return {
          pullId: pull?.id ?? null,
          total: result.ops.length,
          ops: first,
          cursor: result.cursor,
          problems: result.problems,
        };
      });
    },

    pullPage(input: { pullId: string; offset: number }) {
      if (!pull || pull.id !== input.pullId) throw new HandlerError('not_found', 'errors.notFound');
      const ops = pull.ops.slice(input.offset, input.offset + PULL_PAGE_OPS);
      const done = input.offset + PULL_PAGE_OPS >= pull.ops.length;
      if (done) pull = null;
      return { ops, done };
    },

    ack(input: { deviceId: string; cursor: Cursor; hlc: string | null }) {
      return mapped(async () => {
        const { engine: active } = await engineFor(input.deviceId);
        const problems = await active.acknowledge(input.cursor, input.hlc ?? undefined);
        // Arrived records are stored: now fetch the files they refer to.
        await moveAttachments(active);
        return { problems };
      });
    },

    snapshot(input: { deviceId: string; ops: SyncOp[]; done: boolean; cursor?: Cursor | undefined }) {
      return mapped(async () => {
        const { engine: active } = await engineFor(input.deviceId);
        for (const op of input.ops) snapshotOps.push(op);
        if (!input.done) return { written: false };
        const ops = snapshotOps;
        snapshotOps = [];
        await active.writeSnapshot(ops, input.cursor ?? {});
        return { written: true };
      });
    },

    compact(input: { deviceId: string }) {
      return mapped(async () => {
        const { engine: active } = await engineFor(input.deviceId);
        const { removed, waitingFor } = await active.compact();
        return { removed: removed.length, waitingFor };
      });
    },

    setPaused(input: { deviceId: string; paused: boolean }) {
      return mapped(async () => {
        const { config: current } = await engineFor(input.deviceId);
        await saveConfig({ ...current, paused: input.paused });
        if (!input.paused) signal('timer');
        return { paused: input.paused };
      });
    },

    leave(input: { deviceId: string }) {
      return mapped(async () => {
        const { engine: active } = await engineFor(input.deviceId);
        // What is still queued here would be lost with the local state: it must reach the folder.
        await active.flush();
        await active.leave();
        stopWatching();
        engine = null;
        pull = null;
        await saveConfig(null);
        return { left: true as const };
      });
    },

    close(): void {
      stopWatching();
    },
  };
}

function mergeQueue(
  queue: z.infer<typeof attachmentQueueSchema>,
  wanted: string[],
): z.infer<typeof attachmentQueueSchema> {
  return { outgoing: queue.outgoing, wanted: [...new Set([...queue.wanted, ...wanted])] };
}
