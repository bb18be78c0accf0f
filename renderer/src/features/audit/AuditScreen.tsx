import Alert from '@mui/material/Alert';
import MenuItem from '@mui/material/MenuItem';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useDbQuery } from '../../app/queries';
import { AUDIT_PAGE, listAudit, type AuditFilter } from '../../db/audit';
import { formatDateTime } from '../../i18n';
import { useStaffQuery } from '../settings/hooks';
import { DateInput } from '../../components/DateInput';
import { AuditVerify } from './AuditVerify';
import { auditSentence, fieldLabels, loadAuditNames } from './describe';

const ENTITIES = [
  'request',
  'requestEvent',
  'consentEvent',
  'purpose',
  'notice',
  'subject',
  'staff',
  'organisation',
  'letterTemplate',
  'audit',
] as const;
/** Selects whose empty value means "all": show that choice instead of an empty box. */
const emptySelect = { inputLabel: { shrink: true }, select: { displayEmpty: true } } as const;

/** Local calendar day → ISO instant at its start or end. */
function dayBound(day: string, end: boolean): string | undefined {
  if (!day) return undefined;
  const date = new Date(`${day}T${end ? '23:59:59.999' : '00:00:00'}`);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

export function AuditScreen() {
  const { t, i18n } = useTranslation();
  const staff = useStaffQuery();
  const [operatorId, setOperatorId] = useState('');
  const [entity, setEntity] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const filter: AuditFilter = {
    operatorId: operatorId || undefined,
    action: entity || undefined,
    from: dayBound(from, false),
    to: dayBound(to, true),
  };
  const page = useDbQuery(['audit', 'list', filter], async (database) => {
    const list = await listAudit(database, filter);
    return { list, names: await loadAuditNames(database, list) };
  });
  const entries = { data: page.data?.list };
  const names = page.data?.names;
  const who = (operatorId: string | null) => {
    if (!operatorId) return t('auditLog.system');
    return names?.staff.get(operatorId)?.name ?? t('auditLog.someone');
  };

  return (
    <>
      <Typography variant="h4" component="h1" gutterBottom>
        {t('audit.title')}
      </Typography>
      <Typography color="text.secondary" sx={{ mb: 2 }}>
        {t('audit.intro')}
      </Typography>
      <AuditVerify />
      <Stack direction={{ xs: 'column', md: 'row' }} spacing={2} sx={{ mb: 2 }}>
        <TextField
          select
          label={t('audit.filterWho')}
          value={operatorId}
          onChange={(event) => setOperatorId(event.target.value)}
          slotProps={emptySelect}
        >
          <MenuItem value="">{t('audit.anyone')}</MenuItem>
          {(staff.data ?? []).map((member) => (
            <MenuItem key={member.id} value={member.id}>
              {member.name}
            </MenuItem>
          ))}
        </TextField>
        <TextField
          select
          label={t('audit.filterWhat')}
          value={entity}
          onChange={(event) => setEntity(event.target.value)}
          slotProps={emptySelect}
        >
          <MenuItem value="">{t('audit.anything')}</MenuItem>
          {ENTITIES.map((name) => (
            <MenuItem key={name} value={name}>
              {t(`audit.entities.${name}`)}
            </MenuItem>
          ))}
        </TextField>
        <DateInput
          kind="date"
          label={t('audit.filterFrom')}
          value={from}
          onValue={setFrom}
          testId="audit-from"
        />
        <DateInput kind="date" label={t('audit.filterTo')} value={to} onValue={setTo} testId="audit-to" />
      </Stack>
      {entries.data && entries.data.length === 0 && <Alert severity="info">{t('audit.empty')}</Alert>}
      {entries.data && entries.data.length > 0 && (
        <TableContainer component={Paper} variant="outlined">
          <Table size="small" data-testid="audit-entries">
            <TableHead>
              <TableRow>
                <TableCell>{t('audit.when')}</TableCell>
                <TableCell>{t('auditLog.happened')}</TableCell>
                <TableCell>{t('auditLog.fields')}</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {entries.data.map((entry) => (
                <TableRow key={entry.id} data-testid="audit-row">
                  <TableCell sx={{ whiteSpace: 'nowrap' }}>
                    {formatDateTime(entry.at, i18n.language)}
                  </TableCell>
                  <TableCell data-testid="audit-sentence">
                    {names && auditSentence(entry, names, t, i18n.language, who(entry.operatorId))}
                  </TableCell>
                  <TableCell>{fieldLabels(entry, t).join(', ')}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </TableContainer>
      )}
      {entries.data && entries.data.length >= AUDIT_PAGE && (
        <Typography color="text.secondary" sx={{ mt: 1 }}>
          {t('audit.shown', { count: AUDIT_PAGE })}
        </Typography>
      )}
    </>
  );
}
