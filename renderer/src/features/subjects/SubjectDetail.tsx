import ArrowBackIcon from '@mui/icons-material/ArrowBack';
import EditIcon from '@mui/icons-material/Edit';
import Alert from '@mui/material/Alert';
import TabletIcon from '@mui/icons-material/TabletAndroid';
import Button from '@mui/material/Button';
import Tooltip from '@mui/material/Tooltip';
import List from '@mui/material/List';
import ListItem from '@mui/material/ListItem';
import ListItemButton from '@mui/material/ListItemButton';
import ListItemText from '@mui/material/ListItemText';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { displayName } from '../../../../shared/domain/subject';
import type { Route } from '../../app/route';
import { formatDateTime, formatDay } from '../../i18n';
import { SubjectConsents } from '../consents/SubjectConsents';
import { useSubjectRequests } from '../requests/hooks';
import { useStaffNames } from '../staff/useStaffNames';
import { AccessPackageButton } from './AccessPackageDialog';
import { useKiosk } from '../kiosk/KioskGate';
import { ErasedPersonLabel, ErasureButton } from '../erasure/ErasureDialog';
import { erasureOf } from '../../db/erasure';
import { useDbQuery } from '../../app/queries';
import { OPEN_STATUSES } from '../../../../shared/requests';
import { SubjectDialog } from './SubjectDialog';
import { useSubject, useSubjectHistory } from './hooks';

const FIELDS = ['firstName', 'lastName', 'email', 'phone', 'customerRef', 'postalAddress', 'notes'] as const;

export function SubjectDetail({ id, navigate }: { id: string; navigate: (route: Route) => void }) {
  const { t, i18n } = useTranslation();
  const kiosk = useKiosk();
  const subject = useSubject(id);
  const history = useSubjectHistory(id);
  const requests = useSubjectRequests(id);
  const who = useStaffNames();
  const [editing, setEditing] = useState(false);
  const erased = useDbQuery(['erasure', id], async (db) => (await erasureOf(db, id)) ?? null);
  // An open erasure request of theirs is what an erasure from here honours.
  const erasureRequest = requests.data?.find(
    (request) => request.rights.includes('erasure') && OPEN_STATUSES.includes(request.status),
  );
  const back = (
    <Button startIcon={<ArrowBackIcon />} onClick={() => navigate({ section: 'subjects' })} sx={{ mb: 2 }}>
      {t('common.back')}
    </Button>
  );
  if (subject.isPending) return back;
  if (!subject.data) {
    return (
      <>
        {back}
        <Alert severity="warning">
          <ErasedPersonLabel subjectId={id} />
          {erased.data ? null : t('errors.notFound')}
        </Alert>
      </>
    );
  }
  const person = subject.data;
  return (
    <>
      {back}
      <Stack direction="row" sx={{ justifyContent: 'space-between', alignItems: 'center', mb: 2 }}>
        <Typography variant="h4" component="h1" data-testid="subject-name">
          {displayName(person)}
        </Typography>
        <Stack direction="row" spacing={1}>
          <Tooltip title={t('kiosk.showHint')} describeChild>
            <Button
              variant="outlined"
              startIcon={<TabletIcon />}
              onClick={() => kiosk.show(person.id)}
              data-testid="subject-kiosk"
            >
              {t('kiosk.show')}
            </Button>
          </Tooltip>
          <AccessPackageButton subject={person} />
          <ErasureButton
            subjectId={person.id}
            reason={erasureRequest ? 'request' : 'no_longer_needed'}
            {...(erasureRequest ? { requestId: erasureRequest.id } : {})}
            onErased={() => navigate({ section: 'subjects' })}
          />
          <Button
            variant="outlined"
            startIcon={<EditIcon />}
            onClick={() => setEditing(true)}
            data-testid="subject-edit"
          >
            {t('common.edit')}
          </Button>
        </Stack>
      </Stack>
      <Paper variant="outlined" sx={{ mb: 3 }}>
        <Table size="small">
          <TableBody>
            {FIELDS.map((field) => (
              <TableRow key={field}>
                <TableCell component="th" sx={{ width: 220, fontWeight: 600 }}>
                  {t(`subjects.${field}`)}
                </TableCell>
                <TableCell sx={{ whiteSpace: 'pre-wrap' }} data-testid={`subject-${field}`}>
                  {person[field] || t('common.none')}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </Paper>
      <Typography color="text.secondary">
        {t('subjects.createdInfo', {
          date: formatDateTime(person.createdAt, i18n.language),
          who: who(person.createdBy),
        })}
      </Typography>
      {person.updatedAt !== person.createdAt && (
        <Typography color="text.secondary">
          {t('subjects.updatedInfo', {
            date: formatDateTime(person.updatedAt, i18n.language),
            who: who(person.updatedBy),
          })}
        </Typography>
      )}
      <SubjectConsents subject={person} navigate={navigate} />
      <Typography variant="h6" component="h2" sx={{ mt: 3 }}>
        {t('requests.title')}
      </Typography>
      {(requests.data ?? []).length === 0 ? (
        <Typography color="text.secondary">{t('requests.empty')}</Typography>
      ) : (
        <List dense data-testid="subject-requests">
          {(requests.data ?? []).map((request) => (
            <ListItemButton
              key={request.id}
              onClick={() => navigate({ section: 'requests', id: request.id })}
            >
              <ListItemText
                primary={`${request.reference} — ${request.rights.map((right) => t(`requests.rights.${right}`)).join(', ')}`}
                secondary={`${formatDay(request.receivedOn, i18n.language)} · ${t(`requests.statuses.${request.status}`)}`}
              />
            </ListItemButton>
          ))}
        </List>
      )}
      <Typography variant="h6" component="h2" sx={{ mt: 3 }}>
        {t('subjects.history')}
      </Typography>
      <List dense>
        {(history.data ?? []).map((entry) => (
          <ListItem key={entry.id} disableGutters>
            <ListItemText
              primary={`${formatDateTime(entry.at, i18n.language)} — ${t(`audit.actions.${entry.action}`, { defaultValue: entry.action })} — ${who(entry.operatorId)}`}
              secondary={entry.fields
                .map((field) => t(`fields.${field}`, { defaultValue: field }))
                .join(', ')}
            />
          </ListItem>
        ))}
      </List>
      {editing && (
        <SubjectDialog subject={person} onClose={() => setEditing(false)} onSaved={() => setEditing(false)} />
      )}
    </>
  );
}
