import {
  createContext,
  lazy,
  Suspense,
  useCallback,
  useContext,
  useEffect,
  useState,
  type ReactNode,
} from 'react';
import { call } from '../../app/transport';
import { useDesk } from '../../app/context';
import { AppReady, ScreenLoading } from '../../app/ready';

const KIOSK_KEY = 'rgpd-desk.kiosk';

type KioskControl = {
  /** Hand the screen to the customer: only this person's choices until staff take it back. */
  show: (subjectId: string) => void;
};
const KioskContext = createContext<KioskControl>({ show: () => undefined });
export const useKiosk = (): KioskControl => useContext(KioskContext);

// The kiosk's code (signature pad, QR codes) loads only when a screen is handed over.
const KioskScreen = lazy(() => import('./KioskScreen').then((module) => ({ default: module.KioskScreen })));

/**
 * Around the working screens: in kiosk mode it renders the kiosk *instead of* them, so no menu,
 * search, shortcut or other screen exists in the page. The mode survives a reload (sessionStorage),
 * and comes back on its neutral thank-you screen with nothing of the person shown.
 */
export function KioskGate({ children }: { children: ReactNode }) {
  const { desk } = useDesk();
  const [subjectId, setSubjectId] = useState<string | null>(
    () => globalThis.sessionStorage?.getItem(KIOSK_KEY) ?? null,
  );
  // After a reload the kiosk starts on its thank-you screen: choices in progress are gone.
  const [reloaded, setReloaded] = useState(() => subjectId !== null);

  const fullScreen = useCallback(
    async (on: boolean) => {
      const { applied } = await call(desk, 'window:kiosk', { on }).catch(() => ({ applied: false }));
      if (applied) return;
      // The browser host: the page's own full-screen mode (the user's click allows it).
      if (on && !document.fullscreenElement)
        await document.documentElement.requestFullscreen?.().catch(() => undefined);
      if (!on && document.fullscreenElement) await document.exitFullscreen().catch(() => undefined);
    },
    [desk],
  );
  const show = useCallback(
    (id: string) => {
      globalThis.sessionStorage?.setItem(KIOSK_KEY, id);
      setReloaded(false);
      setSubjectId(id);
      void fullScreen(true);
    },
    [fullScreen],
  );
  const handBack = useCallback(() => {
    globalThis.sessionStorage?.removeItem(KIOSK_KEY);
    setSubjectId(null);
    void fullScreen(false);
  }, [fullScreen]);

  // Back and forward do nothing while the customer has the screen.
  useEffect(() => {
    if (subjectId === null) return;
    const stay = () => window.history.pushState(null, '', window.location.href);
    stay();
    window.addEventListener('popstate', stay);
    return () => window.removeEventListener('popstate', stay);
  }, [subjectId]);

  if (subjectId !== null)
    return (
      <Suspense fallback={<ScreenLoading />}>
        <KioskScreen key={subjectId} subjectId={subjectId} onHandBack={handBack} startOnThanks={reloaded} />
        <AppReady />
      </Suspense>
    );
  return <KioskContext.Provider value={{ show }}>{children}</KioskContext.Provider>;
}
