import { unlockDelayMs } from '../../../../shared/lock/secret';

/**
 * Failed unlocks on this device, kept in localStorage so that reloading the page does not reset
 * the count (whoever can open the developer tools can read the database anyway: see the Security
 * panel). One count for every staff member: a guesser gains nothing by switching name.
 */
export type UnlockFailures = { failures: number; lastAt: number };

const keyOf = (workspace: string) => `rgpd-desk.unlock-failures.${workspace}`;

export function readFailures(workspace: string): UnlockFailures {
  try {
    const parsed: unknown = JSON.parse(globalThis.localStorage?.getItem(keyOf(workspace)) ?? 'null');
    if (
      parsed &&
      typeof parsed === 'object' &&
      Number.isInteger((parsed as UnlockFailures).failures) &&
      Number.isFinite((parsed as UnlockFailures).lastAt)
    ) {
      return parsed as UnlockFailures;
    }
  } catch {
    // Unreadable: start again from zero, as on a new device.
  }
  return { failures: 0, lastAt: 0 };
}

export function noteFailure(workspace: string, now: number): UnlockFailures {
  const next = { failures: readFailures(workspace).failures + 1, lastAt: now };
  globalThis.localStorage?.setItem(keyOf(workspace), JSON.stringify(next));
  return next;
}

export function clearFailures(workspace: string): void {
  globalThis.localStorage?.removeItem(keyOf(workspace));
}

/** Milliseconds before the next attempt is allowed (0: now). */
export function waitBeforeAttempt(state: UnlockFailures, now: number): number {
  return Math.max(0, state.lastAt + unlockDelayMs(state.failures) - now);
}
