/**
 * The access package as one CSV table for spreadsheets: one row per value, in four columns —
 * section ('person', 'consents', 'requests'…), record (which consent, which request), field (the
 * path inside the record, as in the JSON) and value. Every value of the JSON is there and nothing
 * else, so either file can be checked against the other.
 */
import { toCsv } from '../csv';
import type { AccessPackage } from './package';

export const ACCESS_CSV_COLUMNS = ['section', 'record', 'field', 'value'] as const;

type Row = Record<(typeof ACCESS_CSV_COLUMNS)[number], string | number | boolean>;

/** Leaf values of `value` under dotted paths ('notice.number', 'rights.0'); null becomes ''. */
function leaves(value: unknown, path: string, out: [string, string | number | boolean][]): void {
  if (value === null || value === undefined) out.push([path, '']);
  else if (Array.isArray(value))
    value.forEach((item, index) => leaves(item, path ? `${path}.${index}` : String(index), out));
  else if (typeof value === 'object')
    for (const [key, inner] of Object.entries(value)) leaves(inner, path ? `${path}.${key}` : key, out);
  else out.push([path, value as string | number | boolean]);
}

function rows(section: string, record: string, value: unknown): Row[] {
  const out: [string, string | number | boolean][] = [];
  leaves(value, '', out);
  return out.map(([field, leaf]) => ({ section, record, field, value: leaf }));
}

/**
 * ';' for French spreadsheets, ',' otherwise; UTF-8 with a byte-order mark, formula-looking cells
 * neutralised (see shared/csv).
 */
export function accessPackageCsv(pkg: AccessPackage): string {
  const { format, version, generatedAt, language, request, controller, person } = pkg;
  const table: Row[] = [
    ...rows('package', '', { format, version, generatedAt, language, request }),
    ...rows('controller', '', controller),
    ...rows('person', '', person),
    ...pkg.preferences.flatMap((preference) => rows('preferences', preference.purposeId, preference)),
    ...pkg.consents.flatMap((consent) => rows('consents', consent.id, consent)),
    ...pkg.requests.flatMap(({ timeline, letters, ...request }) => [
      ...rows('requests', request.reference, request),
      ...timeline.flatMap((event, index) => rows('timeline', `${request.reference}#${index + 1}`, event)),
      ...letters.flatMap((letter, index) => rows('letters', `${request.reference}#${index + 1}`, letter)),
    ]),
    ...pkg.recipients.map((recipient, index) => ({
      section: 'recipients',
      record: '',
      field: String(index),
      value: recipient,
    })),
    ...pkg.retention.flatMap((rule, index) => rows('retention', String(index + 1), rule)),
  ];
  return toCsv(
    ACCESS_CSV_COLUMNS.map((key) => ({ key, header: key })),
    table,
    { separator: pkg.language === 'fr' ? ';' : ',', bom: true },
  );
}
