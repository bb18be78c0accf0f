import { describe, expect, it, vi } from 'vitest';
import { createNotify } from '../../../../electron/main/notify';

function fakeNotificationClass(supported: boolean, failOnShow = false) {
  const shown: unknown[] = [];
  class Notification {
    static isSupported = vi.fn(() => supported);
    constructor(readonly options: unknown) {}
    show(): void {
      if (failOnShow) throw new Error('no notification service');
      shown.push(this.options);
    }
  }
  return { Notification, shown };
}

describe('createNotify', () => {
  it('shows an audible notification when the system supports them', () => {
    const { Notification, shown } = fakeNotificationClass(true);
    expect(createNotify(Notification)('Échéance', 'Demande 42')).toBe(true);
    expect(shown).toEqual([{ title: 'Échéance', body: 'Demande 42', silent: false }]);
  });

  it('answers false, showing nothing, when they are not supported', () => {
    const { Notification, shown } = fakeNotificationClass(false);
    expect(createNotify(Notification)('Échéance', 'Demande 42')).toBe(false);
    expect(shown).toEqual([]);
  });

  it('answers false and logs when showing fails', () => {
    const { Notification } = fakeNotificationClass(true, true);
    const log = vi.fn();
    expect(createNotify(Notification, log)('Échéance', '')).toBe(false);
    expect(log).toHaveBeenCalledWith(expect.stringContaining('no notification service'));
  });
});
