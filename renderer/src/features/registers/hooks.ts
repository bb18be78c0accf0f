import type { ConflictChoices } from '../../../../shared/domain/edits';
import type { BreachInput } from '../../../../shared/breaches/model';
import type { RegisterEntryInput } from '../../../../shared/registers/model';
import { useDbMutation, useDbQuery } from '../../app/queries';
import { createBreach, listBreaches, openBreaches, updateBreach } from '../../db/breaches';
import {
  createRegisterEntry,
  listRegisterEntries,
  registerEntryHistory,
  updateRegisterEntry,
} from '../../db/registers';

export const useRegisterEntries = () => useDbQuery(['registers', 'entries'], listRegisterEntries);
export const useEntryHistory = (id: string) =>
  useDbQuery(['registers', 'history', id], (db) => registerEntryHistory(db, id));
export const useBreaches = () => useDbQuery(['registers', 'breaches'], listBreaches);
export const useOpenBreaches = () => useDbQuery(['registers', 'breaches', 'open'], openBreaches);

export const useCreateEntry = () =>
  useDbMutation((db, ctx, input: RegisterEntryInput) => createRegisterEntry(db, ctx, input));
/** Save an edit form: only what changed since `opened` (see Writer.edit). */
type Edit<T> = { id: string; opened: Partial<T>; edited: Partial<T>; choices: ConflictChoices };
export const useUpdateEntry = () =>
  useDbMutation((db, ctx, vars: Edit<RegisterEntryInput>) =>
    updateRegisterEntry(db, ctx, vars.id, vars.opened, vars.edited, vars.choices),
  );
export const useCreateBreach = () =>
  useDbMutation((db, ctx, input: BreachInput) => createBreach(db, ctx, input));
export const useUpdateBreach = () =>
  useDbMutation((db, ctx, vars: Edit<BreachInput>) =>
    updateBreach(db, ctx, vars.id, vars.opened, vars.edited, vars.choices),
  );
