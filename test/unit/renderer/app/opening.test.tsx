/**
 * The opening screen during a schema upgrade: a determinate bar and one plain sentence per step,
 * numbers in the language's own format, in French and in English.
 */
import i18next from 'i18next';
import { renderToString } from 'react-dom/server';
import { I18nextProvider, initReactI18next } from 'react-i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { Opening } from '../../../../renderer/src/app/Opening';
import { reportUpgradeProgress, type UpgradeStep } from '../../../../renderer/src/db/upgrade-progress';
import { en } from '../../../../renderer/src/i18n/en';
import { fr } from '../../../../renderer/src/i18n/fr';

const i18n = i18next.createInstance();
beforeAll(async () => {
  await i18n.use(initReactI18next).init({
    resources: { fr: { translation: fr }, en: { translation: en } },
    lng: 'fr',
    interpolation: { escapeValue: false },
  });
});

async function rendered(language: 'fr' | 'en'): Promise<string> {
  await i18n.changeLanguage(language);
  const html = renderToString(
    <I18nextProvider i18n={i18n}>
      <Opening />
    </I18nextProvider>,
  );
  // The text as read: tags dropped, the narrow no-break space French groups digits with made plain.
  return html.replace(/<[^>]+>/g, ' ').replace(/[\u202f\u00a0]/g, ' ');
}

describe('the opening screen during an upgrade', () => {
  it('says which step runs and how far it is, in the locale', async () => {
    reportUpgradeProgress('audit', 120_000, 500_000);
    expect(await rendered('fr')).toContain('Mise à jour du journal d’audit : 120 000 sur 500 000');
    const english = await rendered('en');
    expect(english).toContain('Updating the audit log: 120,000 of 500,000');
    const html = renderToString(
      <I18nextProvider i18n={i18n}>
        <Opening />
      </I18nextProvider>,
    );
    expect(html).toMatch(
      /role="progressbar"[^>]*aria-valuenow="24"|aria-valuenow="24"[^>]*role="progressbar"/,
    );
  });

  it('between two steps (the database reworking its indexes), a moving bar instead of a full one', async () => {
    reportUpgradeProgress('audit', 500_000, 500_000);
    for (const language of ['fr', 'en'] as const) {
      const text = await rendered(language);
      expect(text).toContain(
        language === 'fr' ? 'Réorganisation de la base de données' : 'Reorganising the database',
      );
      expect(text).not.toMatch(/500[ ,]000/);
    }
    const html = renderToString(
      <I18nextProvider i18n={i18n}>
        <Opening />
      </I18nextProvider>,
    );
    expect(html).toContain('role="progressbar"');
    expect(html).not.toContain('aria-valuenow');
    expect(html).toContain('data-step="between"');
    // The next step's report brings the bar and its numbers back.
    reportUpgradeProgress('consents', 0, 500_000);
    expect(await rendered('en')).toContain('Updating the consent ledger: 0 of 500,000');
  });

  it.each<UpgradeStep>([
    'audit',
    'consents',
    'preferences',
    'contacts',
    'facts',
    'oplog',
    'subjects',
    'other',
  ])('has a plain sentence for the step %s, without placeholders left', async (step) => {
    reportUpgradeProgress(step, 3, 4);
    for (const language of ['fr', 'en'] as const) {
      const text = await rendered(language);
      expect(text).toMatch(/3 (sur|of) 4/);
      expect(text).not.toMatch(/\{\{|upgrade\.steps/);
    }
  });
});
