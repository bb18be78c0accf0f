/**
 * The consent ledger as the Consents screen reads it: the most recently recorded events, and the
 * segment and re-consent lists as CSV. An export hands personal data out of the application, so
 * each one is written to the audit log with the number of people it contained.
 */
import { toCsv, type CsvColumn } from '../../../shared/csv';
import type { ConsentEvent, Notice } from '../../../shared/consent/model';
import type { SegmentOptions } from '../../../shared/consent/segments';
import type { Subject } from '../../../shared/domain/subject';
import { reconsentListOf, segmentOf, type ReconsentRow, type SegmentRow } from './consents';
import type { DeskDb } from './schema';
import { countEvents, newestEvents } from './consent-store';
import { recordAction, type WriteContext } from './write';

/** How many ledger events a page shows; "load more" asks for another page. */
export const LEDGER_PAGE = 200;

export type LedgerRow = { event: ConsentEvent; subject: Subject | null };
export type LedgerPage = { rows: LedgerRow[]; total: number; hasMore: boolean };

/**
 * The `limit` most recently recorded consent events (by when they were recorded, not by when the
 * person decided: a paper form typed in today is news today), newest first, with their person.
 * Events recorded in the same write come last-written first.
 */
export async function recentConsentEvents(db: DeskDb, limit: number = LEDGER_PAGE): Promise<LedgerPage> {
  return db.transaction('r', db.consentEvents, db.consentRows, db.subjects, async () => {
    // Ids are UUIDv7, made when the event is recorded: their order is the order of recording.
    const events = await newestEvents(db, limit);
    const total = await countEvents(db);
    const ids = [...new Set(events.map((event) => event.subjectId))];
    const people = await db.subjects.bulkGet(ids);
    const byId = new Map(people.flatMap((person) => (person ? [[person.id, person] as const] : [])));
    return {
      rows: events.map((event) => ({ event, subject: byId.get(event.subjectId) ?? null })),
      total,
      hasMore: total > events.length,
    };
  });
}

/** The segment filters the screen offers (the time zone is the machine's, see `segmentOf`). */
export type SegmentFilters = Omit<SegmentOptions, 'timeZone'>;
export type CsvSeparator = ',' | ';';
/** Mailing tools' contact import columns (their documented attribute names): shared/consent/campaign.ts. */
import type { MailingPreset } from '../../../shared/consent/campaign';
export { MAILING_PRESETS, type MailingPreset } from '../../../shared/consent/campaign';
/** A segment is exported for Excel (with the separator) or for a mailing tool's contact import. */
export type SegmentFormat = CsvSeparator | MailingPreset;

const MAILING_COLUMNS: Record<MailingPreset, CsvColumn[]> = {
  brevo: [
    { key: 'email', header: 'EMAIL' },
    { key: 'firstName', header: 'FIRSTNAME' },
    { key: 'lastName', header: 'LASTNAME' },
    { key: 'phone', header: 'SMS', e164: true },
  ],
  mailchimp: [
    { key: 'email', header: 'Email Address' },
    { key: 'firstName', header: 'First Name' },
    { key: 'lastName', header: 'Last Name' },
    { key: 'phone', header: 'Phone Number', e164: true },
  ],
};

/**
 * A phone number in E.164 form for a mailing tool: '+' and digits kept, '00' read as '+', a French
 * national number (10 digits from 0) given +33; anything else as typed (then neutralised if need be).
 */
export function e164Of(phone: string): string {
  const digits = phone.replace(/\D+/g, '');
  if (digits === '') return '';
  if (phone.trim().startsWith('+')) return `+${digits}`;
  if (digits.startsWith('00')) return `+${digits.slice(2)}`;
  if (digits.length === 10 && digits.startsWith('0')) return `+33${digits.slice(1)}`;
  return phone.trim();
}

/** A segment in a mailing tool's import columns: UTF-8 without BOM, ',' separated. */
export function mailingCsv(rows: readonly SegmentRow[], preset: MailingPreset): string {
  return toCsv(
    MAILING_COLUMNS[preset],
    rows.map(({ subject }) => ({
      email: subject.email,
      firstName: subject.firstName,
      lastName: subject.lastName,
      phone: e164Of(subject.phone),
    })),
    { separator: ',', bom: false },
  );
}
type Translate = (key: string) => string;

