import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { ConflictChoices } from '../../../../shared/domain/edits';
import type { SubjectInput } from '../../../../shared/domain/subject';
import { useDesk } from '../../app/context';
import { useDbMutation, useDbQuery } from '../../app/queries';
import { listAudit } from '../../db/audit';
import { countSubjects, findSubjectDuplicates, getSubject, searchSubjects } from '../../db/subjects';
import { createRecord, editRecord } from '../../db/write';

export function useSubjectSearch(text: string) {
  const { db } = useDesk();
  return useQuery({
    queryKey: ['db', 'subjects', 'search', text],
    queryFn: () => searchSubjects(db, text),
    placeholderData: keepPreviousData,
  });
}

export const useSubjectCount = () => useDbQuery(['subjects', 'count'], countSubjects);
export const useSubject = (id: string) => useDbQuery(['subjects', 'one', id], (db) => getSubject(db, id));
export const useSubjectHistory = (id: string) =>
  useDbQuery(['audit', 'entity', id], (db) => listAudit(db, { entityId: id }));

export function useSubjectDuplicates(contact: { email: string; phone: string }, exceptId?: string) {
  return useDbQuery(['subjects', 'duplicates', contact.email, contact.phone, exceptId], (db) =>
    findSubjectDuplicates(db, contact, exceptId),
  );
}

export const useCreateSubject = () =>
  useDbMutation((db, ctx, input: SubjectInput) => createRecord(db, ctx, 'subject', input));

/** Save the person's edit form: only the fields changed since it was opened (see Writer.edit). */
export const useUpdateSubject = () =>
  useDbMutation(
    (
      db,
      ctx,
      vars: {
        id: string;
        opened: Partial<SubjectInput>;
        edited: Partial<SubjectInput>;
        choices: ConflictChoices;
      },
    ) => editRecord(db, ctx, 'subject', vars.id, vars.opened, vars.edited, { choices: vars.choices }),
  );
