/**
 * The archive's human-readable report (data/report.html and data/report.pdf), for a lawyer or an
 * inspector who opens the archive without the app: organisation, period, signing key, counts, the
 * requests with their dates (late ones marked), consent figures per purpose, and whether the audit
 * chain verified. Pure: both documents are made from the same model, deterministically.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { jsPDF } from 'jspdf';
import { formatLongDate } from '../letters/fields';
import { numberPages, PdfFlow } from '../pdf/text';
import type { RequestStatus, Right } from '../requests/model';
import { printableLines } from '../text/printable';
import { proofSection, type ReportAnchor } from './report-proofs';
import {
  complianceSectionHtml,
  complianceSectionPdf,
  type ComplianceReportSection,
} from '../compliance/report-section';

export type ReportLanguage = 'fr' | 'en';

export type ArchiveReport = {
  lang: ReportLanguage;
  organisation: { legalName: string; address: string; contactEmail: string; dpoEmail: string };
  period: { from: string; to: string };
  /** ISO instant of the export, and the exporter's local day. */
  exportTime: string;
  exportedOn: string;
  archiveId: string;
  fingerprint: string;
  keyId: string;
  pseudonymised: boolean;
  counts: {
    requests: number;
    requestEvents: number;
    consentEvents: number;
    subjects: number;
    attachments: number;
    auditEntries: number;
    registerEntries: number;
    breaches: number;
  };
  /** Codes and 'YYYY-MM-DD' days, as stored: the report words and formats them in its language. */
  requests: {
    reference: string;
    rights: readonly Right[];
    receivedOn: string;
    dueOn: string;
    respondedOn: string;
    status: RequestStatus;
    late: boolean;
  }[];
  consentByPurpose: { purpose: string; granted: number; refused: number; withdrawn: number }[];
  audit: { ok: boolean; checked: number; devices: number; firstBroken: string | null };
  /** The signed checkpoint of the audit head taken for this export (report-proofs.ts). */
  anchor?: ReportAnchor | null;
  /** The compliance checks' latest run and history (absent from reports made before they existed). */
  compliance?: ComplianceReportSection;
};

