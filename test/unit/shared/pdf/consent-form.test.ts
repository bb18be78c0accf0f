import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import {
  consentFormPdf,
  consentFormReference,
  type ConsentFormInput,
} from '../../../../shared/pdf/consent-form';
import { DEFAULT_PURPOSES, defaultNotice } from '../../../../shared/consent/defaults';
import { drawnText, pageCount, pdfStreams, pdfText } from './pdf-bytes';
import { skipWithoutPdftotext } from '../poppler';

const NOTICE_TEXT =
  'Atelier Héloïse traite vos données pour la mise en œuvre des finalités ci-dessous, ' +
  '«\u00a0à votre demande\u00a0» uniquement.\n\n- Droit d’accès et d’effacement auprès de nous';

const PURPOSES: ConsentFormInput['purposes'] = [
  {
    id: 'p-newsletter',
    name: 'Lettre d’information par e-mail',
    description: 'Une fois par mois, nos nouveautés et nos offres.',
  },
  { id: 'p-sms', name: 'Offres par SMS', description: 'Au plus deux SMS par mois.' },
  { id: 'p-partners', name: 'Transmission à nos partenaires', description: '' },
];

function form(overrides: Partial<ConsentFormInput> = {}): ConsentFormInput {
  return {
    organisation: {
      legalName: 'Atelier Héloïse SARL',
      address: '12 rue des Lilas\n75011 Paris',
      contactEmail: 'rgpd@heloise.example',
      dpoEmail: 'dpo@heloise.example',
    },
    notice: {
      number: 3,
      title: 'Information sur vos données personnelles',
      text: NOTICE_TEXT,
      effectiveOn: '2026-04-01',
    },
    purposes: PURPOSES,
    lang: 'fr',
    formReference: 'F-N3-7K2Q',
    issuedOn: '2026-04-07',
    ...overrides,
  };
}

const longNotice = Array.from(
  { length: 60 },
  (_, i) => `Paragraphe ${i + 1} : vos données sont traitées avec soin, conformément au RGPD et à la loi.`,
).join('\n\n');

const plain = (input: ConsentFormInput) => consentFormPdf(input, { compress: false });

/** The strings drawn on each page, in page order (the page content streams are the only streams). */
function pagesText(bytes: Uint8Array): string[][] {
  return pdfStreams(bytes)
    .filter((stream) => / Tj/.test(stream))
    .map((stream) =>
      [...stream.matchAll(/\(((?:\\.|[^\\)])*)\) Tj/g)].map((m) => (m[1] ?? '').replace(/\\(.)/g, '$1')),
    );
}

/** Drawn text as one string, wrapped lines joined by spaces and no-break spaces made plain. */
const joined = (drawn: readonly string[]) => drawn.join(' ').replace(/\u00a0/g, ' ');

