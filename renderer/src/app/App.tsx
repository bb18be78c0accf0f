import CssBaseline from '@mui/material/CssBaseline';
import { ThemeProvider } from '@mui/material/styles';
import { QueryClient, QueryClientProvider, useQueryClient } from '@tanstack/react-query';
import { Dexie } from 'dexie';
import { Suspense, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { KioskGate } from '../features/kiosk/KioskGate';
import { LockProvider } from '../features/lock/LockProvider';
import { OperatorPicker } from '../features/operator/OperatorPicker';
import { useOrganisationQuery, useStaffQuery } from '../features/settings/hooks';
import { SyncProvider } from '../features/sync/SyncProvider';
import { DeskContext, SessionContext, useDesk, useSession, type Desk, type Session } from './context';
import { AppReady, ScreenLoading, setAppState } from './ready';
import { RecordsElsewhere, useClaimRecordsHome } from './RecordsElsewhere';
import { SetupWizard } from './screens';
import { Shell } from './Shell';
import { StartFailure } from './StartFailure';
import { DatesProvider } from './DatesProvider';
import { removeQueuedAttachments } from './files';
import { buildTheme, rememberThemeMode, storedThemeMode, type ThemeMode } from './theme';

const OPERATOR_KEY = 'rgpd-desk.operator';

/** A whole-page screen, marked ready once its code is loaded. */
function Page({ children }: { children: ReactNode }) {
  return (
    <Suspense fallback={<ScreenLoading />}>
      {children}
      <AppReady />
    </Suspense>
  );
}

/** Which screen: setup until an organisation exists, then the operator choice, then the app. */
function Gate() {
  const organisation = useOrganisationQuery();
  const staff = useStaffQuery();
  const { operatorId } = useSession();
  const { info } = useDesk();
  const loaded = organisation.isSuccess && staff.isSuccess;
  useClaimRecordsHome(Boolean(organisation.data));
  const failed = organisation.isError || staff.isError;
  useEffect(() => {
    if (failed) setAppState('error');
  }, [failed]);
  if (failed) return <StartFailure reason="errors.internal" />;
  if (!loaded) return null;
  if (!organisation.data)
    return <Page>{info.recordsHome ? <RecordsElsewhere home={info.recordsHome} /> : <SetupWizard />}</Page>;
  const operator = staff.data.find((member) => member.id === operatorId && member.active);
  // The shell marks the app ready itself, once the screen it opens on has loaded.
  return (
    <LockProvider organisation={organisation.data} staff={staff.data} operator={operator ?? null}>
      {operator ? (
        <KioskGate>
          <Shell operator={operator} />
        </KioskGate>
      ) : (
        <Page>
          <OperatorPicker staff={staff.data} onAdded={() => void staff.refetch()} />
        </Page>
      )}
    </LockProvider>
  );
}

/** Other tabs or windows (and later the sync engine) write to the same database: refresh. */
function LiveRefresh() {
  const client = useQueryClient();
  useEffect(() => {
    const refresh = () => void client.invalidateQueries({ queryKey: ['db'] });
    Dexie.on('storagemutated', refresh);
    return () => Dexie.on.storagemutated.unsubscribe(refresh);
  }, [client]);
  return null;
}

/** Attachment files an erasure could not delete at the time (the Node side was busy or failed). */
function PendingDeletions() {
  const { db, desk } = useDesk();
  useEffect(() => {
    // Quietly: the queue stays for the next start when this fails.
    removeQueuedAttachments(db, desk).catch(() => undefined);
  }, [db, desk]);
  return null;
}

export function App({ desk }: { desk: Desk }) {
  const [queryClient] = useState(
    () =>
      new QueryClient({
        defaultOptions: { queries: { retry: false, refetchOnWindowFocus: false, staleTime: Infinity } },
      }),
  );
  const [operatorId, setOperatorIdState] = useState<string | null>(() =>
    sessionStorage.getItem(OPERATOR_KEY),
  );
  const [themeMode, setThemeModeState] = useState<ThemeMode>(storedThemeMode);
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const theme = useMemo(
    () =>
      buildTheme(themeMode, language, { noOptions: t('keyboard.noOptions'), loading: t('keyboard.loading') }),
    [themeMode, language, t],
  );
  const session = useMemo<Session>(
    () => ({
      operatorId,
      setOperatorId: (id) => {
        if (id) sessionStorage.setItem(OPERATOR_KEY, id);
        else sessionStorage.removeItem(OPERATOR_KEY);
        setOperatorIdState(id);
      },
      themeMode,
      setThemeMode: (mode) => {
        rememberThemeMode(mode);
        setThemeModeState(mode);
      },
    }),
    [operatorId, themeMode],
  );
  return (
    <DeskContext.Provider value={desk}>
      <SessionContext.Provider value={session}>
        <QueryClientProvider client={queryClient}>
          <ThemeProvider theme={theme}>
            <DatesProvider language={language}>
              <CssBaseline />
              <LiveRefresh />
              <PendingDeletions />
              {/* Background sync runs from the first screen on (a joining device receives its workspace). */}
              <SyncProvider>
                <Gate />
              </SyncProvider>
            </DatesProvider>
          </ThemeProvider>
        </QueryClientProvider>
      </SessionContext.Provider>
    </DeskContext.Provider>
  );
}
