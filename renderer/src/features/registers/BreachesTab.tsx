import AddIcon from '@mui/icons-material/Add';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Stack from '@mui/material/Stack';
import TableCell from '@mui/material/TableCell';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isLateNotification } from '../../../../shared/breaches/clock';
import type { Breach } from '../../../../shared/breaches/model';
import { RecordList } from '../../components/RecordList';
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
    <RecordList
      testId="breach"
      intro={t('registers.breaches.intro')}
      actions={
        <Button
          variant="contained"
          startIcon={<AddIcon />}
          onClick={() => setEditing('new')}
          data-testid="breach-new"
        >
          {t('registers.breaches.new')}
        </Button>
      }
      loaded={breaches.isSuccess}
      empty={t('registers.breaches.empty')}
      columns={[
        { label: t('registers.breaches.fields.title') },
        { label: t('registers.breaches.fields.awareAt') },
        { label: t('registers.breaches.sections.authority') },
        { label: t('registers.breaches.sections.people') },
      ]}
      rows={rows}
      onOpen={setEditing}
      cells={(breach) => (
        <>
          <TableCell>{breach.title}</TableCell>
          <TableCell sx={{ whiteSpace: 'nowrap' }}>{formatDateTime(breach.awareAt, i18n.language)}</TableCell>
          <TableCell>
            <AuthorityStatus breach={breach} />
          </TableCell>
          <TableCell>{t(`registers.breaches.peopleDecisions.${breach.people.decision}`)}</TableCell>
        </>
      )}
    >
      {editing && (
        <BreachDialog breach={editing === 'new' ? undefined : editing} onClose={() => setEditing(null)} />
      )}
    </RecordList>
  );
}