describe('consentFormPdf', () => {
  it('writes an A4 PDF file', () => {
    const bytes = consentFormPdf(form());
    expect(pdfText(bytes.subarray(0, 5))).toBe('%PDF-');
    expect(pdfText(bytes).trimEnd().endsWith('%%EOF')).toBe(true);
    expect(pageCount(bytes)).toBe(1);
  });

  it('gives the same bytes for the same input, with a creation date and an ID from the input', () => {
    const first = consentFormPdf(form());
    expect(Buffer.from(consentFormPdf(form())).equals(Buffer.from(first))).toBe(true);

    const text = pdfText(first);
    expect(text).toContain("/CreationDate (D:20260407000000+00'00')");
    const id = /\/ID \[ <([0-9A-F]{32})> <([0-9A-F]{32})> \]/.exec(text)?.[1];
    expect(id).toBeDefined();
    for (const other of [
      form({ purposes: PURPOSES.slice(0, 2) }),
      form({ formReference: 'F-N3-AAAA' }),
      form({ notice: { ...form().notice, number: 4 } }),
    ]) {
      expect(pdfText(consentFormPdf(other))).not.toContain(`<${id}>`);
    }
  });

  it('falls back to a fixed creation date when issuedOn is unusable', () => {
    for (const issuedOn of ['2040-01-01', '2026-02-30', 'soon']) {
      expect(pdfText(consentFormPdf(form({ issuedOn })))).toContain(
        "/CreationDate (D:20000101000000+00'00')",
      );
    }
  });

  it('prints the header, the notice version in full and the withdrawal sentence, accents intact', () => {
    const drawn = drawnText(plain(form()));
    const text = joined(drawn);
    expect(drawn).toContain('Atelier Héloïse SARL');
    expect(drawn).toContain('75011 Paris');
    expect(text).toContain('Contact : rgpd@heloise.example');
    expect(text).toContain('Délégué à la protection des données : dpo@heloise.example');
    expect(drawn).toContain('Recueil de votre consentement');
    expect(drawn).toContain('Information sur vos données personnelles');
    expect(drawn).toContain('version 3, en vigueur le 1er avril 2026');
    expect(text).toContain(
      'Atelier Héloïse traite vos données pour la mise en œuvre des finalités ci-dessous, « à votre demande » uniquement.',
    );
    expect(text).toContain('- Droit d’accès et d’effacement auprès de nous');
    expect(text).toMatch(/retirer votre consentement à tout moment, aussi facilement que vous l’avez donné/);
    expect(text).toContain('écrivez-nous à rgpd@heloise.example');
    expect(text).toContain('article 7, paragraphe 3, du RGPD');
  });

  it('has a row per purpose with a "Oui" and a "Non" box, then the fields to fill in', () => {
    const bytes = plain(form());
    const drawn = drawnText(bytes);
    for (const purpose of PURPOSES) expect(drawn).toContain(purpose.name);
    expect(drawn).toContain('Une fois par mois, nos nouveautés et nos offres.');
    expect(drawn.filter((s) => s === 'Oui')).toHaveLength(PURPOSES.length);
    expect(drawn.filter((s) => s === 'Non')).toHaveLength(PURPOSES.length);
    for (const label of [
      'Nom et prénom\u00a0:',
      'E-mail ou téléphone\u00a0:',
      'Date\u00a0:',
      'Signature\u00a0:',
    ]) {
      expect(drawn).toContain(label);
    }
    // Two empty squares per purpose plus the signature box, all stroked, none filled.
    const content = pdfStreams(bytes).join('\n');
    expect(content.match(/ re\s+S/g) ?? []).toHaveLength(PURPOSES.length * 2 + 1);
    expect(content).not.toMatch(/ re\s+(f|B)\b/);
  });

  it('is in English when asked', () => {
    const drawn = drawnText(plain(form({ lang: 'en', notice: { ...form().notice, title: 'Your data' } })));
    const text = joined(drawn);
    expect(drawn).toContain('Your consent');
    expect(drawn).toContain('version 3, effective 1 April 2026');
    expect(drawn.filter((s) => s === 'Yes')).toHaveLength(PURPOSES.length);
    expect(drawn.filter((s) => s === 'No')).toHaveLength(PURPOSES.length);
    expect(drawn).not.toContain('Oui');
    for (const label of ['Full name:', 'Email or phone:', 'Date:', 'Signature:'])
      expect(drawn).toContain(label);
    expect(text).toContain('You can withdraw your consent at any time, as easily as you gave it');
    expect(text).toContain('write to us at rgpd@heloise.example');
    expect(text).toContain('Article 7(3) GDPR');
    expect(drawn).toContain('Form ref.: F-N3-7K2Q — page 1/1');
  });

  it('flows a long notice over pages, with the form reference and page number on every page', () => {
    const bytes = plain(form({ notice: { ...form().notice, text: longNotice } }));
    const pages = pagesText(bytes);
    expect(pages.length).toBe(pageCount(bytes));
    expect(pages.length).toBeGreaterThanOrEqual(2);
    pages.forEach((drawn, index) => {
      expect(drawn).toContain(`Réf. formulaire\u00a0: F-N3-7K2Q — page ${index + 1}/${pages.length}`);
    });
    const drawn = pages.flat();
    expect(drawn.filter((line) => line.startsWith('Paragraphe '))).toHaveLength(60);
    // The choices come after the whole notice.
    expect(drawn.findIndex((line) => line.startsWith('Paragraphe 60 '))).toBeLessThan(
      drawn.indexOf('Offres par SMS'),
    );
    for (const purpose of PURPOSES) expect(drawn).toContain(purpose.name);
  });

  it('keeps a long purpose description and many purposes within the pages', () => {
    const purposes = Array.from({ length: 25 }, (_, i) => ({
      id: `p${i}`,
      name: `Finalité ${i + 1}`,
      description:
        'Une description assez longue pour tenir sur deux lignes dans la colonne de gauche du formulaire.',
    }));
    const drawn = drawnText(plain(form({ purposes })));
    expect(drawn.filter((s) => s === 'Oui')).toHaveLength(25);
    expect(drawn).toContain('Finalité 25');
  });

  it('gives the same bytes with the browser build of jsPDF (the one vite bundles for the renderer)', async () => {
    const input = form({ notice: { ...form().notice, text: longNotice } });
    const node = consentFormPdf(input);
    const browserBuild = 'jspdf/dist/jspdf.es.min.js';
    let loaded = 0;
    vi.resetModules();
    vi.doMock('jspdf', async () => {
      loaded += 1;
      return (await import(/* @vite-ignore */ browserBuild)) as object;
    });
    try {
      const browser = await import('../../../../shared/pdf/consent-form');
      expect(loaded).toBe(1);
      expect(Buffer.from(browser.consentFormPdf(input)).equals(Buffer.from(node))).toBe(true);
    } finally {
      vi.doUnmock('jspdf');
      vi.resetModules();
    }
  });

  it('reads back with pdftotext (poppler-utils), when installed', (context) => {
    skipWithoutPdftotext(context);
    const dir = mkdtempSync(join(tmpdir(), 'consent-form-pdf-'));
    try {
      const file = join(dir, 'form.pdf');
      writeFileSync(
        file,
        consentFormPdf(form({ notice: { ...form().notice, text: `${NOTICE_TEXT}\n\n${longNotice}` } })),
      );
      const result = spawnSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
      expect(result.status).toBe(0);
      const pages = result.stdout
        .replace(/\u00a0/g, ' ')
        .split('\f')
        .filter((page) => page.trim() !== '');
      expect(pages.length).toBeGreaterThanOrEqual(2);
      pages.forEach((page, index) => {
        expect(page).toContain(`Réf. formulaire : F-N3-7K2Q — page ${index + 1}/${pages.length}`);
      });
      const text = pages.join('\n');
      for (const word of ['Héloïse', 'données', 'œuvre', '«', '»', 'Oui', 'Non', 'Paragraphe 60']) {
        expect(text).toContain(word);
      }
      for (const purpose of PURPOSES) expect(text).toContain(purpose.name);
      const info = spawnSync('pdfinfo', [file], { encoding: 'utf8' });
      if (!info.error) {
        expect(info.stdout).toMatch(/Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)/);
        expect(info.stdout).toContain(
          'Title:           Recueil de votre consentement — Atelier Héloïse SARL',
        );
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('consentFormReference', () => {
  const ids = ['p-newsletter', 'p-sms', 'p-partners'];

  it('is short and readable: F-N<notice>-<4 chars without 0, O, 1, I>', () => {
    expect(consentFormReference(3, ids)).toMatch(/^F-N3-[2-9A-HJ-NP-Z]{4}$/);
    expect(consentFormReference(12, [])).toMatch(/^F-N12-[2-9A-HJ-NP-Z]{4}$/);
  });

  it('is stable and ignores the order and repeats of the purpose ids', () => {
    const reference = consentFormReference(3, ids);
    expect(consentFormReference(3, [...ids])).toBe(reference);
    expect(consentFormReference(3, [...ids].reverse())).toBe(reference);
    expect(consentFormReference(3, ['p-sms', ...ids])).toBe(reference);
  });

  it('differs when the purpose set or the notice number differs', () => {
    const reference = consentFormReference(3, ids);
    expect(consentFormReference(4, ids)).not.toBe(reference);
    expect(consentFormReference(3, ids.slice(0, 2))).not.toBe(reference);
    expect(consentFormReference(3, [...ids, 'p-post'])).not.toBe(reference);
    // Ids are not concatenated: ['ab', 'c'] and ['a', 'bc'] are different sets.
    expect(consentFormReference(1, ['ab', 'c'])).not.toBe(consentFormReference(1, ['a', 'bc']));

    const codes = new Set(
      Array.from({ length: 500 }, (_, i) => consentFormReference(1, [`purpose-${i}`]).slice(-4)),
    );
    expect(codes.size).toBeGreaterThan(490);
  });
});

describe('consentFormPdf on one sheet', () => {
  const notice = defaultNotice('fr', 'Atelier Héloïse SARL', 'rgpd@heloise.example', '2026-04-01');
  const defaults: ConsentFormInput['purposes'] = DEFAULT_PURPOSES.map((purpose, index) => ({
    id: `p${index}`,
    name: purpose.name.fr ?? '',
    description: purpose.description?.fr ?? '',
    lawfulBasis: purpose.lawfulBasis,
  }));
  const sixPurposes = () =>
    form({
      notice: { number: 1, title: notice.title, text: notice.text, effectiveOn: '2026-04-01' },
      purposes: defaults,
    });

  /** pdftotext -layout, one string per page; null (test skipped) when poppler-utils is missing. */
  function layoutPages(bytes: Uint8Array, context: { skip: (reason: string) => void }): string[] {
    skipWithoutPdftotext(context, 'layout check');
    const dir = mkdtempSync(join(tmpdir(), 'consent-form-layout-'));
    try {
      const file = join(dir, 'form.pdf');
      writeFileSync(file, bytes);
      const result = spawnSync('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
      expect(result.status).toBe(0);
      return result.stdout
        .replace(/\u00a0/g, ' ')
        .split('\f')
        .filter((page) => page.trim() !== '');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  it('prints the six ready-made purposes on one page, the withdrawal sentence once (pdftotext -layout)', (context) => {
    expect(defaults).toHaveLength(6);
    const bytes = consentFormPdf(sixPurposes());
    expect(pageCount(bytes)).toBe(1);
    const pages = layoutPages(bytes, context);
    expect(pages).toHaveLength(1);
    const text = (pages[0] ?? '').replace(/\s+/g, ' ');
    expect(text.match(/retirer votre consentement/g) ?? []).toHaveLength(1);
    for (const purpose of defaults) expect(text).toContain(purpose.name.slice(0, 20));
    expect(text).toContain('Signature :');
    expect(text).toContain('Réf. formulaire : F-N3-7K2Q — page 1/1');
  });

  it('gives a purpose on legitimate interest one "Je m’oppose" box and says what each blank means', () => {
    const bytes = plain(sixPurposes());
    const drawn = drawnText(bytes);
    const text = joined(drawn);
    expect(drawn.filter((s) => s === 'Oui')).toHaveLength(5);
    expect(drawn.filter((s) => s === 'Non')).toHaveLength(5);
    expect(drawn.filter((s) => s === 'Je m’oppose')).toHaveLength(1);
    expect(text).toContain('une ligne laissée vide vaut refus');
    expect(text).toContain('une case laissée vide signifie que vous ne vous y opposez pas');
    // Five pairs of boxes, one objection box, the signature box.
    expect(
      pdfStreams(bytes)
        .join('\n')
        .match(/ re\s+S/g) ?? [],
    ).toHaveLength(5 * 2 + 1 + 1);
    // Only consent purposes: no objection rule.
    const consentOnly = joined(drawnText(plain(form())));
    expect(consentOnly).not.toContain('intérêt légitime');
    expect(consentOnly).toContain('une ligne laissée vide vaut refus');
  });

  it('says "I object" in English', () => {
    const drawn = drawnText(plain({ ...sixPurposes(), lang: 'en' }));
    expect(drawn.filter((s) => s === 'I object')).toHaveLength(1);
    expect(joined(drawn)).toContain('a box left blank means you do not object');
  });

  it('keeps eight purposes with long descriptions on one page, in smaller type', () => {
    const eight = Array.from({ length: 8 }, (_, i) => ({
      id: `p${i}`,
      name: `Finalité ${i + 1}`,
      description:
        'Une description assez longue pour tenir sur deux lignes dans la colonne de gauche du formulaire, voire trois.',
    }));
    expect(pageCount(consentFormPdf({ ...sixPurposes(), purposes: eight }))).toBe(1);
  });

  it('over a second page: the business name and reference again, the signature never alone', () => {
    const many = Array.from({ length: 14 }, (_, i) => ({
      id: `p${i}`,
      name: `Finalité ${i + 1}`,
      description: 'Une description assez longue pour tenir sur deux lignes dans la colonne de gauche.',
    }));
    const pages = pagesText(plain({ ...sixPurposes(), purposes: many }));
    expect(pages.length).toBeGreaterThanOrEqual(2);
    const last = pages.at(-1) ?? [];
    const lastText = joined(last);
    expect(lastText).toContain('Atelier Héloïse SARL — Recueil de votre consentement (suite)');
    expect(lastText).toContain('Réf. formulaire : F-N3-7K2Q');
    expect(last).toContain('Signature\u00a0:');
    expect(last.some((line) => line.startsWith('Finalité '))).toBe(true);
    expect(last).toContain('Finalité 14');
  });
});
