import type { AppInfo, SAVE_MEDIA_TYPES } from '../../shared/ipc/contract';
import { createAttachmentStore, decodeBase64Strict } from './attachments';
import type { Handlers } from './dispatch';
import { createLogger } from './workspace';

export type SaveMediaType = (typeof SAVE_MEDIA_TYPES)[number];

export type HandlerDeps = {
  name: string;
  version: string;
  transport: AppInfo['transport'];
  dataDir: string;
  workspaceId: string;
  systemLocales: string[];
  testApi?: boolean;
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
};

/** Plain Node implementations of every channel; both hosts register exactly these. */
export function createHandlers(deps: HandlerDeps): Handlers {
  const log = createLogger(deps.dataDir);
  const attachments = createAttachmentStore(deps.dataDir);
  return {
    'app:info': () => ({
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
    'notification:show': ({ title, body }) => ({ shown: deps.notify ? deps.notify(title, body) : false }),
  };
}
