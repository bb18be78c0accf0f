/**
 * The sandboxed preload: exposes exactly one object, `window.desk`, shaped by `DeskApi`. It forwards
 * contract channels to the main process and contract events to listeners, and nothing else — no
 * ipcRenderer, no event objects, no Node. Only types come from the contract, so zod stays out of
 * this bundle; the name lists below are checked against the contract by the compiler (`satisfies`
 * fails when a channel or event is missing or extra) and by test/unit/electron/main/preload.test.ts.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { Channel, DeskApi, EventName } from '../../shared/ipc/contract';
import { fail } from '../../shared/result';

const CHANNEL_NAMES = {
  'app:info': true,
  'log:write': true,
  'workspace:records-here': true,
  'data-folder:open': true,
  'window:kiosk': true,
  'attachments:put': true,
  'attachments:get': true,
  'attachments:delete': true,
  'file:save': true,
  'zip:build': true,
  'notification:show': true,
  'archive:keys': true,
  'archive:new-key': true,
  'archive:begin': true,
  'archive:add': true,
  'archive:attach': true,
  'archive:finish': true,
  'archive:read': true,
  'archive:cancel': true,
  'archive:verify-begin': true,
  'archive:verify-add': true,
  'archive:verify': true,
  'audit:checkpoint': true,
  'audit:checkpoints': true,
  'sync:status': true,
  'sync:choose-folder': true,
  'sync:create': true,
  'sync:join': true,
  'sync:change-passphrase': true,
  'sync:unlock': true,
  'sync:remove-device': true,
  'sync:push': true,
  'sync:pull': true,
  'sync:pull-page': true,
  'sync:ack': true,
  'sync:snapshot': true,
  'sync:compact': true,
  'sync:pause': true,
  'sync:leave': true,
} as const satisfies Record<Channel, true>;

const EVENT_NAMES = {
  'menu:navigate': true,
  'sync:changed': true,
} as const satisfies Record<EventName, true>;

const isKnown = (names: object, value: unknown): boolean =>
  typeof value === 'string' && Object.prototype.hasOwnProperty.call(names, value);

const desk: DeskApi = {
  invoke(channel, payload) {
    if (!isKnown(CHANNEL_NAMES, channel)) {
      return Promise.resolve(fail('unknown_channel', 'errors.unknownChannel'));
    }
    return ipcRenderer.invoke(channel, payload);
  },
  on(event, listener) {
    if (!isKnown(EVENT_NAMES, event)) throw new TypeError(`Unknown event: ${String(event)}`);
    if (typeof listener !== 'function') throw new TypeError('listener must be a function');
    // The page gets the payload only: the IpcRendererEvent would hand it `sender` (ipcRenderer).
    const forward = (_event: IpcRendererEvent, payload: unknown): void =>
      listener(payload as Parameters<typeof listener>[0]);
    ipcRenderer.on(event, forward);
    return () => {
      ipcRenderer.removeListener(event, forward);
    };
  },
};

contextBridge.exposeInMainWorld('desk', desk);
