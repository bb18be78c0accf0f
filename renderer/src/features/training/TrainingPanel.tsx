import SchoolIcon from '@mui/icons-material/School';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import List from '@mui/material/List';
import ListItem from '@mui/material/ListItem';
import ListItemText from '@mui/material/ListItemText';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { monthsBefore, REVIEW_MONTHS } from '../../../../shared/compliance/checks';
import { trainingStatus } from '../../../../shared/training/module';
import { useSession } from '../../app/context';
import { useDbQuery } from '../../app/queries';
import { useToday } from '../../app/useToday';
import { WhyButton } from '../../components/WhyButton';
import { latestTrainings } from '../../db/compliance';
import { formatDate } from '../../i18n';
import { useStaffQuery } from '../settings/hooks';
import { TrainingDialog } from './TrainingDialog';

/** Settings → Team: who is trained and who is due, and the training for the operator on duty. */
export function TrainingPanel() {
  const { t, i18n } = useTranslation();
  const { operatorId } = useSession();
  const today = useToday();
  const staff = useStaffQuery();
  const trainings = useDbQuery(['trainings'], (db) => latestTrainings(db));
  const [open, setOpen] = useState(false);
  const [done, setDone] = useState(false);
  const since = monthsBefore(today, REVIEW_MONTHS);
  const operator = staff.data?.find((member) => member.id === operatorId);
  return (
    <section aria-labelledby="training-panel-title" data-testid="training-panel">
      <Stack direction="row" sx={{ alignItems: 'center' }}>
        <Typography variant="h6" component="h2" id="training-panel-title">
          {t('compliance.training.title')}
        </Typography>
        <WhyButton topic="training" />
      </Stack>
      <Typography color="text.secondary" sx={{ mb: 1 }}>
        {t('compliance.training.intro')}
      </Typography>
      <List dense>
        {(staff.data ?? []).map((member) => {
          const latest = trainings.data?.get(member.id) ?? null;
          const status = trainingStatus(latest, since);
          return (
            <ListItem
              key={member.id}
              data-testid="training-member"
              data-name={member.name}
              data-state={status.state}
            >
              <ListItemText
                primary={member.name}
                secondary={
                  status.state === 'trained' && latest
                    ? t('compliance.training.trainedOn', {
                        date: formatDate(latest.completedAt, i18n.language),
                        version: latest.moduleVersion,
                      })
                    : status.state === 'due'
                      ? t(`compliance.training.due.${status.reason}`)
                      : ''
                }
              />
              {!member.active ? (
                <Chip size="small" label={t('compliance.training.inactive')} />
              ) : (
                <Chip
                  size="small"
                  color={status.state === 'trained' ? 'success' : 'warning'}
                  label={
                    status.state === 'trained'
                      ? t('compliance.training.upToDate')
                      : t('compliance.training.dueChip')
                  }
                />
              )}
            </ListItem>
          );
        })}
      </List>
      {operator && (
        <Button
          variant="outlined"
          startIcon={<SchoolIcon />}
          onClick={() => {
            setDone(false);
            setOpen(true);
          }}
          data-testid="training-start"
        >
          {t('compliance.training.start', { name: operator.name })}
        </Button>
      )}
      {done && operator && (
        <Alert severity="success" sx={{ mt: 2 }} data-testid="training-done">
          {t('compliance.training.done', { name: operator.name })}
        </Alert>
      )}
      {open && operator && (
        <TrainingDialog
          member={operator}
          onClose={() => setOpen(false)}
          onDone={() => {
            setOpen(false);
            setDone(true);
          }}
        />
      )}
    </section>
  );
}
