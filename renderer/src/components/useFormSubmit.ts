import { useState, type FormEvent } from 'react';
import type { ConflictChoices, EditConflict } from '../../../shared/domain/edits';
import { EditConflictError } from '../db/write';
import { fieldErrorsOf, messageKeyOf } from './errors';

/**
 * The submit handler of a form that writes through `save`. When the write is refused, nothing was
 * written: the form keeps what was typed and shows the field errors and a message key instead.
 * An edit form whose fields were also changed elsewhere gets the conflicts and the user's choices
 * (render them with EditConflicts); `save` receives the choices made so far.
 */
export function useFormSubmit(save: (choices: ConflictChoices) => Promise<unknown>) {
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [conflicts, setConflicts] = useState<EditConflict[]>([]);
  const [choices, setChoices] = useState<ConflictChoices>({});
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    try {
      await save(choices);
      setConflicts([]);
    } catch (error) {
      setConflicts(error instanceof EditConflictError ? error.conflicts : []);
      setErrors(fieldErrorsOf(error));
      setFailure(messageKeyOf(error));
    }
  };
  const choose = (field: string, choice: 'mine' | 'theirs') =>
    setChoices((current) => ({ ...current, [field]: choice }));
  return { errors, failure, submit, conflicts, choices, choose };
}
