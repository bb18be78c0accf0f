import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import List from '@mui/material/List';
import ListItem from '@mui/material/ListItem';
import ListItemText from '@mui/material/ListItemText';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { StaffMember } from '../../../../shared/domain/staff';
import { useSession } from '../../app/context';
import { useDbMutation } from '../../app/queries';
import { FormField } from '../../components/FormField';
import { fieldErrorsOf } from '../../components/errors';
import { createRecord, updateRecord } from '../../db/write';
import { useStaffQuery } from '../settings/hooks';

function StaffRow({ member }: { member: StaffMember }) {
  const { t } = useTranslation();
  const { operatorId } = useSession();
  const [renaming, setRenaming] = useState(false);
  const [name, setName] = useState(member.name);
  const [error, setError] = useState<string | null>(null);
  const rename = useDbMutation((db, ctx, next: string) =>
    updateRecord(db, ctx, 'staff', member.id, { name: next }),
  );
  const setActive = useDbMutation((db, ctx, active: boolean) =>
    updateRecord(db, ctx, 'staff', member.id, { active }, active ? 'staff.reactivate' : 'staff.deactivate'),
  );
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    try {
      await rename.mutateAsync(name);
      setRenaming(false);
      setError(null);
    } catch (failure) {
      setError(fieldErrorsOf(failure).name ?? 'errors.internal');
    }
  };
  const isSelf = member.id === operatorId;
  return (
    <ListItem divider data-testid="staff-row">
      {renaming ? (
        <form onSubmit={submit} noValidate style={{ display: 'flex', gap: 8, flexGrow: 1 }}>
          <TextField
            value={name}
            onChange={(event) => setName(event.target.value)}
            label={t('staff.name')}
            autoFocus
            error={Boolean(error)}
            helperText={error ? t(error) : undefined}
          />
          <Button type="submit" variant="contained">
            {t('common.save')}
          </Button>
          <Button onClick={() => setRenaming(false)}>{t('common.cancel')}</Button>
        </form>
      ) : (
        <>
          <ListItemText primary={member.name} secondary={t(`staff.roles.${member.role}`)} />
          <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
            <Chip
              size="small"
              color={member.active ? 'success' : 'default'}
              label={member.active ? t('staff.active') : t('staff.inactive')}
            />
            <Button size="small" onClick={() => setRenaming(true)}>
              {t('staff.rename')}
            </Button>
            <Button
              size="small"
              disabled={isSelf && member.active}
              title={isSelf && member.active ? t('staff.cannotDeactivateSelf') : undefined}
              onClick={() => setActive.mutate(!member.active)}
            >
              {member.active ? t('staff.deactivate') : t('staff.reactivate')}
            </Button>
          </Stack>
        </>
      )}
    </ListItem>
  );
}

export function StaffPanel() {
  const { t } = useTranslation();
  const staff = useStaffQuery();
  const [name, setName] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const add = useDbMutation((db, ctx, next: string) => createRecord(db, ctx, 'staff', { name: next }));
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    try {
      await add.mutateAsync(name);
      setName('');
      setErrors({});
    } catch (failure) {
      setErrors(fieldErrorsOf(failure));
    }
  };
  return (
    <>
      <Typography variant="h6" component="h2">
        {t('staff.title')}
      </Typography>
      {staff.isError && <Alert severity="error">{t('errors.internal')}</Alert>}
      <List>
        {(staff.data ?? []).map((member) => (
          <StaffRow key={member.id} member={member} />
        ))}
      </List>
      <form onSubmit={submit} noValidate>
        <Stack direction="row" spacing={1} sx={{ alignItems: 'flex-start' }}>
          <FormField name="name" label={t('staff.name')} value={name} onValue={setName} errors={errors} />
          <Button type="submit" variant="outlined" sx={{ whiteSpace: 'nowrap' }}>
            {t('staff.add')}
          </Button>
        </Stack>
      </form>
    </>
  );
}