export const REPORT_LABELS = {
  fr: {
    title: 'Archive de conformité RGPD',
    organisation: 'Organisation',
    contact: 'Contact',
    dpo: 'Délégué à la protection des données',
    period: 'Période',
    periodText: (from: string, to: string) => `du ${from} au ${to}`,
    at: 'à',
    exported: 'Exportée le',
    archiveId: 'Identifiant de l’archive',
    fingerprint: 'Empreinte de la clé de signature',
    keyId: 'Identifiant de clé minisign',
    pseudonymised: 'Les personnes sont remplacées par des pseudonymes stables.',
    counts: 'Contenu',
    count: {
      requests: 'Demandes',
      requestEvents: 'Événements des demandes (historique, courriers)',
      consentEvents: 'Événements de consentement',
      subjects: 'Personnes concernées',
      attachments: 'Pièces jointes',
      auditEntries: 'Entrées du journal d’audit',
      registerEntries: 'Traitements (registre art. 30)',
      breaches: 'Violations de données',
    },
    requests: 'Demandes d’exercice de droits',
    noRequests: 'Aucune demande sur la période.',
    reference: 'Référence',
    rights: 'Droits',
    received: 'Reçue le',
    due: 'Échéance',
    responded: 'Réponse le',
    status: 'Statut',
    late: 'EN RETARD',
    onTime: 'dans les délais',
    consents: 'Consentements par finalité (décisions de la période)',
    noConsents: 'Aucun consentement enregistré sur la période.',
    purpose: 'Finalité',
    granted: 'Accordés',
    refused: 'Refusés',
    withdrawn: 'Retirés',
    audit: 'Journal d’audit',
    auditOk: (checked: number, devices: number) =>
      `Chaîne de hachage vérifiée : ${checked} ${checked > 1 ? 'entrées' : 'entrée'}, ${devices} ${devices > 1 ? 'appareils' : 'appareil'}, aucune rupture.`,
    auditBroken: (checked: number, id: string) =>
      `Chaîne de hachage ROMPUE : ${checked} entrées vérifiées, première entrée en cause ${id}.`,
    verify:
      'Pour vérifier l’intégrité de l’archive, suivez VERIFY.txt (minisign, ssh-keygen, sha256sum) à la racine du dossier.',
    /** The words of the app's screens (renderer i18n requests.rights / requests.statuses; a test keeps them equal). */
    rightNames: {
      access: 'Accès (art. 15)',
      rectification: 'Rectification (art. 16)',
      erasure: 'Effacement (art. 17)',
      restriction: 'Limitation (art. 18)',
      portability: 'Portabilité (art. 20)',
      objection: 'Opposition, y compris à la prospection (art. 21)',
      automated_decision: 'Décision automatisée (art. 22)',
      consent_withdrawal: 'Retrait du consentement (art. 7(3))',
      other: 'Autre',
    },
    statusNames: {
      received: 'Reçue',
      identity_check: 'Vérification d’identité',
      in_progress: 'En traitement',
      extended: 'Prolongée',
      responded: 'Répondue',
      withdrawn: 'Retirée',
    },
  },
  en: {
    title: 'GDPR compliance archive',
    organisation: 'Organisation',
    contact: 'Contact',
    dpo: 'Data protection officer',
    period: 'Period',
    periodText: (from: string, to: string) => `from ${from} to ${to}`,
    at: 'at',
    exported: 'Exported on',
    archiveId: 'Archive identifier',
    fingerprint: 'Signing key fingerprint',
    keyId: 'minisign key ID',
    pseudonymised: 'People are replaced by stable pseudonyms.',
    counts: 'Contents',
    count: {
      requests: 'Requests',
      requestEvents: 'Request events (timeline, letters)',
      consentEvents: 'Consent events',
      subjects: 'Data subjects',
      attachments: 'Attachments',
      auditEntries: 'Audit log entries',
      registerEntries: 'Processing activities (Art. 30 record)',
      breaches: 'Data breaches',
    },
    requests: 'Data subject requests',
    noRequests: 'No request in this period.',
    reference: 'Reference',
    rights: 'Rights',
    received: 'Received',
    due: 'Due',
    responded: 'Responded',
    status: 'Status',
    late: 'LATE',
    onTime: 'on time',
    consents: 'Consents per purpose (decisions in the period)',
    noConsents: 'No consent recorded in this period.',
    purpose: 'Purpose',
    granted: 'Granted',
    refused: 'Refused',
    withdrawn: 'Withdrawn',
    audit: 'Audit log',
    auditOk: (checked: number, devices: number) =>
      `Hash chain verified: ${checked} ${checked === 1 ? 'entry' : 'entries'}, ${devices} ${devices === 1 ? 'device' : 'devices'}, no break.`,
    auditBroken: (checked: number, id: string) =>
      `Hash chain BROKEN: ${checked} entries checked, first entry in question ${id}.`,
    verify:
      'To check the archive’s integrity, follow VERIFY.txt (minisign, ssh-keygen, sha256sum) at the top of the folder.',
    rightNames: {
      access: 'Access (Art. 15)',
      rectification: 'Rectification (Art. 16)',
      erasure: 'Erasure (Art. 17)',
      restriction: 'Restriction (Art. 18)',
      portability: 'Portability (Art. 20)',
      objection: 'Objection, including to direct marketing (Art. 21)',
      automated_decision: 'Automated decision (Art. 22)',
      consent_withdrawal: 'Withdrawal of consent (Art. 7(3))',
      other: 'Other',
    },
    statusNames: {
      received: 'Received',
      identity_check: 'Identity check',
      in_progress: 'In progress',
      extended: 'Extended',
      responded: 'Responded',
      withdrawn: 'Withdrawn',
    },
  },
} as const;

type Labels = (typeof REPORT_LABELS)[ReportLanguage];

const COUNT_KEYS = [
  'requests',
  'requestEvents',
  'consentEvents',
  'subjects',
  'attachments',
  'auditEntries',
  'registerEntries',
  'breaches',
] as const;

/** A day in words ('7 avril 2026' / '7 April 2026'); '' stays empty. */
const day = (iso: string, lang: ReportLanguage): string => (iso ? formatLongDate(iso, lang) || iso : '');

