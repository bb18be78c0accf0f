/**
 * The system's language, from the browser's preferred languages (the OS's in the desktop app): the
 * first French or English one; English when it names neither, as more people read it than French;
 * French, the app's default, when it names none.
 */
export function systemLanguage(languages: readonly string[]): 'fr' | 'en' {
  for (const tag of languages) {
    const primary = tag.toLowerCase().split('-')[0];
    if (primary === 'fr' || primary === 'en') return primary;
  }
  return languages.length === 0 ? 'fr' : 'en';
}
