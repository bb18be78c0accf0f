/**
 * The history of a register entry, read from its versions: who changed which field, when, and
 * from what to what. Pure: the versions come from the registerVersions table.
 */
import { REGISTER_FIELDS, type RegisterEntryData, type RegisterField } from './model';

export type FieldChange = { field: RegisterField; before: unknown; after: unknown };

export type HistoryItem = {
  versionId: string;
  /** 1 for the creation, then 2, 3… in the order the versions were written (HLC). */
  number: number;
  change: 'create' | 'update';
  at: string;
  by: string | null;
  changes: FieldChange[];
};

type VersionLike = {
  id: string;
  hlc: string;
  change: 'create' | 'update';
  createdAt: string;
  createdBy: string | null;
  snapshot: RegisterEntryData;
};

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * The field-by-field differences between consecutive versions, newest first. Differences are
 * computed from the snapshots rather than trusted from the stored field list, so versions merged
 * from two devices still read correctly.
 */
export function entryHistory(versions: readonly VersionLike[]): HistoryItem[] {
  const ordered = [...versions].sort((a, b) => (a.hlc < b.hlc ? -1 : a.hlc > b.hlc ? 1 : 0));
  const items: HistoryItem[] = [];
  let previous: RegisterEntryData | null = null;
  ordered.forEach((version, index) => {
    const current = version.snapshot;
    const changes = REGISTER_FIELDS.flatMap((field): FieldChange[] => {
      const before = previous ? previous[field] : undefined;
      const after = current[field];
      if (previous && same(before, after)) return [];
      if (!previous && isEmpty(after)) return [];
      return [{ field, before, after }];
    });
    items.push({
      versionId: version.id,
      number: index + 1,
      change: version.change,
      at: version.createdAt,
      by: version.createdBy,
      changes,
    });
    previous = current;
  });
  return items.reverse();
}

function isEmpty(value: unknown): boolean {
  return value === '' || (Array.isArray(value) && value.length === 0);
}

/** Fields whose value differs between two states of an entry, in the record's order. */
export function changedFields(before: RegisterEntryData, after: RegisterEntryData): RegisterField[] {
  return REGISTER_FIELDS.filter((field) => !same(before[field], after[field]));
}
