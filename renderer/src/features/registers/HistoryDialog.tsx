import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { useTranslation } from 'react-i18next';
import type { RegisterEntry } from '../../../../shared/registers/model';
import { formatDateTime } from '../../i18n';
import { useStaffNames } from '../staff/useStaffNames';
import { usePurposeName } from './ActivitiesTab';
import { fieldText } from './format';
import { useEntryHistory } from './hooks';

const cell = { whiteSpace: 'pre-wrap', verticalAlign: 'top', overflowWrap: 'anywhere' } as const;

/** Every version of an entry, newest first: who, when, and each field before and after. */
export function HistoryDialog({ entry, onClose }: { entry: RegisterEntry; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const history = useEntryHistory(entry.id);
  const staffName = useStaffNames();
  const purposeName = usePurposeName();
  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="md" scroll="paper">
      <DialogTitle>{t('registers.activities.historyTitle', { name: entry.name })}</DialogTitle>
      <DialogContent dividers data-testid="register-history-list">
        {history.isError && <Alert severity="error">{t('errors.internal')}</Alert>}
        <Stack spacing={2}>
          {(history.data ?? []).map((item) => (
            <Paper key={item.versionId} variant="outlined" sx={{ p: 2 }} data-testid="register-version">
              <Typography variant="subtitle2" component="h3">
                {t(
                  item.change === 'create'
                    ? 'registers.activities.versionCreated'
                    : 'registers.activities.versionUpdated',
                  {
                    number: item.number,
                    date: formatDateTime(item.at, i18n.language),
                    name: staffName(item.by),
                  },
                )}
              </Typography>
              <Table size="small" sx={{ mt: 1, tableLayout: 'fixed' }}>
                <TableHead>
                  <TableRow>
                    <TableCell sx={{ width: '22%' }}>{t('registers.activities.field')}</TableCell>
                    {item.change === 'update' && <TableCell>{t('registers.activities.before')}</TableCell>}
                    <TableCell>{t('registers.activities.after')}</TableCell>
                  </TableRow>
                </TableHead>
                <TableBody>
                  {item.changes.map((change) => (
                    <TableRow key={change.field} data-testid={`change-${change.field}`}>
                      <TableCell sx={cell}>{t(`registers.fields.${change.field}`)}</TableCell>
                      {item.change === 'update' && (
                        <TableCell sx={{ ...cell, color: 'text.secondary' }}>
                          {fieldText(t, change.field, change.before, purposeName) || t('common.none')}
                        </TableCell>
                      )}
                      <TableCell sx={cell}>
                        {fieldText(t, change.field, change.after, purposeName) || t('common.none')}
                      </TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            </Paper>
          ))}
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{t('common.close')}</Button>
      </DialogActions>
    </Dialog>
  );
}
