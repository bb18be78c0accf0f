/**
 * The compliance section of the signed archive's report (shared/archive/report.ts): the latest run
 * of the checks, each passed or failed, and the history of runs as a table (a report has no chart).
 */
import type { PdfFlow } from '../pdf/text';
import { CHECK_IDS, type CheckId } from './checks';
import { runTally, type ComplianceRun } from './history';
import { checkTitle } from './labels';

export type ComplianceReportSection = {
  latest: { ranAt: string; results: { check: CheckId; passed: boolean; count: number }[] } | null;
  history: { ranAt: string; passed: number; failed: number }[];
};

const LABELS = {
  fr: {
    title: 'Contrôle de conformité',
    none: 'Aucun contrôle de conformité enregistré.',
    latest: (at: string) => `Dernier contrôle : ${at}`,
    check: 'Contrôle',
    result: 'Résultat',
    passed: 'Réussi',
    failed: (count: number) => `À corriger (${count})`,
    history: 'Historique des contrôles',
    date: 'Date',
    passedCount: 'Réussis',
    failedCount: 'À corriger',
  },
  en: {
    title: 'Compliance check',
    none: 'No compliance check recorded.',
    latest: (at: string) => `Latest check: ${at}`,
    check: 'Check',
    result: 'Result',
    passed: 'Passed',
    failed: (count: number) => `To fix (${count})`,
    history: 'History of the checks',
    date: 'Date',
    passedCount: 'Passed',
    failedCount: 'To fix',
  },
} as const;

/** The section from the runs kept (oldest first); `limit` runs of history at most. */
export function complianceReportSection(runs: readonly ComplianceRun[], limit = 24): ComplianceReportSection {
  const last = runs[runs.length - 1];
  return {
    latest: last
      ? {
          ranAt: last.ranAt,
          results: [...last.results].sort((a, b) => CHECK_IDS.indexOf(a.check) - CHECK_IDS.indexOf(b.check)),
        }
      : null,
    history: runs.slice(-limit).map((run) => ({ ranAt: run.ranAt, ...runTally(run) })),
  };
}

function rows(section: ComplianceReportSection, lang: 'fr' | 'en') {
  const l = LABELS[lang];
  return {
    checks: (section.latest?.results ?? []).map((result) => [
      checkTitle(result.check, lang),
      result.passed ? l.passed : l.failed(result.count),
    ]),
    history: section.history.map((run) => [run.ranAt, String(run.passed), String(run.failed)]),
  };
}

export function complianceSectionHtml(
  section: ComplianceReportSection,
  lang: 'fr' | 'en',
  escape: (text: string) => string,
): string {
  const l = LABELS[lang];
  if (!section.latest) return `<h2>${escape(l.title)}</h2>\n<p>${escape(l.none)}</p>\n`;
  const { checks, history } = rows(section, lang);
  const table = (head: readonly string[], body: readonly string[][]) =>
    `<table>\n<tr>${head.map((cell) => `<th>${escape(cell)}</th>`).join('')}</tr>\n${body
      .map((row) => `<tr>${row.map((cell) => `<td>${escape(cell)}</td>`).join('')}</tr>`)
      .join('\n')}\n</table>`;
  return `<h2>${escape(l.title)}</h2>
<p>${escape(l.latest(section.latest.ranAt))}</p>
${table([l.check, l.result], checks)}
<h3>${escape(l.history)}</h3>
${table([l.date, l.passedCount, l.failedCount], history)}
`;
}

export function complianceSectionPdf(
  flow: PdfFlow,
  section: ComplianceReportSection,
  lang: 'fr' | 'en',
): void {
  const l = LABELS[lang];
  flow.heading(l.title, 2);
  if (!section.latest) {
    flow.paragraph(l.none);
    return;
  }
  const { checks, history } = rows(section, lang);
  flow.paragraph(l.latest(section.latest.ranAt));
  flow.table(
    [
      { header: l.check, weight: 3 },
      { header: l.result, weight: 1.2 },
    ],
    checks,
  );
  flow.paragraph(l.history, { style: 'bold' });
  flow.table(
    [
      { header: l.date, weight: 2 },
      { header: l.passedCount, weight: 1 },
      { header: l.failedCount, weight: 1 },
    ],
    history,
  );
}
