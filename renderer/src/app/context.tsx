import { createContext, useContext } from 'react';
import type { AppInfo, DeskApi } from '../../../shared/ipc/contract';
import type { DeskDb } from '../db/schema';
import type { WriteContext } from '../db/write';
import type { ThemeMode } from './theme';

export type Desk = {
  desk: DeskApi;
  info: AppInfo;
  db: DeskDb;
};

export const DeskContext = createContext<Desk | null>(null);

export function useDesk(): Desk {
  const value = useContext(DeskContext);
  if (!value) throw new Error('useDesk outside DeskContext');
  return value;
}

export type Session = {
  operatorId: string | null;
  setOperatorId: (id: string | null) => void;
  themeMode: ThemeMode;
  setThemeMode: (mode: ThemeMode) => void;
};

export const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionContext');
  return value;
}

/** The write context of the active operator, for the one write path. */
export function useWriteContext(): WriteContext {
  return { operatorId: useSession().operatorId };
}