/**
 * An instant in words, in UTC and said so: the report must read the same wherever it is opened,
 * and be the same bytes wherever it is made.
 */
export function reportInstant(iso: string, lang: ReportLanguage): string {
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})/.exec(iso);
  if (!match) return iso;
  const l = REPORT_LABELS[lang];
  return `${formatLongDate(match[1] ?? '', lang)} ${l.at} ${match[2]}:${match[3]} UTC`;
}

/** One request as the report's tables show it: rights and status in words, dates in the report's language. */
function requestCells(request: ArchiveReport['requests'][number], lang: ReportLanguage): string[] {
  const l = REPORT_LABELS[lang];
  return [
    request.reference,
    request.rights.map((right) => l.rightNames[right] ?? right).join(', '),
    day(request.receivedOn, lang),
    day(request.dueOn, lang),
    day(request.respondedOn, lang),
    l.statusNames[request.status] ?? request.status,
    request.late ? l.late : l.onTime,
  ];
}

function summaryRows(report: ArchiveReport, l: Labels): [string, string][] {
  const org = report.organisation;
  return [
    [l.organisation, `${org.legalName}, ${org.address}`],
    [l.contact, org.contactEmail],
    ...(org.dpoEmail ? [[l.dpo, org.dpoEmail] as [string, string]] : []),
    [l.period, l.periodText(day(report.period.from, report.lang), day(report.period.to, report.lang))],
    [l.exported, reportInstant(report.exportTime, report.lang)],
    [l.archiveId, report.archiveId],
    [l.fingerprint, report.fingerprint],
    [l.keyId, report.keyId],
  ];
}

const auditText = (report: ArchiveReport, l: Labels): string =>
  report.audit.ok
    ? l.auditOk(report.audit.checked, report.audit.devices)
    : l.auditBroken(report.audit.checked, report.audit.firstBroken ?? '?');

