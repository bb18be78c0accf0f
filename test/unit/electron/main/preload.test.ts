import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { CHANNELS, EVENT_NAMES, type DeskApi } from '../../../../shared/ipc/contract';
import { fakeElectron } from './fake-electron';

vi.mock('electron', async () => (await import('./fake-electron')).fakeElectron);

const { contextBridge, ipcRenderer } = fakeElectron;
let desk: DeskApi;
let exposed: unknown[][];

beforeAll(async () => {
  vi.clearAllMocks();
  await import('../../../../electron/preload/index');
  exposed = contextBridge.exposeInMainWorld.mock.calls.map((call) => [...call]);
  desk = exposed[0]?.[1] as DeskApi;
});
beforeEach(() => {
  ipcRenderer.invoke.mockClear();
  ipcRenderer.on.mockClear();
});

describe('preload', () => {
  it('exposes exactly one object, `desk`, with exactly invoke and on', () => {
    expect(exposed).toHaveLength(1);
    expect(exposed[0]?.[0]).toBe('desk');
    expect(Object.keys(desk).sort()).toEqual(['invoke', 'on']);
    expect(typeof desk.invoke).toBe('function');
    expect(typeof desk.on).toBe('function');
  });

  it('forwards every contract channel to ipcRenderer.invoke', async () => {
    for (const channel of CHANNELS) {
      await expect(desk.invoke(channel, {} as never)).resolves.toEqual({ ok: true, value: 'from-main' });
      expect(ipcRenderer.invoke).toHaveBeenLastCalledWith(channel, {});
    }
    expect(ipcRenderer.invoke).toHaveBeenCalledTimes(CHANNELS.length);
  });

  it('refuses an unknown channel without touching ipcRenderer', async () => {
    for (const channel of ['shell:openExternal', '__proto__', 'constructor', 'toString', '', 42]) {
      const answer = await desk.invoke(channel as never, {} as never);
      expect(answer).toMatchObject({ ok: false, error: { code: 'unknown_channel' } });
    }
    expect(ipcRenderer.invoke).not.toHaveBeenCalled();
  });

  it('subscribes to contract events and passes only the payload, never the IPC event', () => {
    const listener = vi.fn();
    const unsubscribe = desk.on('menu:navigate', listener);
    const ipcEvent = { sender: ipcRenderer, senderId: 0, ports: [] };
    ipcRenderer.emitter.emit('menu:navigate', ipcEvent, { section: 'consents' });
    expect(listener).toHaveBeenCalledTimes(1);
    expect(listener.mock.calls[0]).toEqual([{ section: 'consents' }]);

    unsubscribe();
    ipcRenderer.emitter.emit('menu:navigate', ipcEvent, { section: 'audit' });
    expect(listener).toHaveBeenCalledTimes(1);
    expect(ipcRenderer.emitter.listenerCount('menu:navigate')).toBe(0);
  });

  it('refuses to subscribe to anything outside the contract', () => {
    expect(() => desk.on('ipc:raw' as never, vi.fn())).toThrow(TypeError);
    expect(() => desk.on('__proto__' as never, vi.fn())).toThrow(TypeError);
    expect(ipcRenderer.on).not.toHaveBeenCalled();
  });

  it('knows every event of the contract', () => {
    for (const event of EVENT_NAMES) expect(() => desk.on(event, vi.fn())()).not.toThrow();
  });
});
