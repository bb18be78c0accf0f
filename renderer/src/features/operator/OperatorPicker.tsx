import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import List from '@mui/material/List';
import ListItem from '@mui/material/ListItem';
import ListItemButton from '@mui/material/ListItemButton';
import ListItemText from '@mui/material/ListItemText';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { StaffMember } from '../../../../shared/domain/staff';
import { useDesk, useSession } from '../../app/context';
import { TextFormField } from '../../components/TextFormField';
import { fieldErrorsOf } from '../../components/errors';
import { createRecord } from '../../db/write';

/** At start: who is working. Every write carries the chosen operator. */
export function OperatorPicker({ staff, onAdded }: { staff: StaffMember[]; onAdded: () => void }) {
  const { t } = useTranslation();
  const { db } = useDesk();
  const { setOperatorId } = useSession();
  const active = staff.filter((member) => member.active);
  const [adding, setAdding] = useState(active.length === 0);
  const [name, setName] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});

  const add = async (event: FormEvent) => {
    event.preventDefault();
    try {
      // A newcomer adds themselves; the entry is recorded as their own action.
      const member = await createRecord(db, { operatorId: null }, 'staff', { name });
      setOperatorId(member.id);
      onAdded();
    } catch (error) {
      setErrors(fieldErrorsOf(error));
    }
  };

  return (
    <Box
      sx={{
        minHeight: '100vh',
        display: 'flex',
        justifyContent: 'center',
        alignItems: 'flex-start',
        pt: 10,
        px: 2,
      }}
    >
      <Paper component="main" sx={{ p: 4, maxWidth: 480, width: '100%' }} data-testid="operator-picker">
        <Typography variant="h5" component="h1" gutterBottom>
          {t('operator.title')}
        </Typography>
        <Typography color="text.secondary">{t('operator.hint')}</Typography>
        {active.length === 0 && <Typography sx={{ mt: 2 }}>{t('operator.none')}</Typography>}
        <List>
          {active.map((member) => (
            <ListItem key={member.id} disablePadding>
              <ListItemButton onClick={() => setOperatorId(member.id)}>
                <ListItemText primary={member.name} secondary={t(`staff.roles.${member.role}`)} />
              </ListItemButton>
            </ListItem>
          ))}
        </List>
        {adding ? (
          <form onSubmit={add} noValidate>
            <Stack direction="row" spacing={1} sx={{ alignItems: 'flex-start' }}>
              <TextFormField
                name="name"
                label={t('staff.name')}
                value={name}
                onValue={setName}
                errors={errors}
                autoFocus
              />
              <Button type="submit" variant="contained">
                {t('common.add')}
              </Button>
            </Stack>
          </form>
        ) : (
          <Button onClick={() => setAdding(true)}>{t('operator.addSelf')}</Button>
        )}
      </Paper>
    </Box>
  );
}
