import { describe, expect, it } from 'vitest';
import { en } from '../../../../renderer/src/i18n/en';

function leaves(value: unknown, prefix = ''): [string, string][] {
  if (typeof value === 'string') return [[prefix, value]];
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
});
