import Alert from '@mui/material/Alert';
import Card from '@mui/material/Card';
import CardActionArea from '@mui/material/CardActionArea';
import CardContent from '@mui/material/CardContent';
import Grid from '@mui/material/Grid';
import Typography from '@mui/material/Typography';
import { useTranslation } from 'react-i18next';
import type { Section } from '../../../../shared/ipc/contract';
import { useDbQuery } from '../../app/queries';
import type { Route } from '../../app/route';
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
          <Typography variant="h3" component="p" data-testid={`figure-${section}`}>
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
  const organisation = useOrganisationQuery();
  const figures = useDbQuery(['dashboard-figures'], async (db) => ({
    subjects: await db.subjects.count(),
    staff: await db.staff.filter((member) => member.active).count(),
    audit: await db.audit.count(),
  }));
  return (
    <>
      <Typography variant="h4" component="h1" gutterBottom>
        {organisation.data?.legalName ?? t('dashboard.title')}
      </Typography>
      <Grid container spacing={2} sx={{ mb: 3 }}>
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
            label={t('dashboard.staff')}
            value={figures.data?.staff}
            section="settings"
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
      <Alert severity="info">
        <strong>{t('dashboard.comingTitle')}</strong> — {t('dashboard.coming')}
      </Alert>
    </>
  );
}