/** People whose consent to a purpose should be asked for again, in name order. */
export async function reconsentRows(db: DeskDb, purposeId: string, today: string): Promise<ReconsentRow[]> {
  const rows = await reconsentListOf(db, purposeId, today);
  return rows.sort((a, b) => a.subject.sortKey.localeCompare(b.subject.sortKey));
}

/** 'YYYY-MM-DD HH:mm' in the machine's time zone: sorts as text and reads as a date in spreadsheets. */
export function localDateTimeText(iso: string): string {
  const date = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return (
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ` +
    `${pad(date.getHours())}:${pad(date.getMinutes())}`
  );
}

function personColumns(t: Translate): CsvColumn[] {
  return ['lastName', 'firstName', 'email', 'phone', 'decidedAt', 'channel', 'notice'].map((key) => ({
    key,
    header: t(`consents.screen.columns.${key}`),
  }));
}

function personCells(row: SegmentRow, notices: ReadonlyMap<string, number>, t: Translate) {
  const number = notices.get(row.latest.noticeId);
  return {
    lastName: row.subject.lastName,
    firstName: row.subject.firstName,
    email: row.subject.email,
    phone: row.subject.phone,
    decidedAt: row.latest.decidedOn ?? localDateTimeText(row.latest.decidedAt),
    channel: t(`consents.captureChannels.${row.latest.channel}`),
    notice: number === undefined ? '' : `v${number}`,
  };
}

const noticeNumbers = (notices: readonly Notice[]) =>
  new Map(notices.map((notice) => [notice.id, notice.number]));

/** A segment as CSV in the UI's language (UTF-8 BOM, formula-looking cells neutralised by `toCsv`). */
export function segmentCsv(
  rows: readonly SegmentRow[],
  notices: readonly Notice[],
  t: Translate,
  separator: CsvSeparator,
): string {
  const numbers = noticeNumbers(notices);
  return toCsv(
    personColumns(t),
    rows.map((row) => personCells(row, numbers, t)),
    { separator, bom: true },
  );
}

/** A re-consent list as CSV, with the reason in words. */
export function reconsentCsv(
  rows: readonly ReconsentRow[],
  notices: readonly Notice[],
  t: Translate,
  separator: CsvSeparator,
): string {
  const numbers = noticeNumbers(notices);
  const columns = [...personColumns(t), { key: 'reason', header: t('consents.screen.columns.reason') }];
  return toCsv(
    columns,
    rows.map((row) => ({
      ...personCells(row, numbers, t),
      reason: t(`consents.screen.reconsent.csvReasons.${row.reason}`),
    })),
    { separator, bom: true },
  );
}

/**
 * The people who may currently be contacted for a purpose (see `segmentOf`: only people with at
 * least one recorded decision, so a legitimate-interest segment leaves out customers never asked),
 * as CSV, and the export in the audit log.
 */
export async function exportSegment(
  db: DeskDb,
  ctx: WriteContext,
  purposeId: string,
  options: SegmentFilters,
  t: Translate,
  format: SegmentFormat,
): Promise<{ csv: string; count: number }> {
  const rows = await segmentOf(db, purposeId, options);
  const csv =
    format === 'brevo' || format === 'mailchimp'
      ? mailingCsv(rows, format)
      : segmentCsv(rows, await db.notices.toArray(), t, format);
  await recordAction(db, ctx, {
    action: 'consent.segment.export',
    entity: 'purpose',
    entityId: purposeId,
    fields: [],
    count: rows.length,
  });
  return { csv, count: rows.length };
}

/** The re-consent list of a purpose as CSV, and the export in the audit log. */
export async function exportReconsent(
  db: DeskDb,
  ctx: WriteContext,
  purposeId: string,
  today: string,
  t: Translate,
  separator: CsvSeparator,
): Promise<{ csv: string; count: number }> {
  const rows = await reconsentRows(db, purposeId, today);
  const csv = reconsentCsv(rows, await db.notices.toArray(), t, separator);
  await recordAction(db, ctx, {
    action: 'consent.reconsent.export',
    entity: 'purpose',
    entityId: purposeId,
    fields: [],
    count: rows.length,
  });
  return { csv, count: rows.length };
}
