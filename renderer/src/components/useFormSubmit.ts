import { useState, type FormEvent } from 'react';
import { fieldErrorsOf, messageKeyOf } from './errors';

/**
 * The submit handler of a form that writes through `save`. When the write is refused, nothing was
 * written: the form keeps what was typed and shows the field errors and a message key instead.
 */
export function useFormSubmit(save: () => Promise<unknown>) {
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    try {
      await save();
    } catch (error) {
      setErrors(fieldErrorsOf(error));
      setFailure(messageKeyOf(error));
    }
  };
  return { errors, failure, submit };
}
