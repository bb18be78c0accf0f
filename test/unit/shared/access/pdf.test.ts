import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildAccessPackage } from '../../../../shared/access';
import { accessPdf, type AccessPdfWords } from '../../../../shared/pdf/access';
import { drawnText, pageCount, pdfText } from '../pdf/pdf-bytes';
import { input } from './fixture';
import { skipWithoutPdftotext } from '../poppler';

const words: AccessPdfWords = {
  decision: (code) => ({ granted: 'Accepté', refused: 'Refusé', withdrawn: 'Retiré' })[code],
  consentChannel: (code) => `canal:${code}`,
  right: (code) => `droit:${code}`,
  status: (code) => `état:${code}`,
  letterKind: (code) => `courrier:${code}`,
  category: (code) => `catégorie:${code}`,
  anchor: (code) => `ancre:${code}`,
};
const dayOf = (iso: string) => iso.slice(0, 10);

describe('accessPdf', () => {
  it('summarises the package in words: details, choices, decisions with notice versions, requests, letters', () => {
    const bytes = accessPdf({ pkg: buildAccessPackage(input()), words, dayOf }, { compress: false });
    expect(pdfText(bytes.subarray(0, 5))).toBe('%PDF-');
    const text = drawnText(bytes).join('\n');
    for (const expected of [
      'Vos données personnelles',
      'Boulangerie Dupré SARL',
      'heloise@exemple.fr',
      '=Lefèvre',
      'Lettre d’information',
      'Accepté',
      'canal:phone',
      'DSR-2024-K7Q-0002',
      'droit:access, droit:portability',
      'courrier:response_cover',
      'Votre opposition',
      '- Comptable',
      'CNIL (www.cnil.fr).',
    ])
      expect(text).toContain(expected);
    const flowing = text.replace(/\n/g, ' ');
    expect(flowing).toContain('en réponse à votre demande DSR-2024-K7Q-0002');
    expect(flowing).toMatch(
      /catégorie:customer\u00a0: 36 mois à compter de ancre:relationship_end \(1er mars 2024\)/,
    );
    expect(text).toContain('10 mai 2022');
    // Each decision names the notice version the person was shown.
    expect(text).toMatch(/10 mai 2022\nLettre d’information\nAccepté\ncanal:phone\nv1\n/);
  });

  it('is in English when the package is, and says when there is nothing to list', () => {
    const pkg = buildAccessPackage(
      input({
        language: 'en',
        consentEvents: [],
        requests: [],
        timelines: new Map(),
        retentionRules: [],
        forRequestId: null,
      }),
    );
    const text = drawnText(accessPdf({ pkg, words, dayOf }, { compress: false })).join('\n');
    expect(text).toContain('Your personal data');
    expect(text).toContain('History of your decisions');
    expect(text).toContain('None.');
    expect(text).toContain('No retention rule applies to your data yet.');
    expect(text).not.toContain('in answer to your request');
  });

  it('gives the same bytes for the same package, dated the day it was made', () => {
    const pkg = buildAccessPackage(input());
    const first = accessPdf({ pkg, words, dayOf });
    expect(Buffer.from(first).equals(Buffer.from(accessPdf({ pkg, words, dayOf })))).toBe(true);
    expect(pdfText(first)).toContain("/CreationDate (D:20240320000000+00'00')");
    expect(pageCount(first)).toBeGreaterThanOrEqual(1);
  });

  it('breaks a long history over numbered pages', () => {
    const base = input();
    const many = Array.from({ length: 120 }, (_, i) => ({
      ...base.consentEvents[1]!,
      id: `m${i}`,
      hlc: `h${String(i).padStart(4, '0')}`,
      decidedAt: new Date(Date.UTC(2020, 0, 1 + i)).toISOString(),
    }));
    const bytes = accessPdf(
      { pkg: buildAccessPackage(input({ consentEvents: many })), words, dayOf },
      { compress: false },
    );
    const pages = pageCount(bytes);
    expect(pages).toBeGreaterThan(2);
    expect(drawnText(bytes)).toContain(`${pages}/${pages}`);
  });

  it('reads back with pdftotext (poppler-utils), when installed', (context) => {
    skipWithoutPdftotext(context);
    const dir = mkdtempSync(join(tmpdir(), 'access-pdf-'));
    try {
      const file = join(dir, 'access.pdf');
      writeFileSync(file, accessPdf({ pkg: buildAccessPackage(input()), words, dayOf }));
      const result = spawnSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
      expect(result.status).toBe(0);
      const text = result.stdout.replace(/\u00a0/g, ' ');
      expect(text).toContain('Vos données personnelles');
      expect(text).toContain('Héloïse');
      expect(text).toContain('DSR-2024-K7Q-0002');
      expect(text).toContain('Historique de vos décisions');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
