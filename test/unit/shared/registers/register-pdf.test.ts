import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { registerPdf, type RegisterPdfInput } from '../../../../shared/pdf/register';
import { drawnText, pageCount } from '../pdf/pdf-bytes';
import { skipWithoutPdftotext } from '../poppler';

const longRetention = Array.from(
  { length: 90 },
  (_, i) => `Document ${i + 1} : conservé cinq ans après la fin de la relation, puis détruit.`,
).join('\n');

function input(overrides: Partial<RegisterPdfInput> = {}): RegisterPdfInput {
  return {
    organisation: {
      legalName: 'Boulangerie Héloïse SARL',
      address: '12 rue des Lilas\n57000 Metz',
      contactEmail: 'contact@boulangerie-heloise.fr',
      dpoEmail: 'dpo@boulangerie-heloise.fr',
    },
    lang: 'fr',
    issuedOn: '2026-03-20',
    entries: [
      {
        name: 'Gestion de la clientèle',
        active: true,
        createdOn: '2026-03-01',
        updatedOn: '2026-03-19',
        fields: [
          { label: 'Finalités', value: 'Commandes, livraisons, factures.' },
          { label: 'Base légale', value: 'Contrat\nObligation légale' },
          { label: 'Transferts hors de l’Union européenne', value: '' },
        ],
      },
      {
        name: 'Vidéosurveillance des locaux',
        active: false,
        createdOn: '2026-03-02',
        updatedOn: '2026-03-02',
        fields: [{ label: 'Durées de conservation', value: longRetention }],
      },
    ],
    ...overrides,
  };
}

describe('the printable record of processing activities', () => {
  it('has a cover listing the activities, then one sheet per activity with each heading beside its content', () => {
    const bytes = registerPdf(input(), { compress: false });
    const text = drawnText(bytes);
    const joined = text.join('\n');
    expect(text[0]).toBe('Registre des activités de traitement');
    for (const expected of [
      'Boulangerie Héloïse SARL',
      'Contact\u00a0: contact@boulangerie-heloise.fr',
      'Établi le 20 mars 2026 — 2 activités de traitement',
      'Fiche n°\u00a01 — Gestion de la clientèle',
      'Fiche n°\u00a02 — Vidéosurveillance des locaux (Terminée)',
      'Créée le 1er mars 2026 — mise à jour le 19 mars 2026',
      'Finalités',
      'Commandes, livraisons, factures.',
      // A list keeps one item a line.
      'Contrat',
      'Obligation légale',
      'Document 90 : conservé cinq ans après la fin de la relation, puis détruit.',
    ]) {
      expect(text, expected).toContain(expected);
    }
    // An empty heading still appears, with a dash: nothing is silently left out of the register.
    const transfers = text.findIndex((line) => line.startsWith('Transferts hors'));
    expect(transfers).toBeGreaterThan(0);
    expect(text[transfers + 1]).toBe('—');
    // The long retention text continues on further pages; every page is numbered.
    const pages = pageCount(bytes);
    expect(pages).toBeGreaterThanOrEqual(4);
    for (let page = 1; page <= pages; page += 1)
      expect(joined).toContain(
        `Boulangerie Héloïse SARL — Registre des activités de traitement — page ${page}/${pages}`,
      );
  });

  it('is in English when asked, and the same input gives the same bytes', () => {
    const english = input({ lang: 'en' });
    const text = drawnText(registerPdf(english, { compress: false }));
    expect(text).toContain('Record of processing activities');
    expect(text).toContain('Sheet 2 — Vidéosurveillance des locaux (Ended)');
    expect(text).toContain('Drawn up on 20 March 2026 — 2 processing activities');
    expect(Buffer.from(registerPdf(english)).equals(Buffer.from(registerPdf(english)))).toBe(true);
    expect(Buffer.from(registerPdf(english)).equals(Buffer.from(registerPdf(input())))).toBe(false);
  });

  it('reads back with pdftotext (poppler-utils), when installed', (context) => {
    skipWithoutPdftotext(context);
    const dir = mkdtempSync(join(tmpdir(), 'register-pdf-'));
    try {
      const file = join(dir, 'register.pdf');
      writeFileSync(file, registerPdf(input()));
      const result = spawnSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
      expect(result.status).toBe(0);
      const out = result.stdout.replace(/\u00a0/g, ' ');
      for (const word of ['Héloïse', 'Gestion de la clientèle', 'Obligation légale', 'Document 90']) {
        expect(out).toContain(word);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
