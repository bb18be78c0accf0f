import Box from '@mui/material/Box';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { LineChart } from '@mui/x-charts/LineChart';
import { useTranslation } from 'react-i18next';
import { runTally, type ComplianceRun } from '../../../../shared/compliance';
import { formatDateTime } from '../../i18n';

/** How many runs the table under the chart lists (the most recent). */
const TABLE_ROWS = 10;

/**
 * The trend of the checks over time, and the same figures as a table: the chart is hidden from
 * screen readers, which read the table instead.
 */
export function HistoryChart({ runs }: { runs: ComplianceRun[] }) {
  const { t, i18n } = useTranslation();
  if (runs.length === 0)
    return <Typography color="text.secondary">{t('compliance.screen.historyEmpty')}</Typography>;
  const points = runs.map((run) => ({ at: formatDateTime(run.ranAt, i18n.language), ...runTally(run) }));
  return (
    <>
      <Box aria-hidden="true" inert data-testid="compliance-chart">
        <LineChart
          height={220}
          xAxis={[{ scaleType: 'point', data: points.map((point) => point.at) }]}
          yAxis={[{ min: 0, tickMinStep: 1 }]}
          series={[
            {
              data: points.map((point) => point.passed),
              label: t('compliance.screen.historyPassed'),
              color: '#2e7d32',
            },
            {
              data: points.map((point) => point.failed),
              label: t('compliance.screen.historyFailed'),
              color: '#d32f2f',
            },
          ]}
        />
      </Box>
      <Table size="small" aria-label={t('compliance.screen.historyChart')} data-testid="compliance-history">
        <TableHead>
          <TableRow>
            <TableCell>{t('compliance.screen.historyDate')}</TableCell>
            <TableCell align="right">{t('compliance.screen.historyPassed')}</TableCell>
            <TableCell align="right">{t('compliance.screen.historyFailed')}</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {points
            .slice(-TABLE_ROWS)
            .reverse()
            .map((point, index) => (
              <TableRow key={`${point.at}-${index}`}>
                <TableCell>{point.at}</TableCell>
                <TableCell align="right">{point.passed}</TableCell>
                <TableCell align="right">{point.failed}</TableCell>
              </TableRow>
            ))}
        </TableBody>
      </Table>
    </>
  );
}
