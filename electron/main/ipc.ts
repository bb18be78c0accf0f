import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import { CHANNELS, events, type EventName, type EventPayload } from '../../shared/ipc/contract';
import { fail, type Result } from '../../shared/result';
import { dispatch, type Handlers } from '../services/dispatch';
import { isAppUrl } from './app-origin';
import { isOwnWebContents } from './window';

export type SenderPolicy = {
  /** True for the webContents of windows this process created (window.ts). */
  isOwnWebContents?: (contents: WebContents) => boolean;
  /** True for page URLs allowed to call the main process (app-origin.ts: app://desk/, dev server in dev). */
  isTrustedUrl?: (url: string) => boolean;
  log?: (message: string) => void;
};

/**
 * Why this IPC message must not be answered, or null when it comes from the main frame of one of our
 * windows showing the app. Subframes, other webContents and any page that navigated away are refused.
 */
export function senderProblem(
  event: IpcMainInvokeEvent,
  policy: Required<Omit<SenderPolicy, 'log'>>,
): string | null {
  try {
    const frame = event.senderFrame;
    if (!frame) return 'no sender frame (destroyed or not a document)';
    // parent is null for fenced frames too; the frame tree node id pins the window's main frame.
    if (frame.parent !== null || frame.frameTreeNodeId !== event.sender.mainFrame.frameTreeNodeId) {
      return `not the main frame: ${frame.url}`;
    }
    if (!policy.isOwnWebContents(event.sender))
      return `webContents ${event.sender.id} is not one of our windows`;
    if (!policy.isTrustedUrl(frame.url)) return `untrusted page ${frame.url}`;
    return null;
  } catch (error) {
    // Reading a disposed WebFrameMain throws; such a sender is gone anyway.
    return `unreadable sender (${error instanceof Error ? error.message : String(error)})`;
  }
}

/**
 * One `ipcMain.handle` per channel of the contract. The sender is checked here; the channel and payload
 * are validated by `dispatch`, which never throws. Returns a function that removes the handlers.
 */
export function registerIpc(
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>,
  handlers: Handlers,
  { isOwnWebContents: isOwn = isOwnWebContents, isTrustedUrl = isAppUrl, log = () => {} }: SenderPolicy = {},
): () => void {
  for (const channel of CHANNELS) {
    ipcMain.handle(channel, async (event, payload: unknown): Promise<Result<unknown>> => {
      const problem = senderProblem(event, { isOwnWebContents: isOwn, isTrustedUrl });
      if (problem) {
        log(`refused IPC ${channel}: ${problem}`);
        return fail('forbidden_sender', 'errors.forbiddenSender');
      }
      return dispatch(handlers, channel, payload, log);
    });
  }
  return () => {
    for (const channel of CHANNELS) ipcMain.removeHandler(channel);
  };
}

/**
 * Push an event to a renderer, validated against the contract first so the renderer can trust the
 * shape. Returns false (and sends nothing) for an invalid payload or a closed window.
 */
export function send<E extends EventName>(
  contents: WebContents,
  event: E,
  payload: EventPayload<E>,
): boolean {
  const parsed = events[event].safeParse(payload);
  if (!parsed.success || contents.isDestroyed()) return false;
  contents.send(event, parsed.data);
  return true;
}
