import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Grid from '@mui/material/Grid';
import Paper from '@mui/material/Paper';
import Typography from '@mui/material/Typography';
import { BarChart } from '@mui/x-charts/BarChart';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { consentSeries, retentionSeries } from '../../../../shared/dashboard/series';
import { useDbQuery } from '../../app/queries';
import type { Route } from '../../app/route';
import { consentActivity, requestActivity } from '../../db/activity';
import { localeOf } from '../../i18n';
import { localisedName, usePurposes } from '../consents/hooks';
import { useRetentionReview } from '../retention/hooks';
import { ruleTarget } from '../retention/ruleText';

/** Read by screen readers, not shown: the chart's numbers as a table. */
const visuallyHidden = {
  border: 0,
  clip: 'rect(0 0 0 0)',
  height: '1px',
  margin: '-1px',
  overflow: 'hidden',
  padding: 0,
  position: 'absolute',
  whiteSpace: 'nowrap',
  width: '1px',
} as const;

const CHART_HEIGHT = 260;

function monthLabel(month: string, language: string): string {
  return new Intl.DateTimeFormat(localeOf(language), { month: 'short', year: '2-digit' }).format(
    new Date(Number(month.slice(0, 4)), Number(month.slice(5, 7)) - 1, 1),
  );
}

function percent(share: number | null, language: string): string | null {
  return share === null
    ? null
    : new Intl.NumberFormat(localeOf(language), { style: 'percent', maximumFractionDigits: 0 }).format(share);
}

