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
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isLateNotification } from '../../../../shared/breaches/clock';
import type { Breach } from '../../../../shared/breaches/model';
import { formatDateTime } from '../../i18n';
import { BreachCountdown } from './BreachCountdown';
import { BreachDialog } from './BreachDialog';
import { useBreaches } from './hooks';

/** Where the authority stands: the live countdown while undecided, otherwise what was decided. */
function AuthorityStatus({ breach }: { breach: Breach }) {
  const { t, i18n } = useTranslation();
  const { authority } = breach;
  if (authority.decision === 'pending') return <BreachCountdown awareAt={breach.awareAt} variant="body2" />;
  if (authority.decision === 'not_required')
    return <Chip size="small" label={t('registers.breaches.authorityDecisions.not_required')} />;
  const late = isLateNotification(breach.awareAt, authority.notifiedAt);
  return (
    <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
      <Chip size="small" color="success" label={t('registers.breaches.authorityDecisions.notified')} />
      <Typography variant="body2" component="span">
        {formatDateTime(authority.notifiedAt, i18n.language)}
      </Typography>
      {late && <Chip size="small" color="warning" label={t('registers.breaches.late')} />}
    </Stack>
  );
}

/** The breach log of Art. 33(5): every breach, notified or not, with the 72-hour clock. */
export function BreachesTab() {
  const { t, i18n } = useTranslation();
  const breaches = useBreaches();
  const [editing, setEditing] = useState<Breach | 'new' | null>(null);
  const rows = breaches.data ?? [];
  return (
    <>
      <Stack
        direction={{ xs: 'column', sm: 'row' }}
        spacing={1}
        sx={{ justifyContent: 'space-between', alignItems: { sm: 'center' }, mb: 2 }}
      >
        <Typography variant="body2" color="text.secondary" sx={{ maxWidth: 640 }}>
          {t('registers.breaches.intro')}
        </Typography>
        <Button
          variant="contained"
          startIcon={<AddIcon />}
          onClick={() => setEditing('new')}
          sx={{ flexShrink: 0 }}
          data-testid="breach-new"
        >
          {t('registers.breaches.new')}
        </Button>
      </Stack>
      {breaches.isSuccess && rows.length === 0 && (
        <Alert severity="info">{t('registers.breaches.empty')}</Alert>
      )}
      {rows.length > 0 && (
        <TableContainer component={Paper} variant="outlined">
          <Table size="small" data-testid="breach-rows">
            <TableHead>
              <TableRow>
                <TableCell>{t('registers.breaches.fields.title')}</TableCell>
                <TableCell>{t('registers.breaches.fields.awareAt')}</TableCell>
                <TableCell>{t('registers.breaches.sections.authority')}</TableCell>
                <TableCell>{t('registers.breaches.sections.people')}</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {rows.map((breach) => (
                <TableRow
                  key={breach.id}
                  hover
                  tabIndex={0}
                  sx={{ cursor: 'pointer' }}
                  onClick={() => setEditing(breach)}
                  onKeyDown={(event) => {
                    if (event.key === 'Enter') setEditing(breach);
                  }}
                  data-testid="breach-row"
                >
                  <TableCell>{breach.title}</TableCell>
                  <TableCell sx={{ whiteSpace: 'nowrap' }}>
                    {formatDateTime(breach.awareAt, i18n.language)}
                  </TableCell>
                  <TableCell>
                    <AuthorityStatus breach={breach} />
                  </TableCell>
                  <TableCell>{t(`registers.breaches.peopleDecisions.${breach.people.decision}`)}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </TableContainer>
      )}
      {editing && (
        <BreachDialog breach={editing === 'new' ? undefined : editing} onClose={() => setEditing(null)} />
      )}
    </>
  );
}
