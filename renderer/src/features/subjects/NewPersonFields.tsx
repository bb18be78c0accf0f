import Grid from '@mui/material/Grid';
import { useTranslation } from 'react-i18next';
import { FormField } from '../../components/FormField';

/** The few fields a clerk types to create a person inline (request intake, quick capture). */
export type NewPerson = { firstName: string; lastName: string; email: string; phone: string };
export const EMPTY_PERSON: NewPerson = { firstName: '', lastName: '', email: '', phone: '' };

const FIELDS = [
  { name: 'firstName', type: 'text' },
  { name: 'lastName', type: 'text' },
  { name: 'email', type: 'email' },
  { name: 'phone', type: 'tel' },
] as const;

/**
 * Errors come from the write path for the new person prefixed 'subject.' (see `fieldPrefix`);
 * they are shown on the matching field.
 */
export function NewPersonFields({
  value,
  onChange,
  errors,
  perRow = 2,
}: {
  value: NewPerson;
  onChange: (next: NewPerson) => void;
  errors: Record<string, string>;
  perRow?: 2 | 4;
}) {
  const { t } = useTranslation();
  const personErrors = Object.fromEntries(
    Object.entries(errors)
      .filter(([key]) => key.startsWith('subject.'))
      .map(([key, message]) => [key.slice('subject.'.length), message]),
  );
  return (
    <Grid container spacing={perRow === 4 ? 1 : 2}>
      {FIELDS.map(({ name, type }, index) => (
        <Grid key={name} size={perRow === 4 ? { xs: 6, md: 3 } : { xs: 12, sm: 6 }}>
          <FormField
            name={name}
            type={type}
            label={t(`subjects.${name}`)}
            value={value[name]}
            onValue={(next) => onChange({ ...value, [name]: next })}
            errors={personErrors}
            autoFocus={index === 0}
          />
        </Grid>
      ))}
    </Grid>
  );
}
