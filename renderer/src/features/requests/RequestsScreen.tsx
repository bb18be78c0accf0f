import AddIcon from '@mui/icons-material/Add';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import ToggleButton from '@mui/material/ToggleButton';
import ToggleButtonGroup from '@mui/material/ToggleButtonGroup';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useToday } from '../../app/useToday';
import { displayName } from '../../../../shared/domain/subject';
import type { DsRequest } from '../../../../shared/requests';
import { useDbQuery } from '../../app/queries';
import type { Route } from '../../app/route';
import { formatDay } from '../../i18n';
import { DueLabel } from './DueLabel';
import { ExportButton } from './ExportButton';
import { IntakeForm } from './IntakeForm';
import { RequestDetail } from './RequestDetail';
import { usePlace, useRequests } from './hooks';

export function RequestsScreen({
  selectedId,
  step,
  navigate,
}: {
  selectedId?: string;
  /** A workflow step to open at once (from the dashboard). */
  step?: string;
  navigate: (route: Route) => void;
}) {
  if (selectedId === 'new') return <IntakeForm navigate={navigate} />;
  if (selectedId) return <RequestDetail key={selectedId} id={selectedId} step={step} navigate={navigate} />;
  return <RequestList navigate={navigate} />;
}

export function StatusChip({ request }: { request: DsRequest }) {
  const { t } = useTranslation();
  const color =
    request.status === 'responded'
      ? 'success'
      : request.status === 'withdrawn'
        ? 'default'
        : request.status === 'extended'
          ? 'warning'
          : 'info';
  return (
    <Chip
      size="small"
      color={color}
      label={t(`requests.statuses.${request.status}`)}
      data-testid="request-status"
    />
  );
}

function RequestList({ navigate }: { navigate: (route: Route) => void }) {
  const { t, i18n } = useTranslation();
  const [scope, setScope] = useState<'open' | 'all'>('open');
  const requests = useRequests(scope);
  const place = usePlace();
  const today = useToday();
  const ids = [...new Set((requests.data ?? []).map((r) => r.subjectId))].sort();
  const names = useDbQuery(['subjects', 'names', ids.join(',')], async (db) => {
    const people = await db.subjects.bulkGet(ids);
    return Object.fromEntries(people.flatMap((p) => (p ? [[p.id, displayName(p)]] : [])));
  });
  const rows = requests.data ?? [];
  return (
    <>
      <Stack direction="row" sx={{ justifyContent: 'space-between', alignItems: 'center', mb: 2 }}>
        <Typography variant="h4" component="h1">
          {t('requests.title')}
        </Typography>
        <Stack direction="row" spacing={1}>
          <ExportButton />
          <Button
            variant="contained"
            startIcon={<AddIcon />}
            onClick={() => navigate({ section: 'requests', id: 'new' })}
            data-testid="request-new"
          >
            {t('requests.new')}
          </Button>
        </Stack>
      </Stack>
      <ToggleButtonGroup
        size="small"
        exclusive
        value={scope}
        onChange={(_, next: 'open' | 'all' | null) => next && setScope(next)}
        sx={{ mb: 2 }}
      >
        <ToggleButton value="open">{t('requests.scopeOpen')}</ToggleButton>
        <ToggleButton value="all" data-testid="requests-all">
          {t('requests.scopeAll')}
        </ToggleButton>
      </ToggleButtonGroup>
      {requests.isSuccess && rows.length === 0 && (
        <Alert severity="info">{scope === 'open' ? t('requests.emptyOpen') : t('requests.empty')}</Alert>
      )}
      {rows.length > 0 && (
        <TableContainer component={Paper} variant="outlined">
          <Table size="small" data-testid="request-rows">
            <TableHead>
              <TableRow>
                <TableCell>{t('requests.reference')}</TableCell>
                <TableCell>{t('requests.person')}</TableCell>
                <TableCell>{t('requests.rightsLabel')}</TableCell>
                <TableCell>{t('requests.receivedAt')}</TableCell>
                <TableCell>{t('requests.dueOn')}</TableCell>
                <TableCell>{t('requests.statusLabel')}</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {rows.map((request) => (
                <TableRow
                  key={request.id}
                  hover
                  tabIndex={0}
                  sx={{ cursor: 'pointer' }}
                  onClick={() => navigate({ section: 'requests', id: request.id })}
                  onKeyDown={(event) => {
                    if (event.key === 'Enter') navigate({ section: 'requests', id: request.id });
                  }}
                  data-testid="request-row"
                >
                  <TableCell sx={{ fontFamily: 'monospace' }}>{request.reference}</TableCell>
                  <TableCell>{names.data?.[request.subjectId] ?? ''}</TableCell>
                  <TableCell>
                    {request.rights.map((right) => t(`requests.rights.${right}`)).join(', ')}
                  </TableCell>
                  <TableCell sx={{ whiteSpace: 'nowrap' }}>
                    {formatDay(request.receivedOn, i18n.language)}
                  </TableCell>
                  <TableCell>{place && <DueLabel request={request} place={place} today={today} />}</TableCell>
                  <TableCell>
                    <StatusChip request={request} />
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </TableContainer>
      )}
    </>
  );
}
