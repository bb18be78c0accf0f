import LinearProgress from '@mui/material/LinearProgress';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { Route } from '../../app/route';
import { useToday } from '../../app/useToday';
import { CheckRow } from './CheckRow';
import { HistoryChart } from './HistoryChart';
import { useComplianceChecks, useComplianceHistory, useRecordRun } from './hooks';

export function ComplianceScreen({ navigate }: { navigate: (route: Route) => void }) {
  const { t } = useTranslation();
  const today = useToday();
  const checks = useComplianceChecks();
  const history = useComplianceHistory();
  const record = useRecordRun();
  // One attempt per outcome and day: the write path keeps it only when it is new (isNewRun).
  const recorded = useRef('');
  const { mutate } = record;
  useEffect(() => {
    if (!checks.data) return;
    const signature = `${today}:${checks.data.results.map((result) => (result.passed ? 1 : 0)).join('')}`;
    if (recorded.current === signature) return;
    recorded.current = signature;
    mutate(checks.data.results);
  }, [checks.data, today, mutate]);

  const results = checks.data?.results ?? [];
  const passed = results.filter((result) => result.passed).length;
  // Failed checks first, in their usual order.
  const ordered = [
    ...results.filter((result) => !result.passed),
    ...results.filter((result) => result.passed),
  ];
  return (
    <>
      <Typography variant="h4" component="h1" gutterBottom>
        {t('compliance.screen.title')}
      </Typography>
      <Typography color="text.secondary" sx={{ mb: 2 }}>
        {t('compliance.screen.intro')}
      </Typography>
      {!checks.data ? (
        <>
          <LinearProgress aria-label={t('compliance.screen.running')} />
          <Typography sx={{ mt: 1 }}>{t('compliance.screen.running')}</Typography>
        </>
      ) : (
        <>
          <Typography variant="h6" component="p" sx={{ mb: 2 }} data-testid="compliance-summary">
            {t('compliance.screen.summary', { passed, total: results.length })}
          </Typography>
          <Stack spacing={1.5} sx={{ mb: 3 }}>
            {ordered.map((result) => (
              <CheckRow
                key={result.id}
                result={result}
                archiveEveryMonths={checks.data.archiveEveryMonths}
                navigate={navigate}
              />
            ))}
          </Stack>
        </>
      )}
      <Paper variant="outlined" sx={{ p: 2 }}>
        <Typography variant="h6" component="h2" gutterBottom>
          {t('compliance.screen.history')}
        </Typography>
        {history.data && <HistoryChart runs={history.data} />}
      </Paper>
    </>
  );
}
