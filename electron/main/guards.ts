import type { WebContents } from 'electron';

const guarded = new WeakSet<WebContents>();

/**
 * The renderer never leaves the app: no navigation (the UI routes inside one document), no
 * redirects, no new windows, no <webview>. Applied to our window at creation and again to every
 * webContents Electron creates (see security.ts), so nothing slips through; applying twice is a no-op.
 */
export function guardWebContents(contents: WebContents, log: (message: string) => void = () => {}): void {
  if (guarded.has(contents)) return;
  guarded.add(contents);

  contents.on('will-navigate', (event) => {
    event.preventDefault();
    log(`blocked navigation to ${event.url}`);
  });
  contents.on('will-redirect', (event) => {
    event.preventDefault();
    log(`blocked redirect to ${event.url}`);
  });
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    log('blocked a <webview>');
  });
  contents.setWindowOpenHandler(({ url }) => {
    log(`blocked a new window for ${url}`);
    return { action: 'deny' };
  });
}