/** A chart and its text equivalent: the drawing is hidden from screen readers, the table is not. */
function ChartCard({
  title,
  testId,
  headers,
  rows,
  summary,
  children,
}: {
  title: string;
  testId: string;
  headers: string[];
  rows: (string | number)[][];
  summary?: ReactNode;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <Paper variant="outlined" sx={{ p: 2, height: '100%' }} component="figure" data-testid={testId}>
      <Typography variant="subtitle1" component="figcaption" sx={{ fontWeight: 600 }}>
        {title}
      </Typography>
      {summary}
      <Box aria-hidden="true">{children}</Box>
      <Box component="table" sx={visuallyHidden} data-testid={`${testId}-table`}>
        <caption>{t('board.charts.tableCaption', { title })}</caption>
        <thead>
          <tr>
            {headers.map((header) => (
              <th key={header} scope="col">
                {header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={String(row[0])}>
              {row.map((cell, index) =>
                index === 0 ? (
                  <th key={index} scope="row">
                    {cell}
                  </th>
                ) : (
                  <td key={index}>{cell}</td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </Box>
    </Paper>
  );
}

function RequestsChart({ today }: { today: string }) {
  const { t, i18n } = useTranslation();
  const activity = useDbQuery(['dashboard', 'requests-activity', today], (db) => requestActivity(db, today));
  if (!activity.data) return <Typography color="text.secondary">{t('board.charts.loading')}</Typography>;
  const months = activity.data.map((row) => ({ ...row, label: monthLabel(row.month, i18n.language) }));
  const answered = months.reduce((sum, row) => sum + row.answered, 0);
  const onTime = months.reduce((sum, row) => sum + row.onTime, 0);
  const share = percent(answered > 0 ? onTime / answered : null, i18n.language);
  return (
    <ChartCard
      title={t('board.charts.requestsTitle')}
      testId="chart-requests"
      headers={[
        t('board.charts.month'),
        t('board.charts.received'),
        t('board.charts.answered'),
        t('board.charts.onTime'),
        t('board.charts.onTimeShare'),
      ]}
      rows={months.map((row) => [
        row.label,
        row.received,
        row.answered,
        row.onTime,
        percent(row.onTimeShare, i18n.language) ?? t('board.charts.onTimeNone'),
      ])}
      summary={
        <Typography variant="body2" color="text.secondary" data-testid="chart-requests-summary">
          {share === null ? t('board.charts.onTimeSummaryNone') : t('board.charts.onTimeSummary', { share })}
        </Typography>
      }
    >
      <BarChart
        height={CHART_HEIGHT}
        dataset={months}
        xAxis={[{ scaleType: 'band', dataKey: 'label' }]}
        yAxis={[{ tickMinStep: 1 }]}
        series={[
          { dataKey: 'received', label: t('board.charts.received') },
          { dataKey: 'answered', label: t('board.charts.answered') },
          { dataKey: 'onTime', label: t('board.charts.onTime') },
        ]}
        skipAnimation
        disableKeyboardNavigation
      />
    </ChartCard>
  );
}

function ConsentsChart({ today }: { today: string }) {
  const { t, i18n } = useTranslation();
  const purposes = usePurposes().data ?? [];
  const ids = purposes.map((purpose) => purpose.id);
  const activity = useDbQuery(['dashboard', 'consent-activity', today, ids.join(',')], (db) =>
    consentActivity(db, today, ids),
  );
  if (!activity.data) return <Typography color="text.secondary">{t('board.charts.loading')}</Typography>;
  const rows = consentSeries(ids, activity.data).map((row) => {
    const purpose = purposes.find((candidate) => candidate.id === row.purposeId);
    return { ...row, label: purpose ? localisedName(purpose.name, i18n.language) : row.purposeId };
  });
  const empty = rows.every((row) => row.given === 0 && row.withdrawn === 0);
  return (
    <ChartCard
      title={t('board.charts.consentsTitle')}
      testId="chart-consents"
      headers={[t('board.charts.purpose'), t('board.charts.given'), t('board.charts.withdrawn')]}
      rows={rows.map((row) => [row.label, row.given, row.withdrawn])}
      summary={
        empty ? (
          <Typography variant="body2" color="text.secondary">
            {t('board.charts.noData')}
          </Typography>
        ) : undefined
      }
    >
      {!empty && (
        <BarChart
          height={Math.max(CHART_HEIGHT, rows.length * 48)}
          layout="horizontal"
          dataset={rows}
          yAxis={[{ scaleType: 'band', dataKey: 'label', width: 160 }]}
          xAxis={[{ tickMinStep: 1 }]}
          series={[
            { dataKey: 'given', label: t('board.charts.given') },
            { dataKey: 'withdrawn', label: t('board.charts.withdrawn') },
          ]}
          skipAnimation
          disableKeyboardNavigation
        />
      )}
    </ChartCard>
  );
}

function RetentionChart({ today, navigate }: { today: string; navigate: (route: Route) => void }) {
  const { t, i18n } = useTranslation();
  const review = useRetentionReview(today);
  const purposes = usePurposes().data ?? [];
  if (!review.data) return <Typography color="text.secondary">{t('board.charts.loading')}</Typography>;
  const bars = retentionSeries(review.data.rows.map((row) => row.finding)).map((bar) => ({
    label: ruleTarget(t, bar.rule, purposes, i18n.language),
    people: bar.people,
  }));
  return (
    <ChartCard
      title={t('board.charts.retentionTitle')}
      testId="chart-retention"
      headers={[t('board.charts.rule'), t('board.charts.people')]}
      rows={bars.map((bar) => [bar.label, bar.people])}
      summary={
        <Typography variant="body2" color="text.secondary">
          {bars.length === 0 ? t('board.charts.retentionNone') : null}{' '}
          <Button size="small" onClick={() => navigate({ section: 'registers', id: 'retention' })}>
            {t('board.charts.retentionOpen')}
          </Button>
        </Typography>
      }
    >
      {bars.length > 0 && (
        <BarChart
          height={CHART_HEIGHT}
          dataset={bars}
          xAxis={[{ scaleType: 'band', dataKey: 'label' }]}
          yAxis={[{ tickMinStep: 1 }]}
          series={[{ dataKey: 'people', label: t('board.charts.people') }]}
          hideLegend
          skipAnimation
          disableKeyboardNavigation
        />
      )}
    </ChartCard>
  );
}

/** The last 12 months at a glance: requests, consents, retention. */
export function DashboardCharts({ today, navigate }: { today: string; navigate: (route: Route) => void }) {
  const { t } = useTranslation();
  return (
    <Box component="section" aria-labelledby="dashboard-charts-title" sx={{ mt: 3 }}>
      <Typography variant="h6" component="h2" id="dashboard-charts-title" sx={{ mb: 1 }}>
        {t('board.charts.title')}
      </Typography>
      <Grid container spacing={2}>
        <Grid size={{ xs: 12, lg: 6 }}>
          <RequestsChart today={today} />
        </Grid>
        <Grid size={{ xs: 12, lg: 6 }}>
          <ConsentsChart today={today} />
        </Grid>
        <Grid size={{ xs: 12, lg: 6 }}>
          <RetentionChart today={today} navigate={navigate} />
        </Grid>
      </Grid>
    </Box>
  );
}
