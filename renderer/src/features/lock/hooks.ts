import { createContext, useContext } from 'react';

export type LockControl = {
  /** Somebody active has a PIN or passphrase: the app can lock. */
  available: boolean;
  lock: () => void;
};

export const LockContext = createContext<LockControl>({ available: false, lock: () => undefined });

export const useLock = (): LockControl => useContext(LockContext);
