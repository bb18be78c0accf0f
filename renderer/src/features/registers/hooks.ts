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
export const useUpdateEntry = () =>
  useDbMutation((db, ctx, vars: { id: string; patch: Partial<RegisterEntryInput> }) =>
    updateRegisterEntry(db, ctx, vars.id, vars.patch),
  );
export const useCreateBreach = () =>
  useDbMutation((db, ctx, input: BreachInput) => createBreach(db, ctx, input));
export const useUpdateBreach = () =>
  useDbMutation((db, ctx, vars: { id: string; patch: Partial<BreachInput> }) =>
    updateBreach(db, ctx, vars.id, vars.patch),
  );
