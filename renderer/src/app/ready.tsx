import Box from '@mui/material/Box';
import CircularProgress from '@mui/material/CircularProgress';
import Typography from '@mui/material/Typography';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { preloadScreens } from './screens';

/** Tell tests and tools the app is usable (Bruno's habit): data-app-state on the root element. */
export function setAppState(state: 'loading' | 'ready' | 'error'): void {
  document.getElementById('root')?.setAttribute('data-app-state', state);
}

/**
 * Rendered next to a screen inside its Suspense boundary: React commits it only once the screen's
 * code has arrived and rendered, so "ready" never shows over a loading placeholder.
 */
export function AppReady() {
  useEffect(() => {
    setAppState('ready');
    preloadScreens();
  }, []);
  return null;
}

/** Suspense fallback while a screen's code loads: announced politely, never a blank page. */
export function ScreenLoading() {
  const { t } = useTranslation();
  return (
    <Box
      role="status"
      aria-live="polite"
      data-testid="screen-loading"
      sx={{ display: 'flex', alignItems: 'center', gap: 2, p: 3 }}
    >
      <CircularProgress size={24} aria-hidden />
      <Typography>{t('app.screenLoading')}</Typography>
    </Box>
  );
}
