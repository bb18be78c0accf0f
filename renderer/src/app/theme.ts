import { enUS as coreEn, frFR as coreFr } from '@mui/material/locale';
import { createTheme, type Theme } from '@mui/material/styles';
import { enUS as pickersEn, frFR as pickersFr } from '@mui/x-date-pickers/locales';

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

/**
 * Where keyboard focus is, always visible (WCAG 2.4.7): MUI shows it with a ripple that fades and a
 * few per cent of background tint, which a keyboard user easily loses. Every element focused from
 * the keyboard (:focus-visible, and .Mui-focusVisible that MUI sets on the visible box of a
 * checkbox, radio or switch whose native input is transparent) gets a 2 px outline drawn inside
 * it in its own text colour: that colour already contrasts with the element's background (≥ 4.5:1
 * for text, checked by axe), on white, on the dark theme's surfaces, on the app bar and on filled
 * buttons alike, so one rule holds the 3:1 a focus indicator needs everywhere. `html` raises the
 * rule above MUI's own `outline: 0` on its buttons. Text fields keep their own sign, the field's
 * border turning 2 px in the primary colour; an outline there would double it.
 * test/e2e/focus.spec.ts tabs through every screen in both themes to hold this.
 */
const FOCUS_STYLES = {
  'html :is(:focus-visible, .Mui-focusVisible)': { outline: '2px solid currentColor', outlineOffset: '-2px' },
  'html :is(.MuiInputBase-input, .MuiPickersSectionList-root, .MuiPickersSectionList-root *):focus-visible': {
    outline: 'none',
  },
};

/** Texts of MUI's own components that the app words itself (through i18n), per language. */
export type ComponentTexts = { noOptions: string; loading: string };

/**
 * The theme in the UI's language: MUI's and MUI X's built-in texts (pagination, pickers, their
 * buttons' labels) from their locales, and the app's own wording where it has one, so that no
 * component falls back to English in the French UI.
 */
export function buildTheme(mode: ThemeMode, language: string, texts: ComponentTexts): Theme {
  const french = language === 'fr';
  return createTheme(
    {
      palette: {
        mode,
        primary: { main: mode === 'light' ? '#1d4e89' : '#8ab4f8' },
        secondary: { main: mode === 'light' ? '#00796b' : '#80cbc4' },
        // MUI's light-mode info (#0288d1) and warning (#ed6c02) give white chip labels and warning
        // text on white a contrast of 3.9 and 3.1: below WCAG AA's 4.5. These darker shades reach 4.8
        // and 5.0. The dark-mode defaults pass as they are (checked by test/e2e/a11y.spec.ts).
        ...(mode === 'light' ? { info: { main: '#0277bd' }, warning: { main: '#b45309' } } : {}),
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
        MuiCssBaseline: { styleOverrides: FOCUS_STYLES },
      },
    },
    french ? pickersFr : pickersEn,
    french ? coreFr : coreEn,
    // Last, so the app's wording wins over the locales' ("Aucun résultat", not "Pas de résultats").
    {
      components: {
        MuiAutocomplete: { defaultProps: { noOptionsText: texts.noOptions, loadingText: texts.loading } },
      },
    },
  );
}
