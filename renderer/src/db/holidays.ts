/**
 * Stands in for the date-holidays package in the renderer build (an alias in
 * electron.vite.config.ts; Node and the unit tests import the package itself). The package and the
 * time-zone data it carries are most of the code a first screen would otherwise parse, and no first
 * screen needs them: they load once the first screen is up (preloadScreens), or before any screen
 * that shows or computes a deadline (screens.ts), and background sync waits for them.
 */
import type RealHolidays from 'date-holidays';

type HolidaysConstructor = typeof RealHolidays;

let real: HolidaysConstructor | undefined;
let loading: Promise<void> | undefined;
let markReady: () => void = () => undefined;

/** Settles once the package is loaded, without asking for it (for work that may wait). */
export const holidaysReady: Promise<void> = new Promise((resolve) => {
  markReady = resolve;
});

/** Load the package now (idempotent); a failed download is tried again on the next call. */
export function loadHolidays(): Promise<void> {
  loading ??= import('date-holidays/package').then(
    (module) => {
      real = module.default;
      markReady();
    },
    (error: unknown) => {
      loading = undefined;
      throw error;
    },
  );
  return loading;
}

/**
 * `new Holidays(...)` of the real package once loaded. The package's own API is a default-exported
 * class, so this one is too. Used before loading, it fails loudly: a code path that computes a
 * deadline outside a screen must await loadHolidays() first.
 */
export default class Holidays {
  constructor(...args: ConstructorParameters<HolidaysConstructor>) {
    if (!real) throw new Error('date-holidays used before loadHolidays() resolved');
    return new real(...args);
  }
}
