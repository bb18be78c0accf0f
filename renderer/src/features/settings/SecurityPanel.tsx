import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import FormControl from '@mui/material/FormControl';
import FormControlLabel from '@mui/material/FormControlLabel';
import FormLabel from '@mui/material/FormLabel';
import List from '@mui/material/List';
import ListItem from '@mui/material/ListItem';
import ListItemText from '@mui/material/ListItemText';
import MenuItem from '@mui/material/MenuItem';
import Radio from '@mui/material/Radio';
import RadioGroup from '@mui/material/RadioGroup';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Organisation } from '../../../../shared/domain/organisation';
import type { StaffMember } from '../../../../shared/domain/staff';
import {
  hashSecret,
  IDLE_LOCK_MINUTES,
  secretProblem,
  unlockableStaff,
  type IdleLockMinutes,
  type LockKind,
} from '../../../../shared/lock/secret';
import { useDbMutation } from '../../app/queries';
import { FormDialog } from '../../components/FormDialog';
import { messageKeyOf } from '../../components/errors';
import { updateRecord } from '../../db/write';
import { useOrganisationQuery, useStaffQuery } from './hooks';

/** Set or change one member's code: only its salted hash reaches the staff record. */
function CodeDialog({
  member,
  onClose,
  onSaved,
}: {
  member: StaffMember;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { t } = useTranslation();
  const [kind, setKind] = useState<LockKind>(member.lock?.kind ?? 'pin');
  const [value, setValue] = useState('');
  const [confirm, setConfirm] = useState('');
  const [errors, setErrors] = useState<{ value?: string; confirm?: string }>({});
  const [failure, setFailure] = useState<string | null>(null);
  const save = useDbMutation(async (db, ctx, code: string) =>
    updateRecord(db, ctx, 'staff', member.id, { lock: await hashSecret(kind, code) }, 'staff.lockSet'),
  );
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const problem = secretProblem(kind, value);
    const next = {
      ...(problem ? { value: problem } : {}),
      ...(!problem && confirm !== value ? { confirm: 'lock.errors.mismatch' } : {}),
    };
    setErrors(next);
    if (next.value || next.confirm) return;
    try {
      await save.mutateAsync(value);
      onSaved();
    } catch (error) {
      setFailure(messageKeyOf(error));
    }
  };
  const field = (name: 'value' | 'confirm', current: string, set: (next: string) => void, label: string) => (
    <TextField
      type="password"
      label={label}
      value={current}
      onChange={(event) => set(event.target.value)}
      error={Boolean(errors[name])}
      helperText={
        errors[name]
          ? t(errors[name])
          : name === 'value'
            ? t(kind === 'pin' ? 'lock.security.pinHint' : 'lock.security.passphraseHint')
            : undefined
      }
      autoFocus={name === 'value'}
      slotProps={{
        htmlInput: { 'data-testid': `code-${name}`, inputMode: kind === 'pin' ? 'numeric' : 'text' },
      }}
    />
  );
  return (
    <FormDialog
      testId="code"
      title={t('lock.security.dialogTitle', { name: member.name })}
      onSubmit={submit}
      onClose={onClose}
      failure={failure}
      pending={save.isPending}
    >
      <FormControl>
        <FormLabel id="code-kind">{t('lock.security.kind')}</FormLabel>
        <RadioGroup
          row
          aria-labelledby="code-kind"
          value={kind}
          onChange={(event) => setKind(event.target.value as LockKind)}
        >
          <FormControlLabel value="pin" control={<Radio />} label={t('lock.kinds.pin')} />
          <FormControlLabel value="passphrase" control={<Radio />} label={t('lock.kinds.passphrase')} />
        </RadioGroup>
      </FormControl>
      {field('value', value, setValue, t('lock.security.value'))}
      {field('confirm', confirm, setConfirm, t('lock.security.confirm'))}
    </FormDialog>
  );
}

