import ReportIcon from '@mui/icons-material/Report';
import Chip from '@mui/material/Chip';
import List from '@mui/material/List';
import ListItemButton from '@mui/material/ListItemButton';
import ListItemText from '@mui/material/ListItemText';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useTranslation } from 'react-i18next';
import type { Route } from '../../app/route';
import { BreachCountdown } from './BreachCountdown';
import { useOpenBreaches } from './hooks';

/**
 * For the Dashboard: breaches not yet notified to the authority nor decided not notifiable, each
 * with its live countdown to the 72 hours. Shown only while there is one.
 */
export function OpenBreachesCard({ navigate }: { navigate: (route: Route) => void }) {
  const { t } = useTranslation();
  const open = useOpenBreaches().data ?? [];
  if (open.length === 0) return null;
  return (
    <Paper
      variant="outlined"
      sx={{ p: 2, mb: 3, borderColor: 'error.main' }}
      data-testid="dashboard-breaches"
    >
      <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
        <ReportIcon color="error" />
        <Typography variant="h6" component="h2">
          {t('registers.dashboard.title')}
        </Typography>
        <Chip size="small" color="error" label={open.length} data-testid="dashboard-breaches-count" />
      </Stack>
      <Typography variant="body2" color="text.secondary">
        {t('registers.dashboard.hint')}
      </Typography>
      <List dense>
        {open.map((breach) => (
          <ListItemButton
            key={breach.id}
            onClick={() => navigate({ section: 'registers', id: 'breaches' })}
            data-testid="dashboard-breach"
          >
            <ListItemText
              primary={breach.title}
              secondary={<BreachCountdown awareAt={breach.awareAt} variant="body2" />}
            />
          </ListItemButton>
        ))}
      </List>
    </Paper>
  );
}
