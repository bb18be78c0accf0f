import type { AppInfo, EventName, EventPayload, SAVE_MEDIA_TYPES } from '../../shared/ipc/contract';
import { createArchiveService } from './archive/service';
import { createKeyStore, type KeySealer } from './archive/keys';
import { createAttachmentStore, decodeBase64Strict } from './attachments';
import { createCheckpointStore } from './audit/checkpoints';
import type { Handlers } from './dispatch';
import { createSyncService } from './sync/service';
import { claimRecordsHome, readRecordsHome } from './records-home';
import { createLogger } from './workspace';
import { zipFiles } from './zip-files';

export type SaveMediaType = (typeof SAVE_MEDIA_TYPES)[number];

export type HandlerDeps = {
  name: string;
  version: string;
  transport: AppInfo['transport'];
  dataDir: string;
  workspaceId: string;
  systemLocales: string[];
  testApi?: boolean;
  /** The origin of the pages this host serves (`http://127.0.0.1:PORT`, `app://desk`), once known. */
  origin: () => string;
  /** Desktop only: open a folder in the OS file manager. Resolves to '' on success (Electron's shell.openPath). */
  openPath?: (path: string) => Promise<string>;
  /**
   * Desktop only: ask where to save a file the app produced (native dialog) and write it there. May
   * throw a HandlerError (e.g. 'save_failed') when the chosen place cannot be written.
   */
  saveFile?: (
    suggestedName: string,
    mediaType: SaveMediaType,
    bytes: Uint8Array,
  ) => Promise<'saved' | 'cancelled'>;
  /** Desktop only: show a system notification; false when the system has none. */
  notify?: (title: string, body: string) => boolean;
  /**
   * Desktop only: the OS keystore (Electron safeStorage) that seals the archive signing key. Without
   * it, or when it would not really encrypt, the key is protected by a passphrase.
   */
  keySealer?: KeySealer;
  /** Desktop only: where to write an archive (native save dialog); null when cancelled. */
  chooseArchivePath?: (suggestedName: string) => Promise<string | null>;
  /** Desktop only: the native folder dialog for the sync folder; null when cancelled. */
  chooseFolder?: () => Promise<string | null>;
  /** Desktop only: turn the window into a kiosk window (full screen, no menu) or back. */
  setKiosk?: (on: boolean) => void;
  /** Push an event to the renderer (sync:changed); both hosts pass their own. */
  emit?: <E extends EventName>(event: E, payload: EventPayload<E>) => void;
};

