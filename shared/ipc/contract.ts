/**
 * The one IPC contract: channel → input schema → output schema. The Electron main process and the
 * loopback browser host both validate every payload against it (electron/services/dispatch.ts), and
 * the renderer's transport is typed by it. Add a channel here first, then its handler in
 * electron/services/handlers.ts.
 */
import { z } from 'zod';
import { verificationSchema } from '../archive/verification';
import { checkpointHeadSchema, signedCheckpointSchema } from '../audit/checkpoint';
import type { Result } from '../result';
import { cursorSchema } from '../sync/cursor';
import { syncOpSchema } from '../sync/merge';

export const SECTIONS = [
  'dashboard',
  'requests',
  'consents',
  'subjects',
  'registers',
  'archive',
  'audit',
  'settings',
  'compliance',
] as const;
export const sectionSchema = z.enum(SECTIONS);
export type Section = z.infer<typeof sectionSchema>;

const empty = z.object({}).strict();

/**
 * Where this workspace's records (IndexedDB) were first kept: the origin of the page that set it up or
 * joined it (`http://127.0.0.1:PORT` for the browser host, `app://desk` for the desktop app), with
 * its transport and when. A browser keeps IndexedDB per profile and per origin, so the same data
 * folder opened at another address, or in another browser, finds an empty database.
 */
export const recordsHomeSchema = z.object({
  origin: z.string().min(1).max(200),
  transport: z.enum(['electron', 'web']),
  since: z.string().max(40),
});
export type RecordsHome = z.infer<typeof recordsHomeSchema>;

export const appInfoSchema = z.object({
  name: z.string(),
  version: z.string(),
  platform: z.string(),
  transport: z.enum(['electron', 'web']),
  /** Folder where the Node side keeps files (logs, attachments, keys). */
  dataDir: z.string(),
  /**
   * Random id made on first run and stored in the data folder; the renderer names its IndexedDB
   * database after it, so one browser profile never mixes two data folders.
   */
  workspaceId: z.string().uuid(),
  /** Preferred UI languages of the operating system, best first. */
  systemLocales: z.array(z.string()),
  /** True only when the browser host was started with --expose-test-api (benchmarks, e2e). */
  testApi: z.boolean(),
  /** What this host can do beyond the common channels (the desktop has a save dialog and notifications). */
  capabilities: z.object({ saveDialog: z.boolean(), notifications: z.boolean(), openFolder: z.boolean() }),
  /** Null until a page of this host holds the workspace's records (after setup or a join). */
  recordsHome: recordsHomeSchema.nullable(),
});
export type AppInfo = z.infer<typeof appInfoSchema>;

/** Files people attach to requests and consents: scans and photos of paper, letters as PDF. */
export const ATTACHMENT_MEDIA_TYPES = ['application/pdf', 'image/jpeg', 'image/png'] as const;
export const attachmentMediaTypeSchema = z.enum(ATTACHMENT_MEDIA_TYPES);
export type AttachmentMediaType = z.infer<typeof attachmentMediaTypeSchema>;
export const MAX_ATTACHMENT_BYTES = 25 * 1024 * 1024;
/** Base64 of MAX_ATTACHMENT_BYTES, rounded up to whole 4-character groups. */
export const MAX_ATTACHMENT_BASE64 = Math.ceil(MAX_ATTACHMENT_BYTES / 3) * 4;
export const sha256HexSchema = z.string().regex(/^[0-9a-f]{64}$/);

const base64 = (maxChars: number) =>
  z
    .string()
    .max(maxChars)
    .regex(/^[A-Za-z0-9+/]*={0,2}$/);

/** Files the app writes for the user (CSV exports, letters as PDF, archives). */
export const SAVE_MEDIA_TYPES = [
  'text/csv',
  'application/pdf',
  'application/zip',
  'application/json',
  'text/html',
  'text/plain',
] as const;
export const MAX_SAVE_BYTES = 64 * 1024 * 1024;
/** Files in one ZIP the renderer asks for (a campaign's letters: one per person, and its e-mail list). */
export const MAX_ZIP_ENTRIES = 5000;
/**
 * A name inside such a ZIP: one plain ASCII file name, no folder, nothing any OS reads specially,
 * so unpacking it writes exactly those files where the user chose, on Windows, macOS or Linux.
 */
