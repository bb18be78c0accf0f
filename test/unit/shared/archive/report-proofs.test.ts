import { describe, expect, it } from 'vitest';
import { reportHtml, type ArchiveReport } from '../../../../shared/archive/report';
import { proofSection } from '../../../../shared/archive/report-proofs';

const FINGERPRINT = 'SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU';

const report: ArchiveReport = {
  lang: 'en',
  organisation: {
    legalName: 'Dupré\x1b[1A\x1b[2K\u202Eevil',
    address: '1 rue A\n75001 Paris',
    contactEmail: 'a@b.example',
    dpoEmail: '',
  },
  period: { from: '2026-01-01', to: '2026-04-30' },
  exportTime: '2026-05-04T09:30:00.000Z',
  exportedOn: '2026-05-04',
  archiveId: '01968a4e-1f00-7000-8000-000000000001',
  fingerprint: FINGERPRINT,
  keyId: '0123456789ABCDEF',
  pseudonymised: false,
  counts: {
    requests: 0,
    requestEvents: 0,
    consentEvents: 0,
    subjects: 0,
    attachments: 0,
    auditEntries: 1204,
    registerEntries: 0,
    breaches: 0,
  },
  requests: [],
  consentByPurpose: [],
  audit: { ok: true, checked: 1204, devices: 1, firstBroken: null },
  anchor: { checkpoints: 3, seq: 1204, at: '2026-05-04T09:29:59.000Z', fingerprint: 'SHA256:checkpointkey' },
};

describe('the report section on who signed and what anchors the audit log', () => {
  it('tells the reader to compare the fingerprint, how to pin it, and where the log was last signed', () => {
    const { heading, paragraphs } = proofSection(report);
    expect(heading).toBe('Checking who signed');
    expect(paragraphs[0]).toContain(
      `fingerprint: ${FINGERPRINT}. Compare it with the one the organisation gives out`,
    );
    expect(paragraphs[1]).toContain(`npm run verify -- --fingerprint ${FINGERPRINT} archive.zip`);
    expect(paragraphs[2]).toContain('3 signed checkpoints');
    expect(paragraphs[2]).toContain('covers entry no. 1,204');
    expect(paragraphs[2]).toContain('4 May 2026');
    const fr = proofSection({ ...report, lang: 'fr' });
    expect(fr.paragraphs[2]).toContain('l’entrée n° 1\u202f204');
    expect(fr.paragraphs[2]).toContain('4 mai 2026');
    expect(proofSection({ ...report, anchor: null }).paragraphs[2]).toBe(
      'Audit log: no signed checkpoint comes with this archive.',
    );
  });

  it('is in the HTML report, and the report carries no raw control or bidi character', () => {
    const html = reportHtml(report);
    expect(html).toContain('<h2>Checking who signed</h2>');
    expect(html).toContain('Dupré\\x1b[1A\\x1b[2K\\u202eevil');
    // eslint-disable-next-line no-control-regex
    expect(html).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/u);
    // Line breaks of the address are kept.
    expect(html).toContain('1 rue A\n75001 Paris');
  });
});
