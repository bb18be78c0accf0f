/**
 * What goes into a compliance archive, read from IndexedDB: the payload files of the bag's data/
 * folder (each register as CSV and JSON, the report as HTML and PDF, attachments by hash) and the
 * report's figures. Large tables are read page by page and their files produced as a stream of text
 * chunks, so the renderer never holds a whole ledger as one string; the Node side writes the ZIP.
 */
import { compareBagPaths } from '../../../shared/archive/bagit';
import {
  attachmentPath,
  consentEventRecord,
  csvHeader,
  csvRows,
  flatColumns,
  flatRow,
  pseudonymFor,
  requestEventRecord,
  requestRecord,
  subjectRecord,
  type Pseudonyms,
} from '../../../shared/archive/datasets';
import {
  reportHtml,
  reportPdf,
  type ArchiveReport,
  type ReportLanguage,
} from '../../../shared/archive/report';
import type { ReportAnchor } from '../../../shared/archive/report-proofs';
import type { AuditEntry } from '../../../shared/audit/chain';
import type { ConsentEvent } from '../../../shared/consent/model';
import type { AttachmentRef, DsRequest } from '../../../shared/requests/model';
import { verifyAudit } from './audit';
import { countInRange, entriesInRange } from './audit-store';
import { listBreaches } from './breaches';
import { listRegisterEntries } from './registers';
import { listRetentionRules } from './retention';
import type { DeskDb } from './schema';
import { recordAction, type WriteContext } from './write';
import { complianceHistory, latestTrainings } from './compliance';
import { eventsInIdOrder } from './consent-store';
import { complianceReportSection } from '../../../shared/compliance/report-section';

export const ARCHIVE_CONTENTS = [
  'requests',
  'consents',
  'subjects',
  'registers',
  'audit',
  'settings',
] as const;
export type ArchiveContent = (typeof ARCHIVE_CONTENTS)[number];

export type ArchiveOptions = {
  /** Local days, inclusive. */
  from: string;
  to: string;
  contents: readonly ArchiveContent[];
  attachments: boolean;
  pseudonymise: boolean;
  lang: ReportLanguage;
  workspaceId: string;
  archiveId: string;
  exportTime: string;
  exportedOn: string;
  fingerprint: string;
  keyId: string;
  /** The signed checkpoint of the audit head taken for this export, for the report. */
  anchor?: ReportAnchor | null;
};

/** A file of the bag's data/ folder: text produced in chunks, bytes, or an attachment the Node side reads. */
export type PayloadFile =
  | { path: string; kind: 'text'; chunks: () => AsyncIterable<string> }
  | { path: string; kind: 'bytes'; bytes: () => Uint8Array }
  | { path: string; kind: 'attachment'; hash: string; size: number };

export type ArchivePlan = { files: PayloadFile[]; report: ArchiveReport };

const PAGE = 2000;

/** A local day's first and last instant, as the ISO strings the indexes hold. */
export function periodInstants(from: string, to: string): { start: string; end: string } {
  return {
    start: new Date(`${from}T00:00:00`).toISOString(),
    end: new Date(`${to}T23:59:59.999`).toISOString(),
  };
}

/**
 * Audit entries of an instant range, a page at a time, in [deviceId+seq] order: the order the
 * archive's verification walks each device's chain (see renderer/src/db/audit-store.ts).
 */
export function auditPages(
  db: DeskDb,
  start: string,
  end: string,
  pageSize = PAGE,
): AsyncGenerator<AuditEntry[]> {
  return entriesInRange(db, start, end, pageSize);
}

type Source = () => AsyncIterable<object[]>;

/**
 * The same records as a CSV file and a JSON file (an array, one record per line). The CSV header is
 * written from the first page, so `optional` must name any field later records may have and it lacks.
 */
function tableFiles(name: string, source: Source, optional: readonly string[] = []): PayloadFile[] {
  return [
    {
      path: `${name}.csv`,
      kind: 'text',
      async *chunks() {
        let columns: ReturnType<typeof flatColumns> | null = null;
        for await (const records of source()) {
          if (columns === null) {
            columns = flatColumns(records, optional);
            yield csvHeader(columns);
          }
          yield csvRows(columns, records.map(flatRow));
        }
        if (columns === null) yield '\uFEFF';
      },
    },
    {
      path: `${name}.json`,
      kind: 'text',
      async *chunks() {
        let first = true;
        yield '[';
        for await (const records of source()) {
          yield records
            .map((record) => `${first ? ((first = false), '\n') : ',\n'}${JSON.stringify(record)}`)
            .join('');
        }
        yield first ? ']\n' : '\n]\n';
      },
    },
  ];
}

