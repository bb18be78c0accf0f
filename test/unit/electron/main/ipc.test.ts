import { beforeEach, describe, expect, it, vi } from 'vitest';
import { CHANNELS } from '../../../../shared/ipc/contract';
import type { Handlers } from '../../../../electron/services/dispatch';
import {
  fakeElectron,
  FakeBrowserWindow,
  FakeFrame,
  FakeWebContents,
  resetFakeElectron,
} from './fake-electron';

vi.mock('electron', async () => (await import('./fake-electron')).fakeElectron);

const { registerIpc, send } = await import('../../../../electron/main/ipc');
const { createMainWindow } = await import('../../../../electron/main/window');

function fakeHandlers() {
  return {
    'app:info': vi.fn(() => ({
      name: 'RGPD Desk',
      version: '0.1.0',
      platform: 'linux',
      transport: 'electron' as const,
      dataDir: '/data',
      workspaceId: '8d1f7a4e-4a8f-4a55-9d43-5f4b8e1f0c21',
      systemLocales: ['fr-FR'],
      testApi: false,
      capabilities: { saveDialog: true, notifications: true, openFolder: true },
      recordsHome: null,
    })),
    'workspace:records-here': vi.fn(() => ({
      origin: 'app://desk',
      transport: 'electron' as const,
      since: '2026-01-01T00:00:00.000Z',
    })),
    'log:write': vi.fn(() => ({ written: true as const })),
    'data-folder:open': vi.fn(() => ({ path: '/data', opened: true })),
    'attachments:put': vi.fn(() => ({
      hash: 'a'.repeat(64),
      size: 5,
      mediaType: 'application/pdf' as const,
    })),
    'attachments:get': vi.fn(() => ({
      hash: 'a'.repeat(64),
      size: 5,
      mediaType: 'application/pdf' as const,
      dataBase64: 'JVBERi0=',
    })),
    'attachments:delete': vi.fn(() => ({ deleted: 0 })),
    'file:save': vi.fn(() => ({ saved: false, reason: 'unsupported' as const })),
    'zip:build': vi.fn(() => ({ dataBase64: '' })),
    'notification:show': vi.fn(() => ({ shown: false })),
    'window:kiosk': vi.fn(() => ({ applied: false })),
    'archive:keys': vi.fn(() => ({ protection: 'os' as const, current: null, keys: [] })),
    'archive:new-key': vi.fn(() => ({
      keyId: '0123456789ABCDEF',
      fingerprint: 'SHA256:x',
      publicKey: '',
      createdAt: '2026-01-01T00:00:00.000Z',
      protection: 'os' as const,
      current: true,
    })),
    'archive:begin': vi.fn(() => ({ id: null, reason: 'cancelled' as const, fingerprint: '', keyId: '' })),
    'archive:add': vi.fn(() => ({ written: true as const })),
    'archive:attach': vi.fn(() => ({ size: 0 })),
    'archive:finish': vi.fn(() => ({
      saved: true,
      download: false,
      size: 0,
      fingerprint: '',
      payloadFiles: 0,
    })),
    'archive:read': vi.fn(() => ({ dataBase64: '', done: true })),
    'archive:cancel': vi.fn(() => ({ cancelled: true })),
    'archive:verify-begin': vi.fn(() => ({ id: '' })),
    'archive:verify-add': vi.fn(() => ({ received: 0 })),
    'archive:verify': vi.fn(() => ({
      valid: false,
      refused: false,
      bagName: null,
      problems: [],
      checks: [],
      payloadFiles: 0,
      payloadBytes: 0,
      key: null,
      trustedComment: null,
      signer: null,
      audit: null,
    })),
    'audit:checkpoint': vi.fn(() => ({ status: 'unchanged' as const, latest: null })),
    'audit:checkpoints': vi.fn(() => ({ key: null, checkpoints: [], invalid: 0 })),
    'sync:status': vi.fn(() => ({
      joined: false,
      locked: false,
      otherDevice: false,
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
    })),
    'sync:choose-folder': vi.fn(() => ({ path: null, supported: true })),
    'sync:create': vi.fn(() => ({ spaceId: 's' })),
    'sync:join': vi.fn(() => ({ spaceId: 's' })),
    'sync:change-passphrase': vi.fn(() => ({ changed: true as const })),
    'sync:unlock': vi.fn(() => ({ unlocked: true as const })),
    'sync:remove-device': vi.fn(() => ({ removed: true as const })),
    'sync:push': vi.fn(() => ({ queued: null, sent: 0, error: null, problems: [] })),
    'sync:pull': vi.fn(() => ({ pullId: null, total: 0, ops: [], cursor: {}, problems: [] })),
    'sync:pull-page': vi.fn(() => ({ ops: [], done: true })),
    'sync:ack': vi.fn(() => ({ problems: [] })),
    'sync:snapshot': vi.fn(() => ({ written: false })),
    'sync:compact': vi.fn(() => ({ removed: 0, waitingFor: [] })),
    'sync:pause': vi.fn(() => ({ paused: true })),
    'sync:leave': vi.fn(() => ({ left: true as const })),
  } satisfies Handlers;
}

type InvokeEvent = { sender: FakeWebContents; senderFrame: FakeFrame | null };

