/**
 * The record of processing activities as files: CSV that opens cleanly in Excel (shared/csv) and
 * the printable register (shared/pdf/register.ts, loaded only when a PDF is made). Both use the
 * same field text as the history, in the UI's language, and both are recorded in the audit log.
 */
import { toCsv } from '../../../../shared/csv';
import { pdfOrganisationOf } from '../../../../shared/pdf/organisation';
import type { RegisterPdfInput } from '../../../../shared/pdf/register';
import { REGISTER_FIELDS, type RegisterEntry } from '../../../../shared/registers/model';
import type { Organisation } from '../../../../shared/domain/organisation';
import { recordRegisterExport } from '../../db/registers';
import type { DeskDb } from '../../db/schema';
import { localDate, type WriteContext } from '../../db/write';
import { fieldText, type Translate } from './format';

/** The record's headings in order; the special categories get a column of their own. */
const CSV_COLUMNS = [
  ...REGISTER_FIELDS.slice(0, REGISTER_FIELDS.indexOf('dataCategories') + 1),
  'specialCategories',
  ...REGISTER_FIELDS.slice(REGISTER_FIELDS.indexOf('dataCategories') + 1),
  'createdAt',
  'updatedAt',
] as const;

export function registerCsv(
  entries: readonly RegisterEntry[],
  t: Translate,
  purposeName: (id: string) => string,
  separator: ',' | ';',
): string {
  const columns = CSV_COLUMNS.map((key) => ({ key, header: t(`registers.fields.${key}`) }));
  const rows = entries.map((entry) => {
    const row: Record<string, string> = {};
    for (const field of REGISTER_FIELDS) row[field] = fieldText(t, field, entry[field], purposeName);
    row.specialCategories = entry.dataCategories
      .filter((category) => category.special)
      .map((category) => category.name)
      .join('\n');
    row.createdAt = entry.createdAt;
    row.updatedAt = entry.updatedAt;
    return row;
  });
  return toCsv(columns, rows, { separator, bom: true });
}

export async function exportRegisterCsv(
  db: DeskDb,
  ctx: WriteContext,
  entries: readonly RegisterEntry[],
  t: Translate,
  purposeName: (id: string) => string,
  separator: ',' | ';',
): Promise<string> {
  const csv = registerCsv(entries, t, purposeName, separator);
  await recordRegisterExport(db, ctx, 'csv', entries.length);
  return csv;
}

/** What the printable register shows: every field under its heading, in the record's order. */
export function registerPdfInput(
  organisation: Organisation,
  entries: readonly RegisterEntry[],
  t: Translate,
  purposeName: (id: string) => string,
  lang: 'fr' | 'en',
  issuedOn: string,
): RegisterPdfInput {
  return {
    organisation: pdfOrganisationOf(organisation),
    lang,
    issuedOn,
    entries: entries.map((entry) => ({
      name: entry.name,
      active: entry.active,
      createdOn: localDate(Date.parse(entry.createdAt)),
      updatedOn: localDate(Date.parse(entry.updatedAt)),
      fields: REGISTER_FIELDS.filter((field) => field !== 'name' && field !== 'active').map((field) => ({
        label: t(`registers.fields.${field}`),
        value: fieldText(t, field, entry[field], purposeName),
      })),
    })),
  };
}
