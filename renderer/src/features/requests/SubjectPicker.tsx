import Autocomplete from '@mui/material/Autocomplete';
import TextField from '@mui/material/TextField';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { displayName, type Subject } from '../../../../shared/domain/subject';
import { useSubjectSearch } from '../subjects/hooks';

/** Find a person already on file by name, email, phone or reference, accent-insensitively. */
export function SubjectPicker({
  value,
  onChange,
  error,
  autoFocus,
}: {
  value: Subject | null;
  onChange: (subject: Subject | null) => void;
  error?: string;
  autoFocus?: boolean;
}) {
  const { t } = useTranslation();
  const [input, setInput] = useState('');
  const results = useSubjectSearch(input);
  return (
    <Autocomplete
      value={value}
      onChange={(_, next) => onChange(next)}
      inputValue={input}
      onInputChange={(_, next) => setInput(next)}
      options={results.data ?? []}
      filterOptions={(options) => options}
      getOptionLabel={(subject) =>
        [displayName(subject), subject.email, subject.phone].filter(Boolean).join(' · ')
      }
      isOptionEqualToValue={(a, b) => a.id === b.id}
      loading={results.isFetching}
      renderInput={(params) => (
        <TextField
          {...params}
          label={t('requests.pickPerson')}
          autoFocus={autoFocus}
          error={Boolean(error)}
          helperText={error ? t(error) : t('requests.pickPersonHint')}
          slotProps={{
            ...params.slotProps,
            htmlInput: { ...params.slotProps.htmlInput, 'data-testid': 'subject-picker' },
          }}
        />
      )}
    />
  );
}
