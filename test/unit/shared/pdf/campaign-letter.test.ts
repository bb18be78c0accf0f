import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { consentFormReference } from '../../../../shared/consent/form-reference';
import { buildLetterFields, defaultTemplate, renderLetter } from '../../../../shared/letters';
import { campaignLetterPdf, consentFormFontSize } from '../../../../shared/pdf/campaign-letter';
import type { ConsentFormInput } from '../../../../shared/pdf/consent-form';
import { skipWithoutPdftotext } from '../poppler';

const ORGANISATION = {
  legalName: 'Atelier Héloïse SARL',
  address: '12 rue des Lilas\n57000 Metz',
  contactEmail: 'contact@atelier.fr',
  dpoEmail: '',
  country: 'FR',
};
const REFERENCE = consentFormReference(3, ['newsletter']);

function letterFor(lang: 'fr' | 'en') {
  const fields = buildLetterFields({
    organisation: ORGANISATION,
    subject: {
      firstName: 'Héloïse',
      lastName: 'Lœwy',
      email: '',
      postalAddress: '3 avenue Foch\n69006 Lyon',
    },
    campaign: {
      purposeName: lang === 'fr' ? 'Lettre d’information' : 'Newsletter',
      lastDecidedOn: '2023-03-02',
      noticeNumber: 3,
      noticeEffectiveOn: '2026-01-01',
      formReference: REFERENCE,
    },
    operatorName: 'Claire Moreau',
    today: '2026-04-07',
    lang,
  });
  return renderLetter(defaultTemplate('reconsent', lang), fields, lang);
}

function form(lang: 'fr' | 'en'): ConsentFormInput {
  return {
    organisation: {
      legalName: ORGANISATION.legalName,
      address: ORGANISATION.address,
      contactEmail: ORGANISATION.contactEmail,
    },
    notice: {
      number: 3,
      title: 'Notice',
      text: 'Nous utilisons vos coordonnées pour vous écrire.',
      effectiveOn: '2026-01-01',
    },
    purposes: [
      { id: 'newsletter', name: lang === 'fr' ? 'Lettre d’information' : 'Newsletter', description: '' },
    ],
    lang,
    formReference: REFERENCE,
    issuedOn: '2026-04-07',
  };
}

function pdfFor(lang: 'fr' | 'en'): Uint8Array {
  const letter = letterFor(lang);
  return campaignLetterPdf(
    {
      senderLines: ['Atelier Héloïse SARL', '12 rue des Lilas', '57000 Metz'],
      recipientLines: ['Héloïse Lœwy', '3 avenue Foch', '69006 Lyon'],
      placeDate: lang === 'fr' ? 'Le 7 avril 2026' : '7 April 2026',
      subject: letter.subject,
      body: letter.body,
      reference: REFERENCE,
      lang,
      issuedOn: '2026-04-07',
    },
    form(lang),
    consentFormFontSize(form(lang)),
  );
}

describe('the re-consent letter', () => {
  it('merges every field of its default template, in both languages', () => {
    for (const lang of ['fr', 'en'] as const) {
      const letter = letterFor(lang);
      expect(letter.missing).toEqual([]);
      expect(`${letter.subject}\n${letter.body}`).not.toContain('{{');
      expect(letter.body).toContain(REFERENCE);
    }
    expect(letterFor('fr').body).toContain('version 3 du 1er janvier 2026');
    expect(letterFor('en').body).toContain('version 3 of 1 January 2026');
  });

  it('is one PDF: the letter, then the paper form with its reference on its own numbered pages', (context) => {
    skipWithoutPdftotext(context, 'PDF text check');
    const dir = mkdtempSync(join(tmpdir(), 'campaign-pdf-'));
    try {
      for (const lang of ['fr', 'en'] as const) {
        const file = join(dir, `${lang}.pdf`);
        writeFileSync(file, pdfFor(lang));
        const result = spawnSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
        expect(result.status).toBe(0);
        const pages = result.stdout
          .replace(/\u00a0/g, ' ')
          .split('\f')
          .filter((page) => page.trim() !== '');
        expect(pages).toHaveLength(2);
        // Lines wrap where they will: the letter's words are compared with single spaces.
        const [letter, paper] = pages.map((page) => page.replace(/\s+/g, ' ')) as [string, string];
        const text = pages.join('\n');
        expect(text).not.toContain('{{');
        expect(letter).toContain('Héloïse Lœwy');
        expect(letter).toContain(lang === 'fr' ? 'Lettre d’information' : 'Newsletter');
        expect(letter).toContain(
          lang === 'fr' ? 'version 3 du 1er janvier 2026' : 'version 3 of 1 January 2026',
        );
        expect(letter).toContain(REFERENCE);
        expect(letter).toMatch(/\b1\/1\b/);
        // The form keeps its own footer: "page 1/1" of the form, not "2/2" of the file.
        expect(paper).toContain(
          lang === 'fr' ? `Réf. formulaire : ${REFERENCE} — page 1/1` : `Form ref.: ${REFERENCE} — page 1/1`,
        );
        expect(paper).toContain(lang === 'fr' ? 'Recueil de votre consentement' : 'Your consent');
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('gives the same bytes for the same letter, and different ones for another person', () => {
    expect(pdfFor('fr')).toEqual(pdfFor('fr'));
    expect(pdfFor('fr')).not.toEqual(pdfFor('en'));
  });
});
