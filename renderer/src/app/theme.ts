import { createTheme, type Theme } from '@mui/material/styles';

export type ThemeMode = 'light' | 'dark';
const STORAGE_KEY = 'rgpd-desk.theme';

export function storedThemeMode(): ThemeMode {
  const stored = globalThis.localStorage?.getItem(STORAGE_KEY);
  if (stored === 'light' || stored === 'dark') return stored;
  return globalThis.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

export function rememberThemeMode(mode: ThemeMode): void {
  globalThis.localStorage?.setItem(STORAGE_KEY, mode);
}

export function buildTheme(mode: ThemeMode): Theme {
  return createTheme({
    palette: {
      mode,
      primary: { main: mode === 'light' ? '#1d4e89' : '#8ab4f8' },
      secondary: { main: mode === 'light' ? '#00796b' : '#80cbc4' },
    },
    typography: {
      fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
    },
    components: {
      // Chromium's autofill store (the profile's Web Data file) would otherwise keep every name and
      // e-mail typed about a data subject, out of reach of an erasure: no field here feeds it.
      MuiTextField: { defaultProps: { size: 'small', fullWidth: true, autoComplete: 'off' } },
      MuiInputBase: { defaultProps: { autoComplete: 'off' } },
      MuiButton: { defaultProps: { disableElevation: true } },
    },
  });
}
