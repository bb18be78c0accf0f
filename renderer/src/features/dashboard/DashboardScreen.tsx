import AddIcon from '@mui/icons-material/Add';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardActionArea from '@mui/material/CardActionArea';
import CardContent from '@mui/material/CardContent';
import Grid from '@mui/material/Grid';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useTranslation } from 'react-i18next';
import { useToday } from '../../app/useToday';
import type { Section } from '../../../../shared/ipc/contract';
import { OPEN_STATUSES } from '../../../../shared/requests';
import { useDbQuery } from '../../app/queries';
import type { Route } from '../../app/route';
import { ComplianceCard } from '../compliance/ComplianceCard';
import { OpenBreachesCard } from '../registers/OpenBreachesCard';
import { useDashboard, usePlace } from '../requests/hooks';
import { useOrganisationQuery } from '../settings/hooks';
import { DashboardCharts } from './DashboardCharts';
import { RequestBoard } from './RequestBoard';

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
  }));
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
        <RequestBoard board={board.data} place={place} today={today} navigate={navigate} />
      )}
      <Grid container spacing={2}>
        <Grid size={{ xs: 12, md: 6 }}>
          <Figure
            label={t('dashboard.openRequests')}
            value={figures.data?.requests}
            section="requests"
            navigate={navigate}
          />
        </Grid>
        <Grid size={{ xs: 12, md: 6 }}>
          <Figure
            label={t('dashboard.subjects')}
            value={figures.data?.subjects}
            section="subjects"
            navigate={navigate}
          />
        </Grid>
      </Grid>
      <DashboardCharts today={today} navigate={navigate} />
    </>
  );
}
