/**
 * What an edit form may write. A form is opened on one version of a record; by the time it is saved,
 * another device (sync) or another window may have changed the record. Writing every field of the
 * form back would put the untouched fields' old values over those changes, so a form writes only the
 * fields the user changed, compared with the version it was opened on. A field changed both here and
 * elsewhere since then is a conflict the user decides before anything is written.
 */

/** One field changed both in the form and in the stored record since the form was opened. */
export type EditConflict = {
  field: string;
  /** The value when the form was opened. */
  opened: unknown;
  /** The value stored now (written elsewhere since). */
  theirs: unknown;
  /** The value in the form. */
  mine: unknown;
};

/** For each conflicting field, whose value the user chose to keep. */
export type ConflictChoices = Record<string, 'mine' | 'theirs'>;

export type EditPlan = {
  /** The fields to write: those the user changed, less the conflicts resolved as 'theirs'. */
  patch: Record<string, unknown>;
  /** Conflicts the user has not decided yet; nothing may be written while there are any. */
  conflicts: EditConflict[];
};

/** Values compared as stored data (plain JSON: strings, numbers, arrays, objects). */
export function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

// Key order is not a change: an object rebuilt by a form may list its keys in another order.
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value as Record<string, unknown>)
        .sort()
        .map((key) => [key, canonical((value as Record<string, unknown>)[key])]),
    );
  }
  return value;
}

/**
 * The fields of `edited` whose value differs from `opened`. Only the form's own fields count: a
 * field the form does not show is never written by it.
 */
export function editedFields(opened: Record<string, unknown>, edited: Record<string, unknown>): string[] {
  return Object.keys(edited).filter((field) => !sameValue(opened[field], edited[field]));
}

/**
 * Plan the write of an edit form. A field the user changed that nobody else changed is written; a
 * field both changed to the same value is nothing to decide; a field both changed differently is a
 * conflict unless `choices` says whose value to keep.
 */
export function planEdit(
  opened: Record<string, unknown>,
  current: Record<string, unknown>,
  edited: Record<string, unknown>,
  choices: ConflictChoices = {},
): EditPlan {
  const patch: Record<string, unknown> = {};
  const conflicts: EditConflict[] = [];
  for (const field of editedFields(opened, edited)) {
    const changedElsewhere = !sameValue(opened[field], current[field]);
    if (changedElsewhere && !sameValue(current[field], edited[field])) {
      const choice = choices[field];
      if (choice === 'theirs') continue;
      if (choice !== 'mine') {
        conflicts.push({ field, opened: opened[field], theirs: current[field], mine: edited[field] });
        continue;
      }
    }
    patch[field] = edited[field];
  }
  return { patch, conflicts };
}
