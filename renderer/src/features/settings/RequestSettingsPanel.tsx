import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import FormControl from '@mui/material/FormControl';
import FormControlLabel from '@mui/material/FormControlLabel';
import FormLabel from '@mui/material/FormLabel';
import Radio from '@mui/material/Radio';
import RadioGroup from '@mui/material/RadioGroup';
import Stack from '@mui/material/Stack';
import Switch from '@mui/material/Switch';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Organisation } from '../../../../shared/domain/organisation';
import { useDesk } from '../../app/context';
import { useDbMutation } from '../../app/queries';
import { updateRecord } from '../../db/write';
import { remindersEnabled, setRemindersEnabled } from '../requests/Reminders';

function EditableList({
  title,
  hint,
  items,
  onChange,
  testId,
}: {
  title: string;
  hint: string;
  items: string[];
  onChange: (items: string[]) => void;
  testId: string;
}) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState('');
  const add = (event: FormEvent) => {
    event.preventDefault();
    const value = draft.trim();
    if (value && !items.includes(value)) onChange([...items, value]);
    setDraft('');
  };
  return (
    <div data-testid={testId}>
      <Typography variant="subtitle1">{title}</Typography>
      <Typography variant="body2" color="text.secondary" gutterBottom>
        {hint}
      </Typography>
      <Stack direction="row" spacing={1} useFlexGap sx={{ flexWrap: 'wrap', mb: 1 }}>
        {items.map((item) => (
          <Chip key={item} label={item} onDelete={() => onChange(items.filter((other) => other !== item))} />
        ))}
      </Stack>
      <Stack component="form" onSubmit={add} direction="row" spacing={1} noValidate>
        <TextField label={t('common.add')} value={draft} onChange={(event) => setDraft(event.target.value)} />
        <Button type="submit" variant="outlined" disabled={!draft.trim()}>
          {t('common.add')}
        </Button>
      </Stack>
    </div>
  );
}

/** How requests are handled here: the pause policy, the checklist lists, reminders on this device. */
export function RequestSettingsPanel({ organisation }: { organisation: Organisation }) {
  const { t } = useTranslation();
  const { db } = useDesk();
  const client = useQueryClient();
  const save = useDbMutation((database, ctx, patch: Partial<Organisation>) =>
    updateRecord(database, ctx, 'organisation', organisation.id, patch),
  );
  const reminders = useQuery({ queryKey: ['device', 'reminders'], queryFn: () => remindersEnabled(db) });
  const toggleReminders = useMutation({
    mutationFn: (enabled: boolean) => setRemindersEnabled(db, enabled),
    onSuccess: () => client.invalidateQueries({ queryKey: ['device', 'reminders'] }),
  });
  return (
    <Stack spacing={3}>
      <Typography variant="h6" component="h2">
        {t('settings.requests')}
      </Typography>
      <FormControl>
        <FormLabel>{t('settings.pausePolicy')}</FormLabel>
        <RadioGroup
          value={organisation.pausePolicy}
          onChange={(event) =>
            save.mutate({ pausePolicy: event.target.value as Organisation['pausePolicy'] })
          }
        >
          <FormControlLabel value="suspend" control={<Radio />} label={t('settings.pauseSuspend')} />
          <FormControlLabel value="restart" control={<Radio />} label={t('settings.pauseRestart')} />
        </RadioGroup>
      </FormControl>
      <EditableList
        title={t('settings.systems')}
        hint={t('settings.systemsHint')}
        items={organisation.systems}
        onChange={(systems) => save.mutate({ systems })}
        testId="settings-systems"
      />
      <EditableList
        title={t('settings.recipients')}
        hint={t('settings.recipientsHint')}
        items={organisation.recipients}
        onChange={(recipients) => save.mutate({ recipients })}
        testId="settings-recipients"
      />
      <FormControlLabel
        control={
          <Switch
            checked={reminders.data ?? true}
            onChange={(event) => toggleReminders.mutate(event.target.checked)}
          />
        }
        label={t('reminders.enabled')}
      />
    </Stack>
  );
}
