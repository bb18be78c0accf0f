import type { NotificationConstructorOptions } from 'electron';

/** The part of Electron's Notification class used here; injected so the rule is tested without Electron. */
export type NotificationApi = {
  isSupported(): boolean;
  new (options: NotificationConstructorOptions): { show(): void };
};

/**
 * `notification:show` on the desktop. False when the system has no notifications (e.g. Linux without
 * a notification daemon), so the renderer falls back to its in-app banner.
 */
export function createNotify(
  Notification: NotificationApi,
  log: (message: string) => void = () => {},
): (title: string, body: string) => boolean {
  return (title, body) => {
    try {
      if (!Notification.isSupported()) return false;
      new Notification({ title, body, silent: false }).show();
      return true;
    } catch (error) {
      log(`notification failed: ${error instanceof Error ? error.message : String(error)}`);
      return false;
    }
  };
}
