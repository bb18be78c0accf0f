import Alert from '@mui/material/Alert';
import Stack from '@mui/material/Stack';
import { useDeferredValue, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { displayName, type Subject, type SubjectData } from '../../../../shared/domain/subject';
import { FormField } from '../../components/FormField';
import { EditConflicts } from '../../components/EditConflicts';
import { FormDialog } from '../../components/FormDialog';
import { useFormSubmit } from '../../components/useFormSubmit';
import { useCreateSubject, useSubjectDuplicates, useUpdateSubject } from './hooks';
import { WhyButton } from '../../components/WhyButton';

type Draft = Omit<SubjectData, never>;
const EMPTY: Draft = {
  firstName: '',
  lastName: '',
  email: '',
  phone: '',
  customerRef: '',
  postalAddress: '',
  notes: '',
};

function draftOf(subject?: Subject): Draft {
  if (!subject) return EMPTY;
  const { firstName, lastName, email, phone, customerRef, postalAddress, notes } = subject;
  return { firstName, lastName, email, phone, customerRef, postalAddress, notes };
}

/** Create or edit a person. Nothing is written until every field is valid. */
export function SubjectDialog({
  subject,
  onClose,
  onSaved,
}: {
  subject?: Subject;
  onClose: () => void;
  onSaved: (saved: Subject) => void;
}) {
  const { t } = useTranslation();
  // The version the form was opened on: only fields changed since then are written.
  const [opened] = useState<Draft>(() => draftOf(subject));
  const [draft, setDraft] = useState<Draft>(opened);
  const create = useCreateSubject();
  const update = useUpdateSubject();
  const { errors, failure, submit, conflicts, choices, choose } = useFormSubmit(async (chosen) => {
    const saved = subject
      ? await update.mutateAsync({ id: subject.id, opened, edited: draft, choices: chosen })
      : await create.mutateAsync(draft);
    onSaved(saved);
  });
  const contact = useDeferredValue({ email: draft.email, phone: draft.phone });
  const duplicates = useSubjectDuplicates(contact, subject?.id);
  const set = (key: keyof Draft) => (value: string) => setDraft((current) => ({ ...current, [key]: value }));
  const names = (people: Subject[]) => people.map(displayName).join(', ');

  const field = (name: keyof Draft, extra: Record<string, unknown> = {}) => (
    <FormField
      name={name}
      label={t(`subjects.${name}`)}
      value={draft[name]}
      onValue={set(name)}
      errors={errors}
      {...extra}
    />
  );

  return (
    <FormDialog
      testId="subject"
      title={subject ? t('subjects.editTitle') : t('subjects.newTitle')}
      onSubmit={submit}
      onClose={onClose}
      failure={failure}
      pending={create.isPending || update.isPending}
    >
      <EditConflicts
        conflicts={conflicts}
        choices={choices}
        onChoose={choose}
        label={(name) => t(`subjects.${name}`)}
      />
      <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2}>
        {field('firstName', { autoFocus: true })}
        {field('lastName')}
      </Stack>
      {field('email', { type: 'email' })}
      {duplicates.data && duplicates.data.email.length > 0 && (
        <Alert severity="warning" data-testid="duplicate-email">
          {t('subjects.duplicateEmail', { names: names(duplicates.data.email) })}
        </Alert>
      )}
      {field('phone', { type: 'tel' })}
      {duplicates.data && duplicates.data.phone.length > 0 && (
        <Alert severity="warning" data-testid="duplicate-phone">
          {t('subjects.duplicatePhone', { names: names(duplicates.data.phone) })}
        </Alert>
      )}
      {field('customerRef')}
      {field('postalAddress', { multiline: true, minRows: 2 })}
      {field('notes', { multiline: true, minRows: 2 })}
      <WhyButton topic="minimisation" />
    </FormDialog>
  );
}