/** Plain Node implementations of every channel; both hosts register exactly these. */
export function createHandlers(deps: HandlerDeps): Handlers {
  const log = createLogger(deps.dataDir);
  const attachments = createAttachmentStore(deps.dataDir);
  const checkpoints = createCheckpointStore(deps.dataDir, {
    sealer: deps.keySealer,
    log: (message) => void log('warn', `[audit] ${message}`).catch(() => {}),
  });
  const archive = createArchiveService({
    dataDir: deps.dataDir,
    checkpoints,
    keys: createKeyStore(deps.dataDir, deps.keySealer ? { sealer: deps.keySealer } : {}),
    attachments,
    softwareAgent: `${deps.name} ${deps.version}`,
    ...(deps.chooseArchivePath ? { chooseDestination: deps.chooseArchivePath } : {}),
  });
  const emit = deps.emit;
  const sync = createSyncService({
    dataDir: deps.dataDir,
    attachments,
    // The sync secrets: sealed by the OS keystore when it really encrypts, else by the passphrase.
    ...(deps.keySealer ? { sealer: deps.keySealer } : {}),
    ...(emit ? { onChange: (reason: 'folder' | 'timer') => emit('sync:changed', { reason }) } : {}),
    log: (message) => void log('warn', `[sync] ${message}`).catch(() => {}),
  });
  return {
    'app:info': async () => ({
      name: deps.name,
      version: deps.version,
      platform: process.platform,
      transport: deps.transport,
      dataDir: deps.dataDir,
      workspaceId: deps.workspaceId,
      systemLocales: deps.systemLocales,
      testApi: deps.testApi ?? false,
      capabilities: {
        saveDialog: deps.saveFile !== undefined,
        notifications: deps.notify !== undefined,
        openFolder: deps.openPath !== undefined,
      },
      recordsHome: await readRecordsHome(deps.dataDir),
    }),
    'workspace:records-here': () =>
      claimRecordsHome(deps.dataDir, {
        origin: deps.origin(),
        transport: deps.transport,
        since: new Date().toISOString(),
      }),
    'log:write': async ({ level, message }) => {
      await log(level, `[renderer] ${message}`);
      return { written: true as const };
    },
    'data-folder:open': async () => {
      if (!deps.openPath) return { path: deps.dataDir, opened: false };
      const problem = await deps.openPath(deps.dataDir);
      return { path: deps.dataDir, opened: problem === '' };
    },
    'attachments:put': ({ mediaType, dataBase64 }) =>
      attachments.put(decodeBase64Strict(dataBase64), mediaType),
    'attachments:delete': async ({ hashes }) => {
      let deleted = 0;
      for (const hash of hashes) if (await attachments.remove(hash)) deleted += 1;
      return { deleted };
    },
    'attachments:get': async ({ hash }) => {
      const { bytes, ...stored } = await attachments.get(hash);
      return {
        ...stored,
        dataBase64: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('base64'),
      };
    },
    'file:save': async ({ suggestedName, mediaType, dataBase64 }) => {
      if (!deps.saveFile) return { saved: false, reason: 'unsupported' as const };
      const outcome = await deps.saveFile(suggestedName, mediaType, decodeBase64Strict(dataBase64));
      return { saved: outcome === 'saved', reason: outcome };
    },
    'zip:build': async ({ entries }) => ({ dataBase64: (await zipFiles(entries)).toString('base64') }),
    'notification:show': ({ title, body }) => ({ shown: deps.notify ? deps.notify(title, body) : false }),
    'window:kiosk': ({ on }) => {
      if (!deps.setKiosk) return { applied: false };
      deps.setKiosk(on);
      return { applied: true };
    },
    'archive:keys': () => archive.keys(),
    'archive:new-key': ({ passphrase }) => archive.newKey(passphrase),
    'archive:begin': (input) => archive.begin(input),
    'archive:add': ({ id, path, dataBase64, last }) =>
      archive.add(id, path, decodeBase64Strict(dataBase64), last),
    'archive:attach': ({ id, path, hash }) => archive.attach(id, path, hash),
    'archive:finish': ({ id }) => archive.finish(id),
    'archive:read': async ({ id, offset }) => {
      const { bytes, done } = await archive.read(id, offset);
      return { dataBase64: bytes.toString('base64'), done };
    },
    'archive:cancel': ({ id }) => archive.cancel(id),
    'archive:verify-begin': () => archive.uploadBegin(),
    'archive:verify-add': ({ id, dataBase64 }) => archive.uploadAdd(id, decodeBase64Strict(dataBase64)),
    'archive:verify': ({ id }) => archive.uploadVerify(id),
    'audit:checkpoint': (head) => checkpoints.sign(head),
    'audit:checkpoints': ({ deviceId }) => checkpoints.list(deviceId),
    'sync:status': ({ deviceId }) => sync.status(deviceId),
    'sync:choose-folder': async () =>
      deps.chooseFolder
        ? { path: await deps.chooseFolder(), supported: true }
        : { path: null, supported: false },
    'sync:create': (input) => sync.create(input),
    'sync:join': (input) => sync.join(input),
    'sync:change-passphrase': (input) => sync.changePassphrase(input),
    'sync:unlock': (input) => sync.unlock(input),
    'sync:remove-device': (input) => sync.removeDevice(input),
    'sync:push': (input) => sync.push(input),
    'sync:pull': (input) => sync.pull(input),
    'sync:pull-page': (input) => sync.pullPage(input),
    'sync:ack': (input) => sync.ack(input),
    'sync:snapshot': (input) => sync.snapshot(input),
    'sync:compact': (input) => sync.compact(input),
    'sync:pause': (input) => sync.setPaused(input),
    'sync:leave': (input) => sync.leave(input),
  };
}
