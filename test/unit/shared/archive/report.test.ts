import { describe, expect, it } from 'vitest';
import {
  REPORT_LABELS,
  reportHtml,
  reportInstant,
  reportPdf,
  type ArchiveReport,
  type ReportLanguage,
} from '../../../../shared/archive/report';
import { RIGHTS, STATUSES } from '../../../../shared/requests/model';
import { en } from '../../../../renderer/src/i18n/en';
import { fr } from '../../../../renderer/src/i18n/fr';
import { drawnText } from '../pdf/pdf-bytes';

function report(lang: ReportLanguage): ArchiveReport {
  return {
    lang,
    organisation: { legalName: 'Boulangerie', address: '1 rue X', contactEmail: 'a@b.fr', dpoEmail: '' },
    period: { from: '2026-01-01', to: '2026-03-31' },
    exportTime: '2026-04-02T08:05:09.123Z',
    exportedOn: '2026-04-02',
    archiveId: 'a1',
    fingerprint: 'SHA256:abc',
    keyId: '0123456789ABCDEF',
    pseudonymised: false,
    counts: {
      requests: 2,
      requestEvents: 0,
      consentEvents: 0,
      subjects: 0,
      attachments: 0,
      auditEntries: 1,
      registerEntries: 0,
      breaches: 0,
    },
    requests: [
      {
        reference: 'DSR-2026-ABC-0001',
        rights: ['access', 'consent_withdrawal'],
        receivedOn: '2026-02-01',
        dueOn: '2026-03-02',
        respondedOn: '',
        status: 'received',
        late: true,
      },
      {
        reference: 'DSR-2026-ABC-0002',
        rights: ['erasure'],
        receivedOn: '2026-03-01',
        dueOn: '2026-04-01',
        respondedOn: '2026-03-10',
        status: 'in_progress',
        late: false,
      },
    ],
    consentByPurpose: [],
    audit: { ok: true, checked: 1, devices: 1, firstBroken: null },
  };
}

const ISO_DAY_OR_INSTANT = /\d{4}-\d{2}-\d{2}/;
/** Every code in French; in English only those no sentence would use (plain words like 'extended' may be). */
const codes = (lang: ReportLanguage) =>
  [...RIGHTS, ...STATUSES].filter((code) => lang === 'fr' || code.includes('_'));

describe('the archive report in the reader’s language', () => {
  it('uses the app’s own words for rights and statuses', () => {
    expect(REPORT_LABELS.fr.rightNames).toEqual(fr.requests.rights);
    expect(REPORT_LABELS.en.rightNames).toEqual(en.requests.rights);
    expect(REPORT_LABELS.fr.statusNames).toEqual(fr.requests.statuses);
    expect(REPORT_LABELS.en.statusNames).toEqual(en.requests.statuses);
  });

  it('writes instants as words, in UTC and saying so', () => {
    expect(reportInstant('2026-04-02T08:05:09.123Z', 'fr')).toBe('2 avril 2026 à 08:05 UTC');
    expect(reportInstant('2026-04-01T18:30:00Z', 'en')).toBe('1 April 2026 at 18:30 UTC');
  });

  it.each(['fr', 'en'] as const)('%s: no raw code and no ISO date in the HTML or the PDF', (lang) => {
    const html = reportHtml(report(lang));
    const pdf = drawnText(reportPdf(report(lang), { compress: false })).join('\n');
    for (const text of [html, pdf]) {
      expect(text).not.toMatch(ISO_DAY_OR_INSTANT);
      for (const code of codes(lang)) expect(text).not.toMatch(new RegExp(`\\b${code}\\b`));
    }
    const words =
      lang === 'fr'
        ? ['Accès (art. 15)', 'Reçue', '1er février 2026', 'du 1er janvier 2026 au 31 mars 2026']
        : ['Access (Art. 15)', 'In progress', '2 March 2026', 'from 1 January 2026 to 31 March 2026'];
    for (const word of words) {
      expect(html).toContain(word);
      expect(pdf.replace(/\s+/g, ' ')).toContain(word);
    }
  });
});
