import { AdapterDateFns } from '@mui/x-date-pickers/AdapterDateFns';
import { LocalizationProvider } from '@mui/x-date-pickers/LocalizationProvider';
import type { Locale } from 'date-fns';
import { enGB, enUS, fr } from 'date-fns/locale';
import type { ReactNode } from 'react';
import { localeOf } from '../i18n';

/**
 * The date-fns locale of the UI's language, the same one the app formats dates with (localeOf):
 * dd/MM/yyyy in French whatever the browser's locale, MM/dd/yyyy in American English, dd/MM/yyyy in
 * other English.
 */
export function dateLocaleOf(language: string): Locale {
  if (language !== 'en') return fr;
  return localeOf('en') === 'en-US' ? enUS : enGB;
}

/** Date pickers in the app's language, switching with it. */
export function DatesProvider({ language, children }: { language: string; children: ReactNode }) {
  return (
    <LocalizationProvider dateAdapter={AdapterDateFns} adapterLocale={dateLocaleOf(language)}>
      {children}
    </LocalizationProvider>
  );
}