function IdleDelay({ organisation, available }: { organisation: Organisation; available: boolean }) {
  const { t } = useTranslation();
  const [saved, setSaved] = useState(false);
  const save = useDbMutation((db, ctx, minutes: IdleLockMinutes) =>
    updateRecord(
      db,
      ctx,
      'organisation',
      organisation.id,
      { lockAfterMinutes: minutes },
      'organisation.lockDelay',
    ),
  );
  return (
    <Stack direction="row" spacing={2} sx={{ alignItems: 'center', maxWidth: 560 }}>
      <TextField
        select
        label={t('lock.security.idle')}
        value={organisation.lockAfterMinutes ?? 0}
        disabled={!available || save.isPending}
        onChange={(event) => {
          setSaved(false);
          save.mutate(Number(event.target.value) as IdleLockMinutes, { onSuccess: () => setSaved(true) });
        }}
        slotProps={{ htmlInput: { 'data-testid': 'lock-idle' } }}
      >
        {IDLE_LOCK_MINUTES.map((minutes) => (
          <MenuItem key={minutes} value={minutes}>
            {minutes === 0 ? t('lock.security.idleOff') : t('lock.security.idleMinutes', { count: minutes })}
          </MenuItem>
        ))}
      </TextField>
      {saved && (
        <Alert severity="success" sx={{ flexShrink: 0 }}>
          {t('lock.security.idleSaved')}
        </Alert>
      )}
    </Stack>
  );
}

/**
 * Settings → Security: what the app protects and what it does not, the idle delay of the app lock,
 * and each staff member's code. Self-contained: it reads the organisation and staff itself.
 */
export function SecurityPanel() {
  const { t } = useTranslation();
  const organisation = useOrganisationQuery();
  const staff = useStaffQuery();
  const [editing, setEditing] = useState<StaffMember | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const remove = useDbMutation((db, ctx, member: StaffMember) =>
    updateRecord(db, ctx, 'staff', member.id, { lock: null }, 'staff.lockRemove'),
  );
  const active = (staff.data ?? []).filter((member) => member.active);
  const available = unlockableStaff(active).length > 0;
  const someWithout = available && active.some((member) => !member.lock);
  return (
    <section aria-labelledby="security-title" data-testid="security-panel">
      <Typography variant="h6" component="h2" id="security-title" gutterBottom>
        {t('lock.security.title')}
      </Typography>
      <Stack spacing={1.5} sx={{ mb: 2, maxWidth: '80ch' }}>
        <Typography>{t('lock.security.protects')}</Typography>
        <Typography>{t('lock.security.stores')}</Typography>
        <Alert severity="info" data-testid="security-disk">
          {t('lock.security.doesNot')}
        </Alert>
        <Typography color="text.secondary">{t('lock.security.folder')}</Typography>
      </Stack>
      {organisation.data && <IdleDelay organisation={organisation.data} available={available} />}
      {!available && (
        <Alert severity="warning" sx={{ mt: 2 }} data-testid="lock-unavailable">
          {t('lock.security.unavailable')}
        </Alert>
      )}
      {someWithout && (
        <Alert severity="warning" sx={{ mt: 2 }} data-testid="lock-some-without">
          {t('lock.security.withoutCode')}
        </Alert>
      )}
      <Typography variant="subtitle1" component="h3" sx={{ mt: 2 }}>
        {t('lock.security.staff')}
      </Typography>
      <List data-testid="lock-staff">
        {active.map((member) => (
          <ListItem key={member.id} divider data-testid="lock-staff-row">
            <ListItemText primary={member.name} />
            <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
              <Chip
                size="small"
                color={member.lock ? 'success' : 'default'}
                label={member.lock ? t(`lock.kinds.${member.lock.kind}`) : t('lock.security.none')}
              />
              <Button size="small" onClick={() => setEditing(member)} data-testid="code-edit">
                {member.lock ? t('lock.security.change') : t('lock.security.set')}
              </Button>
              {member.lock && (
                <Button
                  size="small"
                  disabled={remove.isPending}
                  onClick={() =>
                    remove.mutate(member, {
                      onSuccess: () => setStatus('lock.security.removed'),
                    })
                  }
                  data-testid="code-remove"
                >
                  {t('lock.security.remove')}
                </Button>
              )}
            </Stack>
          </ListItem>
        ))}
      </List>
      {status && (
        <Alert severity="success" data-testid="code-status" role="status">
          {t(status)}
        </Alert>
      )}
      {editing && (
        <CodeDialog
          member={editing}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            setStatus('lock.security.saved');
          }}
        />
      )}
    </section>
  );
}