const wholeTable = (records: () => Promise<object[]>): Source =>
  async function* () {
    yield await records();
  };

const inPeriod = (day: string, from: string, to: string): boolean => day >= from && day <= to;

/** Only exports and imports give an audit entry a `count`: the first page of the log may have none. */
const AUDIT_OPTIONAL_FIELDS = ['count'] as const satisfies readonly (keyof AuditEntry)[];

/** Reads what the export needs, in one pass over the big tables, then describes every payload file. */
export async function planArchive(db: DeskDb, options: ArchiveOptions): Promise<ArchivePlan> {
  const include = new Set(options.contents);
  const { start, end } = periodInstants(options.from, options.to);
  const pseudonyms: Pseudonyms | null = options.pseudonymise
    ? { subject: (id) => pseudonymFor(options.workspaceId, id) }
    : null;
  const organisation = await db.organisation.toCollection().first();
  const attachments = new Map<string, AttachmentRef>();
  const addAttachment = (ref: AttachmentRef | null) => {
    if (ref && options.attachments) attachments.set(ref.hash, ref);
  };
  const subjectIds = new Set<string>();
  const files: PayloadFile[] = [];

  // Requests received in the period, with their timelines and letters.
  const requests: DsRequest[] = include.has('requests')
    ? (await db.requests.toArray())
        .filter((request) => inPeriod(request.receivedOn, options.from, options.to))
        .sort((a, b) =>
          a.receivedAt < b.receivedAt ? -1 : a.receivedAt > b.receivedAt ? 1 : a.id < b.id ? -1 : 1,
        )
    : [];
  const requestIds = requests.map((request) => request.id);
  let requestEvents = 0;
  for (const request of requests) {
    subjectIds.add(request.subjectId);
    addAttachment(request.mandate);
  }
  if (requests.length > 0) {
    await db.requestEvents
      .where('requestId')
      .anyOf(requestIds)
      .each((event) => {
        requestEvents += 1;
        addAttachment(event.attachment);
      });
    files.push(
      ...tableFiles(
        'requests',
        wholeTable(async () => requests.map((request) => requestRecord(request, pseudonyms))),
      ),
      ...tableFiles('request-events', async function* () {
        for (let i = 0; i < requestIds.length; i += PAGE) {
          const events = await db.requestEvents
            .where('requestId')
            .anyOf(requestIds.slice(i, i + PAGE))
            .toArray();
          events.sort((a, b) => (a.hlc < b.hlc ? -1 : 1));
          yield events.map((event) => requestEventRecord(event, pseudonyms));
        }
      }),
    );
  }

  // Consent events decided in the period, with their evidence; figures per purpose.
  const figures = new Map<string, { granted: number; refused: number; withdrawn: number }>();
  let consentEvents = 0;
  const decidedInPeriod = (event: ConsentEvent) => event.decidedAt >= start && event.decidedAt <= end;
  if (include.has('consents')) {
    for await (const events of eventsInIdOrder(db)) {
      for (const event of events.filter(decidedInPeriod)) {
        consentEvents += 1;
        subjectIds.add(event.subjectId);
        addAttachment(event.evidence.attachment);
        const counts = figures.get(event.purposeId) ?? { granted: 0, refused: 0, withdrawn: 0 };
        counts[event.decision] += 1;
        figures.set(event.purposeId, counts);
      }
    }
    files.push(
      ...tableFiles(
        'consent-events',
        async function* () {
          for await (const events of eventsInIdOrder(db)) {
            const page = events.filter(decidedInPeriod);
            if (page.length > 0) yield page.map((event) => consentEventRecord(event, pseudonyms));
          }
        },
        // A decision known to the day only is shown as that day, whichever page it falls in.
        ['decidedOn'],
      ),
      ...tableFiles(
        'purposes',
        wholeTable(() => db.purposes.toArray()),
      ),
      ...tableFiles(
        'notices',
        wholeTable(() => db.notices.toArray()),
      ),
    );
  }
  const purposes = new Map((await db.purposes.toArray()).map((purpose) => [purpose.id, purpose]));

  // The people those requests and consents concern.
  const subjectList = [...subjectIds].sort();
  if (include.has('subjects') && subjectList.length > 0) {
    files.push(
      ...tableFiles('subjects', async function* () {
        for (let i = 0; i < subjectList.length; i += PAGE) {
          const found = await db.subjects.bulkGet(subjectList.slice(i, i + PAGE));
          yield found.flatMap((subject) => (subject ? [subjectRecord(subject, pseudonyms)] : []));
        }
      }),
    );
  }

  // Registers: the current state, whatever the period.
  let registerEntries = 0;
  let breaches = 0;
  if (include.has('registers')) {
    const entries = await listRegisterEntries(db);
    const breachList = await listBreaches(db);
    registerEntries = entries.length;
    breaches = breachList.length;
    files.push(
      ...tableFiles(
        'register-of-processing',
        wholeTable(async () => entries),
      ),
      ...tableFiles(
        'breaches',
        wholeTable(async () => breachList),
      ),
      ...tableFiles(
        'retention-rules',
        wholeTable(() => listRetentionRules(db)),
      ),
    );
  }

  // The audit log of the period, and the verification of every chain.
  let auditEntries = 0;
  if (include.has('audit')) {
    auditEntries = await countInRange(db, start, end);
    files.push(...tableFiles('audit-log', () => auditPages(db, start, end), AUDIT_OPTIONAL_FIELDS));
  }
  const audit = await verifyAudit(db);

  if (include.has('settings') && organisation) {
    const staff = await db.staff.toArray();
    const trainings = await latestTrainings(db);
    const settings = {
      organisation,
      staff: staff.map((member) => {
        const training = trainings.get(member.id);
        return {
          id: member.id,
          name: member.name,
          active: member.active,
          training: training
            ? { moduleVersion: training.moduleVersion, completedAt: training.completedAt }
            : null,
        };
      }),
      export: {
        archiveId: options.archiveId,
        exportTime: options.exportTime,
        period: { from: options.from, to: options.to },
        contents: [...include].sort(),
        attachments: options.attachments,
        pseudonymised: options.pseudonymise,
      },
    };
    files.push({
      path: 'settings.json',
      kind: 'text',
      chunks: async function* () {
        yield `${JSON.stringify(settings, null, 2)}\n`;
      },
    });
  }

  for (const ref of attachments.values()) {
    files.push({ path: attachmentPath(ref), kind: 'attachment', hash: ref.hash, size: ref.size });
  }

  const purposeName = (id: string) => {
    const purpose = purposes.get(id);
    return purpose ? purpose.name[options.lang] || purpose.name.fr || purpose.name.en : id;
  };
  const report: ArchiveReport = {
    lang: options.lang,
    organisation: {
      legalName: organisation?.legalName ?? '',
      address: organisation?.address ?? '',
      contactEmail: organisation?.contactEmail ?? '',
      dpoEmail: organisation?.dpoEmail ?? '',
    },
    period: { from: options.from, to: options.to },
    exportTime: options.exportTime,
    exportedOn: options.exportedOn,
    archiveId: options.archiveId,
    fingerprint: options.fingerprint,
    keyId: options.keyId,
    pseudonymised: options.pseudonymise,
    counts: {
      requests: requests.length,
      requestEvents,
      consentEvents,
      subjects: include.has('subjects') ? subjectList.length : 0,
      attachments: attachments.size,
      auditEntries,
      registerEntries,
      breaches,
    },
    requests: requests.map((request) => ({
      reference: request.reference,
      rights: request.rights,
      receivedOn: request.receivedOn,
      dueOn: request.dueOn,
      respondedOn: request.respondedOn || request.withdrawnOn,
      status: request.status,
      late: request.respondedOn
        ? request.respondedOn > request.dueOn
        : request.clock !== 'closed' && request.dueOn < options.exportedOn,
    })),
    consentByPurpose: [...figures.entries()]
      .map(([id, counts]) => ({ purpose: purposeName(id), ...counts }))
      .sort((a, b) => a.purpose.localeCompare(b.purpose)),
    audit: {
      ok: audit.ok,
      checked: audit.checked,
      devices: audit.devices,
      firstBroken: audit.ok ? null : audit.firstBroken.id,
    },
    anchor: options.anchor ?? null,
    compliance: complianceReportSection(await complianceHistory(db)),
  };
  files.push(
    {
      path: 'report.html',
      kind: 'text',
      chunks: async function* () {
        yield reportHtml(report);
      },
    },
    { path: 'report.pdf', kind: 'bytes', bytes: () => reportPdf(report) },
  );
  files.sort((a, b) => compareBagPaths(a.path, b.path));
  return { files, report };
}

/** The export in the audit log: what was included, never a value. */
export function recordArchiveExport(
  db: DeskDb,
  ctx: WriteContext,
  archiveId: string,
  contents: readonly string[],
  files: number,
) {
  return recordAction(db, ctx, {
    action: 'archive.export',
    entity: 'archive',
    entityId: archiveId,
    fields: [...contents],
    count: files,
  });
}
