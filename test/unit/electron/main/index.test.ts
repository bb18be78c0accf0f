import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CHANNELS } from '../../../../shared/ipc/contract';
import { fakeElectron, FakeBrowserWindow, FakeNotification } from './fake-electron';

vi.mock('electron', async () => (await import('./fake-electron')).fakeElectron);

let dataDir: string;
beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'rgpd-desk-main-'));
  vi.stubEnv('RGPD_DESK_DATA_DIR', dataDir);
  vi.stubEnv('ELECTRON_RENDERER_URL', '');
  await import('../../../../electron/main/index');
  await vi.waitFor(() => expect(FakeBrowserWindow.instances).toHaveLength(1));
});
afterAll(async () => {
  vi.unstubAllEnvs();
  await rm(dataDir, { recursive: true, force: true });
});

describe('composition root', () => {
  it('takes the single-instance lock, enables the sandbox and declares the app scheme before ready', () => {
    expect(fakeElectron.app.requestSingleInstanceLock).toHaveBeenCalledOnce();
    expect(fakeElectron.app.enableSandbox).toHaveBeenCalledOnce();
    expect(fakeElectron.protocol.registerSchemesAsPrivileged).toHaveBeenCalledOnce();
    expect(fakeElectron.app.listenerCount('web-contents-created')).toBe(1);
  });

  it('opens the workspace in RGPD_DESK_DATA_DIR', async () => {
    const workspace = JSON.parse(await readFile(join(dataDir, 'workspace.json'), 'utf8')) as {
      workspaceId: string;
    };
    expect(workspace.workspaceId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('hardens the session, serves app:// and registers every channel', () => {
    const session = fakeElectron.session.defaultSession;
    expect(session.setPermissionRequestHandler).toHaveBeenCalledOnce();
    expect(session.webRequest.onBeforeRequest).toHaveBeenCalledOnce();
    expect(fakeElectron.protocol.handle).toHaveBeenCalledWith('app', expect.any(Function));
    expect([...fakeElectron.ipcMain.handlers.keys()].sort()).toEqual([...CHANNELS].sort());
    expect(fakeElectron.Menu.setApplicationMenu).toHaveBeenCalledOnce();
  });

  it('loads the app from app://desk/ in a sandboxed window with the built preload', () => {
    const window = FakeBrowserWindow.instances[0];
    expect(window?.loadURL).toHaveBeenCalledWith('app://desk/index.html');
    expect(window?.options.webPreferences).toMatchObject({ sandbox: true, contextIsolation: true });
    expect(String((window?.options.webPreferences as { preload: string }).preload)).toMatch(
      /[/\\]preload[/\\]index\.cjs$/,
    );
  });

  it('answers the app window with the workspace info', async () => {
    const window = FakeBrowserWindow.instances[0];
    const handler = fakeElectron.ipcMain.handlers.get('app:info');
    const answer = await handler?.(
      { sender: window?.webContents, senderFrame: window?.webContents.mainFrame },
      {},
    );
    expect(answer).toMatchObject({
      ok: true,
      value: { transport: 'electron', dataDir, systemLocales: ['fr-FR', 'en-US'] },
    });
  });

  /** Calls a registered channel as the app window's main frame does. */
  const invokeFromApp = (channel: string, payload: unknown) => {
    const window = FakeBrowserWindow.instances[0];
    const handler = fakeElectron.ipcMain.handlers.get(channel);
    return handler?.({ sender: window?.webContents, senderFrame: window?.webContents.mainFrame }, payload);
  };

  it('saves a file through the native dialog, attached to the app window', async () => {
    const payload = {
      suggestedName: 'registre',
      mediaType: 'text/csv',
      dataBase64: Buffer.from('nom;finalité\n', 'utf8').toString('base64'),
    };
    const { showSaveDialog } = fakeElectron.dialog;

    expect(await invokeFromApp('file:save', payload)).toEqual({
      ok: true,
      value: { saved: false, reason: 'cancelled' },
    });
    expect(showSaveDialog).toHaveBeenLastCalledWith(FakeBrowserWindow.instances[0], {
      defaultPath: join('/nonexistent/documents', 'registre.csv'),
      filters: [{ name: 'Tableau CSV', extensions: ['csv'] }],
      properties: ['createDirectory', 'showOverwriteConfirmation'],
    });

    const target = join(dataDir, 'export.csv');
    showSaveDialog.mockResolvedValueOnce({ canceled: false, filePath: target });
    expect(await invokeFromApp('file:save', payload)).toEqual({
      ok: true,
      value: { saved: true, reason: 'saved' },
    });
    expect(await readFile(target, 'utf8')).toBe('nom;finalité\n');
  });

  it('reports save_failed when the chosen place cannot be written', async () => {
    fakeElectron.dialog.showSaveDialog.mockResolvedValueOnce({
      canceled: false,
      filePath: join(dataDir, 'no-such-folder', 'export.csv'),
    });
    expect(
      await invokeFromApp('file:save', {
        suggestedName: 'export.csv',
        mediaType: 'text/csv',
        dataBase64: '',
      }),
    ).toEqual({ ok: false, error: { code: 'save_failed', message: 'errors.saveFailed' } });
  });

  it('shows system notifications only where they are supported', async () => {
    const payload = { title: 'Échéance', body: 'Demande 42 : réponse due dans 3 jours' };
    FakeNotification.supported = true;
    expect(await invokeFromApp('notification:show', payload)).toEqual({ ok: true, value: { shown: true } });
    const shown = FakeNotification.instances.at(-1);
    expect(shown?.options).toEqual({ ...payload, silent: false });
    expect(shown?.show).toHaveBeenCalledOnce();

    FakeNotification.supported = false;
    const before = FakeNotification.instances.length;
    expect(await invokeFromApp('notification:show', payload)).toEqual({ ok: true, value: { shown: false } });
    expect(FakeNotification.instances).toHaveLength(before);
    FakeNotification.supported = true;
  });

  it('stores attachments in the data folder', async () => {
    const pdf = Buffer.from('%PDF-1.4\n%%EOF\n', 'latin1');
    const put = (await invokeFromApp('attachments:put', {
      mediaType: 'application/pdf',
      dataBase64: pdf.toString('base64'),
    })) as { ok: true; value: { hash: string } };
    expect(put.ok).toBe(true);
    const { hash } = put.value;
    expect((await readFile(join(dataDir, 'attachments', hash.slice(0, 2), hash))).equals(pdf)).toBe(true);
  });

  it('quits when the last window closes (except on macOS) and never opens external links', () => {
    expect(fakeElectron.app.listenerCount('window-all-closed')).toBe(1);
    expect(fakeElectron.app.listenerCount('second-instance')).toBe(1);
    expect(fakeElectron.shell.openExternal).not.toHaveBeenCalled();
  });
});
