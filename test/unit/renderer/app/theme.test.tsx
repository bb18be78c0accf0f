/**
 * Every field the app renders through MUI says autocomplete="off": Chromium then keeps nothing typed
 * about a data subject in its autofill store (the profile's Web Data file, out of reach of an
 * erasure; test/e2e/at-rest.spec.ts reads it). The theme sets it once for all fields.
 */
import Autocomplete from '@mui/material/Autocomplete';
import InputBase from '@mui/material/InputBase';
import { ThemeProvider } from '@mui/material/styles';
import TextField from '@mui/material/TextField';
import i18next from 'i18next';
import type { ReactNode } from 'react';
import { renderToString } from 'react-dom/server';
import { I18nextProvider, initReactI18next } from 'react-i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildTheme } from '../../../../renderer/src/app/theme';
import { FormField } from '../../../../renderer/src/components/FormField';
import { EMPTY_PERSON, NewPersonFields } from '../../../../renderer/src/features/subjects/NewPersonFields';
import { fr } from '../../../../renderer/src/i18n/fr';

const i18n = i18next.createInstance();
beforeAll(async () => {
  await i18n.use(initReactI18next).init({ resources: { fr: { translation: fr } }, lng: 'fr' });
});

/**
 * The text-entry elements of some HTML: not checkboxes, radios, file pickers or hidden inputs, nor
 * the read-only shadow textarea a multiline field measures its height with.
 */
function textFields(html: string): string[] {
  return [...html.matchAll(/<(input|textarea)\b[^>]*>/g)]
    .map((match) => match[0])
    .filter((tag) => !/\btype="(checkbox|radio|file|hidden)"/.test(tag))
    .filter((tag) => !(/aria-hidden="true"/.test(tag) && /readOnly=""/.test(tag)));
}

function render(node: ReactNode, themed = true): string {
  const content = <I18nextProvider i18n={i18n}>{node}</I18nextProvider>;
  return renderToString(
    themed ? (
      <ThemeProvider
        theme={buildTheme('light', 'fr', { noOptions: 'Aucun résultat', loading: 'Chargement…' })}
      >
        {content}
      </ThemeProvider>
    ) : (
      content
    ),
  );
}

const noop = () => undefined;

describe('autocomplete on personal-data fields', () => {
  it('the theme turns autofill off on text fields, text areas, bare inputs and pickers', () => {
    const html = render(
      <>
        <TextField label="Nom" />
        <TextField label="Mots" multiline minRows={2} />
        <TextField label="Né le" type="date" />
        <InputBase />
        <FormField name="email" value="" onValue={noop} errors={{}} />
        <Autocomplete options={['a']} renderInput={(params) => <TextField {...params} label="Personne" />} />
        <NewPersonFields value={EMPTY_PERSON} onChange={noop} errors={{}} />
      </>,
    );
    const fields = textFields(html);
    expect(fields.length).toBeGreaterThanOrEqual(10);
    for (const field of fields) expect(field).toContain('autoComplete="off"');
  });

  it('without the theme the same person fields would feed autofill (what the theme prevents)', () => {
    const fields = textFields(
      render(<NewPersonFields value={EMPTY_PERSON} onChange={noop} errors={{}} />, false),
    );
    expect(fields).toHaveLength(4);
    for (const field of fields) expect(field).not.toContain('autoComplete="off"');
  });

  it('no screen turns autofill back on for a field, nor draws a text input outside MUI', () => {
    const sources = import.meta.glob<string>('../../../../renderer/src/**/*.tsx', {
      query: '?raw',
      import: 'default',
      eager: true,
    });
    expect(Object.keys(sources).length).toBeGreaterThan(50);
    const problems: string[] = [];
    for (const [file, source] of Object.entries(sources)) {
      for (const match of source.matchAll(/autoComplete[=:]\s*\{?\s*['"]([^'"]*)['"]/g)) {
        // Passphrase fields may name themselves for what they are (no data subject's data).
        if (!['off', 'new-password', 'current-password'].includes(match[1] ?? ''))
          problems.push(`${file}: autoComplete="${match[1]}"`);
      }
      // Raw <input> elements are file pickers only; text goes through MUI (and so the theme).
      for (const match of source.matchAll(/<input\b[^>]*?>/gs)) {
        if (!/type="file"/.test(match[0])) problems.push(`${file}: ${match[0].slice(0, 80)}`);
      }
      if (/<textarea\b/.test(source)) problems.push(`${file}: raw <textarea>`);
    }
    expect(problems).toEqual([]);
  });
});
