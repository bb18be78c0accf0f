import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPORT_LABELS } from '../../../../shared/archive/report';
import { en } from '../../../../renderer/src/i18n/en';

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : name.endsWith('.tsx') ? [path] : [];
  });
}

function leaves(value: unknown, prefix = ''): [string, string][] {
  if (typeof value === 'string') return [[prefix, value]];
  // Sentences built by a function (the archive report's): read with sample values.
  if (typeof value === 'function') return [[prefix, String((value as (...a: unknown[]) => unknown)(2, 'x'))]];
  return Object.entries(value as Record<string, unknown>).flatMap(([key, inner]) =>
    leaves(inner, prefix ? `${prefix}.${key}` : key),
  );
}

/** French typography that has no place on an English screen: a space before : ; ! ? and guillemets. */
const FRENCH_PUNCTUATION = /[ \u00a0\u202f][:;!?](?=\s|$)|[«»]/;

describe('English punctuation', () => {
  it('finds French punctuation when it is there (the check itself works)', () => {
    expect(FRENCH_PUNCTUATION.test('Person : Ann')).toBe(true);
    expect(FRENCH_PUNCTUATION.test('the «newsletter»')).toBe(true);
    expect(FRENCH_PUNCTUATION.test('Really ?')).toBe(true);
    expect(FRENCH_PUNCTUATION.test('Person: Ann; “newsletter”? 10:30')).toBe(false);
  });

  it('no English message, in en.ts or any area, uses French punctuation', () => {
    const wrong = leaves(en).filter(([, text]) => FRENCH_PUNCTUATION.test(text));
    expect(wrong.map(([key, text]) => `${key}: ${text}`)).toEqual([]);
  });

  it('the archive report in English too', () => {
    const wrong = leaves(REPORT_LABELS.en).filter(([, text]) => FRENCH_PUNCTUATION.test(text));
    expect(wrong.map(([key, text]) => `${key}: ${text}`)).toEqual([]);
  });

  it('no screen puts a spaced colon or guillemets around a translated label in its own code', () => {
    // "{t('x')} : " in JSX shows French typography in every language; the colon belongs in the message.
    const wrong = sources('renderer/src').flatMap((file) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .map((line, index) => ({ line, where: `${file}:${index + 1}` }))
        .filter(({ line }) => !line.includes('?') && /[}>] :[ <{$]|[«»]/.test(line))
        .map(({ where, line }) => `${where} ${line.trim()}`),
    );
    expect(wrong).toEqual([]);
  });
});
