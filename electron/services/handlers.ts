import type { AppInfo } from '../../shared/ipc/contract';
import type { Handlers } from './dispatch';
import { createLogger } from './workspace';

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
};

/** Plain Node implementations of every channel; both hosts register exactly these. */
export function createHandlers(deps: HandlerDeps): Handlers {
  const log = createLogger(deps.dataDir);
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
  };
}
