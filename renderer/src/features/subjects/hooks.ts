import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { SubjectInput } from '../../../../shared/domain/subject';
import { useDesk } from '../../app/context';
import { useDbMutation, useDbQuery } from '../../app/queries';
import { listAudit } from '../../db/audit';
import { countSubjects, findSubjectDuplicates, getSubject, searchSubjects } from '../../db/subjects';
import { createRecord, updateRecord } from '../../db/write';

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

export const useUpdateSubject = () =>
  useDbMutation((db, ctx, vars: { id: string; patch: Partial<SubjectInput> }) =>
    updateRecord(db, ctx, 'subject', vars.id, vars.patch),
  );