export const zipEntryNameSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,99}(\.[a-z0-9]{1,8})?$/);

/** Archive files travel in chunks of at most this many bytes (export payload, verify upload, download). */
export const ARCHIVE_CHUNK_BYTES = 4 * 1024 * 1024;
const ARCHIVE_CHUNK_BASE64 = Math.ceil(ARCHIVE_CHUNK_BYTES / 3) * 4;
const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const sessionId = z.string().uuid();
/** A file name the user sees: no folder separators, no characters Windows refuses, no control characters. */
const fileNameSchema = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[^/\\:*?"<>|]+$/)
  .refine((name) => !/\p{Cc}/u.test(name));
/** A payload path inside the bag's data/ folder, '/'-separated. */
const payloadPathSchema = z.string().min(1).max(1000);
const passphraseSchema = z.string().max(1000).optional();

export const keyInfoSchema = z.object({
  keyId: z.string(),
  fingerprint: z.string(),
  publicKey: z.string(),
  createdAt: z.string(),
  protection: z.enum(['os', 'passphrase']),
  current: z.boolean(),
});
export type KeyInfo = z.infer<typeof keyInfoSchema>;

/** Sync: a device id as the renderer's database names it (renderer/src/db/write.ts deviceIdOf). */
const syncDeviceId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);
/** A folder path the user chose or typed (the Node side checks it exists). */
const syncFolder = z.string().min(1).max(4096);
const syncPassphrase = z.string().min(1).max(1000);
/** The name other devices see for this one ("Comptoir", "Portable de Marie"). */
const syncLabel = z.string().max(200);
/** Ops travel in batches of at most SYNC_BATCH_OPS; a batch's JSON stays far below the body limit. */
export const SYNC_BATCH_OPS = 5_000;
const SYNC_BATCH_BYTES = 32 * 1024 * 1024;
const syncProblemSchema = z.object({
  code: z.string(),
  message: z.string(),
  deviceId: z.string().optional(),
  file: z.string().optional(),
  from: z.number().optional(),
  to: z.number().optional(),
  skewMs: z.number().optional(),
  version: z.number().optional(),
});
const syncErrorSchema = z.object({ code: z.string(), message: z.string() }).nullable();
export const syncStatusSchema = z.object({
  /** This database has joined a space in this data folder. */
  joined: z.boolean(),
  /** Joined, but the secrets are sealed by the passphrase, not typed since the host started. */
  locked: z.boolean(),
  /** The data folder's space belongs to another database (another browser profile). */
  otherDevice: z.boolean(),
  paused: z.boolean(),
  folder: z.string().nullable(),
  spaceId: z.string().nullable(),
  label: z.string(),
  devices: z.array(
    z.object({
      deviceId: z.string(),
      label: z.string(),
      lastActivity: z.string().nullable(),
      lastSeq: z.number(),
      self: z.boolean(),
      left: z.boolean(),
      /** Removed from the space by a member: it receives no later key. */
      removed: z.boolean(),
    }),
  ),
  /** Changes queued on this device and not yet in the folder. */
  pendingOps: z.number().int().nonnegative(),
  lastPush: z.string().nullable(),
  lastPull: z.string().nullable(),
  problems: z.array(syncProblemSchema),
  error: syncErrorSchema,
});
export type SyncStatusView = z.infer<typeof syncStatusSchema>;

