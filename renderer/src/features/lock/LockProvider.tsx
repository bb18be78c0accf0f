import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { Organisation } from '../../../../shared/domain/organisation';
import type { StaffMember } from '../../../../shared/domain/staff';
import { unlockableStaff } from '../../../../shared/lock/secret';
import { useDesk } from '../../app/context';
import { LockContext, type LockControl } from './hooks';
import { LockScreen } from './LockScreen';
import { AppReady } from '../../app/ready';
import { lockTiming } from './timing';

const LOCKED_KEY = 'rgpd-desk.locked';
/** What counts as someone using the app. */
const ACTIVITY = ['pointerdown', 'pointermove', 'keydown', 'wheel', 'touchstart'] as const;

/**
 * The app lock around the working screens. Locked, or at the start of a session (no operator yet)
 * once somebody has a code, it renders the lock screen *instead of* its children: nothing of the
 * screens behind stays in the page. It locks on Ctrl+L (Cmd+L), from the app bar, and after the
 * organisation's idle delay. The locked state survives a reload (sessionStorage).
 */
export function LockProvider({
  organisation,
  staff,
  operator,
  children,
}: {
  organisation: Organisation;
  staff: StaffMember[];
  operator: StaffMember | null;
  children: ReactNode;
}) {
  const unlockers = useMemo(() => unlockableStaff(staff), [staff]);
  const available = unlockers.length > 0;
  const [locked, setLocked] = useState(() => globalThis.sessionStorage?.getItem(LOCKED_KEY) === '1');
  const { db } = useDesk();
  const others = useRef<BroadcastChannel | null>(null);

  const lockHere = useCallback(() => {
    if (!available) return;
    globalThis.sessionStorage?.setItem(LOCKED_KEY, '1');
    setLocked(true);
  }, [available]);
  // Every tab or window of this workspace locks together (each unlocks on its own).
  const lock = useCallback(() => {
    lockHere();
    others.current?.postMessage('lock');
  }, [lockHere]);
  useEffect(() => {
    if (typeof BroadcastChannel === 'undefined') return;
    const channel = new BroadcastChannel(`rgpd-desk-lock-${db.name}`);
    channel.onmessage = (event: MessageEvent) => {
      if (event.data === 'lock') lockHere();
    };
    others.current = channel;
    return () => {
      others.current = null;
      channel.close();
    };
  }, [db.name, lockHere]);
  const unlocked = useCallback(() => {
    globalThis.sessionStorage?.removeItem(LOCKED_KEY);
    setLocked(false);
  }, []);

  const showLock = available && (locked || !operator);
  const armed = available && !showLock;
  const minutes = organisation.lockAfterMinutes ?? 0;

  useEffect(() => {
    if (!armed) return;
    const onKey = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === 'l') {
        event.preventDefault();
        lock();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [armed, lock]);

  useEffect(() => {
    if (!armed || minutes === 0) return;
    let lastActivity = Date.now();
    const touch = () => {
      lastActivity = Date.now();
    };
    for (const name of ACTIVITY) window.addEventListener(name, touch, { capture: true, passive: true });
    // Read at every tick: the delay is a setting that can change while this runs.
    const timer = setInterval(
      () => {
        // This tab only: another tab may be in use (each has its own idle clock).
        if (Date.now() - lastActivity >= minutes * lockTiming.msPerMinute) lockHere();
      },
      Math.min(1000, lockTiming.msPerMinute / 4),
    );
    return () => {
      clearInterval(timer);
      for (const name of ACTIVITY) window.removeEventListener(name, touch, { capture: true });
    };
  }, [armed, minutes, lockHere]);

  const control = useMemo<LockControl>(() => ({ available, lock }), [available, lock]);
  return (
    <LockContext.Provider value={control}>
      {showLock ? (
        <>
          <LockScreen
            organisation={organisation}
            unlockers={unlockers}
            operator={operator}
            onUnlocked={unlocked}
          />
          {/* A start on the lock screen is a start too: the app is usable (to unlock). */}
          <AppReady />
        </>
      ) : (
        children
      )}
    </LockContext.Provider>
  );
}
