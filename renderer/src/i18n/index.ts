import i18next, { type i18n as I18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en } from './en';
import { fr } from './fr';
import { systemLanguage } from './system';

export { systemLanguage };

export const LANGUAGES = ['fr', 'en'] as const;
export type UiLanguage = (typeof LANGUAGES)[number];
const STORAGE_KEY = 'rgpd-desk.language';

export function storedLanguage(): UiLanguage | null {
  const value = globalThis.localStorage?.getItem(STORAGE_KEY);
  return value === 'fr' || value === 'en' ? value : null;
}

export function rememberLanguage(language: UiLanguage): void {
  globalThis.localStorage?.setItem(STORAGE_KEY, language);
}

/** The language the user chose last, else the system's (the first-run screen offers the switch). */
export async function initI18n(
  language: UiLanguage = storedLanguage() ?? systemLanguage(globalThis.navigator?.languages ?? []),
): Promise<I18n> {
  await i18next.use(initReactI18next).init({
    resources: { fr: { translation: fr }, en: { translation: en } },
    lng: language,
    fallbackLng: 'fr',
    supportedLngs: [...LANGUAGES],
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  document.documentElement.lang = i18next.language;
  i18next.on('languageChanged', (next) => {
    document.documentElement.lang = next;
  });
  return i18next;
}

/**
 * BCP 47 locale for dates and numbers: the system's own locale when it speaks the UI's language
 * (en-US, fr-CA…), otherwise the language's European default.
 */
export function localeOf(language: string): string {
  const system = globalThis.navigator?.language ?? '';
  if (system.toLowerCase().startsWith(`${language}-`)) return system;
  return language === 'en' ? 'en-GB' : 'fr-FR';
}

export function formatDateTime(iso: string, language: string): string {
  return new Intl.DateTimeFormat(localeOf(language), { dateStyle: 'medium', timeStyle: 'short' }).format(
    new Date(iso),
  );
}

export function formatDate(iso: string, language: string): string {
  return new Intl.DateTimeFormat(localeOf(language), { dateStyle: 'long' }).format(new Date(iso));
}

/** A local calendar date ('YYYY-MM-DD') in words, e.g. "mardi 7 avril 2026". */
export function formatDay(
  day: string,
  language: string,
  options: { weekday?: boolean; year?: boolean } = {},
): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return day;
  return new Intl.DateTimeFormat(localeOf(language), {
    weekday: options.weekday ? 'long' : undefined,
    day: 'numeric',
    month: 'long',
    year: options.year === false ? undefined : 'numeric',
    timeZone: 'UTC',
  }).format(new Date(`${day}T00:00:00Z`));
}
