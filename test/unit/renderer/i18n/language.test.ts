import { describe, expect, it } from 'vitest';
import { systemLanguage } from '../../../../renderer/src/i18n/system';

describe('systemLanguage', () => {
  it('takes the first French or English language the system prefers', () => {
    expect(systemLanguage(['fr-CA', 'en-US'])).toBe('fr');
    expect(systemLanguage(['en-US', 'fr-FR'])).toBe('en');
    expect(systemLanguage(['de-DE', 'fr-FR'])).toBe('fr');
    expect(systemLanguage(['FR'])).toBe('fr');
  });

  it('is English for a system that names neither, French when it names nothing', () => {
    expect(systemLanguage(['de-DE', 'it'])).toBe('en');
    expect(systemLanguage([])).toBe('fr');
  });
});
