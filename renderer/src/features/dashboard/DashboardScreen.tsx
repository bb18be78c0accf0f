import AddIcon from '@mui/icons-material/Add';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardActionArea from '@mui/material/CardActionArea';
import CardContent from '@mui/material/CardContent';
import Chip from '@mui/material/Chip';
import Grid from '@mui/material/Grid';
import List from '@mui/material/List';
import ListItemButton from '@mui/material/ListItemButton';
import ListItemText from '@mui/material/ListItemText';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useTranslation } from 'react-i18next';
import { useToday } from '../../app/useToday';
import type { Section } from '../../../../shared/ipc/contract';
import { OPEN_STATUSES, type DeadlinePlace, type DsRequest } from '../../../../shared/requests';
import { useDbQuery } from '../../app/queries';
import type { Route } from '../../app/route';
import { formatDay } from '../../i18n';
import { ComplianceCard } from '../compliance/ComplianceCard';
import { OpenBreachesCard } from '../registers/OpenBreachesCard';
import { DueLabel } from '../requests/DueLabel';
import { useDashboard, usePlace } from '../requests/hooks';
import { useOrganisationQuery } from '../settings/hooks';

function Figure({
  label,
  value,
  section,
  navigate,
}: {
  label: string;
  value: number | undefined;
  section: Section;
  navigate: (route: Route) => void;
}) {
  return (
    <Card variant="outlined">
      <CardActionArea onClick={() => navigate({ section })}>
        <CardContent>
          <Typography variant="h4" component="p" data-testid={`figure-${section}`}>
            {value ?? '…'}
          </Typography>
          <Typography color="text.secondary">{label}</Typography>
        </CardContent>
      </CardActionArea>
    </Card>
  );
}

function RequestGroup({
  title,
  testId,
  requests,
  count,
  place,
  today,
  flagged,
  navigate,
}: {
  title: string;
  testId: string;
  requests: DsRequest[];
  count: string;
  place: DeadlinePlace;
  today: string;
  flagged: Set<string>;
  navigate: (route: Route) => void;
}) {
  const { t, i18n } = useTranslation();
  return (
    <Paper variant="outlined" sx={{ p: 2, height: '100%' }} data-testid={testId}>
      <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
        <Typography variant="h6" component="h2">
          {title}
        </Typography>
        <Chip size="small" label={count} data-testid={`${testId}-count`} />
      </Stack>
      {requests.length === 0 ? (
        <Typography color="text.secondary" sx={{ mt: 1 }}>
          {t('dashboard.none')}
        </Typography>
      ) : (
        <List dense>
          {requests.map((request) => (
            <ListItemButton
              key={request.id}
              onClick={() => navigate({ section: 'requests', id: request.id })}
              data-testid="dashboard-request"
            >
              <ListItemText
                primary={
                  <>
                    <span style={{ fontFamily: 'monospace' }}>{request.reference}</span>
                    {flagged.has(request.id) && (
                      <Chip
                        size="small"
                        color="error"
                        sx={{ ml: 1 }}
                        label={t('requests.noticeMissing', {
                          date: formatDay(request.noticeDueOn, i18n.language),
                        })}
                        data-testid="notice-missing"
                      />
                    )}
                  </>
                }
                secondary={<DueLabel request={request} place={place} today={today} variant="body2" />}
              />
            </ListItemButton>
          ))}
        </List>
      )}
    </Paper>
  );
}

const GROUPS = [
  { key: 'overdue', testId: 'dashboard-overdue' },
  { key: 'dueSoon', testId: 'dashboard-due-soon' },
  { key: 'awaitingIdentity', testId: 'dashboard-identity' },
  { key: 'extended', testId: 'dashboard-extended' },
] as const;

export function DashboardScreen({ navigate }: { navigate: (route: Route) => void }) {
  const { t } = useTranslation();
  const today = useToday();
  const organisation = useOrganisationQuery();
  const place = usePlace();
  const board = useDashboard(today);
  const figures = useDbQuery(['dashboard-figures'], async (db) => ({
    subjects: await db.subjects.count(),
    requests: await db.requests
      .where('status')
      .anyOf([...OPEN_STATUSES])
      .count(),
    audit: await db.audit.count(),
  }));
  const flagged = new Set((board.data?.noticeMissing ?? []).map((r) => r.id));
  return (
    <>
      <Stack direction="row" sx={{ justifyContent: 'space-between', alignItems: 'center', mb: 2 }}>
        <Typography variant="h4" component="h1">
          {organisation.data?.legalName ?? t('dashboard.title')}
        </Typography>
        <Button
          variant="contained"
          startIcon={<AddIcon />}
          onClick={() => navigate({ section: 'requests', id: 'new' })}
        >
          {t('requests.new')}
        </Button>
      </Stack>
      <OpenBreachesCard navigate={navigate} />
      <ComplianceCard navigate={navigate} />
      {board.data && place && (
        <Grid container spacing={2} sx={{ mb: 3 }}>
          {GROUPS.map(({ key, testId }) => (
            <Grid key={key} size={{ xs: 12, md: 6 }}>
              <RequestGroup
                title={t(`dashboard.${key}`)}
                testId={testId}
                requests={board.data[key].items}
                count={`${board.data[key].items.length}${board.data[key].more ? '+' : ''}`}
                place={place}
                today={today}
                flagged={flagged}
                navigate={navigate}
              />
            </Grid>
          ))}
        </Grid>
      )}
      <Grid container spacing={2}>
        <Grid size={{ xs: 12, md: 4 }}>
          <Figure
            label={t('dashboard.openRequests')}
            value={figures.data?.requests}
            section="requests"
            navigate={navigate}
          />
        </Grid>
        <Grid size={{ xs: 12, md: 4 }}>
          <Figure
            label={t('dashboard.subjects')}
            value={figures.data?.subjects}
            section="subjects"
            navigate={navigate}
          />
        </Grid>
        <Grid size={{ xs: 12, md: 4 }}>
          <Figure
            label={t('dashboard.auditEntries')}
            value={figures.data?.audit}
            section="audit"
            navigate={navigate}
          />
        </Grid>
      </Grid>
    </>
  );
}
