import { describe, expect, it } from 'vitest';
import { reportHtml, reportPdf, type ArchiveReport } from '../../../../shared/archive/report';
import { CHECK_IDS } from '../../../../shared/compliance/checks';
import type { ComplianceRun } from '../../../../shared/compliance/history';
import { complianceReportSection } from '../../../../shared/compliance/report-section';

const stamps = { createdAt: '', updatedAt: '', createdBy: null, updatedBy: null, hlc: '' };
const run = (id: string, ranAt: string, failed: string[]): ComplianceRun => ({
  id,
  ranAt,
  results: CHECK_IDS.map((check) => ({
    check,
    passed: !failed.includes(check),
    count: failed.includes(check) ? 2 : 0,
  })),
  ...stamps,
});

const report = (lang: 'fr' | 'en', runs: ComplianceRun[]): ArchiveReport => ({
  lang,
  organisation: { legalName: 'Boutique', address: '1 rue X', contactEmail: 'a@b.fr', dpoEmail: '' },
  period: { from: '2026-01-01', to: '2026-03-31' },
  exportTime: '2026-04-01T10:00:00.000Z',
  exportedOn: '2026-04-01',
  archiveId: 'A',
  fingerprint: 'F',
  keyId: 'K',
  pseudonymised: false,
  counts: {
    requests: 0,
    requestEvents: 0,
    consentEvents: 0,
    subjects: 0,
    attachments: 0,
    auditEntries: 0,
    registerEntries: 0,
    breaches: 0,
  },
  requests: [],
  consentByPurpose: [],
  audit: { ok: true, checked: 0, devices: 0, firstBroken: null },
  compliance: complianceReportSection(runs),
});

describe('compliance section of the archive report', () => {
  const runs = [
    run('1', '2026-02-01T09:00:00.000Z', ['sync_backup', 'staff_training']),
    run('2', '2026-03-01T09:00:00.000Z', ['sync_backup']),
  ];

  it('lists the latest run check by check and the history, in the report language', () => {
    const fr = reportHtml(report('fr', runs));
    expect(fr).toContain('<h2>Contrôle de conformité</h2>');
    expect(fr).toContain('Dernier contrôle : 2026-03-01T09:00:00.000Z');
    expect(fr).toContain('<td>Deuxième copie des données</td><td>À corriger (2)</td>');
    expect(fr).toContain('<td>Formation de l’équipe</td><td>Réussi</td>');
    expect(fr).toContain(`<td>2026-02-01T09:00:00.000Z</td><td>${CHECK_IDS.length - 2}</td><td>2</td>`);
    const en = reportHtml(report('en', runs));
    expect(en).toContain('<td>Second copy of the data</td><td>To fix (2)</td>');
  });

  it('says so when no check was ever run, and the PDF holds the section too', () => {
    expect(reportHtml(report('en', []))).toContain('No compliance check recorded.');
    const pdf = new TextDecoder('latin1').decode(reportPdf(report('en', runs), { compress: false }));
    expect(pdf).toContain('Compliance check');
    expect(pdf).toContain('Second copy of the data');
  });

  it('keeps the most recent runs only', () => {
    const many = Array.from({ length: 30 }, (_, index) =>
      run(String(index), `2026-01-${String(index + 1).padStart(2, '0')}T09:00:00.000Z`, []),
    );
    const section = complianceReportSection(many, 24);
    expect(section.history).toHaveLength(24);
    expect(section.history[23]?.ranAt).toBe('2026-01-30T09:00:00.000Z');
  });
});
