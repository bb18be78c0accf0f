import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { letterPdf, type LetterPdfInput } from '../../../../shared/pdf/letter';
import { drawnText, pageCount, pdfText } from './pdf-bytes';
import { skipWithoutPdftotext } from '../poppler';

const ACCENTS = 'Œuvre « citée » — l’été à 5 € ; ça, où, naïve, Ÿ';

function letter(overrides: Partial<LetterPdfInput> = {}): LetterPdfInput {
  return {
    senderLines: ['Boulangerie Dupré SARL', '12 rue des Lilas', '75011 Paris', 'rgpd@dupre.example'],
    recipientLines: ['Madame Héloïse Lœwy', '3 avenue Foch', '69006 Lyon'],
    placeDate: 'Paris, le 7 avril 2026',
    subject: 'Accusé de réception de votre demande (réf. DSR-2026-0042)',
    body: `Madame, Monsieur,\n\n${ACCENTS}.\n\n- un élément de liste\n\nMarie Martin`,
    reference: 'DSR-2026-0042',
    lang: 'fr',
    issuedOn: '2026-04-07',
    ...overrides,
  };
}

const longBody = Array.from(
  { length: 40 },
  (_, i) =>
    `Paragraphe ${i + 1} : Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor.`,
).join('\n\n');

describe('letterPdf', () => {
  it('writes a PDF file', () => {
    const bytes = letterPdf(letter());
    expect(bytes).toBeInstanceOf(Uint8Array);
    expect(pdfText(bytes.subarray(0, 5))).toBe('%PDF-');
    expect(pdfText(bytes).trimEnd().endsWith('%%EOF')).toBe(true);
    expect(pageCount(bytes)).toBe(1);
  });

  it('gives the same bytes for the same input, with a creation date and an ID from the input', () => {
    const first = letterPdf(letter());
    const second = letterPdf(letter());
    expect(Buffer.from(first).equals(Buffer.from(second))).toBe(true);

    const text = pdfText(first);
    expect(text).toContain("/CreationDate (D:20260407000000+00'00')");
    const id = /\/ID \[ <([0-9A-F]{32})> <([0-9A-F]{32})> \]/.exec(text);
    expect(id?.[1]).toBeDefined();
    expect(id?.[1]).not.toBe('0'.repeat(32));

    const other = pdfText(letterPdf(letter({ body: 'Autre texte.' })));
    expect(other).not.toContain(`<${id?.[1]}>`);
  });

  it('uses a fixed creation date when none is given or it is out of range', () => {
    for (const issuedOn of [undefined, '2040-01-01', 'not a date']) {
      expect(pdfText(letterPdf(letter({ issuedOn })))).toContain("/CreationDate (D:20000101000000+00'00')");
    }
  });

  it('breaks a long body over pages and numbers them', () => {
    const bytes = letterPdf(letter({ body: longBody }));
    const pages = pageCount(bytes);
    expect(pages).toBeGreaterThan(1);
    const drawn = drawnText(bytes);
    expect(drawn).toContain(`1/${pages}`);
    expect(drawn).toContain(`${pages}/${pages}`);
    expect(drawn.filter((line) => line.startsWith('Paragraphe '))).toHaveLength(40);
  });

  it('keeps French accents, œ, « », ’ and € (WinAnsi) in the page content', () => {
    const drawn = drawnText(letterPdf(letter()));
    expect(drawn).toContain(`${ACCENTS}.`);
    expect(drawn).toContain('Madame Héloïse Lœwy');
    expect(drawn).toContain('Objet\u00a0: Accusé de réception de votre demande (réf. DSR-2026-0042)');
    expect(drawn).toContain('Réf.\u00a0: DSR-2026-0042');
    expect(drawn).toContain('Paris, le 7 avril 2026');
  });

  it('labels the subject and reference in English', () => {
    const drawn = drawnText(letterPdf(letter({ lang: 'en', subject: 'Your request' })));
    expect(drawn).toContain('Subject: Your request');
    expect(drawn).toContain('Our ref.: DSR-2026-0042');
  });

  it('maps characters outside WinAnsi to close ones instead of failing', () => {
    const bytes = letterPdf(letter({ body: 'Łódź, Gdańsk, Őrség\u202f: 😀 ok\u2011fine ﬁn' }));
    expect(drawnText(bytes)).toContain('Lódz, Gdansk, Orség\u00a0: ? ok-fine fin');
    // jsPDF would have switched to two-byte text (a NUL before every character) otherwise.
    expect(pdfText(bytes)).not.toContain('\u0000L\u0000o');
  });

  it('wraps long lines within the margins', () => {
    const words = Array.from({ length: 60 }, () => 'mot').join(' ');
    const drawn = drawnText(letterPdf(letter({ body: words })));
    const lines = drawn.filter((line) => line.startsWith('mot'));
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.join(' ')).toBe(words);
  });

  it('gives the same bytes with the browser build of jsPDF (the one vite bundles for the renderer)', async () => {
    const node = letterPdf(letter({ body: longBody }));
    const browserBuild = 'jspdf/dist/jspdf.es.min.js';
    let loaded = 0;
    vi.resetModules();
    vi.doMock('jspdf', async () => {
      loaded += 1;
      return (await import(/* @vite-ignore */ browserBuild)) as object;
    });
    try {
      const browser = await import('../../../../shared/pdf/letter');
      expect(loaded).toBe(1);
      expect(Buffer.from(browser.letterPdf(letter({ body: longBody }))).equals(Buffer.from(node))).toBe(true);
    } finally {
      vi.doUnmock('jspdf');
      vi.resetModules();
    }
  });

  it('reads back with pdftotext (poppler-utils), when installed', (context) => {
    skipWithoutPdftotext(context);
    const dir = mkdtempSync(join(tmpdir(), 'letter-pdf-'));
    try {
      const file = join(dir, 'letter.pdf');
      writeFileSync(file, letterPdf(letter({ body: `${ACCENTS}.\n\n${longBody}` })));
      const result = spawnSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
      expect(result.status).toBe(0);
      const text = result.stdout.replace(/\u00a0/g, ' ');
      expect(text).toContain(ACCENTS);
      expect(text).toContain('Madame Héloïse Lœwy');
      expect(text).toContain('Objet : Accusé de réception');
      expect(text).toContain('Paragraphe 40');
      expect(text).toMatch(/\b1\/\d\b/);
      const info = spawnSync('pdfinfo', [file], { encoding: 'utf8' });
      if (!info.error) {
        expect(info.stdout).toMatch(/Pages:\s+[2-9]/);
        expect(info.stdout).toMatch(/Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)/);
        expect(info.stdout).toContain('Title:           Accusé de réception de votre demande');
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