/** Registers with the real sender policy (own windows + app:// only) and returns an invoker. */
function setup() {
  const handlers = fakeHandlers();
  registerIpc(fakeElectron.ipcMain as never, handlers);
  createMainWindow({ preloadPath: '/preload.cjs', url: 'app://desk/index.html' });
  const window = FakeBrowserWindow.instances.at(-1);
  if (!window) throw new Error('no window');
  const fromApp: InvokeEvent = { sender: window.webContents, senderFrame: window.webContents.mainFrame };
  const invoke = (channel: string, event: InvokeEvent, payload?: unknown) => {
    const handler = fakeElectron.ipcMain.handlers.get(channel);
    if (!handler) throw new Error(`no handler for ${channel}`);
    return handler(event, payload) as Promise<{ ok: boolean; value?: unknown; error?: { code: string } }>;
  };
  return { handlers, window, fromApp, invoke };
}

describe('IPC registration', () => {
  beforeEach(resetFakeElectron);

  it('registers exactly one handler per contract channel', () => {
    setup();
    expect([...fakeElectron.ipcMain.handlers.keys()].sort()).toEqual([...CHANNELS].sort());
  });

  it('answers a valid request from the app window', async () => {
    const { handlers, fromApp, invoke } = setup();
    const answer = await invoke('log:write', fromApp, { level: 'info', message: 'hello' });
    expect(answer).toEqual({ ok: true, value: { written: true } });
    expect(handlers['log:write']).toHaveBeenCalledWith({ level: 'info', message: 'hello' });
    expect(await invoke('app:info', fromApp, {})).toMatchObject({
      ok: true,
      value: { transport: 'electron' },
    });
  });

  it('rejects an invalid payload without running the handler', async () => {
    const { handlers, fromApp, invoke } = setup();
    const answer = await invoke('log:write', fromApp, { level: 'loud', message: '' });
    expect(answer).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
    expect(await invoke('app:info', fromApp, { extra: 1 })).toMatchObject({
      ok: false,
      error: { code: 'invalid_payload' },
    });
    expect(handlers['log:write']).not.toHaveBeenCalled();
    expect(handlers['app:info']).not.toHaveBeenCalled();
  });

  it('refuses foreign senders without running the handler', async () => {
    const { handlers, window, invoke } = setup();
    const subframe = new FakeFrame('app://desk/index.html');
    subframe.parent = window.webContents.mainFrame;
    const fenced = new FakeFrame('app://desk/index.html');
    // The window's own main frame, after it navigated somewhere else.
    const mainFrameAt = (url: string) =>
      Object.assign(new FakeFrame(url), { frameTreeNodeId: window.webContents.mainFrame.frameTreeNodeId });
    const stranger = new FakeWebContents('app://desk/index.html');
    const throwing = {
      get url(): string {
        throw new Error('Render frame was disposed');
      },
      parent: null,
      frameTreeNodeId: window.webContents.mainFrame.frameTreeNodeId,
    } as unknown as FakeFrame;
    const foreign: Array<[string, InvokeEvent]> = [
      ['no frame', { sender: window.webContents, senderFrame: null }],
      ['subframe', { sender: window.webContents, senderFrame: subframe }],
      [
        'top-level frame that is not the main frame (fenced frame)',
        { sender: window.webContents, senderFrame: fenced },
      ],
      [
        'foreign page in our window',
        { sender: window.webContents, senderFrame: mainFrameAt('https://evil.example/') },
      ],
      [
        'file page in our window',
        { sender: window.webContents, senderFrame: mainFrameAt('file:///tmp/x.html') },
      ],
      [
        'another app host',
        { sender: window.webContents, senderFrame: mainFrameAt('app://other/index.html') },
      ],
      ['webContents we did not create', { sender: stranger, senderFrame: stranger.mainFrame }],
      ['disposed frame', { sender: window.webContents, senderFrame: throwing }],
    ];
    for (const [label, event] of foreign) {
      const answer = await invoke('data-folder:open', event, {});
      expect(answer, label).toMatchObject({ ok: false, error: { code: 'forbidden_sender' } });
    }
    expect(handlers['data-folder:open']).not.toHaveBeenCalled();
  });

  it('trusts the dev server only through an explicit policy', async () => {
    const handlers = fakeHandlers();
    const dev = new FakeWebContents('http://localhost:5173/');
    registerIpc(fakeElectron.ipcMain as never, handlers, {
      isOwnWebContents: (contents) => contents.id === dev.id,
      isTrustedUrl: (url) => url.startsWith('http://localhost:5173/'),
    });
    const handler = fakeElectron.ipcMain.handlers.get('app:info');
    const answer = await handler?.({ sender: dev, senderFrame: dev.mainFrame }, {});
    expect(answer).toMatchObject({ ok: true });
  });

  it('can be unregistered', () => {
    const unregister = registerIpc(fakeElectron.ipcMain as never, fakeHandlers());
    unregister();
    expect(fakeElectron.ipcMain.handlers.size).toBe(0);
  });
});

describe('events to the renderer', () => {
  beforeEach(resetFakeElectron);

  it('sends a payload that matches the contract', () => {
    const contents = new FakeWebContents();
    expect(send(contents as never, 'menu:navigate', { section: 'requests' })).toBe(true);
    expect(contents.send).toHaveBeenCalledWith('menu:navigate', { section: 'requests' });
  });

  it('drops an invalid payload and closed windows', () => {
    const contents = new FakeWebContents();
    expect(send(contents as never, 'menu:navigate', { section: 'nowhere' } as never)).toBe(false);
    contents.destroyed = true;
    expect(send(contents as never, 'menu:navigate', { section: 'requests' })).toBe(false);
    expect(contents.send).not.toHaveBeenCalled();
  });
});