const escapeHtml = (text: string): string =>
  printableLines(text).replace(
    /[&<>"']/g,
    (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char] ?? char,
  );

/** A self-contained HTML page (no script, no external resource), readable in any browser. */
export function reportHtml(report: ArchiveReport): string {
  const l = REPORT_LABELS[report.lang];
  const e = escapeHtml;
  const rows = (cells: readonly string[][]) =>
    cells.map((row) => `<tr>${row.map((cell) => `<td>${e(cell)}</td>`).join('')}</tr>`).join('\n');
  const head = (cells: readonly string[]) =>
    `<tr>${cells.map((cell) => `<th>${e(cell)}</th>`).join('')}</tr>`;
  const requests =
    report.requests.length === 0
      ? `<p>${e(l.noRequests)}</p>`
      : `<table>
${head([l.reference, l.rights, l.received, l.due, l.responded, l.status, ''])}
${report.requests
  .map(
    (request) =>
      `<tr${request.late ? ' class="late"' : ''}>${requestCells(request, report.lang)
        .map((cell) => `<td>${e(cell)}</td>`)
        .join('')}</tr>`,
  )
  .join('\n')}
</table>`;
  const consents =
    report.consentByPurpose.length === 0
      ? `<p>${e(l.noConsents)}</p>`
      : `<table>
${head([l.purpose, l.granted, l.refused, l.withdrawn])}
${rows(report.consentByPurpose.map((p) => [p.purpose, String(p.granted), String(p.refused), String(p.withdrawn)]))}
</table>`;
  return `<!DOCTYPE html>
<html lang="${report.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(l.title)} — ${e(report.organisation.legalName)}</title>
<style>
body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 60rem; padding: 0 1rem; color: #111; }
table { border-collapse: collapse; width: 100%; margin: 0.5rem 0 1.5rem; }
th, td { border: 1px solid #bbb; padding: 0.25rem 0.5rem; text-align: left; vertical-align: top; }
th { background: #eee; }
tr.late td { background: #fde7e7; font-weight: 600; }
.key { font-family: ui-monospace, monospace; }
</style>
</head>
<body>
<h1>${e(l.title)}</h1>
<table>
${summaryRows(report, l)
  .map(
    ([label, value]) =>
      `<tr><th scope="row">${e(label)}</th><td${label === l.fingerprint ? ' class="key"' : ''}>${e(value)}</td></tr>`,
  )
  .join('\n')}
</table>
${report.pseudonymised ? `<p>${e(l.pseudonymised)}</p>` : ''}
<h2>${e(l.counts)}</h2>
<table>
${rows(COUNT_KEYS.map((key) => [l.count[key], String(report.counts[key])]))}
</table>
<h2>${e(l.requests)}</h2>
${requests}
<h2>${e(l.consents)}</h2>
${consents}
<h2>${e(l.audit)}</h2>
<p>${e(auditText(report, l))}</p>
${report.compliance ? complianceSectionHtml(report.compliance, report.lang, e) : ''}
<p>${e(l.verify)}</p>
${((proofs) => `<h2>${e(proofs.heading)}</h2>\n${proofs.paragraphs.map((text) => `<p>${e(text)}</p>`).join('\n')}`)(proofSection(report))}
</body>
</html>
`;
}

/** jsPDF accepts years 1970–2037 only in its dates. */
function pdfDate(day: string): string {
  const year = Number(day.slice(0, 4));
  const date = year >= 1970 && year <= 2037 ? day : '2000-01-01';
  return `D:${date.replace(/-/g, '')}000000+00'00'`;
}

/** The same report as an A4 PDF; deterministic (creation date and file id from the content). */
export function reportPdf(report: ArchiveReport, options: { compress?: boolean } = {}): Uint8Array {
  const l = REPORT_LABELS[report.lang];
  const doc = new jsPDF({ unit: 'mm', format: 'a4', compress: options.compress ?? true });
  doc.setCreationDate(pdfDate(report.exportedOn));
  doc.setFileId(
    bytesToHex(sha256(utf8ToBytes(JSON.stringify(report))))
      .slice(0, 32)
      .toUpperCase(),
  );
  doc.setProperties({ title: `${l.title} — ${report.organisation.legalName}`, creator: 'RGPD Desk' });
  const flow = new PdfFlow(doc, { top: 18, right: 16, bottom: 20, left: 16 }, 10);
  flow.heading(l.title, 1);
  flow.table(
    [
      { header: '', weight: 1 },
      { header: '', weight: 2.2 },
    ],
    // Control characters in a name must not reach whoever copies the text into a terminal.
    summaryRows(report, l).map(([label, value]) => [label, printableLines(value)]),
  );
  if (report.pseudonymised) flow.paragraph(l.pseudonymised);
  flow.heading(l.counts, 2);
  flow.table(
    [
      { header: '', weight: 3 },
      { header: '', weight: 1 },
    ],
    COUNT_KEYS.map((key) => [l.count[key], String(report.counts[key])]),
  );
  flow.heading(l.requests, 2);
  if (report.requests.length === 0) flow.paragraph(l.noRequests);
  else
    flow.table(
      [
        { header: l.reference, weight: 1.6 },
        { header: l.rights, weight: 1.2 },
        { header: l.received, weight: 1 },
        { header: l.due, weight: 1 },
        { header: l.responded, weight: 1 },
        { header: l.status, weight: 1 },
        { header: '', weight: 0.9 },
      ],
      report.requests.map((r) => requestCells(r, report.lang)),
    );
  flow.heading(l.consents, 2);
  if (report.consentByPurpose.length === 0) flow.paragraph(l.noConsents);
  else
    flow.table(
      [
        { header: l.purpose, weight: 3 },
        { header: l.granted, weight: 1 },
        { header: l.refused, weight: 1 },
        { header: l.withdrawn, weight: 1 },
      ],
      report.consentByPurpose.map((p) => [
        p.purpose,
        String(p.granted),
        String(p.refused),
        String(p.withdrawn),
      ]),
    );
  flow.heading(l.audit, 2);
  flow.paragraph(auditText(report, l), { style: report.audit.ok ? 'normal' : 'bold' });
  if (report.compliance) complianceSectionPdf(flow, report.compliance, report.lang);
  flow.space(4);
  flow.paragraph(l.verify);
  const proofs = proofSection(report);
  flow.heading(proofs.heading, 2);
  for (const text of proofs.paragraphs) flow.paragraph(text);
  numberPages(doc);
  return new Uint8Array(doc.output('arraybuffer'));
}
