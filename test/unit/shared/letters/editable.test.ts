import { describe, expect, it } from 'vitest';
import {
  defaultTemplate,
  fromEditable,
  LETTER_KINDS,
  LETTER_LANGUAGES,
  PLACEHOLDERS,
  renderLetter,
  sampleLetterFields,
  shownField,
  toEditable,
} from '../../../../shared/letters';

const ORGANISATION = {
  legalName: 'Boulangerie Héloïse SARL',
  address: '12 rue des Lilas\n57000 Metz',
  contactEmail: 'contact@boulangerie.fr',
  dpoEmail: '',
  country: 'FR',
};

describe('templates as the editor shows them', () => {
  it('every field has a short name in both languages, unique, that brackets can hold', () => {
    for (const lang of LETTER_LANGUAGES) {
      const labels = PLACEHOLDERS.map((p) => p.label[lang].toLocaleLowerCase());
      expect(new Set(labels).size).toBe(labels.length);
      for (const label of labels) expect(label).not.toMatch(/[[\]{}\n]/);
    }
  });

  it('shows fields by name, never `{{…}}`, and saves exactly the stored form back', () => {
    for (const kind of LETTER_KINDS)
      for (const lang of LETTER_LANGUAGES)
        for (const ui of LETTER_LANGUAGES) {
          const template = defaultTemplate(kind, lang);
          for (const text of [template.subject, template.body]) {
            const shown = toEditable(text, ui);
            expect(shown).not.toContain('{{');
            expect(fromEditable(shown)).toBe(text);
          }
        }
    expect(toEditable('avant le {{request.dueOn}}.', 'fr')).toBe('avant le [Date limite de réponse].');
    expect(toEditable('by {{ request.dueOn }}.', 'en')).toBe('by [Response deadline].');
  });

  it('reads a field typed in either language or case, and leaves other brackets and unknown names alone', () => {
    expect(fromEditable('Le [date limite de réponse], by [Response deadline]')).toBe(
      'Le {{request.dueOn}}, by {{request.dueOn}}',
    );
    expect(fromEditable('[voir annexe] {{inconnu}}')).toBe('[voir annexe] {{inconnu}}');
    expect(shownField('operator.name', 'fr')).toBe('[Signataire]');
  });

  it('fills every default template with the example values: a preview with no gap and no syntax', () => {
    for (const kind of LETTER_KINDS)
      for (const lang of LETTER_LANGUAGES) {
        const fields = sampleLetterFields(ORGANISATION, 'Claire Martin', '2026-04-07', lang);
        const letter = renderLetter(defaultTemplate(kind, lang), fields, lang);
        expect(letter.missing).toEqual([]);
        expect(`${letter.subject}\n${letter.body}`).not.toMatch(/\{\{|\}\}|\[/);
        expect(letter.body).toContain('Claire Martin');
      }
  });
});