export const contract = {
  'app:info': { input: empty, output: appInfoSchema },
  'log:write': {
    input: z
      .object({
        level: z.enum(['info', 'warn', 'error']),
        message: z.string().min(1).max(4000),
      })
      .strict(),
    output: z.object({ written: z.literal(true) }),
  },
  /**
   * The page now holds the workspace's records: remember its origin with the data folder (the first
   * claim stays; a later one from elsewhere changes nothing). Answers the home remembered.
   */
  'workspace:records-here': { input: empty, output: recordsHomeSchema },
  'data-folder:open': {
    input: empty,
    output: z.object({ path: z.string(), opened: z.boolean() }),
  },
  /**
   * Store a file in the content-addressed attachment store (named by its SHA-256). The declared
   * type must match the file's own signature; at most MAX_ATTACHMENT_BYTES.
   */
  'attachments:put': {
    input: z
      .object({
        mediaType: attachmentMediaTypeSchema,
        dataBase64: base64(MAX_ATTACHMENT_BASE64).min(1),
      })
      .strict(),
    output: z.object({
      hash: sha256HexSchema,
      size: z.number().int().nonnegative(),
      mediaType: attachmentMediaTypeSchema,
    }),
    maxBodyBytes: MAX_ATTACHMENT_BASE64 + 4096,
  },
  'attachments:get': {
    input: z.object({ hash: sha256HexSchema }).strict(),
    output: z.object({
      hash: sha256HexSchema,
      size: z.number().int().nonnegative(),
      mediaType: attachmentMediaTypeSchema,
      dataBase64: z.string(),
    }),
  },
  /** Erasure: delete stored files by hash (the renderer checked nothing else refers to them). */
  'attachments:delete': {
    input: z.object({ hashes: z.array(sha256HexSchema).min(1).max(1000) }).strict(),
    output: z.object({ deleted: z.number().int().nonnegative() }),
  },
  /**
   * Save a file the app produced: the native save dialog on the desktop. Where there is none (the
   * browser host) the answer is { saved: false, reason: 'unsupported' } and the renderer downloads it.
   */
  'file:save': {
    input: z
      .object({
        suggestedName: z
          .string()
          .min(1)
          .max(200)
          .regex(/^[^/\\:*?"<>|]+$/)
          .refine((name) => !/\p{Cc}/u.test(name)),
        mediaType: z.enum(SAVE_MEDIA_TYPES),
        dataBase64: base64(Math.ceil(MAX_SAVE_BYTES / 3) * 4),
      })
      .strict(),
    output: z.object({
      saved: z.boolean(),
      reason: z.enum(['saved', 'cancelled', 'unsupported']),
    }),
    maxBodyBytes: Math.ceil(MAX_SAVE_BYTES / 3) * 4 + 4096,
  },
  /**
   * Files the renderer produced (a campaign's letters) packed as one ZIP, returned to be saved like
   * any other file. Names must be unique; the whole is capped like a saved file.
   */
  'zip:build': {
    input: z
      .object({
        entries: z
          .array(
            z
              .object({
                name: zipEntryNameSchema,
                dataBase64: base64(Math.ceil(MAX_SAVE_BYTES / 3) * 4),
              })
              .strict(),
          )
          .min(1)
          .max(MAX_ZIP_ENTRIES)
          .refine(
            (entries) => new Set(entries.map((entry) => entry.name.toLowerCase())).size === entries.length,
            { error: 'duplicate names' },
          ),
      })
      .strict(),
    output: z.object({ dataBase64: z.string() }),
    maxBodyBytes: Math.ceil(MAX_SAVE_BYTES / 3) * 4 + 64 * MAX_ZIP_ENTRIES + 4096,
  },
  /** The organisation's signing keys: the current one, the replaced ones, how a new one is protected. */
  'archive:keys': {
    input: empty,
    output: z.object({
      protection: z.enum(['os', 'passphrase']),
      current: keyInfoSchema.nullable(),
      keys: z.array(keyInfoSchema),
    }),
  },
  /** Replace the signing key; the old public key stays listed so old archives still verify. */
  'archive:new-key': {
    input: z.object({ passphrase: passphraseSchema }).strict(),
    output: keyInfoSchema,
  },
  /**
   * Start an export: unlock (or, the first time, make) the key, then pick the destination (the save
   * dialog on the desktop). { id: null, reason: 'cancelled' } when the user closed the dialog.
   */
  'archive:begin': {
    input: z
      .object({
        fileName: fileNameSchema.refine((name) => name.toLowerCase().endsWith('.zip')),
        archiveId: z.string().uuid(),
        organisation: z.string().min(1).max(200),
        contactEmail: z.string().max(254),
        exportTime: z.iso.datetime(),
        baggingDate: isoDay,
        period: z.object({ from: isoDay, to: isoDay }).strict(),
        passphrase: passphraseSchema,
        /**
         * When the archive holds the audit log: the instants it covers. The Node side then adds the
         * signed checkpoints of this data folder (audit-checkpoints.json) for the verifier.
         */
        auditRange: z.object({ start: z.iso.datetime(), end: z.iso.datetime() }).strict().optional(),
      })
      .strict(),
    output: z.object({
      id: z.string().nullable(),
      reason: z.enum(['started', 'cancelled']),
      fingerprint: z.string(),
      keyId: z.string(),
    }),
  },
  /** A chunk of one payload file (path under data/); files come whole and in ascending path order. */
  'archive:add': {
    input: z
      .object({
        id: sessionId,
        path: payloadPathSchema,
        dataBase64: base64(ARCHIVE_CHUNK_BASE64),
        last: z.boolean(),
      })
      .strict(),
    output: z.object({ written: z.literal(true) }),
    maxBodyBytes: ARCHIVE_CHUNK_BASE64 + 4096,
  },
  /** An attachment, read by the Node side from its own store. */
  'archive:attach': {
    input: z.object({ id: sessionId, path: payloadPathSchema, hash: sha256HexSchema }).strict(),
    output: z.object({ size: z.number().int().nonnegative() }),
  },
  /** Sign, flush and rename; `download` when the renderer must now read the file (browser host). */
  'archive:finish': {
    input: z.object({ id: sessionId }).strict(),
    output: z.object({
      saved: z.boolean(),
      download: z.boolean(),
      size: z.number().int().nonnegative(),
      fingerprint: z.string(),
      payloadFiles: z.number().int().nonnegative(),
    }),
  },
  /** Browser host: the finished archive, one chunk at a time. */
  'archive:read': {
    input: z.object({ id: sessionId, offset: z.number().int().nonnegative() }).strict(),
    output: z.object({ dataBase64: z.string(), done: z.boolean() }),
  },
  /** Stop an export (nothing stays under its name), or release a downloaded one. */
  'archive:cancel': {
    input: z.object({ id: sessionId }).strict(),
    output: z.object({ cancelled: z.boolean() }),
  },
  /** Verify an archive the user dropped: upload it in chunks into a temporary folder, then verify. */
  'archive:verify-begin': {
    input: empty,
    output: z.object({ id: z.string() }),
  },
  'archive:verify-add': {
    input: z.object({ id: sessionId, dataBase64: base64(ARCHIVE_CHUNK_BASE64) }).strict(),
    output: z.object({ received: z.number().int().nonnegative() }),
    maxBodyBytes: ARCHIVE_CHUNK_BASE64 + 4096,
  },
  'archive:verify': {
    input: z.object({ id: sessionId }).strict(),
    output: verificationSchema,
  },
  /**
   * Sign a checkpoint of this device's audit chain head with the data folder's checkpoint key. Only
   * a head that moves forward is signed: one behind the latest checkpoint ('behind') or at its number
   * with another hash ('diverged') is refused, and the latest checkpoint is returned either way.
   */
  'audit:checkpoint': {
    input: checkpointHeadSchema.strict(),
    output: z.object({
      status: z.enum(['signed', 'unchanged', 'behind', 'diverged']),
      latest: signedCheckpointSchema.nullable(),
    }),
  },
  /** The checkpoints signed for a device (signatures and chaining checked here), and the key's fingerprint. */
  'audit:checkpoints': {
    input: z.object({ deviceId: syncDeviceId }).strict(),
    output: z.object({
      key: z
        .object({ publicKey: z.string(), fingerprint: z.string(), protection: z.enum(['os', 'file']) })
        .nullable(),
      checkpoints: z.array(signedCheckpointSchema),
      invalid: z.number().int().nonnegative(),
    }),
  },
  /** Sync (Settings → Sync): this device's state in its space, devices seen, problems. */
  'sync:status': {
    input: z.object({ deviceId: syncDeviceId }).strict(),
    output: syncStatusSchema,
  },
  /** Desktop: the native folder dialog. { path: null, supported: false } where there is none. */
  'sync:choose-folder': {
    input: empty,
    output: z.object({ path: z.string().nullable(), supported: z.boolean() }),
  },
  /** Make a new sync space in the folder (passphrase checked for strength) and join it. */
  'sync:create': {
    input: z
      .object({ deviceId: syncDeviceId, folder: syncFolder, passphrase: syncPassphrase, label: syncLabel })
      .strict(),
    output: z.object({ spaceId: z.string() }),
  },
  /**
   * Join the space in the folder. `expectedSpaceId`: only this space (a device rejoining the space
   * it left, so that two workspaces are never mixed); a different one is 'space_mismatch'.
   */
  'sync:join': {
    input: z
      .object({
        deviceId: syncDeviceId,
        folder: syncFolder,
        passphrase: syncPassphrase,
        label: syncLabel,
        expectedSpaceId: z.string().max(64).optional(),
      })
      .strict(),
    output: z.object({ spaceId: z.string() }),
  },
  /** A new space key (key epoch) under a new passphrase; earlier files stay as they are. */
  'sync:change-passphrase': {
    input: z.object({ deviceId: syncDeviceId, current: syncPassphrase, next: syncPassphrase }).strict(),
    output: z.object({ changed: z.literal(true) }),
  },
  /** Without an OS keystore: the passphrase this computer last used, after a restart. */
  'sync:unlock': {
    input: z.object({ deviceId: syncDeviceId, passphrase: syncPassphrase }).strict(),
    output: z.object({ unlocked: z.literal(true) }),
  },
  /**
   * Remove another device from the space: a new space key under a new passphrase (it knew the old
   * one), wrapped for the remaining devices only. What it writes afterwards is refused.
   */
  'sync:remove-device': {
    input: z.object({ deviceId: syncDeviceId, target: syncDeviceId, passphrase: syncPassphrase }).strict(),
    output: z.object({ removed: z.literal(true) }),
  },
  /**
   * This device's new ops (at most SYNC_BATCH_OPS), queued durably then copied to the folder. `queued`
   * non-null: the renderer may move its outgoing cursor past them. An empty batch flushes what a
   * missing folder held back.
   */
  'sync:push': {
    input: z.object({ deviceId: syncDeviceId, ops: z.array(syncOpSchema).max(SYNC_BATCH_OPS) }).strict(),
    output: z.object({
      queued: z.tuple([z.number(), z.number()]).nullable(),
      sent: z.number().int().nonnegative(),
      error: syncErrorSchema,
      problems: z.array(syncProblemSchema),
    }),
    maxBodyBytes: SYNC_BATCH_BYTES,
  },
  /**
   * Other devices' ops not in `cursor`: the first page, and a pull id for the rest (sync:pull-page).
   * Store `cursor` with the merged records once every page is applied, then sync:ack.
   */
  'sync:pull': {
    input: z.object({ deviceId: syncDeviceId, cursor: cursorSchema }).strict(),
    output: z.object({
      pullId: z.string().nullable(),
      total: z.number().int().nonnegative(),
      ops: z.array(syncOpSchema),
      cursor: cursorSchema,
      problems: z.array(syncProblemSchema),
    }),
  },
  'sync:pull-page': {
    input: z.object({ pullId: z.string().uuid(), offset: z.number().int().nonnegative() }).strict(),
    output: z.object({ ops: z.array(syncOpSchema), done: z.boolean() }),
  },
  /** What this device has merged and stored, and its latest HLC (for compaction and clock checks). */
  'sync:ack': {
    input: z
      .object({ deviceId: syncDeviceId, cursor: cursorSchema, hlc: z.string().max(100).nullable() })
      .strict(),
    output: z.object({ problems: z.array(syncProblemSchema) }),
  },
  /**
   * This device's whole merged state as ops, for devices that join later; sent in batches, the last
   * with `done` and the cursor the state includes.
   */
  'sync:snapshot': {
    input: z
      .object({
        deviceId: syncDeviceId,
        ops: z.array(syncOpSchema).max(SYNC_BATCH_OPS),
        done: z.boolean(),
        cursor: cursorSchema.optional(),
      })
      .strict(),
    output: z.object({ written: z.boolean() }),
    maxBodyBytes: SYNC_BATCH_BYTES,
  },
  /** Delete this device's segments every device has and a snapshot includes. */
  'sync:compact': {
    input: z.object({ deviceId: syncDeviceId }).strict(),
    output: z.object({ removed: z.number().int().nonnegative(), waitingFor: z.array(z.string()) }),
  },
  'sync:pause': {
    input: z.object({ deviceId: syncDeviceId, paused: z.boolean() }).strict(),
    output: z.object({ paused: z.boolean() }),
  },
  /** Leave the space on this device (what is pending goes out first; the folder must be there). */
  'sync:leave': {
    input: z.object({ deviceId: syncDeviceId }).strict(),
    output: z.object({ left: z.literal(true) }),
  },
  /**
   * A desktop notification (deadline reminders). Where the host has none (the browser host) the
   * answer is { shown: false } and the renderer shows an in-app banner instead.
   */
  'notification:show': {
    input: z.object({ title: z.string().min(1).max(200), body: z.string().max(1000) }).strict(),
    output: z.object({ shown: z.boolean() }),
  },
  /**
   * The counter kiosk: the desktop window becomes a kiosk window (full screen, no menu) or returns
   * to normal. `applied` is false where there is no such window (the browser host uses the page's
   * full-screen mode instead).
   */
  'window:kiosk': {
    input: z.object({ on: z.boolean() }).strict(),
    output: z.object({ applied: z.boolean() }),
  },
} as const;

/** Largest request body a channel accepts over HTTP (the browser host); default 1 MiB. */
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
export function maxBodyBytesOf(channel: Channel): number {
  const entry = contract[channel];
  return 'maxBodyBytes' in entry ? entry.maxBodyBytes : DEFAULT_MAX_BODY_BYTES;
}

export type Channel = keyof typeof contract;
export const CHANNELS = Object.keys(contract) as Channel[];
export type ChannelInput<C extends Channel> = z.input<(typeof contract)[C]['input']>;
export type ChannelOutput<C extends Channel> = z.infer<(typeof contract)[C]['output']>;

/** Events pushed from the Node side to the renderer (Electron menu, background jobs). */
export const events = {
  'menu:navigate': z.object({ section: sectionSchema }).strict(),
  /** Something changed in the sync folder, or it is time for a periodic pass. */
  'sync:changed': z.object({ reason: z.enum(['folder', 'timer']) }).strict(),
} as const;
export type EventName = keyof typeof events;
export const EVENT_NAMES = Object.keys(events) as EventName[];
export type EventPayload<E extends EventName> = z.infer<(typeof events)[E]>;

export const isChannel = (value: unknown): value is Channel =>
  typeof value === 'string' && Object.prototype.hasOwnProperty.call(contract, value);
export const isEventName = (value: unknown): value is EventName =>
  typeof value === 'string' && Object.prototype.hasOwnProperty.call(events, value);

/** The single object the preload exposes as `window.desk`, and the HTTP transport mimics. */
export interface DeskApi {
  invoke<C extends Channel>(channel: C, payload: ChannelInput<C>): Promise<Result<ChannelOutput<C>>>;
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
}

/** HTTP routes of the browser host; the same contract, one POST per channel. */
export const WEB_API_PREFIX = '/api/ipc/';
export const WEB_EVENTS_PATH = '/api/events';
export const WEB_TOKEN_HEADER = 'x-desk-token';
