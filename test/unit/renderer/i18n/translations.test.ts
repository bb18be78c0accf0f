import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { en } from '../../../../renderer/src/i18n/en';
import { fr } from '../../../../renderer/src/i18n/fr';
import { V } from '../../../../shared/domain/common';
import { SECTIONS } from '../../../../shared/ipc/contract';
import { IMPORT_ERROR_CODES } from '../../../../shared/consent/import';
import { IMPORT_FIELDS, IMPORT_REASONS } from '../../../../shared/consent/import-rows';
import { CONSENT_CHANNELS } from '../../../../shared/consent/model';

function keys(value: unknown, prefix = ''): string[] {
  if (typeof value === 'string') return [prefix];
  return Object.entries(value as Record<string, unknown>).flatMap(([key, inner]) =>
    keys(inner, prefix ? `${prefix}.${key}` : key),
  );
}

function lookup(messages: unknown, key: string): unknown {
  return key
    .split('.')
    .reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], messages);
}

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : /\.(ts|tsx)$/.test(name) ? [path] : [];
  });
}

describe('translations', () => {
  it('French and English have exactly the same keys, none empty', () => {
    expect(keys(en).sort()).toEqual(keys(fr).sort());
    for (const key of keys(fr)) {
      expect(String(lookup(fr, key)).trim(), key).not.toBe('');
      expect(String(lookup(en, key)).trim(), key).not.toBe('');
    }
  });

  it('every validation message key used by the domain schemas exists in both languages', () => {
    for (const key of Object.values(V)) {
      expect(lookup(fr, key), key).toBeTypeOf('string');
      expect(lookup(en, key), key).toBeTypeOf('string');
    }
    expect(lookup(fr, 'validation.invalid')).toBeTypeOf('string');
    for (const key of [
      ...IMPORT_REASONS,
      ...IMPORT_ERROR_CODES.map((code) => `import.errors.${code}`),
      ...IMPORT_FIELDS.map((field) => `import.fields.${field}`),
      ...CONSENT_CHANNELS.map((channel) => `consents.captureChannels.${channel}`),
    ]) {
      expect(lookup(fr, key), key).toBeTypeOf('string');
      expect(lookup(en, key), key).toBeTypeOf('string');
    }
  });

  it('every section of the navigation has its name in both languages', () => {
    for (const section of SECTIONS) {
      expect(lookup(fr, `nav.${section}`), section).toBeTypeOf('string');
      expect(lookup(en, `nav.${section}`), section).toBeTypeOf('string');
    }
  });

  it("every literal t('…') key in the renderer exists", () => {
    const used = new Set<string>();
    for (const file of sources('renderer/src')) {
      for (const match of readFileSync(file, 'utf8').matchAll(/\bt\('([a-zA-Z0-9_.]+)'/g))
        used.add(match[1] as string);
    }
    expect(used.size).toBeGreaterThan(50);
    const missing = [...used].filter((key) => {
      const plural = lookup(fr, `${key}_other`) !== undefined;
      return !plural && typeof lookup(fr, key) !== 'string';
    });
    expect(missing).toEqual([]);
  });
});
